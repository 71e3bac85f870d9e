"""Month-end close: a year of closes (reopened, then closed again in order, every step and check
included) on a copy of the demo book, beside one GROUP BY over that month's voucher lines."""
from __future__ import annotations

import sqlite3
import statistics
import time

from bench.books import scratch_copy
from bench.context import Context
from bench.result import Figure, Result, millis


def _month_group_by_seconds(path, period: str) -> float:
    con = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        con.execute("SELECT l.account_id, SUM(l.debit), SUM(l.credit) FROM voucher_lines l "
                    "JOIN vouchers v ON v.id = l.voucher_id WHERE v.period = ? GROUP BY l.account_id",
                    (period,)).fetchall()
        return time.perf_counter() - start
    finally:
        con.close()


def measure(ctx: Context) -> list[Result]:
    from sqlalchemy import select

    from storage.book import Book
    from storage.models import Period
    from usecases.closing import close_period, reopen_period

    path = scratch_copy(ctx.book, ctx.tmp)
    book = Book.open(path, "主管")
    try:
        closed = list(book.session.scalars(select(Period.period).where(Period.status == "closed")
                                           .order_by(Period.period.desc())))[:12]
        for period in closed:
            reopen_period(book, period, "bench")
        times = []
        for period in reversed(closed):
            start = time.perf_counter()
            close_period(book, period)
            times.append(time.perf_counter() - start)
    finally:
        book.close()
    if not times:
        return []
    base = statistics.median(_month_group_by_seconds(path, p) for p in closed)
    return [Result(millis("close_month_median_ms", statistics.median(times)), millis("month_group_by_ms", base)),
            Result(millis("close_month_max_ms", max(times)), millis("month_group_by_ms", base)),
            Result(Figure(f"closes_{len(times)}_months_s", sum(times), "s"))]
