"""Edge rules found by the property and rounding tests: tiny lines, stacked allowances,
manual open items across months, and documents dated before what they follow."""
from __future__ import annotations

import pytest

from domain.errors import Rejected
from interchange.importer import import_data
from storage.queries.checks import run_checks
from tests.rows import cash, manual_voucher, sales
from usecases.setup import init_book


@pytest.fixture
def book(book_target):
    b = init_book(book_target(), "测试公司", "2026-11")
    import_data(b, {"items": [{"code": "E5", "name": "垫片", "unit": "个", "tax_rate": "0.03"}],
                    "customers": [{"code": "C1", "name": "甲公司"}], "warehouses": [{"code": "W01", "name": "主仓"}],
                    "opening_balances": {"date": "2026-10-31", "lines": [
                        {"account": "1405", "item": "E5", "debit": "10.00"}, {"account": "3001", "credit": "10.00"}]},
                    "opening_stock": [{"item": "E5", "warehouse": "W01", "qty": "10", "unit_cost": "1.00"}]})
    sales.create_sales_order(b, "SO1", "2026-11-02", "C1", [{"item": "E5", "qty": "5", "price": "0.20"}])
    sales.ship(b, "OUT1", "2026-11-03", "SO1", "W01", [{"item": "E5", "qty": "5"}])
    yield b
    b.close()


def test_invoicing_a_tiny_line_unit_by_unit_never_writes_negative_vat(book):
    # 5 × 0.20 at 3%: gross 1.00, net 0.97, tax 0.03 — the tax runs out before the units do
    taxes = [sales.invoice(book, f"INV{i}", "2026-11-05", [{"outbound": "OUT1", "item": "E5", "qty": "1"}]).lines[0].tax
             for i in range(5)]
    assert [str(t) for t in taxes] == ["0.01", "0.01", "0.01", "0.00", "0.00"]
    assert not any(run_checks(book).values())


def test_red_invoices_on_one_invoice_never_exceed_it(book):
    sales.invoice(book, "INV1", "2026-11-05", outbounds=["OUT1"])
    sales.credit_note(book, "CN1", "2026-11-06", "INV1", [{"item": "E5", "amount": "0.60"}])
    with pytest.raises(Rejected, match="0.50 超过发票 INV1 第 1 行剩余的 0.40"):
        sales.credit_note(book, "CN2", "2026-11-06", "INV1", [{"item": "E5", "amount": "0.50"}])


def test_goods_returned_after_an_allowance_can_still_be_credited(book):
    sales.invoice(book, "INV1", "2026-11-05", outbounds=["OUT1"])
    sales.credit_note(book, "CN1", "2026-11-06", "INV1", [{"item": "E5", "amount": "0.50"}])
    sales.sales_return(book, "SR1", "2026-11-07", "OUT1", "W01", [{"item": "E5", "qty": "5"}])
    sales.credit_note(book, "CN2", "2026-11-08", "INV1", [{"item": "E5", "qty": "5"}])
    assert not any(run_checks(book).values())


def test_an_invoice_is_not_dated_before_its_outbound(book):
    with pytest.raises(Rejected, match="field 'date': 日期 2026-11-01 早于销售出库单 OUT1"):
        sales.invoice(book, "INV1", "2026-11-01", outbounds=["OUT1"])


def test_manual_open_items_of_different_months_are_told_apart(book):
    for day, amount in (("2026-11-10", "100.00"), ("2026-12-10", "200.00")):
        manual_voucher(book, day, "代垫运费", [{"account": "1122", "customer": "C1", "debit": amount},
                                             {"account": "1002", "credit": amount}])
    cash.receipt(book, "RC1", "2026-12-20", "C1", "200.00", "1002", [{"invoice": "2026-12 记-1", "amount": "200.00"}])
    assert not any(run_checks(book).values())


def test_a_closed_period_refusal_names_the_date_field(book):
    book.user = "会计"
    from usecases.closing import close_period
    from usecases.vouchers import post_period
    post_period(book, "2026-11")
    close_period(book, "2026-11")
    with pytest.raises(Rejected, match="field 'date': 期间 2026-11 已结账"):
        sales.create_sales_order(book, "SO2", "2026-11-20", "C1", [{"item": "E5", "qty": "1", "price": "1.00"}])
