"""Selling a used fixed asset at its rate (ACCOUNTING.md, version 3): `asset_disposal` takes `rate` — 13%
where the asset's input VAT was deducted (销项税额), 3% levied at 2% otherwise (简易计税, 222109) — and the
tax is worked from the tax-inclusive proceeds; 1606 receives the proceeds net of it."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.errors import Rejected
from interchange.importer import import_data
from reports.vouchers import journal
from storage.queries.checks import run_checks
from tests.usecases.test_figures_v3 import MASTER, TRUCK, F
from usecases.setup import init_book


@pytest.fixture
def book(book_target):
    b = init_book(book_target(), "测试公司", "2026-11", user="会计")
    import_data(b, MASTER)
    import_data(b, {"format": F, "documents": [{**TRUCK, "account": "100201", "supplier": None}]})
    yield b
    b.close()


def sold(book, **fields):
    import_data(book, {"format": F, "documents": [{"type": "asset_disposal", "no": "FD-1", "date": "2026-12-15",
                                                   "asset": "FA-1", "account": "100201", **fields}]})
    fd = next(v for v in journal(book, "2026-12", "2026-12") if v["source"]["no"] == "FD-1")
    sums: dict[str, tuple[D, D]] = {}
    for ln in fd["lines"]:
        d, c = sums.get(ln["account"], (D(0), D(0)))
        sums[ln["account"]] = (d + D(ln["debit"]), c + D(ln["credit"]))
    return sums


def test_at_13_percent_the_tax_goes_to_output_vat(book):
    sums = sold(book, proceeds="33900.00", rate="0.13")  # 33,900.00 / 1.13 × 13% = 3,900.00
    assert sums["22210102"] == (D("0.00"), D("3900.00"))
    assert "222109" not in sums
    assert sums["5711"] == (D("5430.00"), D("0.00"))  # 1606: 30,000.00 against a net value of 35,430.00
    assert {k: v for k, v in run_checks(book).items() if v} == {}


@pytest.fixture
def undeducted(book_target):
    """The truck bought without a special invoice: no input VAT was deducted on it."""
    b = init_book(book_target(), "测试公司", "2026-11", user="会计")
    import_data(b, MASTER)
    import_data(b, {"format": F, "documents": [{**TRUCK, "account": "100201", "supplier": None, "tax": "0.00"}]})
    yield b
    b.close()


def test_at_3_percent_levied_at_2_the_tax_is_simple_method(undeducted):
    book = undeducted
    sums = sold(book, proceeds="10300.00", rate="0.02")  # 10,300.00 / 1.03 × 2% = 200.00
    assert sums["222109"] == (D("0.00"), D("200.00"))
    assert "22210102" not in sums
    assert sums["5711"] == (D("25330.00"), D("0.00"))  # 1606: 10,100.00 against 35,430.00
    assert {k: v for k, v in run_checks(book).items() if v} == {}


def test_a_tax_as_printed_beside_the_rate_is_kept(undeducted):
    sums = sold(undeducted, proceeds="10300.00", rate="0.02", tax="200.01")
    assert sums["222109"] == (D("0.00"), D("200.01"))


def test_a_rate_the_book_may_not_charge_is_refused_by_field(book):
    with pytest.raises(Rejected) as e:
        sold(book, proceeds="10700.00", rate="0.07")
    assert any("rate" in str(p) and "7%" in str(p) for p in e.value.problems)
    assert "222109" not in book.accounts


def test_an_asset_whose_input_vat_was_deducted_may_not_be_sold_at_the_simple_rate(book):
    with pytest.raises(Rejected) as e:
        sold(book, proceeds="10300.00", rate="0.02")
    assert any("rate" in str(p) and "已抵扣进项税额" in str(p) for p in e.value.problems)
    assert "222109" not in book.accounts
