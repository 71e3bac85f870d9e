"""Small SQL helpers that keep the column types (and so Decimal results) on aggregates."""
from __future__ import annotations

from sqlalchemy import func


def total(column):
    """SUM that reads back through the column's type (Fen → Decimal) and is 0 over no rows."""
    return func.coalesce(func.sum(column), 0, type_=column.type)
