"""Reading the books: a year's trial balance from maintained balances, and `check`, each beside a
plain GROUP BY over every voucher line (what a report costs without maintained balances)."""
from __future__ import annotations

import sqlite3
import statistics
import time

from bench.context import Context
from bench.result import Figure, Result, millis


def _group_by_seconds(path) -> float:
    con = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        con.execute("SELECT account_id, SUM(debit), SUM(credit) FROM voucher_lines GROUP BY account_id").fetchall()
        return time.perf_counter() - start
    finally:
        con.close()


def measure(ctx: Context) -> list[Result]:
    from sqlalchemy import func, select

    from reports.trial_balance import trial_balance
    from storage.book import Book
    from storage.models import Period, VoucherLine
    from storage.queries.checks import run_checks

    book = Book.open(ctx.book.path, "会计")
    try:
        first = book.session.scalar(select(func.min(Period.period)))
        last = book.session.scalar(select(func.max(Period.period)))
        lines = book.session.scalar(select(func.count(VoucherLine.id)))
        trial_balance(book, first, last)  # warm the chart cache, as an open window has
        tb = []
        for _ in range(5):
            start = time.perf_counter()
            trial_balance(book, first, last)
            tb.append(time.perf_counter() - start)
        start = time.perf_counter()
        run_checks(book)
        check_seconds = time.perf_counter() - start
    finally:
        book.close()
    group_by = statistics.median(_group_by_seconds(ctx.book.path) for _ in range(3))
    baseline = millis("group_by_all_lines_ms", group_by)
    return [Result(millis("trial_balance_ms", statistics.median(tb)), baseline),
            Result(Figure("check_s", check_seconds, "s"), Figure("group_by_all_lines_s", group_by, "s")),
            Result(Figure("voucher_lines", lines, "lines"))]
