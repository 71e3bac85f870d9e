"""What a customer owes or has on order: the figure a credit limit is checked against."""
from __future__ import annotations

from decimal import Decimal
from functools import cache

from sqlalchemy import Select, bindparam, column, select, text, type_coerce

from domain import credit
from storage.book import Book
from storage.driver import fetch
from storage.models import Balance, OpeningBalance
from storage.queries.receivables import shipped_not_invoiced
from storage.sql import total
from storage.types import Fen

ZERO = Decimal("0.00")


@cache
def _receivable() -> Select:
    """Built once (building a select costs more than running this one): the maintained balances and
    the opening balance of one account and customer, in one statement."""
    b, o = Balance.__table__.c, OpeningBalance.__table__.c
    moved = select(total(b.debit) - total(b.credit)).where(
        b.account_id == bindparam("acc"), b.customer_id == bindparam("cust")).scalar_subquery()
    opening = select(total(o.debit) - total(o.credit)).where(
        o.account_id == bindparam("acc"), o.customer_id == bindparam("cust")).scalar_subquery()
    return select(type_coerce(opening + moved, Fen()))


def receivable_balance(book: Book, customer_id: int) -> Decimal:
    """The customer's receivable (1122) balance from the maintained balances."""
    acc = book.account_id(book.role("receivable"))
    return fetch(book.session, _receivable(), {"acc": acc, "cust": customer_id})[0][0]


def customer_exposure(book: Book, customer_id: int) -> Decimal:
    """Open receivable + uninvoiced shipments + what open orders have still to ship.

    Under revenue at shipment the receivable already holds uninvoiced shipments; under revenue
    at invoice they are added here, at their gross value.
    """
    uninvoiced = (sum((row.amount for row in shipped_not_invoiced(book, customer_id)), ZERO)
                  if book.revenue_mode == "invoice" else ZERO)  # not read when it would not count
    return credit.exposure(receivable_balance(book, customer_id), uninvoiced, unshipped_orders(book, customer_id),
                           book.revenue_mode)


# What the customer's open orders have still to ship: their lines' gross less what outbounds took of
# them. Asked before every order of a customer with a credit limit, so it must cost what that
# customer's orders cost, not what the book's outbounds do: `od.type || ''` keeps SQLite from starting
# at every outbound of the book (by the (type, no) index) and makes it go customer → its orders →
# their lines → the lines that took from them. (SQLite's own idiom, a unary `+`, is an error on
# PostgreSQL for text; `|| ''` hides the index on both engines and means the same.)
_UNSHIPPED = text("""
SELECT (SELECT coalesce(sum(l.gross), 0) FROM documents d JOIN document_lines l ON l.doc_id = d.id
         WHERE d.customer_id = :cust AND d.type = 'sales_order' AND d.status IN ('open', 'partly'))
     - (SELECT coalesce(sum(o.gross), 0) FROM documents d JOIN document_lines l ON l.doc_id = d.id
         JOIN document_lines o ON o.src_line_id = l.id JOIN documents od ON od.id = o.doc_id
         WHERE d.customer_id = :cust AND d.type = 'sales_order' AND d.status IN ('open', 'partly')
           AND od.type || '' = 'outbound') AS unshipped
""").columns(column("unshipped", Fen()))


def unshipped_orders(book: Book, customer_id: int) -> Decimal:
    with book.session.no_autoflush:  # the order being made is not flushed yet, and is not counted
        return fetch(book.session, _UNSHIPPED, {"cust": customer_id})[0][0]
