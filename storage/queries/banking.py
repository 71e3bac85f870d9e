"""What the matching screen lists: bank accounts with lines waiting, their unprocessed lines, and
a customer's or supplier's open invoices (oldest first)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from storage.book import Book
from storage.models import Account, BankLine, Customer, OpenItem, Supplier


@dataclass(frozen=True)
class OpenInvoice:
    ref: str
    date: dt.date
    open: Decimal


def accounts_with_lines(book: Book) -> list[tuple[str, str, int]]:
    """(ledger code, name, unprocessed lines) of every account that has bank lines."""
    q = (select(Account.code, Account.name, func.count(BankLine.id))
         .join(BankLine, BankLine.account_id == Account.id)
         .where(BankLine.status == "unprocessed").group_by(Account.id).order_by(Account.code))
    return [(code, name, n) for code, name, n in book.session.execute(q)]


def party_of(book: Book, party: str, code: str) -> tuple[int, str] | None:
    model = Customer if party == "customer" else Supplier
    row = book.session.execute(select(model.id, model.name).where(model.code == code)).first()
    return (row[0], row[1]) if row else None


def open_invoices(book: Book, party: str, code: str) -> list[OpenInvoice]:
    found = party_of(book, party, code)
    if found is None:
        return []
    q = (select(OpenItem.ref, OpenItem.date, OpenItem.open)
         .where(OpenItem.party == party, OpenItem.party_id == found[0], OpenItem.side == "charge", OpenItem.open > 0)
         .order_by(OpenItem.date, OpenItem.id))
    return [OpenInvoice(ref, date, amount) for ref, date, amount in book.session.execute(q)]
