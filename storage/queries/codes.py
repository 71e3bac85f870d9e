"""The next code of a kind of master record, in the format the book's own codes use (domain.codes)."""
from __future__ import annotations

from sqlalchemy import select

from domain.codes import FIRST, next_code
from storage.book import Book
from storage.models import BankAccount, Customer, Item, Supplier, Warehouse

MODELS = {"customer": Customer, "supplier": Supplier, "item": Item, "warehouse": Warehouse,
          "bank_account": BankAccount}


def suggested_code(book: Book, kind: str) -> str:
    model = MODELS[kind]
    return next_code(book.session.scalars(select(model.code)), FIRST.get(kind, "001"))
