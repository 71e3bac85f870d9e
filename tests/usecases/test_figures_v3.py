"""Issue 27, wrong figures: each test reproduces a statement or ledger figure that came out wrong,
through the use cases the CLI calls, against figures worked by hand."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from interchange.importer import import_data
from reports.cash_flow import cash_flow
from storage.queries.checks import run_checks
from usecases.setup import init_book

F = "zhangfang-interchange/1"
BANK = {"code": "100201", "name": "工商银行基本户", "parent": "1002"}
MASTER = {"format": F, "accounts": [BANK], "suppliers": [{"code": "S1", "name": "苏州精工部件厂"}],
          "opening_balances": {"date": "2026-10-31", "lines": [{"account": "100201", "debit": "500000.00"},
                                                                {"account": "3001", "credit": "500000.00"}]}}
TRUCK = {"type": "fixed_asset", "no": "FA-1", "date": "2026-11-10", "name": "货车", "category": "运输工具",
         "cost": "36000.00", "tax": "4680.00", "life_months": 60, "residual_rate": "0.05",
         "expense_account": "5601", "account": "220201", "supplier": "S1"}


def broken(book):
    return {k: v for k, v in run_checks(book).items() if v}


@pytest.fixture
def book(tmp_path):
    b = init_book(tmp_path / "b.sqlite", "测试公司", "2026-11", user="会计")
    import_data(b, MASTER)
    yield b
    b.close()


def add(book, *documents, **sections):
    import_data(book, {"format": F, **sections, **({"documents": list(documents)} if documents else {})})


def flows(book, first, last):
    """The 现金流量表's rows with a figure for the range (row → amount)."""
    return {r.row: r.values[1] for r in cash_flow(book, first, last)["rows"] if r.values[1] and r.row < 7
            or r.row in (8, 9, 10, 11, 12) and r.values[1]}


def test_paying_for_an_asset_bought_on_credit_is_capital_expenditure(book):
    add(book, TRUCK, {"type": "payment", "no": "PAY-1", "date": "2026-11-20", "supplier": "S1",
                      "amount": "40680.00", "account": "100201"})
    assert flows(book, "2026-11", "2026-11") == {12: D("40680.00")}
    assert broken(book) == {}


def test_disposal_proceeds_are_all_on_row_10(book):
    add(book, {**TRUCK, "account": "100201", "supplier": None},
        {"type": "asset_disposal", "no": "FD-1", "date": "2026-12-15", "asset": "FA-1",
         "proceeds": "30000.00", "account": "100201"})
    assert flows(book, "2026-12", "2026-12") == {10: D("30000.00")}
    assert broken(book) == {}


def test_selling_a_used_asset_books_its_output_vat(book):
    from reports.vouchers import journal
    # 36,000.00 bought 2026-11, December charged 570.00 on the disposal; sold for 33,900.00 incl. 3,900.00 VAT:
    # 1606 gets 30,000.00 against a net value of 35,430.00 → loss 5,430.00
    add(book, {**TRUCK, "account": "100201", "supplier": None},
        {"type": "asset_disposal", "no": "FD-1", "date": "2026-12-15", "asset": "FA-1",
         "proceeds": "33900.00", "tax": "3900.00", "account": "100201"})
    fd = next(v for v in journal(book, "2026-12", "2026-12") if v["source"]["no"] == "FD-1")
    sums = {}
    for ln in fd["lines"]:
        d, c = sums.get(ln["account"], (D(0), D(0)))
        sums[ln["account"]] = (d + D(ln["debit"]), c + D(ln["credit"]))
    assert sums["22210102"] == (D("0.00"), D("3900.00"))
    assert sums["5711"] == (D("5430.00"), D("0.00"))
    assert sums["100201"] == (D("33900.00"), D("0.00"))
    assert flows(book, "2026-12", "2026-12") == {10: D("33900.00")}
    assert broken(book) == {}
