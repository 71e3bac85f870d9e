"""Helpers that fill test books with master data through the storage services."""
from __future__ import annotations

from domain.master import parse_customer
from storage.book import Book
from usecases.master import add_customer

COMPANY = "华东测试贸易有限公司"


def add_customers(book: Book, rows: list[dict]) -> None:
    with book.unit():  # one transaction: 450 separate commits would be slow
        for row in rows:
            add_customer(book, parse_customer(row))


def numbered_customers(count: int) -> list[dict]:
    return [{"code": f"C{i:04d}", "name": f"客户{i}号有限公司"} for i in range(1, count + 1)]
