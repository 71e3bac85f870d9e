"""Stock on hand per item and warehouse, moved at moving weighted average cost."""
from __future__ import annotations

from decimal import Decimal

from domain.errors import Rejected
from domain.money import fmt_qty
from domain.stock import cost_out
from storage.book import Book
from storage.models import Document, Item, StockBalance, StockMove, Warehouse

ZERO = Decimal("0.00")


def _row(book: Book, item: Item, wh: Warehouse) -> StockBalance:
    row = book.session.get(StockBalance, (item.id, wh.id))
    if row is None:
        row = StockBalance(item_id=item.id, warehouse_id=wh.id, qty=Decimal(0), value=ZERO)
        book.session.add(row)
    return row


def issue(book: Book, item: Item, wh: Warehouse, qty: Decimal, doc: Document) -> Decimal:
    """Take goods out at moving-average cost; stock never goes negative."""
    row = _row(book, item, wh)
    if qty > row.qty:
        raise Rejected(f"qty {fmt_qty(qty)} exceeds the {fmt_qty(row.qty)} of {item.code} on hand in {wh.code}")
    cost = cost_out(row.qty, row.value, qty)
    row.qty -= qty
    row.value -= cost
    book.session.add(StockMove(doc_id=doc.id, date=doc.date, item_id=item.id, warehouse_id=wh.id, qty=-qty, value=-cost))
    return cost


def receive(book: Book, item: Item, wh: Warehouse, qty: Decimal, value: Decimal, doc: Document) -> None:
    row = _row(book, item, wh)
    row.qty += qty
    row.value += value
    book.session.add(StockMove(doc_id=doc.id, date=doc.date, item_id=item.id, warehouse_id=wh.id, qty=qty, value=value))


def give_back(book: Book, item: Item, wh: Warehouse, qty: Decimal, value: Decimal, doc: Document) -> None:
    """Return goods to a supplier at the value they came in with (not the current average)."""
    row = _row(book, item, wh)
    if qty > row.qty:
        raise Rejected(f"qty {fmt_qty(qty)} exceeds the {fmt_qty(row.qty)} of {item.code} on hand in {wh.code}")
    row.qty -= qty
    row.value -= value
    book.session.add(StockMove(doc_id=doc.id, date=doc.date, item_id=item.id, warehouse_id=wh.id, qty=-qty, value=-value))
