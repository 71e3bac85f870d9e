"""Voucher workflow and document links: review by another person, red reversal, 上查/下查."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from domain.errors import Rejected
from interchange.importer import import_data
from reports.trial_balance import trial_balance
from storage.models import Document, Voucher
from storage.queries.checks import run_checks
from storage.queries.links import downstream, upstream, voucher_of
from tests.rows import manual_voucher
from usecases.setup import init_book
from usecases.vouchers import reverse, review, unreview

DATA = Path(__file__).parent / "data"


@pytest.fixture
def book(book_target):
    b = init_book(book_target(), "测试公司", "2026-11")
    import_data(b, json.loads((DATA / "worked_master.json").read_text(encoding="utf-8")))
    import_data(b, json.loads((DATA / "worked_documents.json").read_text(encoding="utf-8")))
    yield b
    b.close()


def _doc(book, t, no):
    return book.session.query(Document).filter_by(type=t, no=no).one()


def test_an_order_knows_its_outbound_and_the_outbound_its_invoice_and_voucher(book):
    so, out, inv = _doc(book, "sales_order", "SO-0001"), _doc(book, "outbound", "OUT-0001"), _doc(book, "invoice", "INV-0001")
    assert [x.no for x in downstream(book, so)] == ["OUT-0001"]
    assert [x.no for x in downstream(book, out)] == ["INV-0001"]
    assert [x.no for x in upstream(book, inv)] == ["OUT-0001"]
    assert [x.no for x in upstream(book, out)] == ["SO-0001"]
    assert voucher_of(book, out) == "2026-11 记-1"


def test_the_preparer_cannot_review_their_own_voucher(book):
    v = book.session.query(Voucher).filter_by(number=1).one()
    with pytest.raises(Rejected, match="须由另一人审核"):
        review(book, v.id)
    book.user = "会计"
    assert review(book, v.id).status == "reviewed"
    assert unreview(book, v.id).status == "saved"


def test_a_manual_voucher_is_reversed_in_red_and_the_books_return(book):
    before = trial_balance(book, "2026-11", "2026-11")["totals"]
    v = manual_voucher(book, "2026-11-25", "支付房租", [{"account": "5602", "debit": "3000.00"},
                                                    {"account": "1002", "credit": "3000.00"}])
    red = reverse(book, v.id, dt.date(2026, 11, 26))
    assert [ln.debit for ln in red.lines] == [-ln.debit for ln in v.lines]
    after = trial_balance(book, "2026-11", "2026-11")["totals"]
    assert after["closing_debit"] == before["closing_debit"]
    with pytest.raises(Rejected, match="已被冲销"):
        reverse(book, v.id, dt.date(2026, 11, 27))
    assert not any(run_checks(book).values())


def test_a_document_voucher_is_corrected_by_documents_not_by_reversal(book):
    v = book.session.query(Voucher).filter_by(number=1).one()
    with pytest.raises(Rejected, match="由单据生成"):
        reverse(book, v.id, dt.date(2026, 11, 26))


def test_manual_entries_to_stock_or_pending_vat_are_refused(book):
    for account in ("1405", "222103"):
        with pytest.raises(Rejected, match="由单据（库存、发票）维护"):
            manual_voucher(book, "2026-11-25", "调整", [{"account": account, "debit": "1.00", "item": "A001"}
                                                      if account == "1405" else {"account": account, "debit": "1.00"},
                                                      {"account": "1002", "credit": "1.00"}])


def test_a_manual_receivable_entry_becomes_an_open_item(book):
    manual_voucher(book, "2026-11-28", "坏账核销", [{"account": "5711", "debit": "100.00"},
                                                {"account": "1122", "customer": "C001", "credit": "100.00"}])
    assert not any(run_checks(book).values())
