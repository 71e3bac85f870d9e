"""Copying every row of a book from one database into another, ids kept.

It serves `migrate-from` (a SQLite book onto a PostgreSQL server) and the backup and restore of a
server book (a logical copy into a SQLite book file, and back). Both books are at this version's
schema; rows go table by table in the order of their foreign keys and, within a table, by id (a row
that names another of its table — a sub-account, a red invoice, a pushed-down line — names an older
one), read and written through the tables' column types, so a date or an amount arrives as what it
was and not as the source's way of storing it. A reference to a table copied later (a document's
voucher: vouchers name their documents too) is written empty first and filled in at the end, as
neither engine checks a foreign key only at commit unless the schema says so.
"""
from __future__ import annotations

from sqlalchemy import Connection, Table, bindparam, delete, func, insert, inspect, or_, select, update

from storage import dialects
from storage.models import Base

_BATCH = 2_000
# Rows a new book is born with that say nothing of its own: the operation log's chain head (seq 0)
# written by migration 0013. A book holding only these is empty; a copy replaces them.
SEEDED = frozenset({"audit_head"})


def tables() -> list[Table]:
    """Every table of a book but Alembic's own, parents before children."""
    return list(Base.metadata.sorted_tables)


def row_counts(conn: Connection) -> dict[str, int]:
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables()}


def copy_rows(src: Connection, dst: Connection) -> dict[str, int]:
    """Every row of `src` into `dst` (empty, at the same schema), inside dst's transaction; then the
    server's id sequences are moved past the copied ids. Returns the rows copied per table."""
    copied = {}
    later = _forward_references(dst)
    for table in tables():
        if table.name in SEEDED:
            dst.execute(delete(table))
        n = 0
        held = later.get(table.name, [])
        result = src.execution_options(stream_results=True).execute(
            select(table).order_by(*table.primary_key.columns))
        for part in result.mappings().partitions(_BATCH):
            dst.execute(insert(table), [dict(row) | dict.fromkeys(held) for row in part])
            n += len(part)
        copied[table.name] = n
    for name, columns in later.items():
        _fill_in(src, dst, Base.metadata.tables[name], columns)
    dialects.reset_id_sequences(dst, tables())
    return copied


def _forward_references(conn: Connection) -> dict[str, list[str]]:
    """Per table, its columns that name a row of a table copied after it (as the database's own
    foreign keys say, which may be more than the models declare)."""
    order = [t.name for t in tables()]
    found: dict[str, list[str]] = {}
    schema = inspect(conn)
    for name in order:
        for fk in schema.get_foreign_keys(name):
            if fk["referred_table"] in order and order.index(fk["referred_table"]) > order.index(name):
                found.setdefault(name, []).extend(fk["constrained_columns"])
    return found


def _fill_in(src: Connection, dst: Connection, table: Table, columns: list[str]) -> None:
    (key,) = table.primary_key.columns
    stmt = update(table).where(key == bindparam("k_id")).values({c: bindparam(f"v_{c}") for c in columns})
    rows = src.execute(select(key, *(table.c[c] for c in columns))
                       .where(or_(*(table.c[c].is_not(None) for c in columns))))
    for part in rows.partitions(_BATCH):
        dst.execute(stmt, [{"k_id": r[0]} | {f"v_{c}": v for c, v in zip(columns, r[1:], strict=True)} for r in part])


def delete_rows(conn: Connection) -> None:
    """Every row of every table, children first (restore replaces a server book's content)."""
    for table in reversed(tables()):
        conn.execute(delete(table))
