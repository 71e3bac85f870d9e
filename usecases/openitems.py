"""Open items (核销): charges and credits of a customer or supplier, and allocations between them.

Allocation is open-item bookkeeping for aging, statements and matching; the ledger does not
change (ACCOUNTING.md). Credits without explicit allocations settle the oldest charges first, and
what is left settles the next charges as they are issued.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from sqlalchemy import Select, bindparam, select

from domain.errors import Rejected
from domain.messages import Message
from storage.book import Book
from storage.driver import fetch
from storage.models import Allocation, OpenItem
from storage.write_new import add_new, insert_now, new_row, set_now

ZERO = Decimal("0.00")


def add_item(book: Book, party: str, party_id: int, side: str, kind: str, ref: str, day: dt.date,
             amount: Decimal, *, doc_id: int | None = None, voucher_id: int | None = None,
             due: dt.date | None = None) -> OpenItem:
    if amount < 0:  # a negative charge is a credit (and the other way round)
        side, amount = ("credit" if side == "charge" else "charge"), -amount
    item = new_row(OpenItem, party=party, party_id=party_id, side=side, kind=kind, ref=ref, date=day, due=due or day,
                    amount=amount, open=amount, doc_id=doc_id, voucher_id=voucher_id)
    add_new(book.session, item)
    book.session.flush()
    book.repin((OpenItem, item.id), item)  # the receipt or invoice that settles it finds it here
    return item


@cache
def _oldest_open() -> Select:
    """Built once: building the select cost more than running it on the party index."""
    t = OpenItem.__table__.c
    return (select(t.id).where(t.party == bindparam("party"), t.party_id == bindparam("id"),
                               t.side == bindparam("side"), t.open > 0).order_by(t.date, t.id))


def oldest_open(book: Book, party: str, party_id: int, side: str) -> list[OpenItem]:
    """The party's items of one side with something open, oldest first. Asked for every invoice and
    receipt: the ids come from one plain query, the rows from those this unit made or loaded."""
    session = book.session
    if any(isinstance(o, OpenItem) for o in session.new) or any(isinstance(o, OpenItem) for o in session.dirty):
        session.flush()  # what is open counts every change made so far
    ids = fetch(session, _oldest_open(), {"party": party, "id": party_id, "side": side})
    return [book.pinned((OpenItem, i), lambda i=i: session.get(OpenItem, i)) for i, in ids]


def allocate(book: Book, credit: OpenItem, charge: OpenItem, amount: Decimal, day: dt.date) -> None:
    if amount <= 0:
        return
    if amount > credit.open or amount > charge.open:
        raise Rejected(Message("allocation_exceeds_open", amount=amount, credit=credit.ref, credit_open=credit.open,
                               charge=charge.ref, charge_open=charge.open))
    set_now(book, credit, open=credit.open - amount)
    set_now(book, charge, open=charge.open - amount)
    if credit.id is None or charge.id is None:
        book.session.flush()  # an item made in this unit and not written yet
    insert_now(book, Allocation.__table__, [{"credit_id": credit.id, "charge_id": charge.id, "amount": amount,
                                             "date": day}])


def settle_oldest_first(book: Book, credit: OpenItem, day: dt.date) -> None:
    for charge in oldest_open(book, credit.party, credit.party_id, "charge"):
        if credit.open <= 0:
            break
        allocate(book, credit, charge, min(credit.open, charge.open), day)


def apply_unapplied(book: Book, charge: OpenItem, day: dt.date) -> None:
    """A new charge takes whatever credits wait unapplied on the party, oldest first; money held on
    2203 (an advance) moves to 1122 as it is taken."""
    for credit in oldest_open(book, charge.party, charge.party_id, "credit"):
        if charge.open <= 0:
            break
        amount = min(credit.open, charge.open)
        allocate(book, credit, charge, amount, day)
        if credit.kind == "advance" and charge.party == "customer":
            from usecases import advances
            advances.applied(book, credit, charge, amount, day)


@cache
def _charge_by_ref() -> Select:
    return (select(OpenItem).where(OpenItem.party == bindparam("party"), OpenItem.party_id == bindparam("id"),
                                   OpenItem.side == "charge", OpenItem.ref == bindparam("ref"))
            .order_by(OpenItem.id).limit(1))


def find_charge(book: Book, party: str, party_id: int, ref: str) -> OpenItem | None:
    return book.session.scalar(_charge_by_ref(), {"party": party, "id": party_id, "ref": ref})
