"""Rows straight to SQLite's own executemany, for the posting path's writes.

Through SQLAlchemy's Core each execute cost about ten times SQLite's own work (the compiled-cache
lookup, parameter processing, a result object), and posting one document writes to several tables.
The values still go through each column's own bind processing (Fen to integer fen, dates to text),
so what is stored is exactly what SQLAlchemy would have written. Other databases get the same
statements through Core.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import Insert, Table, bindparam, insert, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT every row: each column given, or its constant default, or NULL."""
    if not rows:
        return
    if not is_sqlite(session):
        session.connection().execute(insert(table), rows)
        return
    sql, spec = _insert_plan(table, session.get_bind().dialect)
    params = []
    for row in rows:
        values = []
        for key, default, bind in spec:
            value = row.get(key, default)
            values.append(bind(value) if bind is not None and value is not None else value)
        params.append(values)
    _driver(session).executemany(sql, params)


def update_rows(session: Session, table: Table, columns: tuple[str, ...], rows: list[list[Any]]) -> int:
    """UPDATE `columns` of each row, given as those values followed by its primary key; returns how many
    rows were updated."""
    if not is_sqlite(session):
        keys = [c.key for c in table.primary_key]
        stmt = update(table).where(*(c == bindparam(f"k_{c.key}") for c in table.primary_key)).values(
            {table.c[k]: bindparam(f"v_{k}") for k in columns})
        params = [{f"v_{k}": v for k, v in zip(columns, row, strict=False)} | {
            f"k_{k}": v for k, v in zip(keys, row[len(columns):], strict=True)} for row in rows]
        return session.connection().execute(stmt, params).rowcount
    sql, processors = _update_plan(table, columns, session.get_bind().dialect)
    params = [tuple(_bind(p, v) for p, v in zip(processors, row, strict=True)) for row in rows]
    return _driver(session).executemany(sql, params).rowcount


def execute_many(session: Session, stmt: Insert, rows: list[dict[str, Any]]) -> None:
    """An INSERT statement of SQLAlchemy's (an upsert, say) for each row, every row giving the same
    columns: compiled once for SQLite and run on its executemany, elsewhere through Core."""
    if not is_sqlite(session):
        session.connection().execute(stmt, rows)
        return
    sql, keys, processors = _compiled(stmt, session.get_bind().dialect, tuple(rows[0]))
    _driver(session).executemany(sql, [tuple(_bind(p, row[k]) for k, p in zip(keys, processors, strict=True))
                                       for row in rows])


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _bind(processor: Callable[[Any], Any] | None, value: Any) -> Any:
    return processor(value) if processor is not None and value is not None else value


def _driver(session: Session) -> Any:
    """The sqlite3 connection under the session's, inside the unit's transaction (BEGIN IMMEDIATE)."""
    return session.connection().connection.driver_connection


@cache
def _compiled(stmt: Insert, dialect: Dialect, keys: tuple[str, ...]) -> tuple[str, tuple, tuple]:
    """The statement as SQLite reads it, its parameters in order, and each one's bind processing (an
    INSERT's parameters are its table's columns)."""
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
    order = tuple(compiled.positiontup or ())
    return compiled.string, order, tuple(stmt.table.c[k].type._cached_bind_processor(dialect) for k in order)


@cache
def _insert_plan(table: Table, dialect: Dialect) -> tuple[str, tuple]:
    """The statement, and for each column: its key, its constant default, its bind processing."""
    columns = tuple(table.columns)
    names = ", ".join(f'"{c.name}"' for c in columns)
    spec = tuple((c.key, c.default.arg if c.default is not None and c.default.is_scalar else None,
                  c.type._cached_bind_processor(dialect)) for c in columns)
    return f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})', spec


@cache
def _update_plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[str, tuple]:
    keys = tuple(table.c[k] for k in columns) + tuple(table.primary_key)
    sets = ", ".join(f'"{table.c[k].name}" = ?' for k in columns)
    where = " AND ".join(f'"{c.name}" = ?' for c in table.primary_key)
    return f'UPDATE "{table.name}" SET {sets} WHERE {where}', tuple(
        c.type._cached_bind_processor(dialect) for c in keys)
