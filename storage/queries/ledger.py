"""Ledger queries the reports read: balances per account over a range of periods, and the
voucher lines of one account (明细账) or one customer (对账单)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from storage.book import Book
from storage.models import Account, Balance, Document, OpeningBalance, Voucher, VoucherLine
from storage.sql import total

ZERO = Decimal("0.00")


def account_rows(book: Book) -> list[Account]:
    return list(book.session.scalars(select(Account).order_by(Account.code)))


def leaf_movements(book: Book, first: str, last: str) -> dict[int, tuple[Decimal, Decimal, Decimal, Decimal]]:
    """(opening debit−credit before `first`, …) per leaf: opening net, period debit, period credit.

    Reads the maintained period balances and the opening column, never the voucher lines.
    """
    opening: dict[int, Decimal] = defaultdict(lambda: ZERO)
    debit: dict[int, Decimal] = defaultdict(lambda: ZERO)
    credit: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for acc, d, c in book.session.execute(select(OpeningBalance.account_id, total(OpeningBalance.debit),
                                                 total(OpeningBalance.credit)).group_by(OpeningBalance.account_id)):
        opening[acc] += d - c
    for acc, d, c in book.session.execute(select(Balance.account_id, total(Balance.debit), total(Balance.credit))
                                          .where(Balance.period < first).group_by(Balance.account_id)):
        opening[acc] += d - c
    for acc, d, c in book.session.execute(select(Balance.account_id, total(Balance.debit), total(Balance.credit))
                                          .where(Balance.period >= first, Balance.period <= last)
                                          .group_by(Balance.account_id)):
        debit[acc] += d
        credit[acc] += c
    keys = set(opening) | set(debit) | set(credit)
    return {k: (opening[k], debit[k], credit[k]) for k in keys}


def lines_of(book: Book, account_code: str, *, customer_id: int | None = None, until: dt.date | None = None):
    """Voucher lines of one account (optionally one customer), in date and voucher order,
    with the source document's type and number (上查)."""
    acc = book.account_id(account_code)
    q = (select(Voucher.date, Voucher.word, Voucher.number, VoucherLine.summary, VoucherLine.debit, VoucherLine.credit,
                Document.type, Document.no, Voucher.source_type)
         .join(Voucher, Voucher.id == VoucherLine.voucher_id)
         .outerjoin(Document, Document.id == Voucher.source_id)
         .where(VoucherLine.account_id == acc)
         .order_by(Voucher.date, Voucher.period, Voucher.word, Voucher.number, VoucherLine.seq))
    if customer_id is not None:
        q = q.where(VoucherLine.customer_id == customer_id)
    if until is not None:
        q = q.where(Voucher.date <= until)
    return book.session.execute(q).all()


def opening_of(book: Book, account_code: str, customer_id: int | None = None) -> Decimal:
    acc = book.account_id(account_code)
    q = select(total(OpeningBalance.debit), total(OpeningBalance.credit)).where(OpeningBalance.account_id == acc)
    if customer_id is not None:
        q = q.where(OpeningBalance.customer_id == customer_id)
    d, c = book.session.execute(q).one()
    return d - c
