"""以票入账 (revenue at invoice): ACCOUNTING.md's worked example under the second template set, and
returns, credit notes and allowances keeping every invariant. Nothing is owed before the invoice:
the outbound moves only cost and 222103 stays unused."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reports.statement import statement
from storage.models import Customer

D = Decimal


def statement_of(book, code="C001", first=dt.date(2026, 11, 1), last=dt.date(2026, 12, 31)):
    customer = book.session.query(Customer).filter_by(code=code).one()
    return statement(book, customer, first, last)


@pytest.fixture
def book(worked_book):
    """The worked example's opening balances under revenue at invoice (no documents yet)."""
    return worked_book("invoice")


@pytest.fixture
def example(book, zf):
    """The worked example's four documents booked."""
    zf.docs(book, *zf.WORKED_DOCUMENTS)
    return book


def test_book_uses_the_revenue_at_invoice_templates(book):
    assert book.revenue_mode == "invoice"


def test_outbound_voucher_moves_cost_to_goods_shipped(book, zf):
    zf.docs(book, *zf.WORKED_DOCUMENTS[:2])
    out = zf.voucher_of(book, "outbound", "OUT-0001")
    assert (out["word"], out["number"]) == ("记", 1)
    assert zf.postings(out) == sorted(["Dr 1406/A001 36000.00", "Cr 1405/A001 36000.00"])
    assert zf.balance(book, "5401") == 0  # no cost of sales before the revenue
    zf.assert_books_tie(book)


def test_shipped_not_invoiced_goods_are_listed_without_touching_the_balance(book, zf):
    zf.docs(book, *zf.WORKED_DOCUMENTS[:2])
    st = statement_of(book)
    assert [(r["outbound"], r["item"], r["qty"], r["amount"]) for r in st["shipped_not_invoiced"]] == [
        ("OUT-0001", "A001", D("60"), D("67800.00"))]
    assert st["closing"] == D("11300.00") == zf.balance(book, "1122", customer="C001")
    assert zf.balance(book, "5001") == 0
    zf.assert_books_tie(book)


def test_invoice_raises_receivable_revenue_and_output_vat(example, zf):
    inv = zf.voucher_of(example, "invoice", "INV-0001")
    assert (inv["word"], inv["number"]) == ("记", 2)
    assert zf.postings(inv) == sorted(["Dr 1122/C001 67800.00", "Cr 5001 60000.00", "Cr 22210102 7800.00",
                                       "Dr 5401 36000.00", "Cr 1406/A001 36000.00"])


def test_receipt_credits_the_customer_in_full(example, zf):
    rc = zf.voucher_of(example, "receipt", "RC-0001")
    assert (rc["word"], rc["number"]) == ("记", 3)
    assert zf.postings(rc) == sorted(["Dr 1002 50000.00", "Cr 1122/C001 50000.00"])


def test_pending_output_vat_is_never_used(example, zf):
    assert [ln for v in zf.vouchers(example) for ln in v["lines"] if ln["account"] == "222103"] == []
    assert zf.tb_row(example, "222103") is None
    assert zf.balance(example, "22210102") == D("-7800.00")


def test_receipt_settles_the_opening_receivable_first(example, zf):
    st = statement_of(example)
    # 50,000.00 takes the opening 11,300.00 whole, then 38,700.00 of INV-0001
    assert [(o["invoice"], o["amount"], o["open"]) for o in st["open_invoices"]] == [
        ("INV-0001", D("67800.00"), D("29100.00"))]


def test_statement_closing_equals_the_receivable_of_the_trial_balance(example, zf):
    st = statement_of(example)
    assert st["opening"] == D("11300.00")
    assert st["closing"] == D("29100.00") == zf.balance(example, "1122", customer="C001")
    assert st["shipped_not_invoiced"] == []
    row = zf.tb_row(example, "1122", "2026-11", "2026-11")
    assert (row["opening_debit"], row["debit"], row["credit"], row["closing_debit"]) == (
        D("11300.00"), D("67800.00"), D("50000.00"), D("29100.00"))
    assert zf.tb_row(example, "1405", "2026-11", "2026-11")["closing_debit"] == D("24000.00")
    assert zf.stock(example, "A001", "W01") == (D("40"), D("24000.00"))
    zf.assert_books_tie(example, "2026-11", "2026-11")


@pytest.mark.parametrize("revenue", ["shipment", "invoice"])
def test_both_template_sets_end_the_worked_example_at_the_same_balances(worked_book, zf, revenue):
    book = worked_book(revenue)
    zf.docs(book, *zf.WORKED_DOCUMENTS)
    assert zf.balance(book, "1122", customer="C001") == D("29100.00") == statement_of(book)["closing"]
    assert zf.balance(book, "1405", item="A001") == D("24000.00")
    assert zf.balance(book, "5001") == D("-60000.00")
    assert zf.balance(book, "5401") == D("36000.00")
    assert zf.balance(book, "22210102") == D("-7800.00")
    assert zf.balance(book, "222103") == 0
    assert zf.balance(book, "1002") == D("550000.00")
    zf.assert_books_tie(book)


def test_return_after_invoicing_and_credit_note_keep_every_invariant(example, zf):
    zf.docs(example, {"type": "sales_return", "no": "SR-0001", "date": "2026-11-21", "outbound": "OUT-0001",
                      "warehouse": "W01", "lines": [{"item": "A001", "qty": "10"}]})
    # the goods come back at the cost they left with; what is owed waits for the red invoice
    assert zf.postings(zf.voucher_of(example, "sales_return", "SR-0001")) == sorted([
        "Dr 5401 -6000.00", "Cr 1405/A001 -6000.00"])
    assert zf.balance(example, "1122", customer="C001") == D("29100.00") == statement_of(example)["closing"]
    zf.assert_books_tie(example)
    zf.docs(example, {"type": "credit_note", "no": "CN-0001", "date": "2026-11-22", "invoice": "INV-0001",
                      "lines": [{"item": "A001", "qty": "10"}]})
    assert zf.postings(zf.voucher_of(example, "credit_note", "CN-0001")) == sorted([
        "Dr 1122/C001 -11300.00", "Cr 5001 -10000.00", "Cr 22210102 -1300.00"])
    st = statement_of(example)
    assert st["closing"] == D("17800.00") == zf.balance(example, "1122", customer="C001")
    assert [(o["invoice"], o["open"]) for o in st["open_invoices"]] == [("INV-0001", D("17800.00"))]
    assert zf.balance(example, "5001") == D("-50000.00")
    assert zf.balance(example, "22210102") == D("-6500.00")
    assert zf.stock(example, "A001", "W01") == (D("50"), D("30000.00"))
    assert zf.balance(example, "222103") == 0
    zf.assert_books_tie(example)


def test_return_before_invoicing_then_invoice_all_bills_what_the_customer_kept(book, zf):
    zf.docs(book, *zf.WORKED_DOCUMENTS[:2],
            {"type": "sales_return", "no": "SR-0001", "date": "2026-11-04", "outbound": "OUT-0001",
             "warehouse": "W01", "lines": [{"item": "A001", "qty": "10"}]},
            {"type": "invoice", "no": "INV-0001", "date": "2026-11-05", "outbounds": ["OUT-0001"]})
    assert zf.postings(zf.voucher_of(book, "sales_return", "SR-0001")) == sorted([
        "Dr 1406/A001 -6000.00", "Cr 1405/A001 -6000.00"])
    assert zf.postings(zf.voucher_of(book, "invoice", "INV-0001")) == sorted([
        "Dr 1122/C001 56500.00", "Cr 5001 50000.00", "Cr 22210102 6500.00", "Dr 5401 30000.00",
        "Cr 1406/A001 30000.00"])
    assert zf.balance(book, "1406", item="A001") == 0
    assert statement_of(book)["shipped_not_invoiced"] == []
    zf.assert_books_tie(book)


def test_allowance_is_booked_as_in_the_default_set(example, zf):
    zf.docs(example, {"type": "credit_note", "no": "CN-0001", "date": "2026-11-25", "invoice": "INV-0001",
                      "lines": [{"item": "A001", "amount": "1130.00"}]})
    assert zf.postings(zf.voucher_of(example, "credit_note", "CN-0001")) == sorted([
        "Dr 1122/C001 -1130.00", "Cr 5001 -1000.00", "Cr 22210102 -130.00"])
    assert statement_of(example)["closing"] == D("27970.00") == zf.balance(example, "1122", customer="C001")
    zf.assert_books_tie(example)


def test_money_received_before_the_invoice_waits_unapplied_then_settles_it(book, zf):
    docs = zf.WORKED_DOCUMENTS
    zf.docs(book, docs[0], docs[1], dict(docs[3], date="2026-11-04", amount="80000.00"), docs[2])
    st = statement_of(book)
    # 80,000.00: 11,300.00 to the opening item, 67,800.00 to INV-0001 when issued, 900.00 paid ahead
    assert st["open_invoices"] == []
    assert st["closing"] == D("-900.00") == zf.balance(book, "1122", customer="C001")
    zf.assert_books_tie(book)


def test_partial_invoices_sum_to_the_outbound_line(book, zf):
    zf.docs(book, {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C001",
                   "lines": [{"item": "A001", "qty": "10", "price": "33.33"}]},
            {"type": "outbound", "no": "OUT-1", "date": "2026-11-03", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "10"}]})
    for n, q in enumerate(("3", "3", "4"), 1):
        zf.docs(book, {"type": "invoice", "no": f"INV-{n}", "date": "2026-11-05",
                       "lines": [{"outbound": "OUT-1", "item": "A001", "qty": q}]})
    # cost leaves 1406 with each invoice, 600.00 a unit, the last invoice taking what remains
    assert zf.postings(zf.voucher_of(book, "invoice", "INV-1")) == sorted([
        "Dr 1122/C001 99.99", "Cr 5001 88.49", "Cr 22210102 11.50", "Dr 5401 1800.00", "Cr 1406/A001 1800.00"])
    assert zf.postings(zf.voucher_of(book, "invoice", "INV-3")) == sorted([
        "Dr 1122/C001 133.32", "Cr 5001 117.98", "Cr 22210102 15.34", "Dr 5401 2400.00", "Cr 1406/A001 2400.00"])
    assert zf.balance(book, "1406", item="A001") == 0
    assert zf.balance(book, "1122", customer="C001") == D("11300.00") + D("333.30")
    assert zf.balance(book, "5001") == D("-294.96")
    assert zf.balance(book, "22210102") == D("-38.34")
    zf.assert_books_tie(book)


def test_invoicing_one_of_two_units_at_an_odd_price_balances(book, zf):
    # rounding the portion's gross, net and tax apart would give 33.33 ≠ 29.50 + 3.84
    zf.docs(book, {"type": "sales_order", "no": "SO-1", "date": "2026-11-02", "customer": "C001",
                   "lines": [{"item": "A001", "qty": "2", "price": "33.33"}]},
            {"type": "outbound", "no": "OUT-1", "date": "2026-11-03", "order": "SO-1", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": "2"}]},
            {"type": "invoice", "no": "INV-1", "date": "2026-11-05", "lines": [{"outbound": "OUT-1", "item": "A001",
                                                                              "qty": "1"}]})
    lines = zf.voucher_of(book, "invoice", "INV-1")["lines"]
    amount = {ln["account"]: D(ln["debit"]) + D(ln["credit"]) for ln in lines}
    assert amount["1122"] == D("33.33") == amount["5001"] + amount["22210102"]
    zf.assert_books_tie(book)


def test_a_return_splits_its_cost_between_goods_shipped_and_cost_of_sales(book, zf):
    zf.docs(book, *zf.WORKED_DOCUMENTS[:2],
            {"type": "invoice", "no": "INV-1", "date": "2026-11-05",
             "lines": [{"outbound": "OUT-0001", "item": "A001", "qty": "20"}]},
            {"type": "sales_return", "no": "SR-1", "date": "2026-11-06", "outbound": "OUT-0001",
             "warehouse": "W01", "lines": [{"item": "A001", "qty": "50"}]})
    # 40 of the 50 were never invoiced (out of 1406), 10 were (out of cost of sales)
    assert zf.postings(zf.voucher_of(book, "sales_return", "SR-1")) == sorted([
        "Dr 1406/A001 -24000.00", "Dr 5401 -6000.00", "Cr 1405/A001 -30000.00"])
    assert zf.balance(book, "1406", item="A001") == 0
    assert zf.balance(book, "5401") == D("6000.00")
    zf.assert_books_tie(book)
