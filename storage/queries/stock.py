"""Stock movements summed per item and warehouse: before a date, and in and out over a range."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import case, select

from storage.book import Book
from storage.models import Item, StockMove, Warehouse
from storage.sql import total


def stock_summary(book: Book, first: dt.date, last: dt.date):
    """(item code, name, unit, warehouse code, opening qty, opening value, in qty, in value, out qty,
    out value) per item and warehouse that had stock or movement; out figures positive."""
    m = StockMove
    before = m.date < first
    inside = (m.date >= first) & (m.date <= last)
    # a value-only move (qty 0: a supplier allowance on goods on hand, a return's cost clamp) adjusts the
    # cost of what came in; left out, the closing value would differ from 1405
    inward, outward = inside & (m.qty >= 0), inside & (m.qty < 0)

    def part(cond, col):
        return total(case((cond, col), else_=0))

    q = (select(Item.code, Item.name, Item.unit, Warehouse.code,
                part(before, m.qty), part(before, m.value), part(inward, m.qty), part(inward, m.value),
                part(outward, m.qty), part(outward, m.value))
         .join(Item, Item.id == m.item_id).join(Warehouse, Warehouse.id == m.warehouse_id)
         .where(m.date <= last)
         .group_by(Item.code, Item.name, Item.unit, Warehouse.code).order_by(Item.code, Warehouse.code))
    return book.session.execute(q).all()
