"""BANKS.md version 3 on a real book: a bank line already keyed by hand as a receipt is linked to it,
never booked again nor matched to another invoice of the same amount."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain.errors import Rejected
from reports.aging import aging
from storage.models import BankLine, Customer, Document
from tests.storage.test_matching_learning import bank, invoice
from usecases.alerts import raise_alerts
from usecases.closing import close_period, preview_close
from usecases.matching import book_as, confirm, link_line, match_account, payers_of, pending_settlements
from usecases.vouchers import post_period


def receipts(book) -> int:
    return book.session.scalar(select(func.count()).select_from(Document).where(Document.type == "receipt"))


def test_a_line_keyed_by_hand_is_linked_not_booked_again(book, zf):
    invoice(zf, book, 1, "C003", "1")
    invoice(zf, book, 2, "C003", "1")  # another open invoice of the same amount
    zf.docs(book, {"type": "receipt", "no": "RC-H1", "date": "2026-11-18", "customer": "C003", "amount": "1130.00",
                   "account": "100201", "allocations": [{"invoice": "INV-1", "amount": "1130.00"}]})
    customer = book.session.scalar(select(Document.customer_id).where(Document.no == "RC-H1"))
    name = book.session.get(Customer, customer).name
    lid = bank(zf, book, "K1", "1130.00", name)
    [m] = match_account(book, "100201")["matches"]
    assert (m["status"], m["receipt"], m["allocations"]) == ("proposed", "RC-H1", [])
    assert "不再入账" in m["reason"]
    [m] = match_account(book, "100201", accept=True)["matches"]
    assert (m["status"], m["receipt"]) == ("accepted", "RC-H1")
    assert receipts(book) == 1  # nothing booked twice
    ln = book.session.get(BankLine, lid)
    assert ln.status == "matched" and ln.document_id == book.session.scalar(
        select(Document.id).where(Document.no == "RC-H1"))
    assert zf.balance(book, "1122", customer="C003") == Decimal("1130.00")  # INV-2 is still owed


def test_a_person_cannot_book_a_keyed_receipt_again_but_may_link_it(book, zf):
    invoice(zf, book, 1, "C003", "1")
    invoice(zf, book, 2, "C003", "1")
    zf.docs(book, {"type": "receipt", "no": "RC-H2", "date": "2026-11-21", "customer": "C003", "amount": "1130.00",
                   "account": "100201"})
    lid = bank(zf, book, "K2", "1130.00", "张伟")  # a person pays: the link is only proposed
    [m] = match_account(book, "100201", accept=True)["matches"]
    assert (m["status"], m["receipt"], m["allocations"]) == ("proposed", "RC-H2", [])
    with pytest.raises(Rejected, match="RC-H2"):
        confirm(book, lid, "C003", [("INV-2", Decimal("1130.00"))])
    link_line(book, lid, "RC-H2")
    assert receipts(book) == 1 and match_account(book, "100201")["matches"] == []


def test_a_confirmed_payer_is_remembered_and_then_speaks_for_the_customer(book, zf):
    invoice(zf, book, 1, "C003", "1")
    invoice(zf, book, 2, "C003", "2")
    first = bank(zf, book, "P1", "1130.00", "李四", "")
    [m] = match_account(book, "100201", accept=True)["matches"]
    assert m["status"] != "accepted"  # first sight of a payer: never booked alone
    confirm(book, first, "C003", [("INV-1", Decimal("1130.00"))])
    cid = book.session.scalar(select(Customer.id).where(Customer.code == "C003"))
    assert payers_of(book, "customer", cid) == [("李四", "", 1)]
    bank(zf, book, "P2", "2260.00", "李四", "")
    [m] = match_account(book, "100201", accept=True)["matches"]
    assert (m["status"], m["customer"]) == ("accepted", "C003") and "learned payer" in m["reason"]


def test_a_bid_bond_refund_is_proposed_to_1221_and_booked_there(book, zf):
    invoice(zf, book, 1, "C003", "1")
    name = book.session.scalar(select(Customer.name).where(Customer.code == "C003"))
    bank(zf, book, "G1", "1130.00", name, "")
    zf.docs(book, {"type": "bank_statement", "account": "100201", "lines": [
        {"date": "2026-11-20", "amount": "1130.00", "counterparty": name, "reference": "投标保证金退还",
         "bank_ref": "G2"}]})
    found = {m["bank_ref"]: m for m in match_account(book, "100201", accept=True)["matches"]}
    g2 = found["G2"]
    assert (g2["status"], g2["customer"], g2["allocations"], g2["account_proposed"]) == ("proposed", None, [], "1221")
    assert found["G1"]["status"] == "accepted"  # the customer's own payment is still its payment
    book_as(book, book.session.scalar(select(BankLine.id).where(BankLine.bank_ref == "G2")), "deposit_refund")
    assert zf.balance(book, "1221") == Decimal("-1130.00")


def overdue(book, day) -> dict[str, dict]:
    return {a["subject"]["no"]: a for a in raise_alerts(book, day) if a["kind"] == "overdue_invoice"}


def test_opening_items_age_from_their_due_date(book):
    assert "opening" not in overdue(book, dt.date(2026, 11, 28))  # opened 2026-10-31, 30 credit days
    late = overdue(book, dt.date(2026, 12, 5))["opening"]
    assert "的期初应收 已逾期 5 天" in late["message"]  # not '的opening'


def test_overdue_alerts_count_unapplied_money_and_confident_proposals(book, zf):
    invoice(zf, book, 1, "C003", "1")  # 2026-11-04, due 30 days later
    invoice(zf, book, 2, "C003", "2")
    day = dt.date(2026, 12, 20)
    assert {"INV-1", "INV-2"} <= set(overdue(book, day))
    zf.docs(book, {"type": "receipt", "no": "RC-U", "date": "2026-12-10", "customer": "C003", "amount": "1130.00",
                   "account": "100201", "allocations": []})  # paid, not yet applied
    name = book.session.scalar(select(Customer.name).where(Customer.code == "C003"))
    zf.docs(book, {"type": "bank_statement", "account": "100201", "lines": [
        {"date": "2026-12-12", "amount": "2260.00", "counterparty": name, "bank_ref": "W1"}]})  # a sure match waits
    found = overdue(book, day)
    assert "INV-1" not in found and "INV-2" not in found
    row = next(r for r in aging(book, day, pending_settlements(book, day))["rows"] if r["customer"] == "C003")
    assert (row["unapplied"], row["pending"]) == (Decimal("1130.00"), Decimal("2260.00"))


def test_the_close_waits_for_the_months_bank_lines_and_a_closed_months_line_says_what_to_do(book, zf):
    invoice(zf, book, 1, "C003", "1")
    name = book.session.scalar(select(Customer.name).where(Customer.code == "C003"))
    lid = bank(zf, book, "N1", "1130.00", name, "")
    post_period(book.acting("审核人"), "2026-11")
    blocking = preview_close(book, "2026-11")["blocking"]
    [cause] = [b for b in blocking if b["kind"] == "bank_lines_undecided"]
    assert cause["subject"] == {"type": "bank_account", "no": "100201"}
    assert cause["message"].startswith("1 bank lines of 100201 dated in 2026-11 are neither booked")
    with pytest.raises(Rejected, match="bank lines"):
        close_period(book.acting("审核人"), "2026-11")

    # Marked as not the book's business, the line lets the month close …
    book_as(book, lid, "ignore")
    close_period(book.acting("审核人"), "2026-11")
    # … and a line of the closed month says how to proceed instead of reading 可自动入账.
    late = bank(zf, book, "N2", "1130.00", name, "")
    [m] = match_account(book, "100201", accept=True)["matches"]
    assert m["status"] == "proposed" and "reopen --period 2026-11" in m["reason"] and "保留银行日期" in m["reason"]
    with pytest.raises(Rejected, match="已结账"):
        confirm(book, late, "C003", [("INV-1", Decimal("1130.00"))])
    doc = confirm(book, late, "C003", [("INV-1", Decimal("1130.00"))], on=dt.date(2026, 12, 1))
    receipt = book.session.get(Document, doc.id)
    assert receipt.date == dt.date(2026, 12, 1) and "2026-11-20" in receipt.memo
    assert book.session.get(BankLine, late).date == dt.date(2026, 11, 20)


def test_the_overdue_kpi_counts_money_received_and_not_yet_applied(book, zf):
    from storage.queries.workbench import kpis
    invoice(zf, book, 1, "C003", "1")  # 1,130.00 due 30 days after 2026-11-04
    day = dt.date(2026, 12, 20)
    before = kpis(book, day).overdue
    zf.docs(book, {"type": "receipt", "no": "RC-K", "date": "2026-12-10", "customer": "C003", "amount": "1000.00",
                   "account": "100201", "allocations": []})
    assert kpis(book, day).overdue == before - Decimal("1000.00")
