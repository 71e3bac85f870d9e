"""Version 3: a book opened in July carries 年初余额 and 本年累计 beside its 期初余额, so the year's
利润表 and the 年初 column of the 资产负债表 are right (ACCOUNTING.md, Opening a book mid-year)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.errors import Rejected
from interchange.importer import import_data
from reports.balance_sheet import balance_sheet
from reports.income_statement import income_statement
from storage.queries.checks import run_checks
from usecases.setup import init_book

F = "zhangfang-interchange/1"
# January–June: 250,000.00 of revenue, 150,000.00 of cost; the bank went from 400,000.00 to 500,000.00
OPENING = {"format": F, "accounts": [{"code": "100201", "name": "工商银行基本户", "parent": "1002"}],
           "opening_balances": {"date": "2026-06-30", "lines": [
               {"account": "100201", "debit": "500000.00", "year_opening_debit": "400000.00",
                "ytd_debit": "300000.00", "ytd_credit": "200000.00"},
               {"account": "3001", "credit": "400000.00"},
               {"account": "3103", "credit": "100000.00", "ytd_credit": "100000.00"},
               {"account": "5001", "ytd_credit": "250000.00"},
               {"account": "5401", "ytd_debit": "150000.00"}]}}


@pytest.fixture
def book(tmp_path):
    b = init_book(tmp_path / "july.sqlite", "七月建账公司", "2026-07", user="会计")
    yield b
    b.close()


def test_a_book_opened_in_july_prints_the_years_income_statement_and_year_start(book):
    import_data(book, OPENING)
    import_data(book, {"format": F, "documents": [{"type": "voucher", "date": "2026-07-10", "summary": "服务收入",
                                                    "lines": [{"account": "100201", "debit": "11300.00"},
                                                              {"account": "5001", "credit": "10000.00"},
                                                              {"account": "22210102", "credit": "1300.00"}]}]})
    rows = {r.row: list(r.values) for r in income_statement(book, "2026-07", "2026-07")["rows"]}
    assert rows[1] == [D("260000.00"), D("10000.00")]  # 营业收入: 本年累计, 本月
    assert rows[2] == [D("150000.00"), D("0.00")]  # 营业成本
    sheet = {r.row: list(r.values) for r in balance_sheet(book, "2026-07")["rows"]}
    assert sheet[1] == [D("511300.00"), D("400000.00")]  # 货币资金: 期末, 年初 (not the 期初 500,000.00)
    assert {k: v for k, v in run_checks(book).items() if v} == {}


def test_year_figures_that_do_not_tie_are_refused(book):
    bad = {**OPENING, "opening_balances": {"date": "2026-06-30", "lines": [
        {"account": "100201", "debit": "500000.00", "year_opening_debit": "400000.00", "ytd_debit": "1.00"},
        {"account": "3001", "credit": "500000.00"}]}}
    with pytest.raises(Rejected, match="年初余额、本年累计与期初余额不符"):
        import_data(book, bad)
    with pytest.raises(Rejected, match="损益"):
        import_data(book, {**OPENING, "opening_balances": {"date": "2026-06-30", "lines": [
            {"account": "5001", "credit": "1.00"}, {"account": "100201", "debit": "1.00"}]}})


def test_check_finds_year_figures_altered_behind_the_products_back(book):
    from sqlalchemy import text
    import_data(book, OPENING)
    with book.unit():
        book.session.execute(text("UPDATE opening_balances SET ytd_debit = ytd_debit + 100 "
                                  "WHERE ytd_debit > 0 AND year_debit > 0"))
    found = run_checks(book)["14 opening 期初 = 年初 + 本年累计 per line; 损益 lines carry 本年累计 only"]
    assert found == ["opening 100201: 年初 400000.00 + 本年累计 100001.00 ≠ 期初 500000.00"]
