"""Stock on hand per item and warehouse, moved at moving weighted average cost."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from sqlalchemy import Select, bindparam, select

from domain.errors import Rejected
from domain.messages import Message
from domain.money import fmt_qty
from domain.stock import cost_out
from storage.book import Book
from storage.driver import fetch
from storage.models import Document, Item, StockBalance, StockMove, Warehouse
from storage.sql import total
from storage.write_new import set_now

ZERO = Decimal("0.00")


def stock_row(book: Book, item: Item, wh: Warehouse) -> StockBalance:
    """The item's stock row in the warehouse, kept for the unit of work: the session holds loaded rows
    only weakly, and looking it up again flushed the document being written before it was whole."""
    key = (StockBalance, (item.id, wh.id))
    row = book.pinned(key, lambda: book.session.get(StockBalance, (item.id, wh.id)))
    if row is None:
        row = StockBalance(item_id=item.id, warehouse_id=wh.id, qty=Decimal(0), value=ZERO)
        book.session.add(row)
        book.repin(key, row)
    return row


def available(book: Book, item: Item, wh: Warehouse, day: dt.date, on_hand: Decimal) -> Decimal:
    """What may leave on `day`: the least running quantity from that day on, so an issue never takes
    goods that arrive later and never leaves a later document with negative stock.

    Stock on hand is the sum of all its moves (`check` holds the two together, and every move is
    written with its stock row), so the running quantity on `day` is what is on hand less what moves
    after it: only the days after `day` are read, never every move since the book began."""
    session = book.session
    if any(isinstance(o, StockMove) for o in session.dirty) or any(isinstance(o, StockMove) for o in session.deleted):
        session.flush()  # a move changed or went: let the database hold the truth before summing
    later = dict(fetch(session, _moves_after(), {"item": item.id, "wh": wh.id, "day": day}))
    for m in session.new:  # moves not yet written: `on_hand` counts them already
        if isinstance(m, StockMove) and m.item_id == item.id and m.warehouse_id == wh.id and m.date > day:
            later[m.date] = later.get(m.date, Decimal(0)) + m.qty
    running = least = on_hand - sum(later.values(), Decimal(0))
    for date in sorted(later):
        running += later[date]
        least = min(least, running)
    return least


@cache
def _moves_after() -> Select:
    """Built once (building a select costs more than SQLite takes to run it): per day after `day`, the
    item's net move in the warehouse."""
    t = StockMove.__table__.c
    return (select(t.date, total(t.qty))
            .where(t.item_id == bindparam("item"), t.warehouse_id == bindparam("wh"), t.date > bindparam("day"))
            .group_by(t.date))


def _check_available(book: Book, item: Item, wh: Warehouse, qty: Decimal, doc: Document, on_hand: Decimal) -> None:
    free = available(book, item, wh, doc.date, on_hand) if doc.date is not None else on_hand
    free = min(free, on_hand)
    if qty > free:
        when = Message("qty_exceeds_stock_when", date=doc.date) if free < on_hand else ""
        raise Rejected(Message("qty_exceeds_stock", qty=fmt_qty(qty), free=fmt_qty(free), item=item.code,
                               warehouse=wh.code, when=when))


def issue(book: Book, item: Item, wh: Warehouse, qty: Decimal, doc: Document) -> Decimal:
    """Take goods out at moving-average cost; stock never goes negative, at any date."""
    row = stock_row(book, item, wh)
    _check_available(book, item, wh, qty, doc, row.qty)
    cost = cost_out(row.qty, row.value, qty)
    set_now(book, row, qty=row.qty - qty, value=row.value - cost)
    book.session.add(StockMove(document=doc, date=doc.date, item_id=item.id, warehouse_id=wh.id, qty=-qty, value=-cost))
    return cost


def receive(book: Book, item: Item, wh: Warehouse, qty: Decimal, value: Decimal, doc: Document) -> None:
    row = stock_row(book, item, wh)
    set_now(book, row, qty=row.qty + qty, value=row.value + value)
    book.session.add(StockMove(document=doc, date=doc.date, item_id=item.id, warehouse_id=wh.id, qty=qty, value=value))


def give_back(book: Book, item: Item, wh: Warehouse, qty: Decimal, value: Decimal, doc: Document) -> Decimal:
    """Return goods to a supplier at the value they came in with (not the current average), clamped so
    the stock left keeps a value between 0 and its own; the last units take exactly what is left.
    Returns the value taken out (the caller books the difference to cost of sales)."""
    row = stock_row(book, item, wh)
    _check_available(book, item, wh, qty, doc, row.qty)
    value = row.value if qty == row.qty else min(max(value, ZERO), max(row.value, ZERO))
    set_now(book, row, qty=row.qty - qty, value=row.value - value)
    book.session.add(StockMove(document=doc, date=doc.date, item_id=item.id, warehouse_id=wh.id, qty=-qty, value=-value))
    return value
