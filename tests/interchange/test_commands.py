"""Reading interchange rows into typed commands: exact values out, every typing mistake in its place."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from decimal import Decimal as D

import pytest

from domain.errors import Rejected
from interchange import commands as read
from usecases import commands as c


def test_an_outbound_row_becomes_a_typed_command():
    cmd = read.READERS["outbound"]({"type": "outbound", "date": "2026-11-03", "order": "SO1", "warehouse": "W01",
                                    "lines": [{"item": "A001", "qty": "2.5"}]})
    assert cmd == c.Movement(dt.date(2026, 11, 3), "SO1", "W01", (c.MovedLine("A001", Decimal("2.5")),), None)
    with pytest.raises(AttributeError):  # frozen: a use case cannot quietly change what was asked
        cmd.order = "SO2"  # type: ignore[misc]


def test_an_order_line_keeps_only_what_it_says():
    cmd = read.READERS["sales_order"]({"date": "2026-11-02", "customer": "C1", "no": "SO-7", "lines": [
        {"item": "A1", "qty": "3"},
        {"item": "B2", "qty": "1", "price": "100", "tax_rate": "0.06", "price_includes_tax": False}]})
    assert cmd.no == "SO-7" and cmd.party == "C1"
    assert cmd.lines[0] == c.PricedLine("A1", Decimal("3"))  # the item's price and rate, later, from the book
    assert cmd.lines[1] == c.PricedLine("B2", Decimal("1"), Decimal("100"), Decimal("0.06"), False)


def test_every_typing_mistake_is_named_with_its_place_at_once():
    with pytest.raises(Rejected) as e:
        read.READERS["sales_order"]({"date": "2026-13-01", "customer": "C1", "lines": [
            {"item": "A1", "qty": "1", "price": "abc"}, {"item": "A1", "qty": "-2"}, "x"]})
    assert [str(p) for p in e.value.problems] == [
        "field 'date': 日期 '2026-13-01' 不存在",
        "line 1 field 'price': 'abc' 不是数字",
        "line 2: field 'qty': 数量 '-2' 必须大于零",
        "line 3: must be an object",
    ]


def test_money_allocations_absent_empty_and_wrong():
    base = {"date": "2026-11-20", "customer": "C1", "amount": "3390.00", "account": "1002"}
    assert read.READERS["receipt"](base).allocations is None  # the oldest invoices first
    assert read.READERS["receipt"]({**base, "allocations": []}).allocations == ()  # left unapplied
    cmd = read.READERS["receipt"]({**base, "allocations": [{"invoice": "INV1", "amount": "100.5"}]})
    assert cmd.amount == Decimal("3390.00") and cmd.allocations == (c.Allocation("INV1", Decimal("100.50")),)
    with pytest.raises(Rejected) as e:
        read.READERS["receipt"]({**base, "amount": "1.001", "allocations": [{"invoice": "INV1", "amount": "x"}]})
    assert [str(p) for p in e.value.problems] == [
        "field 'amount': '1.001' 的小数超过 2 位",
        "allocations[0]: field 'amount': 'x' 不是数字",
    ]


def test_a_red_invoice_line_reads_goods_or_an_allowance():
    cmd = read.READERS["credit_note"]({"date": "2026-11-09", "invoice": "INV1", "lines": [
        {"item": "A1", "qty": "1"}, {"item": "A1", "amount": "10.00", "line": 2}]})
    assert cmd.lines == (c.RedLine("A1", qty=Decimal("1")), c.RedLine("A1", amount=Decimal("10.00"), line=2))
    with pytest.raises(Rejected, match=r"line 1: field 'line': an invoice line number"):
        read.READERS["credit_note"]({"date": "2026-11-09", "invoice": "INV1",
                                     "lines": [{"item": "A1", "amount": "1.00", "line": "2"}]})


def test_a_manual_voucher_reads_red_entries_and_dimensions():
    cmd = read.READERS["voucher"]({"date": "2026-11-30", "summary": "冲销", "lines": [
        {"account": "6602", "debit": "-5.00"}, {"account": "1122", "credit": "-5.00", "customer": "C1"}]})
    assert cmd.word == "记"
    assert cmd.lines == (c.Entry("6602", debit=Decimal("-5.00")),
                         c.Entry("1122", credit=Decimal("-5.00"), customer="C1"))
    with pytest.raises(Rejected, match=r"^field 'date'"):
        read.READERS["voucher"]({"date": "30/11/2026", "summary": "x", "lines": []})


def test_a_fixed_asset_and_its_disposal_read_as_typed_values():
    cmd = read.READERS["fixed_asset"]({"date": "2026-11-10", "name": "叉车", "category": "运输设备", "cost": "50000.00",
                                       "tax": "6500.00", "life_months": "60", "expense_account": "560201",
                                       "account": "100201"})
    assert (cmd.cost, cmd.tax, cmd.life_months, cmd.residual_rate) == (D("50000.00"), D("6500.00"), 60, D(0))
    with pytest.raises(Rejected) as e:
        read.READERS["fixed_asset"]({"date": "2026-11-10", "name": "叉车", "cost": "5万", "life_months": "五年"})
    assert [str(p) for p in e.value.problems] == ["field 'cost': '5万' 不是数字",
                                                  "field 'life_months': '五年' is not a number of months from 1 to 1200"]
    sold = read.READERS["asset_disposal"]({"date": "2026-12-01", "asset": "FA-1"})
    assert sold.proceeds == D("0.00") and sold.account is None


def test_a_bank_statement_line_keeps_its_number_and_names_each_mistake():
    cmd = read.READERS["bank_statement"]({"account": "ICBC", "lines": [
        {"date": "2026-11-03", "amount": "-12.50", "counterparty": "电费", "bank_ref": "A1"},
        {"date": "2026-11-03", "amount": "-12.50", "counterparty": "电费", "bank_ref": "A1"}]})
    assert [(ln.row, ln.amount) for ln in cmd.lines] == [(1, D("-12.50")), (2, D("-12.50"))]
    with pytest.raises(Rejected) as e:
        read.READERS["bank_statement"]({"account": "ICBC", "lines": [{"date": "2026-11-03", "amount": "0",
                                                                      "bank_ref": "A1", "memo": "x"}]})
    assert [str(p) for p in e.value.problems] == ["line 1 field 'memo': is not a field of a bank line",
                                                  "line 1 field 'amount': must not be 0.00"]


def test_opening_stock_names_a_typing_mistake_and_an_unknown_item_together(tmp_path):
    from interchange.importer import import_data
    from usecases.setup import init_book
    book = init_book(tmp_path / "b.sqlite", "测试公司", "2026-11")
    try:
        import_data(book, {"warehouses": [{"code": "W01", "name": "主仓"}]})
        with pytest.raises(Rejected) as e:
            import_data(book, {"opening_stock": [{"item": "ZZ", "warehouse": "W01", "qty": "-1", "unit_cost": "5"}]})
        assert [str(p) for p in e.value.problems] == [
            "opening_stock [0] field 'qty': 数量 '-1' 必须大于零",
            "opening_stock [0] field 'item': 商品 'ZZ' 不存在"]
    finally:
        book.close()


def test_a_voucher_template_reads_typed_and_names_every_problem(tmp_path):
    from interchange.importer import import_data
    from usecases.setup import init_book
    tpl = read.voucher_template({"code": "GZ", "summary": "计提工资", "lines": [
        {"account": "5602", "ask": True}, {"account": "2211", "credit": "100"}, {"account": "1001"}]})
    assert tpl.lines == (c.TemplateLine("5602", ask="debit"), c.TemplateLine("2211", credit=D("100.00")),
                         c.TemplateLine("1001"))
    book = init_book(tmp_path / "b.sqlite", "测试公司", "2026-11")
    try:
        with pytest.raises(Rejected) as e:
            import_data(book, {"voucher_templates": [{"code": "FZ", "summary": "房租", "lines": [
                {"account": "9999", "debit": "100"}, {"account": "1002", "credit": "1O0"}]}]})
        assert [str(p) for p in e.value.problems] == [
            "voucher_templates[0] (FZ) line 2: field 'credit': '1O0' 不是数字",
            "voucher_templates[0] (FZ) line 1: field 'account': account '9999' does not exist"]
    finally:
        book.close()


HOSTILE = [  # (section, rows, a fragment of the refusal): found by a review that fed ~2,300 odd imports
    ("opening_documents", [{"type": "outbound", "no": "OD-1", "date": "2026-10-31", "customer": "C1",
                            "warehouse": "W01", "lines": 5}], "field 'lines': at least one line is required"),
    ("opening_documents", [{"type": "outbound", "no": "OD-1", "customer": "C1", "warehouse": "W01",
                            "lines": [{"item": "ZZZ", "qty": "x"}]}],
     "opening_documents [0] (OD-1) line 1 field 'item': 商品 'ZZZ' 不存在"),
    ("documents", [{"type": "fixed_asset", "date": "2026-11-10", "name": "叉车", "category": "运输设备",
                    "cost": "5000.00", "life_months": "60", "residual_rate": False, "expense_account": "5602",
                    "account": "1001"}], "field 'residual_rate': 数字必须以文字给出，不能是 是/否"),
    ("documents", [{"type": "fixed_asset", "date": "2026-11-10", "name": "叉车", "category": "运输设备",
                    "cost": "5000.00", "life_months": "１２", "expense_account": "5602", "account": "1001"}],
     "field 'life_months'"),
    ("documents", [{"type": "fixed_asset", "date": "2026-11-10", "name": "叉车", "category": "运输设备",
                    "cost": "5000.00", "life_months": "60", "expense_account": "5602", "account": "1001",
                    "supplier": 5}], "field 'supplier': a supplier code is required"),
    ("documents", [{"type": "voucher", "date": "2026-11-10", "summary": "x",
                    "lines": [{"account": [], "debit": "1"}, {"account": "1001", "credit": "1"}]}],
     "line 1: field 'account': is required"),
    ("documents", [{"type": "bank_statement", "account": "1001", "lines": [
        {"date": "2026-11-03", "amount": "5", "bank_ref": "A1", "counterparty": False}]}],
     "field 'counterparty': must be text"),
]


@pytest.mark.parametrize("section, rows, fragment", HOSTILE)
def test_hostile_rows_are_refused_in_words(tmp_path, section, rows, fragment):
    from interchange.importer import import_data
    from usecases.setup import init_book
    book = init_book(tmp_path / "b.sqlite", "测试公司", "2026-11")
    try:
        import_data(book, {"customers": [{"code": "C1", "name": "甲"}], "warehouses": [{"code": "W01", "name": "主仓"}]})
        with pytest.raises(Rejected) as e:
            import_data(book, {section: rows})
        assert fragment in str(e.value)
    finally:
        book.close()
