"""预收账款 2203 for money a matched bank receipt leaves unapplied (BANKS.md version 3: an overpayment
or an advance is the customer's 2203, never part of the next invoice by stealth). The receipt's voucher
credits 2203 with it and an `advance` open item keeps it; when a later invoice takes it, a voucher
moves it: Dr 2203 · Cr 1122 for that customer (预收冲应收), so neither account keeps a stale balance."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from domain.voucher import LineDraft, VoucherDraft
from storage.book import Book
from storage.ledger import write_voucher
from storage.models import OpenItem

ADVANCES = "2203"  # 预收账款 (aux: customer)
KIND = "advance"  # the open item of money held on 2203
SOURCE = "advance"  # the source_type of the 预收冲应收 voucher (no document of its own)


def account(book: Book) -> str | None:
    """2203 when it is a leaf kept per customer; None (the money stays on 1122, as before) otherwise."""
    rule = book.accounts.get(ADVANCES)
    return ADVANCES if rule is not None and rule.is_leaf and rule.active and rule.aux == "customer" else None


def receipt_lines(book: Book, bank: str, customer_id: int, amount: Decimal, no: str) -> list[LineDraft]:
    code = account(book)
    assert code is not None
    text = f"预收款 {no}"
    return [LineDraft(bank, debit=amount, summary=text), LineDraft(code, credit=amount, customer=customer_id,
                                                                    summary=text)]


def applied(book: Book, credit: OpenItem, charge: OpenItem, amount: Decimal, day: dt.date) -> None:
    """An advance set against a customer's charge: Dr 2203 · Cr 1122 for the amount, dated `day`."""
    code = account(book)
    if code is None or amount <= 0:
        return
    text = f"预收冲应收 {credit.ref} → {charge.ref}"
    receivable = book.role("receivable")
    write_voucher(book, VoucherDraft(text, [
        LineDraft(code, debit=amount, customer=credit.party_id, summary=text),
        LineDraft(receivable, credit=amount, customer=credit.party_id, summary=text)]), day, source_type=SOURCE)
