"""Declarative base with a naming convention, so Alembic batch migrations can name constraints."""
from sqlalchemy import Index, MetaData, text
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def list_indexes(table: str, *columns: str, within: str | None = None) -> list[Index]:
    """One index per sortable list column, ending in the id the list pages by (storage/queries/lists.py).
    "?name" is a column that may be blank: indexed as coalesce(name, ''), the expression the list sorts
    by, because a NULL would break the keyset comparison. `within`: a column every query fixes first."""
    out = []
    for column in columns:
        name = column.lstrip("?")
        expr = text(f"coalesce({name}, '')") if column.startswith("?") else name
        out.append(Index(f"ix_{table}_list_{name}", *([within] if within else []), expr, "id"))
    return out
