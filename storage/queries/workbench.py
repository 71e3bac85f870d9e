"""The 工作台's read model: what waits at each step of the flow, the task list, and the KPI figures."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func, or_, select

from storage.book import Book
from storage.models import (
    Account,
    Balance,
    BankLine,
    Customer,
    Document,
    OpeningBalance,
    OpenItem,
    StockBalance,
    Supplier,
)
from storage.queries.periods import current_period
from storage.sql import total

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Step:
    """One node of the flow: the documents of `doc_type` that wait for the next step."""

    key: str
    title: str
    doc_type: str
    waiting: str  # what the badge counts, in words
    count: int


@dataclass(frozen=True)
class Task:
    step: str
    doc_id: int
    doc_type: str
    no: str
    date: dt.date
    party: str
    amount: Decimal


def _waiting_docs(doc_type: str):
    """Orders not fully moved on; goods movements not fully invoiced."""
    return and_(Document.type == doc_type, Document.status.in_(("open", "partly")))


def _unpaid(doc_type: str, party: str):
    """Invoices whose open item still has money owing."""
    return and_(Document.type == doc_type, Document.id.in_(
        select(OpenItem.doc_id).where(OpenItem.party == party, OpenItem.side == "charge", OpenItem.open > 0)))


def _unapplied(doc_type: str, party: str):
    """Receipts or payments not yet matched to an invoice (预收/预付)."""
    return and_(Document.type == doc_type, Document.id.in_(
        select(OpenItem.doc_id).where(OpenItem.party == party, OpenItem.side == "credit", OpenItem.open > 0)))


FLOWS = {
    "sales": (("sales_order", "订单", "待出库", lambda: _waiting_docs("sales_order")),
              ("outbound", "出库", "待开票", lambda: _waiting_docs("outbound")),
              ("invoice", "发票", "待回款", lambda: _unpaid("invoice", "customer")),
              ("receipt", "回款", "未核销", lambda: _unapplied("receipt", "customer"))),
    "purchase": (("purchase_order", "订单", "待入库", lambda: _waiting_docs("purchase_order")),
                 ("inbound", "入库", "待收票", lambda: _waiting_docs("inbound")),
                 ("purchase_invoice", "发票", "待付款", lambda: _unpaid("purchase_invoice", "supplier")),
                 ("payment", "付款", "未核销", lambda: _unapplied("payment", "supplier"))),
}


def flow(book: Book, side: str) -> list[Step]:
    out = []
    for doc_type, title, waiting, cond in FLOWS[side]:
        n = book.session.scalar(select(func.count(Document.id)).where(cond())) or 0
        out.append(Step(f"{side}:{doc_type}", title, doc_type, waiting, n))
    return out


def tasks(book: Book, side: str, doc_type: str, limit: int = 50) -> list[Task]:
    """The oldest documents waiting at one step, to open with a click."""
    cond = next(c for t, _, _, c in FLOWS[side] if t == doc_type)
    party = func.coalesce(Customer.name, Supplier.name)
    rows = book.session.execute(
        select(Document.id, Document.type, Document.no, Document.date, party, Document.amount)
        .outerjoin(Customer, Customer.id == Document.customer_id)
        .outerjoin(Supplier, Supplier.id == Document.supplier_id)
        .where(cond()).order_by(Document.date, Document.id).limit(limit))
    return [Task(doc_type, *r) for r in rows]


def bank_lines_waiting(book: Book) -> int:
    """Bank lines neither booked nor marked as not the book's business: the cashier's inbox."""
    return book.session.scalar(select(func.count(BankLine.id)).where(BankLine.status == "unprocessed")) or 0


@dataclass(frozen=True)
class Kpis:
    period: str
    sales: Decimal  # this period's revenue, net of tax (主营业务收入)
    receivable: Decimal
    overdue: Decimal
    cash: Decimal
    stock: Decimal


def _balance(book: Book, prefixes: tuple[str, ...], period: str | None = None, credit_side: bool = False) -> Decimal:
    accounts = select(Account.id).where(or_(*[Account.code.like(p + "%") for p in prefixes]), Account.is_leaf)
    q = select(total(Balance.debit), total(Balance.credit)).where(Balance.account_id.in_(accounts))
    if period is not None:
        q = q.where(Balance.period == period)
    d, c = book.session.execute(q).one()
    if period is None:
        od, oc = book.session.execute(select(total(OpeningBalance.debit), total(OpeningBalance.credit))
                                      .where(OpeningBalance.account_id.in_(accounts))).one()
        d, c = d + od, c + oc
    return c - d if credit_side else d - c


def kpis(book: Book, today: dt.date | None = None) -> Kpis:
    today = today or dt.date.today()
    period = current_period(book)
    # What is overdue less the customer's money received and not yet applied (BANKS.md version 3): an
    # invoice paid but not yet matched is not overdue.
    late = dict(book.session.execute(select(OpenItem.party_id, total(OpenItem.open)).where(
        OpenItem.party == "customer", OpenItem.side == "charge", OpenItem.open > 0, OpenItem.due < today)
        .group_by(OpenItem.party_id)).all())
    spare = dict(book.session.execute(select(OpenItem.party_id, total(OpenItem.open)).where(
        OpenItem.party == "customer", OpenItem.side == "credit", OpenItem.open > 0,
        OpenItem.party_id.in_(list(late))).group_by(OpenItem.party_id)).all()) if late else {}
    overdue = sum((max(ZERO, v - spare.get(pid, ZERO)) for pid, v in late.items()), ZERO)
    return Kpis(period=period,
                sales=_balance(book, ("5001",), period, credit_side=True),
                receivable=_balance(book, (book.role("receivable"),)),
                overdue=overdue or ZERO,
                cash=_balance(book, ("1001", "1002", "1012")),
                stock=book.session.scalar(select(total(StockBalance.value))) or ZERO)
