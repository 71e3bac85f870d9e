"""domain.cash_flow: a voucher's cash split over its counterparts, exactly, tax with its goods."""
from __future__ import annotations

import tomllib
from decimal import Decimal

from domain.cash_flow import Line, classify, rules_from, split_largest_remainder
from reports.layout import LAYOUTS

D = Decimal
RULES = rules_from(tomllib.loads((LAYOUTS / "cash_flow.toml").read_text(encoding="utf-8")))


def L(account, debit="0", credit="0"):
    return Line(account, D(debit), D(credit))


def test_largest_remainder_gives_the_leftover_fen_to_the_biggest_fractions():
    assert split_largest_remainder(D("100.00"), [D(1), D(1), D(1)]) == [D("33.34"), D("33.33"), D("33.33")]
    assert split_largest_remainder(D("-0.05"), [D(1), D(3)]) == [D("-0.01"), D("-0.04")]
    assert sum(split_largest_remainder(D("1234.57"), [D("0.3"), D("7"), D("13.1")])) == D("1234.57")


def test_a_receipt_is_a_sale_and_a_refund_reduces_it():
    assert classify([L("100201", debit="50000"), L("1122", credit="50000")], RULES) == {1: D("50000")}
    assert classify([L("1122", debit="200"), L("100201", credit="200")], RULES) == {1: D("-200")}


def test_a_transfer_between_cash_accounts_is_no_flow():
    assert classify([L("1001", debit="300"), L("100201", credit="300")], RULES) == {}


def test_input_vat_goes_with_the_asset_it_was_paid_on():
    flows = classify([L("1601", debit="1000"), L("22210101", debit="130"), L("100201", credit="1130")], RULES)
    assert flows == {12: D("1130.00")}


def test_tax_alone_is_taxes_paid():
    assert classify([L("222102", debit="7800"), L("100201", credit="7800")], RULES) == {5: D("7800.00")}


def test_a_mixed_payment_is_split_pro_rata_and_adds_up():
    lines = [L("2211", debit="1000"), L("5602", debit="500.01"), L("1221", debit="0.01"),
             L("100201", credit="1500.02")]
    flows = classify(lines, RULES)
    assert flows == {4: D("1000.00"), 6: D("500.02")}
    # money in and out through one voucher: the rows still net to the change in cash
    fee = classify([L("100201", debit="990"), L("5603", debit="10"), L("1122", credit="1000")], RULES)
    assert fee == {1: D("990.00")}
