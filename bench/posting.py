"""Posting through the use cases: a month's documents imported in one go (bulk), beside a raw
sqlite3.executemany of exactly the rows that import wrote; and one interactive save (a document
and its voucher, committed) on the demo book, beside a raw insert-and-commit of the same shape.

    .venv/bin/python -m bench.posting [--cycles 500]     # the bulk figure alone
"""
from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.context import Context
from bench.result import Result, millis, percentile, rate

MASTER = {
    "customers": [{"code": "C001", "name": "华东机电有限公司"}],
    "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"}],
    "warehouses": [{"code": "W01", "name": "主仓"}],
    "opening_balances": {"date": "2026-10-31", "lines": [
        {"account": "1405", "item": "A001", "debit": "60000000.00"}, {"account": "3001", "credit": "60000000.00"}]},
    "opening_stock": [{"item": "A001", "warehouse": "W01", "qty": "100000", "unit_cost": "600.00"}],
}
# Tables a posted document writes to, in an order that satisfies their foreign keys.
WRITTEN = ("documents", "document_lines", "vouchers", "voucher_lines", "balances", "stock", "stock_moves",
           "open_items", "allocations")
CYCLES = {"small": 500, "medium": 1_000, "large": 2_000}


def month_of_documents(cycles: int) -> list[dict]:
    """order → outbound → invoice → receipt, `cycles` times: 4 documents each, 3 with vouchers."""
    docs: list[dict] = []
    for i in range(cycles):
        docs += [
            {"type": "sales_order", "no": f"SO{i}", "date": "2026-11-02", "customer": "C001",
             "lines": [{"item": "A001", "qty": "3", "price": "1130.00"}]},
            {"type": "outbound", "no": f"OUT{i}", "date": "2026-11-03", "order": f"SO{i}", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "3"}]},
            {"type": "invoice", "no": f"INV{i}", "date": "2026-11-05", "outbounds": [f"OUT{i}"]},
            {"type": "receipt", "no": f"RC{i}", "date": "2026-11-20", "customer": "C001", "amount": "3390.00",
             "account": "1002"}]
    return docs


def bulk(cycles: int, folder: Path) -> list[Result]:
    from interchange.importer import import_data
    from usecases.setup import init_book

    path = folder / "bulk.sqlite"
    book = init_book(path, "测速公司", "2026-11")
    try:
        import_data(book, MASTER)
        docs = month_of_documents(cycles)
        start = time.perf_counter()
        import_data(book, {"documents": docs})
        seconds = time.perf_counter() - start
    finally:
        book.close()
    raw_seconds = _raw_reinsert(path, folder / "raw.sqlite")
    return [Result(rate("post_docs_per_s", len(docs), seconds, "documents/s"),
                   rate("raw_executemany_docs_per_s", len(docs), raw_seconds, "documents/s"))]


def _raw_reinsert(source: Path, target: Path) -> float:
    """Time sqlite3.executemany writing the rows the import wrote, into empty tables of the same
    schema (indexes and constraints included), in one transaction: the floor for the same work."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        rows = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in WRITTEN}  # noqa: S608 - fixed names
        dst.execute("PRAGMA foreign_keys=OFF")
        for t in reversed(WRITTEN):
            dst.execute(f"DELETE FROM {t}")  # noqa: S608
        dst.commit()
        dst.execute("PRAGMA journal_mode=WAL")
        start = time.perf_counter()
        dst.execute("BEGIN")
        for t in WRITTEN:
            if rows[t]:
                marks = ",".join("?" * len(rows[t][0]))
                dst.executemany(f"INSERT INTO {t} VALUES ({marks})", rows[t])  # noqa: S608
        dst.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        src.close()
        dst.close()


def save_latency(ctx: Context, saves: int = 60) -> list[Result]:
    """p95 of one receipt (document + voucher + open item) committed on its own, on a copy of the
    demo book, beside a raw insert of a document, a voucher and two lines, committed."""
    from sqlalchemy import select

    from bench.books import scratch_copy
    from storage.book import Book
    from storage.models import BankAccount, Customer, Period
    from usecases import cash
    from usecases.commands import Money

    path = scratch_copy(ctx.book, ctx.tmp)
    book = Book.open(path, "出纳")
    try:
        customers = list(book.session.scalars(select(Customer.code).order_by(Customer.id).limit(20)))
        account = book.session.scalar(select(BankAccount.code).order_by(BankAccount.id).limit(1)) or "1002"
        period = book.session.scalar(select(Period.period).where(Period.status == "open").order_by(Period.period))
        day = dt.date.fromisoformat(f"{period}-15")
        times = []
        for i in range(saves):
            start = time.perf_counter()
            cash.receipt(book, Money(day, customers[i % len(customers)], Decimal("1000.00"), account, no=f"BENCH-RC{i}"))
            times.append(time.perf_counter() - start)
    finally:
        book.close()
    raw = _raw_save_latency(path, saves)
    return [Result(millis("save_latency_p95_ms", percentile(times, 95)),
                   millis("raw_save_latency_p95_ms", percentile(raw, 95)))]


def _raw_save_latency(path: Path, saves: int) -> list[float]:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("CREATE TABLE bench_d(id INTEGER PRIMARY KEY, no TEXT, amount INTEGER)")
    con.execute("CREATE TABLE bench_v(id INTEGER PRIMARY KEY, d INTEGER, total INTEGER)")
    con.execute("CREATE TABLE bench_l(v INTEGER, debit INTEGER, credit INTEGER)")
    times = []
    try:
        for i in range(saves):
            start = time.perf_counter()
            con.execute("BEGIN IMMEDIATE")
            d = con.execute("INSERT INTO bench_d(no, amount) VALUES (?, ?)", (f"R{i}", 100000)).lastrowid
            v = con.execute("INSERT INTO bench_v(d, total) VALUES (?, ?)", (d, 100000)).lastrowid
            con.executemany("INSERT INTO bench_l VALUES (?, ?, ?)", [(v, 100000, 0), (v, 0, 100000)])
            con.execute("COMMIT")
            times.append(time.perf_counter() - start)
    finally:
        con.close()
    return times


def measure(ctx: Context) -> list[Result]:
    out = bulk(CYCLES[ctx.scale], ctx.tmp)
    out += save_latency(ctx)
    if ctx.book.generated_seconds is not None:
        out.append(Result(rate("demo_orders_per_s", ctx.book.orders, ctx.book.generated_seconds, "orders/s")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", type=int, default=500)
    with tempfile.TemporaryDirectory() as tmp:
        for r in bulk(ap.parse_args().cycles, Path(tmp)):
            print(r.as_json())


if __name__ == "__main__":
    main()
