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


def worked_book(path, templates: list[dict] | None = None):
    """ACCOUNTING.md's worked example through the CLI's test data (tests/cli/data): 示例商贸有限公司,
    its master data and November's documents, unposted; `templates` are voucher templates to add."""
    import json
    from pathlib import Path

    from interchange.importer import import_data
    from usecases.setup import init_book
    data = Path(__file__).parents[1] / "cli" / "data"
    with init_book(path, "示例商贸有限公司", "2026-11", user="张三") as book:
        for name in ("master.json", "documents.json"):
            import_data(book, json.loads((data / name).read_text(encoding="utf-8")))
        if templates:
            import_data(book, {"format": "zhangfang-interchange/1", "voucher_templates": templates})
    return path
