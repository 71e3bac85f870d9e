"""Issue 30, item 4: a new document starts on today held inside the current (first open) period, a
pushed-down one on its source's date; never silently in a later period."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from domain.periods import default_document_date
from interchange.importer import import_data
from storage.models import Document
from usecases.dates import new_document_date
from usecases.setup import init_book

DATA = Path(__file__).resolve().parents[1] / "cli" / "data"
D = dt.date


def test_the_rule():
    assert default_document_date("2026-11", D(2026, 12, 7)) == D(2026, 11, 30)  # not December
    assert default_document_date("2026-11", D(2026, 11, 18)) == D(2026, 11, 18)
    assert default_document_date("2026-11", D(2026, 10, 5)) == D(2026, 11, 1)
    assert default_document_date("2026-11", D(2026, 12, 7), source=D(2026, 11, 3)) == D(2026, 11, 3)
    # a source in a closed month: the first day still open
    assert default_document_date("2026-12", D(2026, 12, 7), source=D(2026, 11, 3)) == D(2026, 12, 1)


def test_a_book_in_november_gets_november_dates(book_target):
    with init_book(book_target(), "示例商贸有限公司", "2026-11") as book:
        for name in ("master.json", "documents.json"):
            import_data(book, json.loads((DATA / name).read_text(encoding="utf-8")))
        assert new_document_date(book, today=D(2026, 12, 7)) == D(2026, 11, 30)
        order = book.session.scalar(select(Document).where(Document.no == "SO-0001"))
        assert new_document_date(book, order.id, today=D(2026, 12, 7)) == order.date == D(2026, 11, 2)
