"""What the month-end VAT steps and the checks both read: the VAT return's 销售额 and a small-scale
taxpayer's VAT over some months. Here, below both, so the checks (storage/queries/checks_v3.py) need
not import the close (usecases/closing.py) that runs them."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain.periods import period_end, period_start
from storage.book import Book
from storage.models import Balance, Document, DocumentLine
from storage.sql import total
from storage.vat import printed_tax

ZERO = Decimal("0.00")


def leaves_under(book: Book, code: str) -> list[int]:
    return [book.account_id(c) for c, rule in book.accounts.items() if c.startswith(code) and rule.is_leaf]


def small_vat_between(book: Book, months: list[str], vat: str = "222101") -> Decimal:
    return book.session.scalar(select(total(Balance.credit)).where(
        Balance.account_id.in_(leaves_under(book, vat)), Balance.period.in_(months))) or ZERO


def month_sales(book: Book, period: str, last_period: str | None = None) -> Decimal:
    """The VAT return's 销售额 of the months `period`…`last_period`: the net amounts printed on their
    invoices less their red invoices — each line's gross less the tax printed from it, never the portion
    rule's net of the shipment it bills (version 3: the fen between them decides a threshold)."""
    first, last = period_start(period), period_end(last_period or period)
    out = ZERO
    for doc_type, sign in (("invoice", 1), ("credit_note", -1)):
        q = (select(DocumentLine.gross, DocumentLine.net, DocumentLine.tax, DocumentLine.tax_rate)
             .join(Document, Document.id == DocumentLine.doc_id)
             .where(Document.type == doc_type, Document.date >= first, Document.date <= last))
        for gross, net, tax, rate in book.session.execute(q):
            out += sign * (gross - printed_tax(gross, rate) if tax and rate else net)
    return out
