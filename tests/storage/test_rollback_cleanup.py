"""Issue 33: a unit that fails after changing a row nobody kept a reference to rolls back with its own
error — not UnmappedInstanceError from the clean-up (the demo on a full disk reported that)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from storage.book import Book
from storage.models import OpenItem
from tests.ui.books import worked_book


def test_a_failed_unit_after_changing_an_unreferenced_row_reports_its_own_error(tmp_path):
    with Book.open(worked_book(tmp_path / "b.sqlite")) as book:
        first = book.session.scalars(select(OpenItem.id).order_by(OpenItem.id)).first()
        before = book.session.get(OpenItem, first).open
        with pytest.raises(ValueError, match="disk"):
            with book.unit():
                book.session.get(OpenItem, first).open -= Decimal("1.00")  # no reference kept
                book.session.flush()
                raise ValueError("disk full, say")
        book.refresh()
        assert book.session.get(OpenItem, first).open == before
