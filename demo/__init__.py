"""The demo business generator (`demo --orders N --seed S`).

Fills an initialised book with a realistic, reproducible business — master data, opening
balances, then several months of sales, purchases, money, returns, expenses and month-end
closes — only through the same use cases the GUI and the importer call. Every choice comes
from one `random.Random(seed)` (never the global generator, never the clock), so the same seed
gives the same journal. The names and the product catalogue are data: resources/demo/names.toml.

The business is a day-by-day simulation: each action (an order, a shipment, an invoice, a
receipt …) is queued on its date and may queue follow-ups on later dates, so a document is never
dated before its upstream document. Each month runs in one unit of work (the use cases become
savepoints inside it); at each month end but the last, an accountant other than the preparer
posts the month's vouchers and closes it.
"""
from __future__ import annotations

import random
import tomllib

from sqlalchemy import exists, func, select

from domain.errors import Rejected
from domain.periods import period_end, period_start
from storage.book import RESOURCES, Book
from storage.heap import fewer_collections
from storage.models import Customer, Document, OpeningBalance, Period, Supplier, Voucher

from . import calendar, catalogue, money, month_end, opening_balances
from .plan import plan
from .state import Progress, State

SUMMARY_TYPES = (("outbound", "出库"), ("invoice", "发票"), ("receipt", "收款"), ("sales_return", "退货"),
                 ("credit_note", "红字发票"), ("purchase_order", "采购订单"), ("inbound", "入库"),
                 ("purchase_invoice", "采购发票"), ("payment", "付款"), ("purchase_return", "采购退货"),
                 ("voucher", "手工凭证"), ("bank_line", "待对账银行流水"))


def generate(book: Book, orders: int, seed: int = 1, progress: Progress | None = None,
             months: int | None = None) -> str:
    """Fill an initialised book with about `orders` sales orders and everything around them, over
    at most `months` months when given. Returns a one-line summary in words."""
    if not book.is_initialised:
        raise Rejected("the book is not initialised; create it with 'init' first")
    if not isinstance(orders, int) or orders < 1:
        raise Rejected("--orders: at least 1")
    st = _start(book, orders, seed, progress, months)
    with book.unit():
        empty = catalogue.setup(st)
        if empty and st.periods[0] == book.settings["start_period"] and not book.session.scalar(
                select(exists().where(OpeningBalance.id.is_not(None)))):
            opening_balances.add_opening(st)
    plan(st)
    with fewer_collections():
        _run_months(st)
    money.unbooked_bank_lines(st, seed)
    st.report(orders, "完成")
    return _summary(st)


def _run_months(st: State) -> None:
    book = st.book
    for i, period in enumerate(st.periods):
        st.keep = [*book.session.scalars(select(Customer)), *book.session.scalars(select(Supplier)),
                   *book.session.scalars(select(Period))]
        with book.unit(), book.optimistic():  # anything refused ends the run: no savepoint per document
            for day, fn, args in st.queue.until(period_end(period)):
                st.today = day
                fn(st, day, *args)
            if book.tainted:
                raise RuntimeError("a demo step was refused and its writes could not be undone alone")
        if i < len(st.periods) - 1:  # another person closes the month: a unit of their own
            month_end.close(st, period)


def _start(book: Book, orders: int, seed: int, progress: Progress | None, most: int | None = None) -> State:
    """The state of a run: its months start at the first open one."""
    first = book.session.scalar(select(Period.period).where(
        Period.status == "open", Period.period >= book.settings["start_period"]).order_by(Period.period).limit(1))
    first = first or book.settings["start_period"]
    names = tomllib.loads((RESOURCES / "demo" / "names.toml").read_text(encoding="utf-8"))
    periods = calendar.months(first, orders, most)
    st = State(book, orders, random.Random(seed), progress, names, periods,
               calendar.Queue(period_start(first), period_end(periods[-1])))
    st.today = st.start
    # 发票号码 go on from those an earlier run used
    st.vat_seq = max((int(v[-15:]) for v in book.session.scalars(select(Document.vat_no).where(
        Document.vat_no.is_not(None))) if v and len(v) == 20 and v.isdigit()), default=0)
    return st


def _summary(st: State) -> str:
    n_vouchers = st.book.session.scalar(select(func.count()).select_from(Voucher))
    parts = " · ".join(f"{label} {st.count[t]}" for t, label in SUMMARY_TYPES)
    return (f"生成 {st.count['sales_order']} 张订单（{parts}），"
            f"共 {n_vouchers} 张凭证, {st.closed} 个月结账")


__all__ = ["generate"]
