"""What the matching screen lists: bank accounts with their lines waiting, their unprocessed lines, and
a customer's or supplier's open invoices (oldest first)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select

from storage.book import Book
from storage.models import Account, BankAccount, BankLine, Customer, OpenItem, Supplier


@dataclass(frozen=True)
class OpenInvoice:
    ref: str
    date: dt.date
    open: Decimal


@dataclass(frozen=True)
class BankChoice:
    """A bank account the matching screen offers, with its lines waiting (0 allowed)."""

    ledger: str  # the 1002 leaf its lines post to
    name: str
    import_code: str  # what `import FILE --bank-account CODE` takes for it
    waiting: int
    imported: int  # every line ever imported, processed or not


def bank_accounts(book: Book) -> list[BankChoice]:
    """Every bank account — each 银行存款 leaf and any account that has bank lines — so the screen
    can offer one before its first statement is imported."""
    counts = {account_id: (waiting or 0, imported) for account_id, waiting, imported in book.session.execute(
        select(BankLine.account_id, func.sum(case((BankLine.status == "unprocessed", 1), else_=0)),
               func.count(BankLine.id)).group_by(BankLine.account_id))}
    named = {account_id: (code, name) for account_id, code, name in book.session.execute(
        select(BankAccount.account_id, BankAccount.code, BankAccount.name)
        .where(BankAccount.active).order_by(BankAccount.id))}
    rows = book.session.execute(
        select(Account.id, Account.code, Account.name)
        .where(or_(and_(Account.code.startswith("1002"), Account.is_leaf, Account.active),
                   Account.id.in_(list(counts))))
        .order_by(Account.code))
    out = []
    for account_id, code, name in rows:
        import_code, shown = named.get(account_id, (code, name))
        waiting, imported = counts.get(account_id, (0, 0))
        out.append(BankChoice(code, shown, import_code, int(waiting), int(imported)))
    return out


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
