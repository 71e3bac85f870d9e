"""The sales and purchase sides follow one rule each for returns (the two copies had drifted):
a return is never dated before what it returns, and a fully returned inbound or outbound is done."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from domain.errors import Rejected
from interchange.importer import import_data
from storage.models import Document
from tests.rows import purchases, sales
from usecases.setup import init_book


@pytest.fixture
def book(book_target):
    b = init_book(book_target(), "测试公司", "2026-11")
    import_data(b, {"items": [{"code": "A1", "name": "轴承", "unit": "个", "tax_rate": "0.13"}],
                    "customers": [{"code": "C1", "name": "甲公司"}], "suppliers": [{"code": "S1", "name": "乙厂"}],
                    "warehouses": [{"code": "W01", "name": "主仓"}]})
    purchases.create_purchase_order(b, "PO1", "2026-11-02", "S1", [{"item": "A1", "qty": "10", "price": "11.30"}])
    purchases.receive(b, "IN1", "2026-11-05", "PO1", "W01", [{"item": "A1", "qty": "10"}])
    sales.create_sales_order(b, "SO1", "2026-11-06", "C1", [{"item": "A1", "qty": "4", "price": "22.60"}])
    sales.ship(b, "OUT1", "2026-11-08", "SO1", "W01", [{"item": "A1", "qty": "4"}])
    yield b
    b.close()


def _status(book, doc_type: str, no: str) -> str:
    book.refresh()
    return book.session.scalar(select(Document.status).where(Document.type == doc_type, Document.no == no))


def test_a_purchase_return_is_not_dated_before_its_inbound(book):
    with pytest.raises(Rejected, match="field 'date': 日期 2026-11-04 早于采购入库单日期 2026-11-05"):
        purchases.purchase_return(book, "PR1", "2026-11-04", "IN1", "W01", [{"item": "A1", "qty": "1"}])


def test_a_sales_return_is_not_dated_before_its_outbound(book):
    with pytest.raises(Rejected, match="field 'date': 日期 2026-11-07 早于销售出库单日期 2026-11-08"):
        sales.sales_return(book, "SR1", "2026-11-07", "OUT1", "W01", [{"item": "A1", "qty": "1"}])


def test_an_inbound_returned_in_full_before_its_invoice_is_done(book):
    purchases.create_purchase_order(book, "PO2", "2026-11-09", "S1", [{"item": "A1", "qty": "3", "price": "11.30"}])
    purchases.receive(book, "IN2", "2026-11-10", "PO2", "W01", [{"item": "A1", "qty": "3"}])
    assert _status(book, "inbound", "IN2") == "open"
    purchases.purchase_return(book, "PR1", "2026-11-11", "IN2", "W01", [{"item": "A1", "qty": "1"}])
    assert _status(book, "inbound", "IN2") == "partly"
    purchases.purchase_return(book, "PR2", "2026-11-12", "IN2", "W01", [{"item": "A1", "qty": "2"}])
    assert _status(book, "inbound", "IN2") == "done"  # nothing is left to invoice or to return


def test_an_outbound_returned_in_full_before_its_invoice_is_done(book):
    sales.sales_return(book, "SR1", "2026-11-09", "OUT1", "W01", [{"item": "A1", "qty": "4"}])
    assert _status(book, "outbound", "OUT1") == "done"
