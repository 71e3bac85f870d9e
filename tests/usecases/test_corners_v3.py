"""Issue 27: the corners where a book could reach a state no close gets out of — each test
reproduces the defect through the use cases the CLI calls, with figures worked by hand."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.errors import Rejected
from interchange.importer import import_data
from storage.queries.assets import register
from storage.queries.checks import run_checks
from usecases.closing import close_period, plan_close, reopen_period
from usecases.setup import init_book
from usecases.vouchers import post_period

F = "zhangfang-interchange/1"
BANK = {"code": "100201", "name": "工商银行基本户", "parent": "1002"}
MASTER = {"format": F, "accounts": [BANK], "suppliers": [{"code": "S1", "name": "苏州精工部件厂"}],
          "opening_balances": {"date": "2026-10-31", "lines": [{"account": "100201", "debit": "500000.00"},
                                                                {"account": "3001", "credit": "500000.00"}]}}
# 12,000.00, residual 5%, 12 months → 11,400.00 / 12 = 950.00 a month
SERVER = {"type": "fixed_asset", "no": "FA-1", "date": "2026-11-10", "name": "服务器", "category": "电子设备",
          "cost": "12000.00", "tax": "1560.00", "life_months": 12, "residual_rate": "0.05",
          "expense_account": "5602", "account": "100201"}


def broken(book):
    return {k: v for k, v in run_checks(book).items() if v}


def blockers(book, period, amounts=None):
    """What would stop the close once every voucher of the month is posted (what a user clears by posting)."""
    post_period(book, period)
    return [b.message for b in plan_close(book, period, amounts).blocking]


def close(book, period, **amounts):
    post_period(book, period)
    close_period(book, period, amounts or None)


@pytest.fixture
def book(tmp_path):
    b = init_book(tmp_path / "b.sqlite", "测试公司", "2026-11", user="会计")
    import_data(b, MASTER)
    b.user = "主管"
    yield b
    b.close()


def add(book, *documents, **sections):
    book.user = "会计"
    try:
        import_data(book, {"format": F, **sections, **({"documents": list(documents)} if documents else {})})
    finally:
        book.user = "主管"


# ---- bricked closes ------------------------------------------------------------------------------
def test_reopen_before_a_later_disposal_charges_the_month_again(book):
    add(book, SERVER)
    close(book, "2026-11")
    close(book, "2026-12")  # December: 950.00
    add(book, {"type": "asset_disposal", "no": "FD-1", "date": "2027-01-20", "asset": "FA-1",
               "proceeds": "5000.00", "account": "100201"})  # clears 1,900.00 (December and January)
    reopen_period(book, "2026-12", "补录")
    assert broken(book) == {}  # December's depreciation undone, owed by the disposed asset until the re-close
    close(book, "2026-12")
    assert broken(book) == {}
    assert [(r.no, r.accumulated) for r in register(book, with_disposed=True)] == [("FA-1", D("1900.00"))]
    assert blockers(book, "2027-01") == []


def refused(book, **sections) -> list[str]:
    """The problems of an import the book refuses (as the CLI prints them after 'error:')."""
    with pytest.raises(Rejected) as e:
        add(book, **sections)
    return [f"{p.where}: {p.message}" for p in e.value.problems]


def test_a_template_may_not_post_to_the_pending_output_vat(book):
    tpl = {"code": "ZX", "summary": "转销项", "lines": [{"account": "222103", "debit": "100.00"},
                                                       {"account": "22210102", "credit": "100.00"}]}
    found = refused(book, voucher_templates=[tpl])
    assert any("222103" in p and "account" in p for p in found), found
    assert blockers(book, "2026-11") == []


def test_a_template_that_can_never_balance_is_refused(book):
    one_sided = {"code": "GZ", "summary": "计提工资", "lines": [{"account": "5602", "ask": True},
                                                              {"account": "5601", "debit": "100.00"}]}
    found = refused(book, voucher_templates=[one_sided])
    assert any("GZ" in p or "lines" in p for p in found) and any("借" in p or "debit" in p for p in found), found


def test_a_close_names_the_template_whose_amounts_do_not_balance(book):
    add(book, voucher_templates=[{"code": "GZ", "summary": "计提工资", "lines": [
        {"account": "5602", "ask": True}, {"account": "2211", "credit": "100.00"}]}])
    found = blockers(book, "2026-11", {"GZ:5602": D("90.00")})
    assert any("GZ" in m and "90.00" in m and "100.00" in m for m in found), found
    assert blockers(book, "2026-11", {"GZ:5602": D("100.00")}) == []


def test_a_stored_template_that_cannot_balance_is_named_by_the_close(book):
    from storage.models import VoucherTemplate
    with book.unit():  # a book made before templates were checked
        book.session.add(VoucherTemplate(code="OLD", summary="旧模板",
                                         lines='[{"account": "5602", "debit": "5.00"}, {"account": "5601", "debit": "1.00"}]'))
    found = blockers(book, "2026-11")
    assert len(found) == 1 and "OLD" in found[0], found


def test_a_sub_account_under_an_assets_expense_account_takes_its_postings(book):
    add(book, SERVER, voucher_templates=[{"code": "FZ", "summary": "房租摊销", "lines": [
        {"account": "5602", "debit": "3000.00"}, {"account": "2241", "credit": "3000.00"}]}])
    add(book, accounts=[{"code": "560201", "name": "折旧费", "parent": "5602"},
                        {"code": "560202", "name": "办公费", "parent": "5602"}])
    close(book, "2026-11")
    assert blockers(book, "2026-12") == []
    close(book, "2026-12")
    from reports.trial_balance import trial_balance
    rows = {r["code"]: r for r in trial_balance(book, "2026-12", "2026-12")["rows"]}
    assert rows["560201"]["debit"] == D("3950.00")  # 950.00 depreciation + 3,000.00 rent: the first sub-account
    assert "560202" not in rows or rows["560202"]["debit"] == D("0.00")
    assert broken(book) == {}


# ---- assets held at the opening ------------------------------------------------------------------
OPENED = {"format": F, "accounts": [BANK],
          "opening_balances": {"date": "2026-10-31", "lines": [
              {"account": "100201", "debit": "500000.00"}, {"account": "1601", "debit": "24000.00"},
              {"account": "1602", "credit": "4560.00"}, {"account": "3001", "credit": "519440.00"}]}}
# 24,000.00, residual 5%, 60 months → 380.00 a month; 12 months used → 4,560.00 accumulated
TRUCK = {"type": "fixed_asset", "no": "FA-0", "date": "2026-10-31", "name": "货车", "category": "运输工具",
         "cost": "24000.00", "life_months": 60, "residual_rate": "0.05", "expense_account": "5601",
         "opening": True, "accumulated": "4560.00", "months_used": 12}


@pytest.fixture
def opened(tmp_path):
    b = init_book(tmp_path / "o.sqlite", "测试公司", "2026-11", user="会计")
    import_data(b, OPENED)
    b.user = "主管"
    yield b
    b.close()


def test_a_purchase_in_a_book_opened_with_uncarded_assets_is_refused(opened):
    found = refused(opened, documents=[SERVER])
    assert any("opening" in p and "1601" in p for p in found), found
    assert broken(opened) == {}


def test_assets_held_at_the_opening_get_cards_and_depreciate_from_the_first_month(opened):
    add(opened, TRUCK, SERVER)
    assert broken(opened) == {}
    close(opened, "2026-11")  # the truck: 380.00; the server, bought in November, not yet
    close(opened, "2026-12")  # 380.00 + 950.00
    assert [(r.no, r.accumulated) for r in register(opened)] == [("FA-0", D("5320.00")), ("FA-1", D("950.00"))]
    assert broken(opened) == {}
    add(opened, {"type": "asset_disposal", "no": "FD-0", "date": "2027-01-15", "asset": "FA-0",
                 "proceeds": "10000.00", "account": "100201"})
    assert broken(opened) == {}
    assert blockers(opened, "2027-01") == []


def test_opening_cards_must_sum_to_the_opening_1601_and_1602(opened):
    found = refused(opened, documents=[{**TRUCK, "accumulated": "4000.00"}])
    assert any("1602" in p and "4560.00" in p and "4000.00" in p for p in found), found
    assert register(opened) == []


def test_a_depreciation_account_must_be_an_expense(book):
    found = refused(book, documents=[{**SERVER, "expense_account": "5001"}])
    assert any("expense_account" in p and "5001" in p for p in found), found
    found = refused(book, documents=[{**SERVER, "tax": "50000.00"}])
    assert any("tax" in p and "50000.00" in p for p in found), found
