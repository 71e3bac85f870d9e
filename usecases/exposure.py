"""What a customer owes or has on order: the figure a credit limit is checked against."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain import credit
from storage.book import Book
from storage.models import Balance, Document, DocumentLine, OpeningBalance
from storage.queries.receivables import shipped_not_invoiced
from storage.sql import total

ZERO = Decimal("0.00")


def receivable_balance(book: Book, customer_id: int) -> Decimal:
    """The customer's receivable (1122) balance from the maintained balances."""
    acc = book.account_id(book.role("receivable"))
    d, c = book.session.execute(select(total(Balance.debit), total(Balance.credit))
                                .where(Balance.account_id == acc, Balance.customer_id == customer_id)).one()
    od, oc = book.session.execute(select(total(OpeningBalance.debit), total(OpeningBalance.credit))
                                  .where(OpeningBalance.account_id == acc, OpeningBalance.customer_id == customer_id)).one()
    return od - oc + d - c


def customer_exposure(book: Book, customer_id: int) -> Decimal:
    """Open receivable + uninvoiced shipments + what open orders have still to ship.

    Under revenue at shipment the receivable already holds uninvoiced shipments; under revenue
    at invoice they are added here, at their gross value.
    """
    uninvoiced = (sum((row.amount for row in shipped_not_invoiced(book, customer_id)), ZERO)
                  if book.revenue_mode == "invoice" else ZERO)  # not read when it would not count
    return credit.exposure(receivable_balance(book, customer_id), uninvoiced, unshipped_orders(book, customer_id),
                           book.revenue_mode)


def unshipped_orders(book: Book, customer_id: int) -> Decimal:
    orders = select(Document.id).where(Document.type == "sales_order", Document.customer_id == customer_id,
                                       Document.status.in_(("open", "partly")))
    ordered = book.session.scalar(select(total(DocumentLine.gross))
                                  .where(DocumentLine.doc_id.in_(orders)))
    order_lines = select(DocumentLine.id).where(DocumentLine.doc_id.in_(orders))
    shipped = book.session.scalar(select(total(DocumentLine.gross))
                                  .join(Document, Document.id == DocumentLine.doc_id)
                                  .where(Document.type == "outbound", DocumentLine.src_line_id.in_(order_lines)))
    return ordered - shipped
