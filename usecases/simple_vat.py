"""简易计税 for a general taxpayer (ACCOUNTING.md, version 3; 财会〔2016〕22号): a sale at a levy rate
(3%, 5%, 3% levied at 2% …) credits 222109 简易计税 instead of 销项税额, so input VAT never offsets it.
The account is added under 2221 the first time a book needs it, so a book that never sells at a levy
rate keeps the chart it was created with. Which rates and which account: resources/tax/vat.toml."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import select

from domain.posting import EventLine
from storage.book import Book
from storage.models import Account
from storage.vat import load_vat_table

Route = Callable[[str, EventLine], str]


def is_simple(book: Book, rate: Decimal) -> bool:
    return load_vat_table().is_simple(rate, book.taxpayer)


def simple_account(book: Book) -> str | None:
    """222109 when the chart has it (the VAT report and the close read it from here)."""
    method = load_vat_table().simple_method
    return method.account if method is not None and method.account in book.accounts else None


def route(book: Book, inner: Route | None) -> Route:
    """`inner` (revenue by category, or none), then a 简易计税 line's output VAT to 222109."""
    method = load_vat_table().simple_method
    assert method is not None
    _ensure_account(book)

    def go(account: str, line: EventLine) -> str:
        account = inner(account, line) if inner is not None else account
        return method.account if line.simple and account == method.replaces else account
    return go


def _ensure_account(book: Book) -> None:
    method = load_vat_table().simple_method
    assert method is not None
    if method.account in book.accounts:
        return
    parent = book.session.scalar(select(Account).where(Account.code == method.parent))
    if parent is None:
        raise ValueError(f"the chart has no {method.parent} to hold {method.account} {method.name}")
    book.session.add(Account(code=method.account, name=method.name, parent_id=parent.id, level=parent.level + 1,
                             side=parent.side, category=parent.category, aux=None, is_leaf=True, active=True))
    parent.is_leaf = False
    book.session.flush()
    book.reload_chart()
