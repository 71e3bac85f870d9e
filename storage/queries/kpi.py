"""Process measures of the book over a range of periods (管理驾驶舱, INTERCHANGE.md `kpi`): SQL over
documents, allocations, maintained balances, periods and the alert log; medians taken in Python."""
from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.orm import aliased

from domain.money import fmt_amount, q2
from domain.periods import period_end, period_start, prev_period
from storage.book import Book
from storage.models import (
    Account,
    AlertLog,
    Allocation,
    Balance,
    Document,
    DocumentLine,
    OpeningBalance,
    OpenItem,
    Period,
    Voucher,
)

COST_OF_SALES = "5401"  # 主营业务成本


def _raw(expr):
    return type_coerce(expr, BigInteger)


def _fen(raw) -> Decimal:
    return q2(Decimal(int(raw or 0)) / 100)


def _days(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _median(values: Iterable[int | Decimal]) -> Decimal | None:
    vals = [Decimal(v) for v in values]
    return Decimal(statistics.median(vals)).quantize(Decimal("0.1"), ROUND_HALF_UP) if vals else None


def _measure(name: str, value: Decimal | None, unit: str) -> dict:
    if value is None:
        text = None
    elif unit == "CNY":
        text = fmt_amount(value)
    else:
        text = f"{value:.2f}" if unit in ("ratio", "times") else f"{value:.1f}"
    return {"name": name, "value": text, "unit": unit}


def order_to_cash_days(book: Book, first: dt.date, last: dt.date) -> Decimal | None:
    """Median days from an order to the last receipt that settled its invoices, for orders whose
    invoices were all settled by a receipt dated in the range. Only the orders of invoices that an
    allocation dated in the range touched can qualify (their last receipt falls in it): those are
    found through the allocations' date index, so a month costs its own receipts, not the book."""
    so_line, out_line, inv_line = aliased(DocumentLine), aliased(DocumentLine), aliased(DocumentLine)
    order = aliased(Document)
    # driven by the allocations' date index, then by ids (the planner would rather scan every item)
    settled = select(Allocation.charge_id).where(Allocation.date >= first, Allocation.date <= last)
    settled_in_range = select(OpenItem.doc_id).where(OpenItem.id.in_(settled), OpenItem.side == "charge",
                                                     OpenItem.kind == "invoice", OpenItem.party == "customer")
    c_so, c_out, c_inv = aliased(DocumentLine), aliased(DocumentLine), aliased(DocumentLine)
    orders = (select(c_so.doc_id).join(c_out, c_out.src_line_id == c_so.id).join(c_inv, c_inv.src_line_id == c_out.id)
              .where(c_inv.doc_id.in_(settled_in_range)).distinct())
    candidates: list[int] | object = list(book.session.scalars(orders))
    if not candidates:
        return None
    if len(candidates) > 5000:  # a long range: keep the ids in SQL, under every engine's bind limit
        candidates = orders
    invoices = (select(order.id.label("order_id"), order.date.label("ordered"), inv_line.doc_id.label("invoice_id"))
                .join(so_line, so_line.doc_id == order.id)
                .join(out_line, out_line.src_line_id == so_line.id)
                .join(inv_line, inv_line.src_line_id == out_line.id)
                .where(order.type == "sales_order", order.status.in_(("done", "closed")), order.id.in_(candidates))
                .distinct()).subquery()
    paid = (select(OpenItem.doc_id.label("invoice_id"), _raw(OpenItem.open).label("open"),
                   func.max(Allocation.date).label("last"))
            .join(Allocation, Allocation.charge_id == OpenItem.id)
            .where(OpenItem.side == "charge", OpenItem.kind == "invoice", OpenItem.party == "customer",
                   OpenItem.doc_id.in_(select(invoices.c.invoice_id)))
            .group_by(OpenItem.id)).subquery()
    q = (select(invoices.c.order_id, invoices.c.ordered, func.sum(func.coalesce(paid.c.open, 1)),
                func.max(paid.c.last))
         .outerjoin(paid, paid.c.invoice_id == invoices.c.invoice_id)
         .group_by(invoices.c.order_id, invoices.c.ordered))
    days = [(_days(lastpaid) - _days(ordered)).days for _, ordered, left, lastpaid in book.session.execute(q)
            if not left and lastpaid is not None and first <= _days(lastpaid) <= last]
    return _median(days)


def ship_to_invoice_days(book: Book, first: dt.date, last: dt.date) -> Decimal | None:
    """Median days from shipment to invoice over the invoice lines dated in the range."""
    inv, out = aliased(Document), aliased(Document)
    out_line = aliased(DocumentLine)
    q = (select(inv.date, out.date)
         .join(DocumentLine, DocumentLine.doc_id == inv.id)
         .join(out_line, out_line.id == DocumentLine.src_line_id)
         .join(out, out.id == out_line.doc_id)
         .where(inv.type == "invoice", out.type == "outbound", inv.date >= first, inv.date <= last))
    return _median((_days(i) - _days(o)).days for i, o in book.session.execute(q))


def _account_ids(book: Book, code: str) -> list[int]:
    return list(book.session.scalars(select(Account.id).where(Account.code.like(code + "%"), Account.is_leaf)))


def _balance(book: Book, code: str, through: str) -> Decimal:
    """debit − credit of an account (and its sub-accounts) at the end of `through`."""
    ids = _account_ids(book, code)
    opening = book.session.scalar(select(func.sum(_raw(OpeningBalance.debit) - _raw(OpeningBalance.credit)))
                                  .where(OpeningBalance.account_id.in_(ids)))
    moved = book.session.scalar(select(func.sum(_raw(Balance.debit) - _raw(Balance.credit)))
                                .where(Balance.account_id.in_(ids), Balance.period <= through))
    return _fen(opening) + _fen(moved)


def _debits(book: Book, code: str, first: str, last: str) -> Decimal:
    ids = _account_ids(book, code)
    return _fen(book.session.scalar(select(func.sum(_raw(Balance.debit))).where(
        Balance.account_id.in_(ids), Balance.period >= first, Balance.period <= last)))


def dso_days(book: Book, first: str, last: str) -> Decimal | None:
    """Receivable at the end of the range ÷ what was charged to customers in it × its days."""
    receivable = book.role("receivable")
    charged = _debits(book, receivable, first, last)
    if charged <= 0:
        return None
    days = (period_end(last) - period_start(first)).days + 1
    return _balance(book, receivable, last) / charged * days


def auto_voucher_ratio(book: Book, first: str, last: str) -> Decimal | None:
    """Share of the range's vouchers that business documents wrote (not typed by hand)."""
    n, auto = book.session.execute(select(func.count(), func.count(Voucher.source_id)).where(
        Voucher.period >= first, Voucher.period <= last)).one()
    return Decimal(auto) / Decimal(n) if n else None


def close_days(book: Book, first: str, last: str) -> Decimal | None:
    """Median days from a period's end to its close, over the closed periods of the range."""
    rows = book.session.execute(select(Period.period, Period.closed_at).where(
        Period.period >= first, Period.period <= last, Period.status == "closed", Period.closed_at.is_not(None)))
    return _median((_days(at) - period_end(p)).days for p, at in rows)


def alert_response_days(book: Book, first: dt.date, last: dt.date) -> Decimal | None:
    """Median days from an alert's raise to its resolution, over alerts resolved in the range."""
    rows = book.session.execute(select(AlertLog.raised_on, AlertLog.resolved_on).where(
        AlertLog.resolved_on >= first, AlertLog.resolved_on <= last))
    return _median((_days(b) - _days(a)).days for a, b in rows)


def exception_response_hours(book: Book, first: dt.date, last: dt.date) -> Decimal | None:
    """异常响应时长 (issue 26): median hours from an exception's raise to its resolution, over those
    resolved in the range — the alert log's clock times, where alert_response_days counts days."""
    rows = book.session.execute(select(AlertLog.raised_at, AlertLog.resolved_at).where(
        AlertLog.resolved_on >= first, AlertLog.resolved_on <= last, AlertLog.resolved_at.is_not(None)))
    return _median(Decimal(int((b - a).total_seconds())) / 3600 for a, b in rows)


def inventory_turnover(book: Book, first: str, last: str) -> Decimal | None:
    """Cost of sales over the range ÷ the average of inventory at its start and end."""
    inventory = book.role("inventory")
    average = (_balance(book, inventory, prev_period(first)) + _balance(book, inventory, last)) / 2
    cost = _debits(book, COST_OF_SALES, first, last)
    return cost / average if average > 0 else None


def _sum_docs(book: Book, doc_type: str, first: dt.date, last: dt.date) -> Decimal:
    return _fen(book.session.scalar(select(func.sum(_raw(Document.amount))).where(
        Document.type == doc_type, Document.date >= first, Document.date <= last)))


def measures(book: Book, first: str, last: str, only: Iterable[str] | None = None) -> list[dict]:
    """Every process measure of the range (INTERCHANGE.md `kpi`); `only`: just these (the dashboard
    draws six of the ten, and each costs its own queries)."""
    start, end = period_start(first), period_end(last)
    kept: dict = {}

    def tasks(key: str):
        """流程任务完成率 (issue 26) and hours to done, both from one read of the stored tasks."""
        if not kept:
            from storage.queries.tasks_kept import completion
            kept.update(completion(book, start, end))
        return kept[key]

    table = (
        ("order_to_cash_days", lambda: order_to_cash_days(book, start, end), "days"),
        ("ship_to_invoice_days", lambda: ship_to_invoice_days(book, start, end), "days"),
        ("dso_days", lambda: dso_days(book, first, last), "days"),
        ("auto_voucher_ratio", lambda: auto_voucher_ratio(book, first, last), "ratio"),
        ("close_days", lambda: close_days(book, first, last), "days"),
        ("alert_response_days", lambda: alert_response_days(book, start, end), "days"),
        ("exception_response_hours", lambda: exception_response_hours(book, start, end), "hours"),
        ("task_completion_rate", lambda: tasks("rate"), "ratio"),
        ("task_hours_to_done", lambda: tasks("hours"), "hours"),
        ("inventory_turnover", lambda: inventory_turnover(book, first, last), "times"),
        ("sales", lambda: _sum_docs(book, "invoice", start, end), "CNY"),
        ("receipts", lambda: _sum_docs(book, "receipt", start, end), "CNY"),
    )
    wanted = None if only is None else set(only)
    return [_measure(name, value(), unit) for name, value, unit in table if wanted is None or name in wanted]
