"""Opening a book mid-year (ACCOUNTING.md *Version 2 rules*): openings per open invoice; no bare
220202/222103 and no 损益 openings; no sub-account under an account the posting templates use."""
from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from domain.errors import Rejected
from interchange.importer import import_data
from storage.models import OpenItem

FORMAT = "zhangfang-interchange/1"
PARTIES = {"format": FORMAT, "customers": [{"code": "C001", "name": "甲"}], "suppliers": [{"code": "S001", "name": "乙"}]}


def opening(*lines):
    return {"format": FORMAT, "opening_balances": {"date": "2026-10-31", "lines": list(lines)}}


@pytest.mark.parametrize("line,fragment", [
    ({"account": "220202", "supplier": "S001", "credit": "100.00"}, "220202"),
    ({"account": "222103", "credit": "100.00"}, "222103"),
    ({"account": "5001", "credit": "100.00"}, "损益"),
    ({"account": "5602", "debit": "100.00"}, "损益"),
])
def test_bare_document_kept_and_profit_and_loss_openings_are_refused(new_book, line, fragment):
    book = new_book(master=PARTIES)
    other = {"account": "3001", "debit" if "credit" in line else "credit": "100.00"}
    with pytest.raises(Rejected, match=fragment):
        import_data(book, opening(line, other))


def test_opening_receivables_per_invoice_keep_their_own_dates(new_book, zf):
    book = new_book(master=PARTIES)
    import_data(book, opening(
        {"account": "1122", "customer": "C001", "debit": "300.00", "invoice": "FP-0412", "date": "2026-08-14"},
        {"account": "1122", "customer": "C001", "debit": "200.00", "invoice": "FP-0520", "date": "2026-09-20"},
        {"account": "1122", "customer": "C001", "debit": "50.00"},
        {"account": "3001", "credit": "550.00"}))
    items = sorted((o.ref, o.date, o.amount) for o in book.session.scalars(select(OpenItem)))
    assert items == [("FP-0412", dt.date(2026, 8, 14), D("300.00")), ("FP-0520", dt.date(2026, 9, 20), D("200.00")),
                     ("opening", dt.date(2026, 10, 31), D("50.00"))]
    zf.docs(book, {"type": "receipt", "no": "RC-1", "date": "2026-11-05", "customer": "C001", "amount": "200.00",
                   "account": "1002", "allocations": [{"invoice": "FP-0520", "amount": "200.00"}]})
    assert book.session.scalar(select(OpenItem.open).where(OpenItem.ref == "FP-0520")) == D("0.00")
    with pytest.raises(Rejected, match="after the opening date"):
        import_data(new_book(master=PARTIES), opening(
            {"account": "1122", "customer": "C001", "debit": "1.00", "invoice": "FP-1", "date": "2026-11-02"},
            {"account": "3001", "credit": "1.00"}))


@pytest.mark.parametrize("parent", ["5001", "5401", "1122", "22210102"])
def test_a_sub_account_under_a_template_account_is_refused(book, parent):
    with pytest.raises(Rejected, match="被记账模板"):
        import_data(book, {"format": FORMAT, "accounts": [{"code": parent + "01", "name": "子目", "parent": parent}]})


def test_a_profit_and_loss_account_with_a_dimension_is_closed_per_value(book, zf):
    from usecases.closing import close_period
    from usecases.vouchers import post_period
    import_data(book, {"format": FORMAT, "accounts": [{"code": "560201", "name": "业务招待费", "parent": "5602",
                                                       "aux": "customer"}]})
    zf.docs(book, *[{"type": "voucher", "date": "2026-11-20", "summary": f"招待 {c}",
                     "lines": [{"account": "560201", "customer": c, "debit": "100.00"},
                               {"account": "100201", "credit": "100.00"}]} for c in ("C001", "C002")])
    post_period(book.acting("会计"), "2026-11")
    close_period(book.acting("会计"), "2026-11")
    assert zf.balance(book, "560201", customer="C001") == 0 == zf.balance(book, "560201", customer="C002")
    zf.assert_books_tie(book)


MIDYEAR = {
    "format": FORMAT,
    "accounts": [{"code": "100201", "name": "工商银行基本户", "parent": "1002"}],
    "customers": [{"code": "C001", "name": "甲"}], "suppliers": [{"code": "S001", "name": "乙"}],
    "items": [{"code": "D004", "name": "垫片", "unit": "个", "tax_rate": "0.13"},
              {"code": "B002", "name": "螺丝", "unit": "盒", "tax_rate": "0.09"}],
    "warehouses": [{"code": "W01", "name": "主仓"}],
    "opening_balances": {"date": "2026-10-31", "lines": [
        {"account": "100201", "debit": "10000.00"},
        {"account": "1122", "customer": "C001", "debit": "54.50"},
        {"account": "1405", "item": "D004", "debit": "1000.00"},
        {"account": "220202", "supplier": "S001", "credit": "1000.00"},
        {"account": "222103", "credit": "4.50"},
        {"account": "3103", "credit": "50.00"},
        {"account": "3001", "credit": "10000.00"}]},
    "opening_stock": [{"item": "D004", "warehouse": "W01", "qty": "10", "unit_cost": "100.00"}],
    "opening_documents": [
        {"type": "inbound", "no": "IN-OLD-1", "date": "2026-10-31", "supplier": "S001", "warehouse": "W01",
         "lines": [{"item": "D004", "qty": "10", "price": "113.00"}]},
        {"type": "outbound", "no": "OUT-OLD-1", "date": "2026-10-31", "customer": "C001", "warehouse": "W01",
         "lines": [{"item": "B002", "qty": "5", "price": "10.90", "unit_cost": "6.00"}]}],
}


def test_a_mid_year_book_brings_its_open_documents_and_closes_its_first_month(new_book, zf):
    from usecases.closing import close_period
    from usecases.vouchers import post_period
    book = new_book(master=MIDYEAR)
    assert zf.findings(book) == {}
    zf.docs(book, {"type": "purchase_invoice", "no": "PI-1", "date": "2026-11-05", "inbounds": ["IN-OLD-1"]},
            {"type": "invoice", "no": "INV-1", "date": "2026-11-06", "outbounds": ["OUT-OLD-1"]})
    assert zf.postings(zf.voucher_of(book, "purchase_invoice", "PI-1")) == [
        "Cr 220201/S001 1130.00", "Dr 220202/S001 1000.00", "Dr 22210101 130.00"]
    assert zf.postings(zf.voucher_of(book, "invoice", "INV-1")) == ["Cr 22210102 4.50", "Dr 222103 4.50"]
    assert zf.balance(book, "220202", supplier="S001") == 0 == zf.balance(book, "222103")
    post_period(book.acting("会计"), "2026-11")
    close_period(book.acting("会计"), "2026-11")
    zf.assert_books_tie(book)


def test_opening_documents_must_tie_to_the_openings(new_book):
    bad = copy.deepcopy(MIDYEAR)
    bad["opening_documents"][0]["lines"][0]["qty"] = "9"
    with pytest.raises(Rejected, match="220202"):
        new_book(master=bad)
