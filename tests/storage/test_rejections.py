"""Refusals: every bad input is rejected with a message that names the line, field and reason; the
book is exactly as before (vouchers, stock, documents, open items); and the same document then goes
through with valid data. Through the use cases and through import_data (all or nothing)."""
from __future__ import annotations

import pytest

from domain.errors import Rejected
from interchange.importer import import_data
from storage.models import Document, Item
from tests.rows import cash, purchases, sales, vouchers
from usecases.closing import close_period


@pytest.fixture
def busy(book, zf):
    """SO-1 for C001 (A001 150 · B002 10 · C003 5), OUT-1 (A001 60 · C003 2 from W01), INV-1 (20 of
    OUT-1's A001), PO-1 (C003 10) and IN-1 (6 of them into W01). On hand in W01: A001 40, C003 4."""
    zf.docs(book,
            {"type": "purchase_order", "no": "PO-1", "date": "2026-11-01", "supplier": "S001",
             "lines": [{"item": "C003", "qty": "10", "price": "21.20"}]},
            {"type": "inbound", "no": "IN-1", "date": "2026-11-02", "order": "PO-1", "warehouse": "W01",
             "lines": [{"item": "C003", "qty": "6"}]},
            {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C001",
             "lines": [{"item": "A001", "qty": "150", "price": "1130.00"}, {"item": "B002", "qty": "10"},
                       {"item": "C003", "qty": "5", "price": "33.33"}]},
            {"type": "outbound", "no": "OUT-1", "date": "2026-11-03", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "60"}, {"item": "C003", "qty": "2"}]},
            {"type": "invoice", "no": "INV-1", "date": "2026-11-05",
             "lines": [{"outbound": "OUT-1", "item": "A001", "qty": "20"}]})
    zf.assert_books_tie(book)
    return book


def ship(no, item, qty, wh="W01", date="2026-11-04", order="SO-1"):
    return lambda b: sales.ship(b, no, date, order, wh, [{"item": item, "qty": qty}])


def expense(*lines, date="2026-11-10"):
    return lambda b: vouchers.manual_voucher(b, date, "银行手续费", list(lines))


# id, the refused call, fragments its message must hold, a valid call with the same document number
CASES = [
    ("over_shipping", ship("OUT-2", "B002", "11"), ["line 1", "数量 11 超过 SO-1 尚未执行的 10"],
     ship("OUT-2", "B002", "10")),
    ("ship_more_than_on_hand", ship("OUT-2", "A001", "41"), ["line 1", "数量 41 超过 A001 在仓库 W01 的库存 40"],
     ship("OUT-2", "A001", "40")),
    ("ship_from_a_warehouse_without_stock", ship("OUT-2", "A001", "1", wh="W02"),
     ["line 1", "超过 A001 在仓库 W02 的库存 0"], ship("OUT-2", "A001", "1")),
    ("ship_an_item_not_on_the_order", ship("OUT-2", "D004", "1"), ["line 1", "商品 D004 不在", "SO-1"],
     ship("OUT-2", "C003", "1")),
    ("ship_before_the_order_date", ship("OUT-2", "A001", "1", date="2026-11-01"),
     ["field 'date'", "日期 2026-11-01 早于订单日期 2026-11-02"], ship("OUT-2", "A001", "1")),
    ("ship_unknown_warehouse", ship("OUT-2", "A001", "1", wh="W09"), ["field 'warehouse'", "仓库 'W09' 不存在"],
     ship("OUT-2", "A001", "1")),
    ("over_invoicing",
     lambda b: sales.invoice(b, "INV-2", "2026-11-06", [{"outbound": "OUT-1", "item": "A001", "qty": "41"}]),
     ["line 1", "数量 41 超过 OUT-1 上 A001 已出库未开票的 40"],
     lambda b: sales.invoice(b, "INV-2", "2026-11-06", [{"outbound": "OUT-1", "item": "A001", "qty": "40"}])),
    ("over_returning",
     lambda b: sales.sales_return(b, "SR-1", "2026-11-06", "OUT-1", "W01", [{"item": "A001", "qty": "61"}]),
     ["line 1", "数量 61 超过 OUT-1 上 A001 已出库且未退货的 60"],
     lambda b: sales.sales_return(b, "SR-1", "2026-11-06", "OUT-1", "W01", [{"item": "A001", "qty": "60"}])),
    ("credit_note_for_goods_not_returned",
     lambda b: sales.credit_note(b, "CN-1", "2026-11-06", "INV-1", [{"item": "A001", "qty": "1"}]),
     ["line 1", "数量 1 超过 A001 已退货、在发票 INV-1 上开票且尚未冲红的 0"],
     lambda b: sales.credit_note(b, "CN-1", "2026-11-06", "INV-1", [{"item": "A001", "amount": "100.00"}])),
    ("allowance_over_the_invoice",
     lambda b: sales.credit_note(b, "CN-1", "2026-11-06", "INV-1", [{"item": "A001", "amount": "22600.01"}]),
     ["line 1", "field 'amount'", "22,600.01 超过发票 INV-1 第 1 行剩余的 22,600.00"],
     lambda b: sales.credit_note(b, "CN-1", "2026-11-06", "INV-1", [{"item": "A001", "amount": "22600.00"}])),
    ("allowance_with_three_decimals",
     lambda b: sales.credit_note(b, "CN-1", "2026-11-06", "INV-1", [{"item": "A001", "amount": "1.005"}]),
     ["line 1", "field 'amount'", "'1.005' 的小数超过 2 位"],
     lambda b: sales.credit_note(b, "CN-1", "2026-11-06", "INV-1", [{"item": "A001", "amount": "1.01"}])),
    ("over_receiving", lambda b: purchases.receive(b, "IN-2", "2026-11-04", "PO-1", "W01", [{"item": "C003", "qty": "5"}]),
     ["line 1", "数量 5 超过 PO-1 尚未执行的 4"],
     lambda b: purchases.receive(b, "IN-2", "2026-11-04", "PO-1", "W01", [{"item": "C003", "qty": "4"}])),
    ("over_invoicing_a_supplier",
     lambda b: purchases.purchase_invoice(b, "PI-1", "2026-11-04", [{"inbound": "IN-1", "item": "C003", "qty": "7"}]),
     ["line 1", "数量 7 超过 IN-1 上 C003 已入库未开票的 6"],
     lambda b: purchases.purchase_invoice(b, "PI-1", "2026-11-04", [{"inbound": "IN-1", "item": "C003", "qty": "6"}])),
    ("over_returning_to_the_supplier",
     lambda b: purchases.purchase_return(b, "PR-1", "2026-11-04", "IN-1", "W01", [{"item": "C003", "qty": "7"}]),
     ["line 1", "数量 7 超过 IN-1 上 C003 已入库且未退货的 6"],
     lambda b: purchases.purchase_return(b, "PR-1", "2026-11-04", "IN-1", "W01", [{"item": "C003", "qty": "4"}])),
    ("purchase_return_more_than_on_hand",
     lambda b: purchases.purchase_return(b, "PR-1", "2026-11-04", "IN-1", "W01", [{"item": "C003", "qty": "5"}]),
     ["line 1", "数量 5 超过 C003 在仓库 W01 的库存 4"],
     lambda b: purchases.purchase_return(b, "PR-1", "2026-11-04", "IN-1", "W01", [{"item": "C003", "qty": "4"}])),
    ("unknown_item",
     lambda b: sales.create_sales_order(b, "SO-2", "2026-11-04", "C001", [{"item": "ZZZ", "qty": "1", "price": "1.00"}]),
     ["line 1", "field 'item'", "商品 'ZZZ' 不存在"],
     lambda b: sales.create_sales_order(b, "SO-2", "2026-11-04", "C001", [{"item": "A001", "qty": "1", "price": "1.00"}])),
    ("unknown_customer",
     lambda b: sales.create_sales_order(b, "SO-2", "2026-11-04", "C999", [{"item": "A001", "qty": "1"}]),
     ["field 'customer'", "客户 'C999' 不存在"],
     lambda b: sales.create_sales_order(b, "SO-2", "2026-11-04", "C003", [{"item": "A001", "qty": "1"}])),
    ("receipt_from_unknown_customer",
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C999", "100.00", "100201"),
     ["field 'customer'", "客户 'C999' 不存在"],
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C001", "100.00", "100201")),
    ("receipt_into_a_non_leaf_bank_account",
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C001", "100.00", "1002"),
     ["field 'account'", "科目 1002 有下级科目"],
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C001", "100.00", "100201")),
    ("receipt_with_three_decimals",
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C001", "10.001", "100201"),
     ["field 'amount'", "'10.001' 的小数超过 2 位"],
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C001", "10.01", "100201")),
    ("receipt_of_nothing",
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C001", "0.00", "100201"),
     ["field 'amount'", "必须大于 0.00"],
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C001", "0.01", "100201")),
    ("allocation_over_what_is_open",
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C001", "30000.00", "100201",
                            [{"invoice": "INV-1", "amount": "22600.01"}]),
     ["allocations[0]", "field 'amount'", "超过 INV-1 尚未结清的 22,600.00"],
     lambda b: cash.receipt(b, "RC-1", "2026-11-10", "C001", "30000.00", "100201",
                            [{"invoice": "INV-1", "amount": "22600.00"}])),
    ("manual_voucher_on_a_non_leaf_account",
     expense({"account": "5603", "debit": "10.00"}, {"account": "1002", "credit": "10.00"}),
     ["line 2", "科目 1002 银行存款 有下级科目"],
     expense({"account": "5603", "debit": "10.00"}, {"account": "100201", "credit": "10.00"})),
    ("receivable_line_without_its_customer",
     expense({"account": "1122", "debit": "10.00"}, {"account": "5051", "credit": "10.00"}),
     ["line 1", "科目 1122 应收账款 需要填写客户"],
     expense({"account": "1122", "customer": "C001", "debit": "10.00"}, {"account": "5051", "credit": "10.00"})),
    ("unbalanced_manual_voucher",
     expense({"account": "5603", "debit": "10.00"}, {"account": "100201", "credit": "9.99"}),
     ["借方合计 10.00 与贷方合计 9.99 不相等"],
     expense({"account": "5603", "debit": "9.99"}, {"account": "100201", "credit": "9.99"})),
    ("manual_voucher_with_three_decimals",
     expense({"account": "5603", "debit": "10.001"}, {"account": "100201", "credit": "10.00"}),
     ["line 1 field 'debit'", "'10.001' 的小数超过 2 位"],
     expense({"account": "5603", "debit": "10.00"}, {"account": "100201", "credit": "10.00"})),
    ("manual_entry_on_stock_kept_by_documents",
     expense({"account": "1405", "item": "A001", "debit": "10.00"}, {"account": "100201", "credit": "10.00"}),
     ["line 1", "field 'account'", "科目 1405 由单据"],
     expense({"account": "1403", "debit": "10.00"}, {"account": "100201", "credit": "10.00"})),
    ("manual_voucher_on_an_impossible_date",
     expense({"account": "5603", "debit": "10.00"}, {"account": "100201", "credit": "10.00"}, date="2026-11-31"),
     ["field 'date'", "日期 '2026-11-31' 不存在"],
     expense({"account": "5603", "debit": "10.00"}, {"account": "100201", "credit": "10.00"}, date="2026-11-30")),
    ("reused_sales_order_number",
     lambda b: sales.create_sales_order(b, "SO-1", "2026-11-04", "C001", [{"item": "A001", "qty": "1"}]),
     ["field 'no'", "销售订单 SO-1 已存在"],
     lambda b: sales.create_sales_order(b, "SO-2", "2026-11-04", "C001", [{"item": "A001", "qty": "1"}])),
    ("reused_outbound_number", ship("OUT-1", "A001", "1"), ["field 'no'", "销售出库单 OUT-1 已存在"],
     ship("OUT-2", "A001", "1")),
    ("reused_invoice_number",
     lambda b: sales.invoice(b, "INV-1", "2026-11-06", outbounds=["OUT-1"]), ["field 'no'", "发票 INV-1 已存在"],
     lambda b: sales.invoice(b, "INV-2", "2026-11-06", outbounds=["OUT-1"])),
    ("credit_limit_exceeded_without_approval",
     lambda b: sales.create_sales_order(b, "SO-2", "2026-11-04", "C002", [{"item": "A001", "qty": "1"}]),
     ["customer C002 credit limit 1,000.00 exceeded", "this order 1,130.00", "needs a manager's approval"],
     lambda b: sales.create_sales_order(b, "SO-2", "2026-11-04", "C002", [{"item": "A001", "qty": "1"}],
                                        approved_by="销售经理")),
]

QTY_CASES = [("-1", "数量 '-1' 必须大于零"), ("0", "数量 '0' 必须大于零"),
             ("1000000000", "数量 '1000000000' 不合理"), ("1e30", "'1e30' 不是数字"),
             ("1.00001", "'1.00001' 的小数超过 4 位"), ("NaN", "'NaN' 不是数字"),
             ("十", "'十' 不是数字")]

DATE_CASES = [("2026-02-30", "日期 '2026-02-30' 不存在"), ("2026-11-31", "日期 '2026-11-31' 不存在"),
              ("2026-13-01", "日期 '2026-13-01' 不存在"), ("30/11/2026", "日期 '30/11/2026' 不是 YYYY-MM-DD 格式"),
              ("2026-10-15", "日期 2026-10-15 早于账套启用期间 2026-11")]


def refuse_then_accept(book, zf, bad, fragments, good):
    before = zf.snapshot(book)
    with pytest.raises(Rejected) as refused:
        bad(book)
    message = str(refused.value)
    for fragment in fragments:
        assert fragment in message
    assert zf.snapshot(book) == before, "a refused document changed the book"
    good(book)
    zf.assert_books_tie(book)
    return message


@pytest.mark.parametrize("bad, fragments, good", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_use_case_refuses_and_leaves_the_book_unchanged(busy, zf, bad, fragments, good):
    refuse_then_accept(busy, zf, bad, fragments, good)


@pytest.mark.parametrize("qty, reason", QTY_CASES, ids=[q for q, _ in QTY_CASES])
def test_negative_zero_and_absurd_quantities_are_refused(busy, zf, qty, reason):
    refuse_then_accept(busy, zf, ship("OUT-2", "A001", qty), ["line 1", "field 'qty'", reason],
                       ship("OUT-2", "A001", "2.5"))
    assert zf.stock(busy, "A001", "W01")[0] == zf.D("37.5")


@pytest.mark.parametrize("date, reason", DATE_CASES, ids=[d for d, _ in DATE_CASES])
def test_impossible_dates_are_refused(busy, zf, date, reason):
    refuse_then_accept(busy, zf, lambda b: cash.receipt(b, "RC-1", date, "C001", "100.00", "100201"),
                       [reason], lambda b: cash.receipt(b, "RC-1", "2026-11-30", "C001", "100.00", "100201"))


def test_refusal_names_every_problem_of_a_document(busy, zf):
    message = refuse_then_accept(
        busy, zf,
        lambda b: sales.ship(b, "OUT-2", "2026-11-04", "SO-1", "W01",
                             [{"item": "A001", "qty": "-1"}, {"item": "ZZZ", "qty": "1"}, {"item": "B002", "qty": "11"}]),
        ["line 1: field 'qty': 数量 '-1' 必须大于零", "line 2 field 'item': 商品 'ZZZ' 不存在"],
        ship("OUT-2", "B002", "10"))
    assert "line 3" not in message or "数量 11 超过 SO-1 尚未执行的 10" in message


def test_shipping_more_than_on_hand_is_refused_even_when_the_order_allows_it(busy, zf):
    # 90 still open on SO-1 but only 40 of A001 in W01: stock never goes negative
    refuse_then_accept(busy, zf, ship("OUT-2", "A001", "90"), ["数量 90 超过 A001 在仓库 W01 的库存 40"],
                       ship("OUT-2", "A001", "40"))
    assert zf.stock(busy, "A001", "W01") == (zf.D("0"), zf.D("0.00"))
    refuse_then_accept(busy, zf, ship("OUT-3", "A001", "1"), ["数量 1 超过 A001 在仓库 W01 的库存 0"],
                       lambda b: None)


def test_credit_limit_counts_open_orders(book, zf):
    sales.create_sales_order(book, "SO-1", "2026-11-02", "C002", [{"item": "B002", "qty": "100", "price": "9.00"}])
    message = refuse_then_accept(
        book, zf, lambda b: sales.create_sales_order(b, "SO-2", "2026-11-02", "C002", [{"item": "B002", "qty": "12",
                                                                                         "price": "9.00"}]),
        ["credit limit 1,000.00 exceeded", "owed and on order 900.00", "this order 108.00"],
        lambda b: sales.create_sales_order(b, "SO-2", "2026-11-02", "C002", [{"item": "B002", "qty": "11",
                                                                              "price": "9.00"}]))
    assert "needs a manager's approval" in message


def test_credit_limit_counts_shipped_goods_once_and_only_the_customer_s_own(book, zf):
    """Shipped goods move from 'on order' to the receivable (revenue at shipment): counted once. Another
    customer's shipments of the same item count nothing."""
    sales.create_sales_order(book, "SO-1", "2026-11-02", "C002", [{"item": "B002", "qty": "100", "price": "9.00"}])
    sales.ship(book, "OUT-1", "2026-11-03", "SO-1", "W01", [{"item": "B002", "qty": "40"}])
    sales.create_sales_order(book, "SO-9", "2026-11-02", "C001", [{"item": "B002", "qty": "50", "price": "9.00"}])
    sales.ship(book, "OUT-9", "2026-11-03", "SO-9", "W01", [{"item": "B002", "qty": "50"}])
    refuse_then_accept(
        book, zf, lambda b: sales.create_sales_order(b, "SO-2", "2026-11-04", "C002", [{"item": "B002", "qty": "12",
                                                                                         "price": "9.00"}]),
        ["owed and on order 900.00", "this order 108.00"],  # 360.00 receivable + 540.00 still to ship
        lambda b: sales.create_sales_order(b, "SO-2", "2026-11-04", "C002", [{"item": "B002", "qty": "11",
                                                                              "price": "9.00"}]))


def test_an_invoice_number_is_never_used_twice(book, zf):
    for n in (1, 2):
        sales.create_sales_order(book, f"SO-{n}", "2026-11-02", "C001", [{"item": "A001", "qty": "1"}])
        sales.ship(book, f"OUT-{n}", "2026-11-03", f"SO-{n}", "W01", [{"item": "A001", "qty": "1"}])
    sales.invoice(book, "INV-1", "2026-11-05", nos=["OUT-1"], vat_no="12345678", vat_code="3300231130")
    refuse_then_accept(
        book, zf, lambda b: sales.invoice(b, "INV-2", "2026-11-06", nos=["OUT-2"], vat_no="12345678",
                                          vat_code="3300231130"),
        ["field 'vat_no'", "发票 3300231130/12345678 已用于 INV-1"],
        lambda b: sales.invoice(b, "INV-2", "2026-11-06", nos=["OUT-2"], vat_no="12345678", vat_code="3300231131"))


def test_approved_order_over_the_credit_limit_records_who_approved(book, zf):
    doc = sales.create_sales_order(book, "SO-1", "2026-11-02", "C002", [{"item": "A001", "qty": "1"}],
                                   approved_by="销售经理")
    assert book.session.get(Document, doc.id).approved_by == "销售经理"
    small = sales.create_sales_order(book, "SO-2", "2026-11-02", "C003", [{"item": "A001", "qty": "1"}],
                                     approved_by="销售经理")
    assert book.session.get(Document, small.id).approved_by is None  # no limit to exceed, nothing to approve


def test_document_in_a_closed_period_is_refused(busy, zf):
    busy.user = "会计"  # the reviewer is not the preparer
    vouchers.post_period(busy, "2026-11")
    close_period(busy, "2026-11")
    for bad in (ship("OUT-2", "A001", "1", date="2026-11-20"),
                lambda b: cash.receipt(b, "RC-1", "2026-11-20", "C001", "100.00", "100201"),
                expense({"account": "5603", "debit": "10.00"}, {"account": "100201", "credit": "10.00"},
                        date="2026-11-20")):
        refuse_then_accept(busy, zf, bad, ["期间 2026-11 已结账", "2026-11-20"], lambda b: None)
    refuse_then_accept(busy, zf, ship("OUT-2", "A001", "1", date="2026-11-20"), ["期间 2026-11 已结账"],
                       ship("OUT-2", "A001", "1", date="2026-12-01"))
    with pytest.raises(Rejected) as refused:
        zf.docs(busy, {"type": "receipt", "no": "RC-1", "date": "2026-11-30", "customer": "C001",
                       "amount": "1.00", "account": "100201"})
    assert "documents[0] (receipt RC-1) field 'date': 期间 2026-11 已结账（日期 2026-11-30）" in str(refused.value)


# ---- through import_data: all or nothing, every problem with its place -------------------------------

RECEIPT = {"type": "receipt", "no": "RC-9", "date": "2026-11-10", "customer": "C003", "amount": "100.00",
           "account": "100201"}


def out2(item, qty, **kw):
    return {"type": "outbound", "no": "OUT-2", "date": "2026-11-04", "order": "SO-1", "warehouse": "W01",
            "lines": [{"item": item, "qty": qty}], **kw}


IMPORT_CASES = [
    ("over_shipping", out2("B002", "11"), "documents[1] (outbound OUT-2) line 1: 数量 11 超过 SO-1 尚未执行的 10",
     out2("B002", "10")),
    ("ship_more_than_on_hand", out2("A001", "41"),
     "documents[1] (outbound OUT-2) line 1: 数量 41 超过 A001 在仓库 W01 的库存 40", out2("A001", "40")),
    ("over_invoicing", {"type": "invoice", "no": "INV-2", "date": "2026-11-06",
                        "lines": [{"outbound": "OUT-1", "item": "A001", "qty": "41"}]},
     "documents[1] (invoice INV-2) line 1: 数量 41 超过 OUT-1 上 A001 已出库未开票的 40",
     {"type": "invoice", "no": "INV-2", "date": "2026-11-06", "lines": [{"outbound": "OUT-1", "item": "A001", "qty": "40"}]}),
    ("over_returning", {"type": "sales_return", "no": "SR-1", "date": "2026-11-06", "outbound": "OUT-1",
                        "warehouse": "W01", "lines": [{"item": "C003", "qty": "3"}]},
     "documents[1] (sales_return SR-1) line 1: 数量 3 超过 OUT-1 上 C003 已出库且未退货的 2",
     {"type": "sales_return", "no": "SR-1", "date": "2026-11-06", "outbound": "OUT-1", "warehouse": "W01",
      "lines": [{"item": "C003", "qty": "2"}]}),
    ("unknown_item", out2("ZZZ", "1"), "documents[1] (outbound OUT-2) line 1 field 'item': 商品 'ZZZ' 不存在",
     out2("A001", "1")),
    ("unknown_customer", {"type": "sales_order", "no": "SO-2", "date": "2026-11-04", "customer": "C999",
                          "lines": [{"item": "A001", "qty": "1"}]},
     "documents[1] (sales_order SO-2) field 'customer': 客户 'C999' 不存在",
     {"type": "sales_order", "no": "SO-2", "date": "2026-11-04", "customer": "C001", "lines": [{"item": "A001", "qty": "1"}]}),
    ("non_leaf_account", {"type": "voucher", "date": "2026-11-10", "summary": "手续费",
                          "lines": [{"account": "5603", "debit": "5.00"}, {"account": "1002", "credit": "5.00"}]},
     "documents[1] (voucher 手续费) line 2: 科目 1002 银行存款 有下级科目",
     {"type": "voucher", "date": "2026-11-10", "summary": "手续费",
      "lines": [{"account": "5603", "debit": "5.00"}, {"account": "100201", "credit": "5.00"}]}),
    ("missing_customer_on_1122", {"type": "voucher", "date": "2026-11-10", "summary": "补记",
                                  "lines": [{"account": "1122", "debit": "5.00"}, {"account": "5051", "credit": "5.00"}]},
     "documents[1] (voucher 补记) line 1: 科目 1122 应收账款 需要填写客户",
     {"type": "voucher", "date": "2026-11-10", "summary": "补记",
      "lines": [{"account": "1122", "customer": "C003", "debit": "5.00"}, {"account": "5051", "credit": "5.00"}]}),
    ("unbalanced_voucher", {"type": "voucher", "date": "2026-11-10", "summary": "手续费",
                            "lines": [{"account": "5603", "debit": "5.00"}, {"account": "100201", "credit": "5.01"}]},
     "documents[1] (voucher 手续费): 借方合计 5.00 与贷方合计 5.01 不相等",
     {"type": "voucher", "date": "2026-11-10", "summary": "手续费",
      "lines": [{"account": "5603", "debit": "5.01"}, {"account": "100201", "credit": "5.01"}]}),
    ("three_decimals", dict(RECEIPT, no="RC-1", amount="5.005"),
     "documents[1] (receipt RC-1) field 'amount': '5.005' 的小数超过 2 位", dict(RECEIPT, no="RC-1", amount="5.01")),
    ("zero_quantity", out2("A001", "0"), "documents[1] (outbound OUT-2) line 1: field 'qty': 数量 '0' 必须大于零",
     out2("A001", "1")),
    ("absurd_quantity", out2("A001", "99999999999"),
     "documents[1] (outbound OUT-2) line 1: field 'qty': 数量 '99999999999' 不合理", out2("A001", "1")),
    ("impossible_date", dict(out2("A001", "1"), date="2026-02-29"),
     "documents[1] (outbound OUT-2): field 'date': 日期 '2026-02-29' 不存在", out2("A001", "1")),
    ("reused_number", dict(out2("A001", "1"), no="OUT-1"), "documents[1] (outbound OUT-1) field 'no': 销售出库单 OUT-1 已存在", out2("A001", "1")),
    ("credit_limit", {"type": "sales_order", "no": "SO-2", "date": "2026-11-04", "customer": "C002",
                      "lines": [{"item": "A001", "qty": "1"}]},
     "documents[1] (sales_order SO-2): customer C002 credit limit 1,000.00 exceeded",
     {"type": "sales_order", "no": "SO-2", "date": "2026-11-04", "customer": "C002",
      "lines": [{"item": "A001", "qty": "1", "price": "999.99"}]}),
    ("unknown_field", dict(out2("A001", "1"), approved_by="老板"),
     "documents[1] (outbound OUT-2): field 'approved_by' is not known", out2("A001", "1")),
]


@pytest.mark.parametrize("bad, expected, good", [c[1:] for c in IMPORT_CASES], ids=[c[0] for c in IMPORT_CASES])
def test_import_refuses_the_whole_file_and_names_the_place(busy, zf, bad, expected, good):
    before = zf.snapshot(busy)
    with pytest.raises(Rejected) as refused:
        zf.docs(busy, RECEIPT, bad)  # the valid receipt before the bad document is not kept either
    assert expected in str(refused.value)
    assert all(p.where.startswith("documents[1]") for p in refused.value.problems)
    assert zf.snapshot(busy) == before
    zf.docs(busy, RECEIPT, good)
    assert any(v["source"] == {"type": "receipt", "no": "RC-9"} for v in zf.vouchers(busy))
    zf.assert_books_tie(busy)


def test_import_lists_every_refused_document(busy, zf):
    before = zf.snapshot(busy)
    with pytest.raises(Rejected) as refused:
        zf.docs(busy, out2("B002", "11"), RECEIPT, dict(RECEIPT, no="RC-10", customer="C999"),
                {"type": "invoice", "no": "INV-2", "date": "2026-11-06", "outbounds": ["OUT-9"]})
    places = [p.where for p in refused.value.problems]
    assert places == ["documents[0] (outbound OUT-2) line 1", "documents[2] (receipt RC-10) field 'customer'",
                      "documents[3] (invoice INV-2) field 'outbounds[0]'"]
    assert zf.snapshot(busy) == before


def test_import_refuses_a_document_number_used_twice_in_one_file(busy, zf):
    before = zf.snapshot(busy)
    with pytest.raises(Rejected) as refused:
        zf.docs(busy, out2("A001", "1"), dict(out2("A001", "1"), date="2026-11-05"))
    assert str(refused.value) == "documents[1] (outbound OUT-2) field 'no': 销售出库单 OUT-2 已存在"
    assert zf.snapshot(busy) == before


def test_import_refuses_opening_stock_that_does_not_match_the_inventory_account(new_book, zf):
    book = new_book(master=None)
    data = {"items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13"}],
            "warehouses": [{"code": "W01", "name": "主仓"}],
            "opening_balances": {"date": "2026-10-31", "lines": [
                {"account": "1405", "item": "A001", "debit": "60000.00"}, {"account": "3001", "credit": "60000.00"}]},
            "opening_stock": [{"item": "A001", "warehouse": "W01", "qty": "100", "unit_cost": "600.01"}]}
    with pytest.raises(Rejected) as refused:
        import_data(book, data)
    assert "opening stock is worth 60001.00 but the opening balance of 1405 for it is 60000.00" in str(refused.value)
    assert book.session.query(Item).count() == 0  # all or nothing: not even the items section is kept
    data["opening_stock"][0]["unit_cost"] = "600.00"
    import_data(book, data)
    assert zf.stock(book, "A001", "W01") == (zf.D("100"), zf.D("60000.00"))
    zf.assert_books_tie(book)
