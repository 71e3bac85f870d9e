"""BANKS.md version 3, more than owed: what a matched bank receipt leaves after its allocations (an
overpayment, an advance) is the customer's 预收账款 2203, not a credit hidden on 1122; a later invoice
that takes it moves it back (Dr 2203 · Cr 1122, 预收冲应收)."""
from __future__ import annotations

from decimal import Decimal as D

from reports.statement import statement
from storage.models import Customer
from tests.storage.test_matching_learning import bank, invoice
from usecases.matching import confirm

NAME = "南京远航科技有限公司"  # C003


def test_an_overpayment_is_held_on_2203_and_moves_to_1122_when_invoiced(book, zf):
    invoice(zf, book, 1, "C003", "1")  # 1,130.00
    lid = bank(zf, book, "P1", "2000.00", NAME)
    doc = confirm(book, lid, "C003", [("INV-1", D("1130.00"))])
    assert zf.postings(zf.voucher_of(book, "receipt", doc.no)) == [
        "Cr 1122/C003 1130.00", "Cr 2203/C003 870.00", "Dr 100201 2000.00"]
    assert (zf.balance(book, "1122", customer="C003"), zf.balance(book, "2203", customer="C003")) == (
        D("0.00"), D("-870.00"))
    assert zf.findings(book) == {}
    customer = book.session.scalar(__import__("sqlalchemy").select(Customer).where(Customer.code == "C003"))
    import datetime as dt
    st = statement(book, customer, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert st["closing"] == D("-870.00") and [u["open"] for u in st["unapplied"]] == [D("870.00")]

    invoice(zf, book, 2, "C003", "1")  # the next invoice takes the 870.00 held ahead
    moved = [v for v in zf.vouchers(book) if v["summary"].startswith("预收冲应收")]
    assert [zf.postings(v) for v in moved] == [["Cr 1122/C003 870.00", "Dr 2203/C003 870.00"]]
    assert (zf.balance(book, "1122", customer="C003"), zf.balance(book, "2203", customer="C003")) == (
        D("260.00"), D("0.00"))
    assert zf.findings(book) == {}


def test_an_advance_with_no_invoice_is_all_on_2203(book, zf):
    lid = bank(zf, book, "P2", "5000.00", NAME)
    doc = confirm(book, lid, "C003", [])
    assert zf.postings(zf.voucher_of(book, "receipt", doc.no)) == ["Cr 2203/C003 5000.00", "Dr 100201 5000.00"]
    assert zf.balance(book, "1122", customer="C003") == D("0.00")
    assert zf.findings(book) == {}


def test_a_receipt_keyed_by_hand_still_credits_1122_in_full(book, zf):
    """ACCOUNTING.md: a receipt entered as a document keeps crediting 1122; only matched bank money moves."""
    zf.docs(book, {"type": "receipt", "no": "RC-9", "date": "2026-11-20", "customer": "C003", "amount": "500.00",
                   "account": "100201", "allocations": []})
    assert zf.postings(zf.voucher_of(book, "receipt", "RC-9")) == ["Cr 1122/C003 500.00", "Dr 100201 500.00"]
