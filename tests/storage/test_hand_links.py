"""Linking bank lines to a receipt keyed by hand when the amounts differ (BANKS.md version 3): the
cashier keyed one receipt for money the bank shows as two transfers (a part payment each). Each line is
linked to it for its part; nothing is booked twice, and more than the receipt leaves is refused."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from domain.errors import Rejected
from storage.models import BankLine, Document
from tests.storage.test_matching_learning import bank, invoice
from usecases.matching import link_line, match_account

NAME = "南京远航科技有限公司"  # C003


def receipts(book) -> int:
    return book.session.scalar(select(func.count()).select_from(Document).where(Document.type == "receipt"))


def test_two_part_payments_link_to_one_receipt_keyed_for_both(book, zf):
    invoice(zf, book, 1, "C003", "3")  # 3,390.00
    zf.docs(book, {"type": "receipt", "no": "RC-H", "date": "2026-11-20", "customer": "C003", "amount": "3390.00",
                   "account": "100201"})
    first = bank(zf, book, "T1", "1390.00", NAME)
    link_line(book, first, "RC-H")  # an unequal amount: the first part
    second = bank(zf, book, "T2", "2000.00", NAME)
    # the rest of the receipt equals the second line: the matcher links it, and books nothing
    [m] = match_account(book, "100201", accept=True)["matches"]
    assert (m["status"], m["receipt"]) == ("accepted", "RC-H")
    assert receipts(book) == 1
    doc = book.session.scalar(select(Document.id).where(Document.no == "RC-H"))
    assert [book.session.get(BankLine, i).document_id for i in (first, second)] == [doc, doc]
    assert zf.findings(book) == {}


def test_a_line_larger_than_what_the_receipt_leaves_is_refused(book, zf):
    zf.docs(book, {"type": "receipt", "no": "RC-H", "date": "2026-11-20", "customer": "C003", "amount": "3390.00",
                   "account": "100201"})
    link_line(book, bank(zf, book, "T1", "3000.00", NAME), "RC-H")
    late = bank(zf, book, "T2", "1000.00", NAME)
    with pytest.raises(Rejected, match="尚未关联的金额 390.00"):
        link_line(book, late, "RC-H")
    assert book.session.get(BankLine, late).status == "unprocessed"
