"""The 期初余额 window's use case (usecases/opening_edit.py): openings replaced as a whole through the
importer's rules, refused when they do not balance or the book already has business."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.errors import Rejected
from interchange.importer import import_data
from storage.models import OpenItem, StockBalance
from storage.queries.checks import run_checks
from usecases.opening_edit import OpeningEntry, current_openings, replace_openings, why_locked
from usecases.setup import init_book

F = "zhangfang-interchange/1"


def broken(book):
    return {k: v for k, v in run_checks(book).items() if v}


@pytest.fixture
def book(tmp_path):
    b = init_book(tmp_path / "b.sqlite", "测试公司", "2026-07", user="会计")
    import_data(b, {"format": F, "accounts": [{"code": "100201", "name": "工商银行基本户", "parent": "1002"}],
                    "customers": [{"code": "C001", "name": "华东机电有限公司"}],
                    "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"}],
                    "warehouses": [{"code": "W01", "name": "主仓"}]})
    yield b
    b.close()


FIRST = [OpeningEntry("100201", None, D("500000.00"), D("300000.00"), D("100000.00")),
         OpeningEntry("1122", "C001", D("11300.00")),
         OpeningEntry("1405", "A001", D("60000.00"), qty=D("100")),
         OpeningEntry("3001", None, D("500000.00")),
         OpeningEntry("3103", None, D("71300.00")),
         OpeningEntry("5001", None, ZERO := D("0.00"), ZERO, D("900000.00"))]


def test_openings_replace_as_a_whole_and_read_back(book):
    replace_openings(book, FIRST, "W01")
    assert broken(book) == {}
    got = {(e.account, e.party): e for e in current_openings(book)}
    assert got[("100201", None)].balance == D("500000.00")
    assert got[("100201", None)].ytd_debit == D("300000.00")
    assert got[("1405", "A001")].qty == D("100")
    assert got[("5001", None)].ytd_credit == D("900000.00")
    # again, with the receivable gone and less stock: nothing of the first set stays behind
    second = [e for e in FIRST if e.account not in ("1122", "3103", "1405")] + [
        OpeningEntry("1405", "A001", D("30000.00"), qty=D("50")), OpeningEntry("3103", None, D("30000.00"))]
    replace_openings(book, second, "W01")
    assert broken(book) == {}
    got = {(e.account, e.party): e for e in current_openings(book)}
    assert ("1122", "C001") not in got
    assert got[("1405", "A001")].qty == D("50")
    assert book.session.query(OpenItem).count() == 0
    stock = book.session.query(StockBalance).one()
    assert (stock.qty, stock.value) == (D("50"), D("30000.00"))


def test_openings_that_do_not_balance_are_refused_and_change_nothing(book):
    replace_openings(book, FIRST, "W01")
    with pytest.raises(Rejected):
        replace_openings(book, [OpeningEntry("100201", None, D("1.00"))], "W01")
    assert {(e.account, e.party) for e in current_openings(book)} == {(e.account, e.party) for e in FIRST}


def test_stock_without_a_quantity_is_refused_in_chinese(book):
    with pytest.raises(Rejected) as e:
        replace_openings(book, [OpeningEntry("1405", "A001", D("100.00")), OpeningEntry("3001", None, D("100.00"))],
                         "W01")
    assert "期初数量" in str(e.value)


def test_openings_are_locked_once_the_book_has_business(book):
    replace_openings(book, FIRST, "W01")
    import_data(book, {"format": F, "documents": [
        {"type": "sales_order", "no": "SO-1", "date": "2026-07-02", "customer": "C001",
         "lines": [{"item": "A001", "qty": "1", "price": "1130.00"}]}]})
    assert "已有业务单据" in why_locked(book)
    with pytest.raises(Rejected):
        replace_openings(book, FIRST, "W01")


def test_openings_given_per_invoice_are_not_summed_away(book):
    import_data(book, {"format": F, "opening_balances": {"date": "2026-06-30", "lines": [
        {"account": "1122", "customer": "C001", "debit": "11300.00", "invoice": "FP-0412", "date": "2026-05-14"},
        {"account": "3001", "credit": "11300.00"}]}})
    assert "发票明细" in why_locked(book)
    with pytest.raises(Rejected):
        replace_openings(book, FIRST, "W01")
