"""The use cases driven by typed commands alone — what a form builds — with the figures they hand back."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from domain.credit import OverCreditLimit
from domain.errors import Rejected
from interchange.importer import import_data
from usecases import cash, purchases, sales, vouchers
from usecases.commands import (
    Entry,
    Invoice,
    ManualVoucher,
    Money,
    MovedLine,
    Movement,
    Order,
    PricedLine,
)
from usecases.setup import init_book

NOV = dt.date(2026, 11, 1)


@pytest.fixture
def book(book_target):
    b = init_book(book_target(), "测试公司", "2026-11")
    import_data(b, {"items": [{"code": "A1", "name": "轴承", "unit": "个", "tax_rate": "0.13", "price": "113.00"}],
                    "customers": [{"code": "C1", "name": "甲公司", "credit_limit": "1000.00"}],
                    "suppliers": [{"code": "S1", "name": "乙厂"}], "warehouses": [{"code": "W01", "name": "主仓"}]})
    yield b
    b.close()


def _postings(voucher) -> dict[str, tuple[D, D]]:
    out: dict[str, tuple[D, D]] = {}
    for e in voucher.lines:
        dr, cr = out.get(e.account, (D(0), D(0)))
        out[e.account] = (dr + e.debit, cr + e.credit)
    return out


def test_order_to_cash_from_typed_commands(book):
    purchases.create_purchase_order(book, Order(NOV, "S1", (PricedLine("A1", D(10), D("56.50")),), "PO1"))
    inbound = purchases.receive(book, Movement(NOV.replace(day=2), "PO1", "W01", (MovedLine("A1", D(10)),), "IN1"))
    assert _postings(inbound.voucher)["1405"] == (D("500.00"), D(0))  # 10 × 56.50 less 13 % VAT

    order = sales.create_sales_order(book, Order(NOV.replace(day=3), "C1", (PricedLine("A1", D(4)),)))
    assert order.no == "SO-202611-0001" and order.amount == D("452.00")  # the item's list price, 4 × 113.00
    out = sales.ship(book, Movement(NOV.replace(day=4), order.no, "W01", (MovedLine("A1", D(4)),)))
    inv = sales.invoice(book, Invoice(NOV.replace(day=5), sources=(out.no,), vat_no="12345678",
                                      vat_code="1100000000"))
    assert inv.amount == D("452.00")
    paid = cash.receipt(book, Money(NOV.replace(day=20), "C1", D("452.00"), "1002"))
    assert _postings(paid.voucher) == {"1002": (D("452.00"), D(0)), "1122": (D(0), D("452.00"))}


def test_a_typed_order_over_the_credit_limit_needs_a_manager(book):
    over = Order(NOV.replace(day=3), "C1", (PricedLine("A1", D(9)),))  # 1,017.00 > 1,000.00
    with pytest.raises(OverCreditLimit, match="credit limit 1,000.00 exceeded"):  # told apart by type
        sales.create_sales_order(book, over)
    approved = sales.create_sales_order(book, Order(over.date, over.party, over.lines, approved_by="王经理"))
    assert approved.approved_by == "王经理"


def test_what_needs_the_book_is_refused_in_the_same_places(book):
    with pytest.raises(Rejected) as e:
        sales.create_sales_order(book, Order(NOV, "C9", (PricedLine("A1", D(1)), PricedLine("ZZ", D(1)))))
    assert [str(p) for p in e.value.problems] == ["field 'customer': 客户 'C9' 不存在",
                                                  "line 2 field 'item': 商品 'ZZ' 不存在"]
    with pytest.raises(Rejected, match="field 'summary': 必须填写"):
        vouchers.manual_voucher(book, ManualVoucher(NOV, " ", (Entry("6602", debit=D(5)), Entry("1002", credit=D(5)))))
