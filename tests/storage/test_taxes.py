"""VAT by taxpayer type and date (ACCOUNTING.md *Taxes*): dated rates, reduced levies as pairs, and a
small-scale taxpayer's books (no input deduction, output VAT on 222101)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import text

from domain.errors import Rejected
from domain.vat import split
from storage.vat import load_vat_table


def order(no, lines, date="2026-11-02", customer="C001"):
    return {"type": "sales_order", "no": no, "date": date, "customer": customer, "lines": lines}


def out(no, so, lines, date="2026-11-03"):
    return {"type": "outbound", "no": no, "date": date, "order": so, "warehouse": "W01", "lines": lines}


def make_small(book):
    """A small-scale taxpayer's book: 222101 without sub-columns (what `init --taxpayer small` makes)."""
    s = book.session
    with book.unit():
        s.execute(text("DELETE FROM accounts WHERE code LIKE '222101__'"))
        s.execute(text("UPDATE accounts SET is_leaf = true WHERE code = '222101'"))
        book.set_setting("taxpayer", "small")
    book.forget()
    return book


def test_reduced_levy_5_at_1_5_is_gross_over_1_05_times_1_5_percent(book, zf):
    zf.docs(book, order("SO-1", [{"item": "A001", "qty": "1", "price": "10000.00", "tax_rate": "0.015"}]),
            out("OUT-1", "SO-1", [{"item": "A001", "qty": "1"}]))
    assert "Cr 222103 142.86" in zf.postings(zf.voucher_of(book, "outbound", "OUT-1"))  # never 10000/1.015
    assert "Cr 5001 9857.14" in zf.postings(zf.voucher_of(book, "outbound", "OUT-1"))


def test_reduced_levy_3_at_2_is_gross_over_1_03_times_2_percent(book, zf):
    zf.docs(book, order("SO-1", [{"item": "A001", "qty": "1", "price": "10300.00", "tax_rate": "0.02"}]),
            out("OUT-1", "SO-1", [{"item": "A001", "qty": "1"}]))
    assert "Cr 222103 200.00" in zf.postings(zf.voucher_of(book, "outbound", "OUT-1"))


def test_split_of_plain_and_reduced_rates():
    table = load_vat_table()
    assert split(D("1130.00"), D("0.13"), table.base(D("0.13"))) == (D("1000.00"), D("130.00"))
    assert split(D("10000.00"), D("0.015"), table.base(D("0.015"))) == (D("9857.14"), D("142.86"))
    assert split(D("101.00"), D("0.01"), table.base(D("0.01"))) == (D("100.00"), D("1.00"))


def test_rates_have_category_validity_and_source():
    table = load_vat_table()
    assert all(r.source and r.category in ("taxable", "zero-rated", "exempt", "not-subject") for r in table.rates)
    import datetime as dt
    assert table.problem(D("0.16"), "general", dt.date(2019, 3, 1)) is None
    assert "2019-03-31" in table.problem(D("0.16"), "general", dt.date(2026, 11, 2))
    assert table.problem(D("0.13"), "small", dt.date(2026, 11, 2))
    assert table.problem(D("0.03"), "small", dt.date(2026, 11, 2)) is None
    assert table.problem(D("0.01"), "small", dt.date(2026, 11, 2)) is None
    assert table.problem(D("0.01"), "small", dt.date(2028, 1, 2))


def test_an_old_rate_is_refused_on_a_sales_order_of_today(book, zf):
    with pytest.raises(Rejected, match="16%"):
        zf.docs(book, order("SO-1", [{"item": "A001", "qty": "1", "price": "100.00", "tax_rate": "0.16"}]))


def test_small_scale_sells_at_levy_rates_only_and_owes_output_vat_on_222101(book, zf):
    make_small(book)
    with pytest.raises(Rejected, match="小规模纳税人"):
        zf.docs(book, order("SO-1", [{"item": "A001", "qty": "1", "price": "1130.00"}]))  # the item's 13%
    zf.docs(book, order("SO-1", [{"item": "A001", "qty": "2", "price": "101.00", "tax_rate": "0.01"}]),
            out("OUT-1", "SO-1", [{"item": "A001", "qty": "2"}]),
            {"type": "invoice", "no": "INV-1", "date": "2026-11-04", "outbounds": ["OUT-1"]})
    assert zf.postings(zf.voucher_of(book, "invoice", "INV-1")) == ["Cr 222101 2.00", "Dr 222103 2.00"]
    zf.assert_books_tie(book)


def test_small_scale_input_vat_is_part_of_the_cost(book, zf):
    make_small(book)
    zf.docs(book, {"type": "purchase_order", "no": "PO-1", "date": "2026-11-01", "supplier": "S001",
                   "lines": [{"item": "D004", "qty": "10", "price": "11.30", "tax_rate": "0.13"}]},
            {"type": "inbound", "no": "IN-1", "date": "2026-11-02", "order": "PO-1", "warehouse": "W01",
             "lines": [{"item": "D004", "qty": "10"}]},
            {"type": "purchase_invoice", "no": "PI-1", "date": "2026-11-03", "inbounds": ["IN-1"]})
    assert zf.postings(zf.voucher_of(book, "inbound", "IN-1")) == ["Cr 220202/S001 113.00", "Dr 1405/D004 113.00"]
    assert zf.postings(zf.voucher_of(book, "purchase_invoice", "PI-1")) == [
        "Cr 220201/S001 113.00", "Dr 220202/S001 113.00"]
    assert zf.stock(book, "D004", "W01") == (D(10), D("113.00"))
    zf.assert_books_tie(book)
