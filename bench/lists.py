"""The big lists at any size: 凭证查询 sorted by each of its columns, then five pages scrolled, as the
window's table model asks for them (the count and totals row first, then pages of 200 by keyset).
The baseline is a bare SELECT of the same number of vouchers in id order (the floor of reading them)."""
from __future__ import annotations

import sqlite3
import statistics
import time

from bench.context import Context
from bench.result import Result, millis

PAGES, PAGE = 5, 200


def sort_and_pages(book, spec, column: int | None, descending: bool = False) -> float:
    """Seconds for a header click on `column` (None: the list's own order) and five pages after it."""
    from storage.queries.lists import ListQuery

    q = ListQuery(sort=column, descending=descending)
    start = time.perf_counter()
    spec.tally(book, q)
    after = None
    for _ in range(PAGES):
        rows, after = spec.page(book, q, after, PAGE)
        if not rows:
            break
    return time.perf_counter() - start


def _bare_select_seconds(path) -> float:
    con = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        con.execute(f"SELECT * FROM vouchers ORDER BY id LIMIT {PAGES * PAGE}").fetchall()
        return time.perf_counter() - start
    finally:
        con.close()


def slowest_sort(path) -> tuple[float, str]:
    """The slowest column of the voucher list (median of three clicks each, both directions)."""
    from storage.book import Book
    from storage.queries.lists import LISTS

    spec = LISTS["vouchers"]
    book = Book.open(path, "会计")
    try:
        sort_and_pages(book, spec, None)  # the page is open already: its first query warmed the cache
        worst, which = 0.0, ""
        for column in range(len(spec.columns)):
            for descending in (False, True):
                t = statistics.median(sort_and_pages(book, spec, column, descending) for _ in range(3))
                if t > worst:
                    worst, which = t, spec.columns[column].title + (" ↓" if descending else " ↑")
        return worst, which
    finally:
        book.close()


def measure(ctx: Context) -> list[Result]:
    from bench.books import scratch_copy

    path = scratch_copy(ctx.book, ctx.tmp)  # opening it brings it to this code's schema (its indexes)
    worst, which = slowest_sort(path)
    print(f"    slowest sort: {which}", flush=True)
    base = statistics.median(_bare_select_seconds(path) for _ in range(5))
    return [Result(millis("voucher_list_sort_5_pages_ms", worst), millis("select_1000_vouchers_ms", base))]
