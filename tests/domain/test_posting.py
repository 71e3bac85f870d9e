"""Posting templates turn an event and its amounts into voucher lines; code names no account."""
from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from domain.posting import EventLine, build_lines, load_template_set
from domain.voucher import AccountRule, LineDraft, VoucherDraft, check_draft

D = Decimal
POSTING = Path(__file__).parents[2] / "resources" / "posting"


@pytest.fixture(scope="module")
def shipment():
    return load_template_set(tomllib.loads((POSTING / "revenue_at_shipment.toml").read_text(encoding="utf-8")))


def lines_of(tset, event, *event_lines):
    return [(ln.account, ln.debit, ln.credit, ln.customer, ln.item)
            for ln in build_lines(tset.events[event], list(event_lines), "摘要")]


def test_outbound_writes_the_worked_example_voucher(shipment):
    amounts = {"gross": D("67800.00"), "net": D("60000.00"), "tax": D("7800.00"), "cost": D("36000.00")}
    got = lines_of(shipment, "outbound", EventLine(amounts, customer=1, item=7, qty=D(60)))
    assert got == [("1122", D("67800.00"), 0, 1, None), ("5001", 0, D("60000.00"), None, None),
                   ("222103", 0, D("7800.00"), None, None), ("5401", D("36000.00"), 0, None, None),
                   ("1405", 0, D("36000.00"), None, 7)]


def test_a_return_is_red_on_the_same_sides(shipment):
    amounts = {"gross": D("11300.00"), "net": D("10000.00"), "tax": D("1300.00"), "cost": D("6000.00")}
    got = lines_of(shipment, "sales_return", EventLine(amounts, customer=1, item=7, qty=D(10)))
    assert ("1122", D("-11300.00"), 0, 1, None) in got
    assert ("1405", 0, D("-6000.00"), None, 7) in got


def test_lines_of_one_customer_merge_and_zero_tax_disappears(shipment):
    a = {"gross": D("100.00"), "net": D("100.00"), "tax": D("0.00"), "cost": D("50.00")}
    got = lines_of(shipment, "outbound", EventLine(a, customer=1, item=7), EventLine(a, customer=1, item=8))
    assert [g[0] for g in got] == ["1122", "5001", "5401", "1405", "1405"]
    assert got[0][1] == D("200.00")


def test_both_template_sets_load_every_event():
    for name in ("revenue_at_shipment", "revenue_at_invoice"):
        tset = load_template_set(tomllib.loads((POSTING / f"{name}.toml").read_text(encoding="utf-8")))
        assert {"outbound", "invoice", "receipt", "sales_return", "credit_note_goods", "credit_note_allowance",
                "inbound", "purchase_invoice", "payment", "purchase_return"} <= set(tset.events)
        assert tset.role("receivable") == "1122"


def test_a_template_with_an_unknown_amount_is_refused():
    with pytest.raises(ValueError):
        load_template_set({"name": "x", "events": {"e": {"lines": [{"account": "1", "side": "debit", "amount": "vat"}]}}})


RULES = {"1122": AccountRule("1122", "应收账款", True, True, "customer"),
         "1002": AccountRule("1002", "银行存款", False, True, None),
         "5602": AccountRule("5602", "管理费用", True, True, None)}


def test_a_draft_names_every_problem():
    draft = VoucherDraft("x", [LineDraft("1002", debit=D("10.00")), LineDraft("1122", credit=D("9.99")),
                               LineDraft("9999", debit=D("1.00")), LineDraft("5602", debit=D("1"), customer=3)])
    found = [(p.where, p.code) for p in check_draft(draft, RULES)]
    assert ("line 1", "account_has_children") in found
    assert ("line 2", "account_needs_aux") in found
    assert ("line 3", "account_missing") in found
    assert ("line 4", "account_takes_no_aux") in found
    assert ("", "unbalanced") in found
