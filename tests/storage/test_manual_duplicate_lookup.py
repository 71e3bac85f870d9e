"""Issue 33: the duplicate check of an imported manual voucher is an indexed look-up, so a large
import is linear (a 40,000-voucher import held the write lock 595 s, each voucher reading every
manual voucher of the book)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.dialects import sqlite

from interchange.manual_duplicates import candidates_of
from storage.book import Book
from usecases.setup import init_book


def test_the_look_up_reads_through_the_date_and_summary_index(tmp_path):
    init_book(tmp_path / "b.sqlite", "甲公司", start="2026-11").close()
    with Book.open(tmp_path / "b.sqlite") as book:
        stmt = candidates_of(dt.date(2026, 11, 25), "手续费").compile(
            dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
        raw = book.session.connection().connection.dbapi_connection
        plan = [row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {stmt}")]
    assert any("ix_vouchers_date_summary" in p for p in plan), plan
    assert not any(p.startswith("SCAN") for p in plan), plan  # no step reads a whole table
