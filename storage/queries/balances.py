"""Balances the statements read: cumulative and per-range, from the maintained period balances
and the opening column; the few lines of closing vouchers; one account's lines for a ledger."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from storage.book import Book
from storage.models import Account, Balance, OpeningBalance, Voucher, VoucherLine
from storage.sql import total

ZERO = Decimal("0.00")
Key = tuple[int, int, int]  # account id, customer id, supplier id (0 for none)


@dataclass(frozen=True)
class ChartAccount:
    id: int
    code: str
    name: str
    category: str
    level: int
    is_leaf: bool
    side: str
    parent_id: int | None


def chart(book: Book) -> list[ChartAccount]:
    return [ChartAccount(a.id, a.code, a.name, a.category, a.level, a.is_leaf, a.side, a.parent_id)
            for a in book.session.scalars(select(Account).order_by(Account.code))]


def cumulative(book: Book, through: str) -> dict[Key, Decimal]:
    """debit − credit per account, customer and supplier: the opening column plus every period up
    to and including `through` (a period before the book's first gives the opening column)."""
    out: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    ob = OpeningBalance
    for acc, c, s, d, cr in book.session.execute(
            select(ob.account_id, ob.customer_id, ob.supplier_id, total(ob.debit), total(ob.credit))
            .group_by(ob.account_id, ob.customer_id, ob.supplier_id)):
        out[(acc, c or 0, s or 0)] += d - cr
    for acc, c, s, d, cr in book.session.execute(
            select(Balance.account_id, Balance.customer_id, Balance.supplier_id, total(Balance.debit),
                   total(Balance.credit)).where(Balance.period <= through)
            .group_by(Balance.account_id, Balance.customer_id, Balance.supplier_id)):
        out[(acc, c, s)] += d - cr
    return dict(out)


def year_opening(book: Book) -> dict[Key, Decimal]:
    """年初余额 of a book opened mid-year (version 3): debit − credit per account, customer and
    supplier, as its opening lines give or imply them (期初 less 本年累计)."""
    ob = OpeningBalance
    out: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for acc, c, s, d, cr in book.session.execute(
            select(ob.account_id, ob.customer_id, ob.supplier_id, total(ob.year_debit), total(ob.year_credit))
            .group_by(ob.account_id, ob.customer_id, ob.supplier_id)):
        out[(acc, c or 0, s or 0)] += d - cr
    return dict(out)


def ytd_opening(book: Book) -> dict[Key, Decimal]:
    """本年累计 before the book began (version 3): debit − credit per account, without 结转损益."""
    ob = OpeningBalance
    out: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for acc, c, s, d, cr in book.session.execute(
            select(ob.account_id, ob.customer_id, ob.supplier_id, total(ob.ytd_debit), total(ob.ytd_credit))
            .group_by(ob.account_id, ob.customer_id, ob.supplier_id)):
        out[(acc, c or 0, s or 0)] += d - cr
    return dict(out)


def started_within(book: Book, year: str) -> bool:
    """Whether the book began after January of `year` (its opening is mid-year in that year)."""
    start = book.settings.get("start_period", "")
    return start[:4] == year and start > f"{year}-01"


def added(a: dict[Key, Decimal], b: dict[Key, Decimal]) -> dict[Key, Decimal]:
    out = defaultdict(lambda: ZERO, a)
    for k, v in b.items():
        out[k] += v
    return dict(out)


def movements(book: Book, first: str, last: str, *, without_close: bool = False) -> dict[Key, Decimal]:
    """debit − credit per account, customer and supplier over the periods first…last; with
    `without_close`, the 结转损益 vouchers and their reversals left out."""
    out: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for acc, c, s, d, cr in book.session.execute(
            select(Balance.account_id, Balance.customer_id, Balance.supplier_id, total(Balance.debit),
                   total(Balance.credit)).where(Balance.period >= first, Balance.period <= last)
            .group_by(Balance.account_id, Balance.customer_id, Balance.supplier_id)):
        out[(acc, c, s)] += d - cr
    if without_close:
        for (acc, c, s), amount in close_movements(book, first, last).items():
            out[(acc, c, s)] -= amount
    return dict(out)


def close_movements(book: Book, first: str, last: str) -> dict[Key, Decimal]:
    """The lines of the 结转损益 vouchers (source 'close') and of their reversals. Close-step
    vouchers (VAT transfer, surcharges, depreciation: source 'close_step') are business, kept."""
    closing = aliased(Voucher)
    closes = select(closing.id).where(closing.source_type == "close")
    q = (select(VoucherLine.account_id, VoucherLine.customer_id, VoucherLine.supplier_id, total(VoucherLine.debit),
                total(VoucherLine.credit))
         .join(Voucher, Voucher.id == VoucherLine.voucher_id)
         .where(Voucher.period >= first, Voucher.period <= last,
                or_(Voucher.source_type == "close", Voucher.reverses_id.in_(closes)))
         .group_by(VoucherLine.account_id, VoucherLine.customer_id, VoucherLine.supplier_id))
    return {(acc, c or 0, s or 0): d - cr for acc, c, s, d, cr in book.session.execute(q)}


def ledger_lines(book: Book, account_ids: list[int], first: dt.date, last: dt.date, *,
                 customer_id: int | None = None):
    """Voucher lines of some accounts (one customer's, optionally) dated first…last, in date and
    voucher order, with the voucher's word, number and source."""
    from storage.models import Document
    q = (select(Voucher.date, Voucher.word, Voucher.number, VoucherLine.summary, VoucherLine.debit, VoucherLine.credit,
                Document.type, Document.no, Voucher.source_type, VoucherLine.account_id, VoucherLine.customer_id,
                VoucherLine.supplier_id)
         .join(Voucher, Voucher.id == VoucherLine.voucher_id)
         .outerjoin(Document, Document.id == Voucher.source_id)
         .where(VoucherLine.account_id.in_(account_ids), Voucher.date >= first, Voucher.date <= last)
         .order_by(Voucher.date, Voucher.period, Voucher.word, Voucher.number, VoucherLine.seq))
    if customer_id is not None:
        q = q.where(VoucherLine.customer_id == customer_id)
    return book.session.execute(q).all()


def net_before(book: Book, account_ids: list[int], day: dt.date, *, customer_id: int | None = None) -> Decimal:
    """debit − credit of the accounts before `day`: opening column, whole periods from the
    maintained balances, and only the lines of the day's own month before it."""
    from domain.periods import period_of, prev_period
    ob = OpeningBalance
    q1 = select(total(ob.debit), total(ob.credit)).where(ob.account_id.in_(account_ids))
    q2 = (select(total(Balance.debit), total(Balance.credit))
          .where(Balance.account_id.in_(account_ids), Balance.period <= prev_period(period_of(day))))
    q3 = (select(total(VoucherLine.debit), total(VoucherLine.credit)).join(Voucher, Voucher.id == VoucherLine.voucher_id)
          .where(VoucherLine.account_id.in_(account_ids), Voucher.period == period_of(day), Voucher.date < day))
    if customer_id is not None:
        q1 = q1.where(ob.customer_id == customer_id)
        q2 = q2.where(Balance.customer_id == customer_id)
        q3 = q3.where(VoucherLine.customer_id == customer_id)
    out = ZERO
    for q in (q1, q2, q3):
        d, c = book.session.execute(q).one()
        out += d - c
    return out
