"""Master-data validation: every kind of bad row is refused with the field and the reason."""
from __future__ import annotations

from decimal import Decimal

import pytest

from domain.errors import Rejected
from domain.master import (
    parse_account,
    parse_bank_account,
    parse_customer,
    parse_item,
    parse_supplier,
    parse_warehouse,
)


def problems(fn, row):
    with pytest.raises(Rejected) as e:
        fn(row)
    return [(p.where, p.code) for p in e.value.problems]


def test_a_valid_customer_keeps_its_figures():
    c = parse_customer({"code": "C001", "name": "华东机电有限公司", "tax_id": "91310000MA1K000019",
                        "credit_limit": "200000.00", "payment_days": 45})
    assert c.credit_limit == Decimal("200000.00") and c.payment_days == 45 and c.tax_id == "91310000MA1K000019"


@pytest.mark.parametrize("row, field, reason", [
    ({"name": "无编码公司"}, "code", "is_required"),
    ({"code": "C 1", "name": "空格"}, "code", "bad_code_chars"),
    ({"code": "C1"}, "name", "is_required"),
    ({"code": "C1", "name": "x", "tax_id": "91330100MA2H000001"}, "tax_id", "credit_code_of"),
    ({"code": "C1", "name": "x", "tax_id": "1234"}, "tax_id", "credit_code_of"),
    ({"code": "C1", "name": "x", "credit_limit": "12.345"}, "credit_limit", "too_many_decimals"),
    ({"code": "C1", "name": "x", "credit_limit": 100.5}, "credit_limit", "number_must_be_text"),
    ({"code": "C1", "name": "x", "payment_days": -3}, "payment_days", "whole_number_range"),
    ({"code": "C1", "name": "x", "colour": "red"}, "", "not_known_field"),
])
def test_bad_customer_rows_name_field_and_reason(row, field, reason):
    found = problems(parse_customer, row)
    assert any((where == f"field '{field}'" if field else not where) and code == reason for where, code in found), found


def test_every_problem_of_a_row_is_reported_together():
    found = problems(parse_customer, {"code": "", "name": "", "credit_limit": "abc"})
    assert len(found) == 3


@pytest.mark.parametrize("rate", ["0.17", "0.11", "0.16", "1.3"])
def test_items_refuse_rates_not_in_force(rate):
    found = problems(parse_item, {"code": "Z17", "name": "旧税率商品", "unit": "个", "tax_rate": rate})
    assert ("field 'tax_rate'", "vat_rate_not_in_force") in found or ("field 'tax_rate'", "rate_range") in found


@pytest.mark.parametrize("rate", ["0", "0.005", "0.01", "0.015", "0.03", "0.05", "0.06", "0.09", "0.13"])
def test_items_accept_every_rate_in_force(rate):
    assert parse_item({"code": "A1", "name": "商品", "unit": "个", "tax_rate": rate}).tax_rate == Decimal(rate)


def test_a_book_may_configure_its_own_rates():
    only = (Decimal("0.03"),)
    assert parse_item({"code": "A1", "name": "x", "unit": "个", "tax_rate": "0.03"}, only).tax_rate == Decimal("0.03")
    with pytest.raises(Rejected):
        parse_item({"code": "A1", "name": "x", "unit": "个", "tax_rate": "0.13"}, only)


def test_item_needs_a_unit_and_a_sane_price():
    found = problems(parse_item, {"code": "A1", "name": "x", "tax_rate": "0.13", "price": "-1"})
    assert ("field 'unit'", "is_required") in found and ("field 'price'", "price_negative") in found


def test_suppliers_warehouses_and_bank_accounts_validate_too():
    assert problems(parse_supplier, {"code": "S1", "name": "x", "tax_id": "91330100MA2H000001"})
    assert problems(parse_warehouse, {"code": "W1"})
    assert problems(parse_bank_account, {"code": "B1", "name": "基本户"})  # no ledger account
    assert parse_bank_account({"code": "B1", "name": "基本户", "account": "100201",
                               "number": "6222020200112233445"}).number == "6222020200112233445"


@pytest.mark.parametrize("row, reason", [
    ({"code": "100201", "name": "工行", "parent": "1001"}, "sub_account_code"),
    ({"code": "1002001", "name": "工行", "parent": "1002"}, "sub_account_code"),
    ({"code": "10A2", "name": "工行", "parent": "1002"}, "must_be_digits"),
    ({"code": "112201", "name": "x", "parent": "1122", "aux": "project"}, "not_one_of"),
])
def test_sub_account_codes_extend_their_parent(row, reason):
    assert any(code == reason for _, code in problems(parse_account, row))
