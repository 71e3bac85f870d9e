"""The alerts as computed before issue 32 — one SQL query per kind over the whole book — kept as the
straightforward reference the indexed queries of storage/queries/alerts.py are held against.

The exceptions that need a person (异常预警), as of a date: one SQL query per kind over the book,
each row saying what, how serious, who should act, and since when. Nothing here writes; the raise /
resolve log lives in usecases/alerts.py."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import BigInteger, case, func, select, type_coerce
from sqlalchemy.orm import aliased

from domain.money import fmt_amount, fmt_thousands, q2
from domain.periods import period_end, period_of
from storage.book import Book
from storage.models import (
    Allocation,
    Balance,
    BankLine,
    Customer,
    Document,
    DocumentLine,
    Item,
    OpeningBalance,
    OpenItem,
    Period,
    StockMove,
    Voucher,
)
from storage.sql import total

ZERO = Decimal("0.00")
# When a condition becomes an exception (days), and when it turns serious.
SHIP_TO_INVOICE_DAYS = 7
ORDER_TO_SHIP_DAYS = 7
BANK_LINE_DAYS = 2
REVIEW_DAYS = 3
CLOSE_GRACE_DAYS = 10
BELOW_COST_WINDOW = 31


@dataclass(frozen=True)
class Alert:
    kind: str
    severity: str  # high | medium | low
    role: str  # who should act: the people roles of issue 26 (cashier, supervisor, owner …)
    subject_type: str
    subject_no: str
    customer: str | None
    amount: Decimal
    since: dt.date
    message: str

    def as_json(self) -> dict:
        return {"kind": self.kind, "severity": self.severity, "role": self.role,
                "subject": {"type": self.subject_type, "no": self.subject_no}, "customer": self.customer,
                "amount": fmt_amount(self.amount), "since": self.since.isoformat(), "message": self.message}


def _raw(expr):
    """The integer on disk (fen, or qty × 10⁴) of an expression, for arithmetic done in SQL."""
    return type_coerce(expr, BigInteger)


def _share(left, gross, qty):
    """round(left / qty × gross) in integer fen, half up, without floats (all three are positive)."""
    return (_raw(left) * _raw(gross) * 2 + _raw(qty)) // (_raw(qty) * 2)  # // : integer division in SQL


def _age(since: dt.date, as_of: dt.date, medium: int, high: int) -> str:
    days = (as_of - since).days
    return "high" if days > high else "medium" if days > medium else "low"


def _open_at(as_of: dt.date):
    """Each open item's amount still open on `as_of` (allocations dated later did not happen yet)."""
    allocated = (select(Allocation.charge_id.label("item_id"), total(Allocation.amount).label("amount"))
                 .where(Allocation.date <= as_of).group_by(Allocation.charge_id))
    applied = (select(Allocation.credit_id.label("item_id"), total(Allocation.amount).label("amount"))
               .where(Allocation.date <= as_of).group_by(Allocation.credit_id))
    return allocated.subquery(), applied.subquery()


def overdue_invoices(book: Book, as_of: dt.date, pending: dict[tuple[int, str], Decimal] | None = None
                     ) -> list[Alert]:
    """Invoices (and opening items) past their due date and still owed (BANKS.md version 3): what a
    confident proposal of a waiting bank line would settle (`pending`, customer and ref → amount) and
    the customer's unapplied money (earliest due first) are counted before calling an invoice overdue."""
    charged, applied = _open_at(as_of)
    left = _raw(OpenItem.amount) - func.coalesce(_raw(charged.c.amount), 0)
    q = (select(OpenItem.party_id, OpenItem.ref, OpenItem.kind, OpenItem.due, Customer.code, Customer.name,
                left.label("left"))
         .join(Customer, Customer.id == OpenItem.party_id)
         .outerjoin(charged, charged.c.item_id == OpenItem.id)
         .where(OpenItem.party == "customer", OpenItem.side == "charge", OpenItem.date <= as_of,
                OpenItem.due < as_of, left > 0)
         .order_by(OpenItem.due, OpenItem.ref))
    rows = book.session.execute(q).all()
    spare = unapplied_by_customer(book, as_of, applied) if rows else {}
    pending = dict(pending or {})
    out = []
    for pid, ref, kind, due, code, name, cents in rows:
        amount = _fen(cents)
        covered = min(amount, pending.pop((pid, ref), ZERO))
        amount -= covered
        use = min(amount, spare.get(pid, ZERO))
        if use:
            spare[pid] -= use
            amount -= use
        if amount <= 0:
            continue  # paid: the money waits to be applied or confirmed, the invoice is not overdue
        days = (as_of - due).days
        subject = "invoice" if kind == "invoice" else kind
        netted = "（已扣除未核销收款和待确认的银行收款）" if covered or use else ""
        out.append(Alert("overdue_invoice", _age(due, as_of, 30, 60), "cashier", subject, ref, code, amount, due,
                         f"{name} 的{_charge_words(kind, ref)} 已逾期 {days} 天，未收 {fmt_thousands(amount)}{netted}"))
    return out


def unapplied_by_customer(book: Book, as_of: dt.date, applied=None) -> dict[int, Decimal]:
    """Each customer's money received and not yet applied to an invoice, as of the date."""
    if applied is None:
        _, applied = _open_at(as_of)
    left = _raw(OpenItem.amount) - func.coalesce(_raw(applied.c.amount), 0)
    q = (select(OpenItem.party_id, func.sum(left))
         .outerjoin(applied, applied.c.item_id == OpenItem.id)
         .where(OpenItem.party == "customer", OpenItem.side == "credit", OpenItem.date <= as_of, left > 0)
         .group_by(OpenItem.party_id))
    return {pid: _fen(cents) for pid, cents in book.session.execute(q)}


def _charge_words(kind: str, ref: str) -> str:
    """A receivable as the sales clerk calls it. An opening balance keyed without its own number
    has the ref 'opening' (usecases/opening.py): an id for the book, not a word for a person."""
    if kind == "opening":
        return "期初应收" if ref == "opening" else f"期初应收 {ref}"
    return {"invoice": f"发票 {ref}", "voucher": f"凭证 {ref}"}.get(kind, ref)


def _fen(raw) -> Decimal:
    """Integer fen computed in SQL, as money."""
    return q2(Decimal(int(raw or 0)) / 100)


def shipped_not_invoiced(book: Book, as_of: dt.date) -> list[Alert]:
    src = aliased(DocumentLine)
    down = aliased(Document)
    # The part of each outbound line invoiced, or returned before invoicing (part_qty), by as_of.
    taken = (select(src.src_line_id.label("line_id"),
                    func.sum(case((down.type == "invoice", _raw(src.qty)), else_=_raw(src.part_qty))).label("qty"))
             .join(down, down.id == src.doc_id)
             .where(down.type.in_(("invoice", "sales_return")), down.date <= as_of, src.kind == "goods")
             .group_by(src.src_line_id)).subquery()
    left = _raw(DocumentLine.qty) - func.coalesce(taken.c.qty, 0)
    q = (select(Document.no, Document.date, Customer.code, Customer.name,
                func.sum(_share(left, DocumentLine.gross, DocumentLine.qty)))
         .join(DocumentLine, DocumentLine.doc_id == Document.id)
         .join(Customer, Customer.id == Document.customer_id)
         .outerjoin(taken, taken.c.line_id == DocumentLine.id)
         .where(Document.type == "outbound", Document.date <= as_of - dt.timedelta(days=SHIP_TO_INVOICE_DAYS),
                DocumentLine.qty > 0, left > 0)
         .group_by(Document.id, Customer.id).order_by(Document.date, Document.no))
    out = []
    for no, day, code, name, cents in book.session.execute(q):
        amount = _fen(cents)
        out.append(Alert("shipped_not_invoiced", _age(day, as_of, 15, 30), "accountant", "outbound", no, code, amount,
                         day, f"出库单 {no}（{name}）发货 {(as_of - day).days} 天仍未开票，金额 {fmt_thousands(amount)}"))
    return out


def orders_not_shipped(book: Book, as_of: dt.date, min_days: int = ORDER_TO_SHIP_DAYS) -> list[Alert]:
    shipped = _shipped(as_of)
    left = _raw(DocumentLine.qty) - func.coalesce(shipped.c.qty, 0)
    q = (select(Document.no, Document.date, Customer.code, Customer.name,
                func.sum(_share(left, DocumentLine.gross, DocumentLine.qty)))
         .join(DocumentLine, DocumentLine.doc_id == Document.id)
         .join(Customer, Customer.id == Document.customer_id)
         .outerjoin(shipped, shipped.c.line_id == DocumentLine.id)
         .where(Document.type == "sales_order", Document.status != "closed",
                Document.date <= as_of - dt.timedelta(days=min_days), DocumentLine.qty > 0, left > 0)
         .group_by(Document.id, Customer.id).order_by(Document.date, Document.no))
    out = []
    for no, day, code, name, cents in book.session.execute(q):
        amount = _fen(cents)
        out.append(Alert("order_not_shipped", _age(day, as_of, 15, 30), "warehouse", "sales_order", no, code, amount,
                         day, f"销售订单 {no}（{name}）下单 {(as_of - day).days} 天仍有 {fmt_thousands(amount)} 未发货"))
    return out


def _shipped(as_of: dt.date):
    """Quantity (×10⁴) shipped against each order line by as_of."""
    src, down = aliased(DocumentLine), aliased(Document)
    return (select(src.src_line_id.label("line_id"), func.sum(_raw(src.qty)).label("qty"))
            .join(down, down.id == src.doc_id)
            .where(down.type == "outbound", down.date <= as_of).group_by(src.src_line_id)).subquery()


def unmatched_bank_lines(book: Book, as_of: dt.date) -> list[Alert]:
    q = (select(BankLine.bank_ref, BankLine.dedup_key, BankLine.date, BankLine.amount, BankLine.counterparty)
         .where(BankLine.status == "unprocessed", BankLine.date <= as_of - dt.timedelta(days=BANK_LINE_DAYS))
         .order_by(BankLine.date, BankLine.id))
    out = []
    for ref, key, day, amount, who in book.session.execute(q):
        direction = "收款" if amount > 0 else "付款"
        out.append(Alert("unmatched_bank_line", _age(day, as_of, 7, 30), "cashier", "bank_line", ref or key, None,
                         amount, day, f"银行{direction} {fmt_thousands(abs(amount))}（{who or '对方未知'}）{day} 到账，尚未处理"))
    return out


def unapplied_receipts(book: Book, as_of: dt.date) -> list[Alert]:
    _, applied = _open_at(as_of)
    left = _raw(OpenItem.amount) - func.coalesce(_raw(applied.c.amount), 0)
    q = (select(OpenItem.ref, OpenItem.date, Customer.code, Customer.name, left)
         .join(Customer, Customer.id == OpenItem.party_id)
         .outerjoin(applied, applied.c.item_id == OpenItem.id)
         .where(OpenItem.party == "customer", OpenItem.side == "credit", OpenItem.kind == "receipt",
                OpenItem.date <= as_of, left > 0)
         .order_by(OpenItem.date, OpenItem.ref))
    out = []
    for ref, day, code, name, cents in book.session.execute(q):
        amount = _fen(cents)
        out.append(Alert("unapplied_receipt", _age(day, as_of, 15, 30), "cashier", "receipt", ref, code, amount,
                         day, f"收款单 {ref}（{name}）有 {fmt_thousands(amount)} 未核销到发票"))
    return out


def credit_limits(book: Book, as_of: dt.date) -> list[Alert]:
    """Receivable (1122 through as_of's period) plus what open orders still have to ship, over the limit."""
    acc = book.account_id(book.role("receivable"))
    ledger = (select(Balance.customer_id.label("cid"), func.sum(_raw(Balance.debit) - _raw(Balance.credit)))
              .where(Balance.account_id == acc, Balance.period <= period_of(as_of)).group_by(Balance.customer_id))
    opening = (select(OpeningBalance.customer_id.label("cid"),
                      func.sum(_raw(OpeningBalance.debit) - _raw(OpeningBalance.credit)))
               .where(OpeningBalance.account_id == acc).group_by(OpeningBalance.customer_id))
    unshipped: dict[str | None, Decimal] = {}
    for a in orders_not_shipped(book, as_of, min_days=0):
        unshipped[a.customer] = unshipped.get(a.customer, ZERO) + a.amount
    rows = book.session.execute(select(Customer.id, Customer.code, Customer.name, Customer.credit_limit)
                                .where(Customer.credit_limit.is_not(None), Customer.active.is_(True))).all()
    owed: dict[int, Decimal] = {}
    for q in (ledger, opening):
        for cid, amt in book.session.execute(q):
            owed[cid] = owed.get(cid, ZERO) + _fen(amt)
    last_order = dict(book.session.execute(
        select(Document.customer_id, func.max(Document.date)).where(Document.type == "sales_order",
                                                                     Document.date <= as_of)
        .group_by(Document.customer_id)).all())
    out = []
    for cid, code, name, limit in rows:
        exposure = owed.get(cid, ZERO) + unshipped.get(code, ZERO)
        if exposure > limit:
            since = last_order.get(cid) or as_of
            over = exposure - limit
            out.append(Alert("credit_limit", "high" if over > limit * Decimal("0.2") else "medium", "owner",
                             "customer", code, code, exposure, since,
                             f"{name} 的应收及未发货订单 {fmt_thousands(exposure)} 超过信用额度 {fmt_thousands(limit)}"))
    return out


def below_cost(book: Book, as_of: dt.date) -> list[Alert]:
    """Goods shipped in the last month whose revenue (net of VAT) is below their cost."""
    q = (select(Document.no, Document.date, Customer.code, Customer.name, Item.code, Item.name,
                DocumentLine.net, DocumentLine.cost)
         .join(DocumentLine, DocumentLine.doc_id == Document.id)
         .join(Customer, Customer.id == Document.customer_id)
         .join(Item, Item.id == DocumentLine.item_id)
         .where(Document.type == "outbound", Document.date <= as_of,
                Document.date > as_of - dt.timedelta(days=BELOW_COST_WINDOW), DocumentLine.net < DocumentLine.cost)
         .order_by(Document.date, Document.no))
    out = []
    for no, day, code, name, item, item_name, net, cost in book.session.execute(q):
        loss = cost - net
        out.append(Alert("below_cost", "high" if loss > cost * Decimal("0.1") else "medium", "owner", "outbound", no,
                         code, loss, day, f"出库单 {no} 的 {item} {item_name} 售价（不含税 {fmt_thousands(net)}）低于成本 "
                                          f"{fmt_thousands(cost)}，{name}"))
    return out


def low_stock(book: Book, as_of: dt.date) -> list[Alert]:
    """Items whose open sales orders want more than is on hand."""
    shipped = _shipped(as_of)
    wanted = (select(DocumentLine.item_id.label("item_id"),
                     func.sum(_raw(DocumentLine.qty) - func.coalesce(shipped.c.qty, 0)).label("qty"),
                     func.min(Document.date).label("since"))
              .join(Document, Document.id == DocumentLine.doc_id)
              .outerjoin(shipped, shipped.c.line_id == DocumentLine.id)
              .where(Document.type == "sales_order", Document.status != "closed", Document.date <= as_of,
                     _raw(DocumentLine.qty) - func.coalesce(shipped.c.qty, 0) > 0)
              .group_by(DocumentLine.item_id)).subquery()
    on_hand = (select(StockMove.item_id.label("item_id"), func.sum(_raw(StockMove.qty)).label("qty"))
               .where(StockMove.date <= as_of).group_by(StockMove.item_id)).subquery()
    have = func.coalesce(on_hand.c.qty, 0)
    q = (select(Item.code, Item.name, Item.unit, wanted.c.qty, have, wanted.c.since)
         .join(wanted, wanted.c.item_id == Item.id)
         .outerjoin(on_hand, on_hand.c.item_id == Item.id)
         .where(wanted.c.qty > have).order_by(Item.code))
    out = []
    for code, name, unit, want, got, since in book.session.execute(q):
        short = Decimal(int(want) - int(got or 0)).scaleb(-4).normalize()
        out.append(Alert("low_stock", "high" if got <= 0 else "medium", "purchasing", "item", code, None, ZERO,
                         _date(since), f"{code} {name} 库存不足：未发订单还缺 {short:f} {unit}"))
    return out


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def vouchers_not_reviewed(book: Book, as_of: dt.date) -> list[Alert]:
    q = (select(Voucher.period, func.count(), func.min(Voucher.date), func.sum(_raw(Voucher.total)))
         .where(Voucher.status == "saved", Voucher.date <= as_of - dt.timedelta(days=REVIEW_DAYS))
         .group_by(Voucher.period).order_by(Voucher.period))
    out = []
    for period, n, since, amount in book.session.execute(q):
        since = _date(since)
        out.append(Alert("voucher_not_reviewed", _age(since, as_of, 10, 30), "accountant", "period", period, None,
                         _fen(amount), since, f"{period} 有 {n} 张凭证未审核，最早的日期 {since}"))
    return out


def periods_not_closed(book: Book, as_of: dt.date) -> list[Alert]:
    out = []
    started = book.session.scalar(select(func.min(Voucher.period)))
    q = select(Period.period).where(Period.status == "open").order_by(Period.period)
    for (period,) in book.session.execute(q):
        end = period_end(period)
        if started is None or period < started or end + dt.timedelta(days=CLOSE_GRACE_DAYS) >= as_of:
            continue  # nothing booked yet, or still within the month-end grace days
        since = end + dt.timedelta(days=1)
        out.append(Alert("period_not_closed", _age(since, as_of, 20, 40), "supervisor", "period", period, None, ZERO,
                         since, f"{period} 已结束 {(as_of - end).days} 天仍未结账"))
    return out


KINDS: dict[str, Callable[[Book, dt.date], list[Alert]]] = {
    "overdue_invoice": overdue_invoices,
    "shipped_not_invoiced": shipped_not_invoiced,
    "order_not_shipped": orders_not_shipped,
    "unmatched_bank_line": unmatched_bank_lines,
    "unapplied_receipt": unapplied_receipts,
    "credit_limit": credit_limits,
    "below_cost": below_cost,
    "low_stock": low_stock,
    "voucher_not_reviewed": vouchers_not_reviewed,
    "period_not_closed": periods_not_closed,
}


def alerts(book: Book, as_of: dt.date, pending: dict[tuple[int, str], Decimal] | None = None) -> list[Alert]:
    """Every alert; `pending` (what confident proposals of waiting bank lines would settle) nets the
    overdue invoices."""
    return [a for name, kind in KINDS.items()
            for a in (overdue_invoices(book, as_of, pending) if name == "overdue_invoice" else kind(book, as_of))]


