"""Issue 30, item 4: every entry form and push-down starts on the one date rule (usecases.dates):
the source's date, or today held inside the book's current period."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from storage.book import Book
from storage.models import Document
from tests.ui.books import worked_book
from ui.context import AppContext
from ui.forms.factory import entry_form
from usecases import dates


@pytest.fixture
def ctx(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(dates, "_today", lambda: dt.date(2026, 12, 7))  # the calendar past the book's month
    with Book.open(worked_book(tmp_path / "w.sqlite"), user="tester") as book:
        yield AppContext(book)


def _doc(ctx, no):
    return ctx.book.session.scalar(select(Document).where(Document.no == no))


@pytest.mark.parametrize("doc_type", ["sales_order", "purchase_order", "receipt", "payment"])
def test_a_new_document_in_a_november_book_is_dated_in_november(ctx, qtbot, doc_type):
    form = entry_form(ctx, doc_type)
    qtbot.addWidget(form)
    assert form.date.date().toPython() == dt.date(2026, 11, 30)


@pytest.mark.parametrize("source_no, target", [("SO-0001", "outbound"), ("OUT-0001", "invoice"),
                                               ("INV-0001", "receipt"), ("OUT-0001", "sales_return")])
def test_a_pushed_down_document_takes_its_sources_date(ctx, qtbot, source_no, target):
    source = _doc(ctx, source_no)
    form = entry_form(ctx, target, source.id, source.no)
    qtbot.addWidget(form)
    assert form.date.date().toPython() == source.date


def test_a_new_voucher_too(ctx, qtbot):
    from ui.forms.voucher_form import VoucherForm
    form = VoucherForm(ctx)
    qtbot.addWidget(form)
    assert form.date.date().toPython() == dt.date(2026, 11, 30)


def test_a_red_invoice_follows_the_return_not_the_invoice(ctx, qtbot):
    form = entry_form(ctx, "credit_note", _doc(ctx, "INV-0001").id)
    qtbot.addWidget(form)
    assert form.date.date().toPython() == dt.date(2026, 11, 30)
