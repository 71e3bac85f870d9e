"""Opening a book mid-year (ACCOUNTING.md *Version 2 rules*): openings per open invoice; no bare
220202/222103 and no 损益 openings; no sub-account under an account the posting templates use."""
from __future__ import annotations

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
    with pytest.raises(Rejected, match="posting template"):
        import_data(book, {"format": FORMAT, "accounts": [{"code": parent + "01", "name": "子目", "parent": parent}]})
