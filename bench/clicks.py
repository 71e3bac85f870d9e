"""What a click costs on the scale's demo book (issue 32: nothing that grows with the whole book on a
click): the dashboard's figures, the aging report, the alerts and the close's preview of the first open
month — each the median of three runs on a freshly opened Book (as a page's worker opens one), beside
one GROUP BY over every voucher line of the book, the cost of a whole-book scan.

    .venv/bin/python -m bench.clicks [BOOK]
"""
from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.result import Result, millis

RUNS = 3


def _group_by_all_lines_seconds(path: Path) -> float:
    import sqlite3
    con = sqlite3.connect(path)
    try:
        start = time.perf_counter()
        con.execute("SELECT account_id, SUM(debit), SUM(credit) FROM voucher_lines GROUP BY account_id").fetchall()
        return time.perf_counter() - start
    finally:
        con.close()


def _median_seconds(path: Path, work: Callable) -> float:
    from storage.book import Book
    times = []
    for _ in range(RUNS):
        book = Book.open(path, "主管")
        try:
            start = time.perf_counter()
            work(book)
            times.append(time.perf_counter() - start)
        finally:
            book.close()
    return statistics.median(times)


def clicks(path: Path) -> dict[str, float]:
    """Seconds per figure on the book at `path` (written to: alerts keep their log)."""
    from sqlalchemy import select

    from reports.aging import aging
    from storage.book import Book
    from storage.models import Period
    from storage.queries.periods import as_of_date
    from usecases.alerts import raise_alerts
    from usecases.closing import preview_close
    from usecases.dashboard import compute

    with Book.open(path, "主管") as book:
        as_of = as_of_date(book)
        first_open = book.session.scalar(select(Period.period).where(Period.status != "closed")
                                         .order_by(Period.period).limit(1))
    out = {"dashboard_ms": _median_seconds(path, lambda b: compute(b, as_of)),
           "aging_ms": _median_seconds(path, lambda b: aging(b, as_of)),
           "alerts_ms": _median_seconds(path, lambda b: raise_alerts(b, as_of))}
    if first_open:
        out["close_preview_ms"] = _median_seconds(path, lambda b: preview_close(b, first_open))
    return out


def measure(ctx) -> list[Result]:
    from bench.books import scratch_copy
    path = scratch_copy(ctx.book, ctx.tmp)
    figures = clicks(path)
    base = millis("group_by_all_lines_ms", statistics.median(_group_by_all_lines_seconds(path) for _ in range(3)))
    return [Result(millis(name, seconds), base) for name, seconds in figures.items()]


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    if path is None:
        from bench.books import demo_book
        path = demo_book("small").path
    import shutil
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.sqlite"
        import sqlite3
        src, dst = sqlite3.connect(path), sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        dst.close()
        figures = clicks(copy)
        base = statistics.median(_group_by_all_lines_seconds(copy) for _ in range(3))
        for name, seconds in figures.items():
            print(f"{name:<20} {seconds * 1000:9.1f} ms   group_by_all_lines {base * 1000:7.1f} ms   "
                  f"ratio {seconds / base:6.2f}")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
