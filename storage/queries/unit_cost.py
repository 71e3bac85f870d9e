"""Each item's current unit cost (moving weighted average over every warehouse), for warning at entry
when a sale is priced below it (issue 30)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from storage.book import Book
from storage.models import Item, StockBalance
from storage.sql import total


def unit_costs(book: Book) -> dict[str, Decimal]:
    """item code → value on hand / quantity on hand, for items with stock on hand."""
    rows = book.session.execute(
        select(Item.code, total(StockBalance.qty), total(StockBalance.value))
        .join(StockBalance, StockBalance.item_id == Item.id).group_by(Item.code))
    return {code: Decimal(value) / Decimal(qty) for code, qty, value in rows if qty and qty > 0}
