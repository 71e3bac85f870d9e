"""The posting figures on a PostgreSQL server: `python -m bench --engine postgresql [--pg URL]`.

URL is a database on the server the bench may create databases from (default: ZHANGFANG_BENCH_PG,
else ZHANGFANG_TEST_PG; `.ci/pg-cluster start DIR` prints one for a throwaway cluster). Each figure
runs on a database made for it and dropped after, beside a baseline on the same server:
- post_docs_per_s: the same month of documents as on SQLite (bench/posting.py), imported in one go;
  beside it, psycopg's executemany of exactly the rows that import wrote, in one transaction;
- save_latency_p95_ms: one receipt committed on its own on the scale's demo book (moved onto the
  server with migrate-from's copy); beside it, a raw insert of a document, a voucher and two lines.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from bench.context import Context
from bench.posting import CYCLES, MASTER, WRITTEN, month_of_documents
from bench.result import Result, millis, percentile, rate


def server_url(given: str | None) -> str:
    url = given or os.environ.get("ZHANGFANG_BENCH_PG") or os.environ.get("ZHANGFANG_TEST_PG")
    if not url:
        raise SystemExit("--engine postgresql: give --pg URL (or set ZHANGFANG_BENCH_PG), a database on the "
                         "server the bench may create databases from; .ci/pg-cluster start DIR prints one")
    return url


@contextlib.contextmanager
def database(server: str, name: str, template: str = "template0") -> Iterator[str]:
    """A new database on the server for the block, dropped after; yields its URL."""
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def bulk(server: str, cycles: int) -> list[Result]:
    from interchange.importer import import_data
    from usecases.setup import init_book

    with database(server, "zf_bench_bulk") as url:
        book = init_book(url, "测速公司", "2026-11")
        try:
            import_data(book, MASTER)
            docs = month_of_documents(cycles)
            start = time.perf_counter()
            import_data(book, {"documents": docs})
            seconds = time.perf_counter() - start
        finally:
            book.close()
        with database(server, "zf_bench_raw", template=make_url(url).database) as raw:
            raw_seconds = _raw_reinsert(raw)
    return [Result(rate("pg_post_docs_per_s", len(docs), seconds, "documents/s"),
                   rate("pg_raw_executemany_docs_per_s", len(docs), raw_seconds, "documents/s"))]


def _raw_reinsert(url: str) -> float:
    """psycopg's executemany writing the rows the import wrote back into their emptied tables (indexes
    and constraints kept), in one transaction: the floor for the same work on this server."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            cur = conn.connection.driver_connection.cursor()
            rows = {}
            for t in WRITTEN:
                cur.execute(f'SELECT * FROM "{t}"')  # noqa: S608 - fixed names
                rows[t] = cur.fetchall()
            # (CASCADE: also the cash-flow rows, which name vouchers; SQLite's baseline turns its
            # foreign keys off instead)
            cur.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in WRITTEN) + " CASCADE")
            conn.connection.driver_connection.commit()
            start = time.perf_counter()
            for t in WRITTEN:
                if rows[t]:
                    marks = ",".join(["%s"] * len(rows[t][0]))
                    cur.executemany(f'INSERT INTO "{t}" VALUES ({marks})', rows[t])  # noqa: S608
            conn.connection.driver_connection.commit()
            return time.perf_counter() - start
    finally:
        engine.dispose()


def save_latency(server: str, demo: Path, saves: int = 60) -> list[Result]:
    from sqlalchemy import select

    from storage.backup import migrate_from
    from storage.book import Book
    from storage.models import BankAccount, Customer, Period
    from usecases import cash
    from usecases.commands import Money

    with database(server, "zf_bench_demo") as url:
        migrate_from(str(demo), url)
        book = Book.open(url, "出纳")
        try:
            customers = list(book.session.scalars(select(Customer.code).order_by(Customer.id).limit(20)))
            account = book.session.scalar(select(BankAccount.code).order_by(BankAccount.id).limit(1)) or "1002"
            period = book.session.scalar(select(Period.period).where(Period.status == "open")
                                         .order_by(Period.period))
            day = dt.date.fromisoformat(f"{period}-15")
            times = []
            for i in range(saves):
                start = time.perf_counter()
                cash.receipt(book, Money(day, customers[i % len(customers)], Decimal("1000.00"), account,
                                         no=f"BENCH-RC{i}"))
                times.append(time.perf_counter() - start)
        finally:
            book.close()
        raw = _raw_save_latency(url, saves)
    return [Result(millis("pg_save_latency_p95_ms", percentile(times, 95)),
                   millis("pg_raw_save_latency_p95_ms", percentile(raw, 95)))]


def _raw_save_latency(url: str, saves: int) -> list[float]:
    engine = create_engine(url)
    times = []
    try:
        with engine.connect() as conn:
            pg = conn.connection.driver_connection
            cur = pg.cursor()
            cur.execute("CREATE TABLE bench_d(id SERIAL PRIMARY KEY, no TEXT, amount BIGINT)")
            cur.execute("CREATE TABLE bench_v(id SERIAL PRIMARY KEY, d INTEGER, total BIGINT)")
            cur.execute("CREATE TABLE bench_l(v INTEGER, debit BIGINT, credit BIGINT)")
            pg.commit()
            for i in range(saves):
                start = time.perf_counter()
                cur.execute("INSERT INTO bench_d(no, amount) VALUES (%s, %s) RETURNING id", (f"R{i}", 100000))
                d = cur.fetchone()[0]
                cur.execute("INSERT INTO bench_v(d, total) VALUES (%s, %s) RETURNING id", (d, 100000))
                v = cur.fetchone()[0]
                cur.executemany("INSERT INTO bench_l VALUES (%s, %s, %s)", [(v, 100000, 0), (v, 0, 100000)])
                pg.commit()
                times.append(time.perf_counter() - start)
    finally:
        engine.dispose()
    return times


def measure(ctx: Context, server: str) -> list[Result]:
    return bulk(server, CYCLES[ctx.scale]) + save_latency(server, ctx.book.path)
