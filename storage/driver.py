"""Rows straight to SQLite's own executemany, for the posting path's writes.

Through SQLAlchemy's Core each execute cost about ten times SQLite's own work (the compiled-cache
lookup, parameter processing, a result object), and posting one document writes to several tables.
The values still go through each column's own bind processing (Fen to integer fen, dates to text),
so what is stored is exactly what SQLAlchemy would have written. Other databases get the same
statements through Core.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Executable, Insert, Table, bindparam, insert, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from storage.types import Scaled


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT every row: each column given, or its constant default, or NULL."""
    if not rows:
        return
    if not is_sqlite(session):
        # one executemany takes the same keys in every row: a key some rows leave out gets its default
        keys = {k for row in rows for k in row}
        defaults = {c.key: c.default.arg if c.default is not None and c.default.is_scalar else None
                    for c in table.columns if c.key in keys}
        session.connection().execute(insert(table), [defaults | row for row in rows])
        return
    sql, spec = _insert_plan(table, _dialect(session))
    _driver(session).executemany(sql, [[v if (v := row.get(key, default)) is None or bind is None else bind(v)
                                        for key, default, bind in spec] for row in rows])


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
    sql, processors = _update_plan(table, columns, _dialect(session))
    params = [[v if v is None or p is None else p(v) for p, v in zip(processors, row, strict=True)] for row in rows]
    return _driver(session).executemany(sql, params).rowcount


def execute_many(session: Session, stmt: Insert, rows: list[dict[str, Any]]) -> None:
    """An INSERT statement of SQLAlchemy's (an upsert, say) for each row, every row giving the same
    columns: compiled once for SQLite and run on its executemany, elsewhere through Core."""
    if not is_sqlite(session):
        session.connection().execute(stmt, rows)
        return
    sql, pairs = _compiled(stmt, _dialect(session), tuple(rows[0]))
    _driver(session).executemany(sql, [[v if (v := row[k]) is None or p is None else p(v) for k, p in pairs]
                                       for row in rows])


def fetch(session: Session, stmt: Executable, params: dict[str, Any]) -> list[tuple]:
    """The rows of a SELECT built once (a Core select or a text() with its columns typed), run on
    SQLite's own cursor inside the session's transaction: parameters and columns go through their
    types' own processing, as through Core, at a fifth of the cost. Like a Core execute on the
    session's connection it does not flush first. Other databases run it through Core."""
    if not is_sqlite(session):
        return [tuple(r) for r in session.connection().execute(stmt, params)]
    sql, names, fixed, binds, results = _select_plan(stmt, _dialect(session))
    args = [_bind(p, params[n] if n in params else fixed[n]) for n, p in zip(names, binds, strict=True)]
    rows = _driver(session).execute(sql, args).fetchall()
    if not any(results):
        return rows
    return [tuple(_bind(p, v) for p, v in zip(results, row, strict=True)) for row in rows]


def is_sqlite(session: Session) -> bool:
    return _dialect(session).name == "sqlite"


def _dialect(session: Session) -> Dialect:
    bind = session.bind or session.get_bind()  # a book's session has its engine as its one bind
    return bind.dialect


def _bind(processor: Callable[[Any], Any] | None, value: Any) -> Any:
    return processor(value) if processor is not None and value is not None else value


_RAW = "sqlite3 connection of the transaction"


def _driver(session: Session) -> Any:
    """The sqlite3 connection under the session's, inside the unit's transaction (BEGIN IMMEDIATE).
    Found once per transaction: session.connection() cost as much as the statement it served."""
    tx = session._transaction
    kept = session.info.get(_RAW)
    if kept is not None and tx is not None and kept[0] is tx and tx.is_active:
        return kept[1]
    raw = session.connection().connection.driver_connection
    session.info[_RAW] = (session._transaction, raw)
    return raw


@cache
def _compiled(stmt: Insert, dialect: Dialect, keys: tuple[str, ...]) -> tuple[str, tuple]:
    """The statement as SQLite reads it, and its parameters in order with each one's bind processing
    (an INSERT's parameters are its table's columns)."""
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
    return compiled.string, tuple((k, binder(stmt.table.c[k].type, dialect)) for k in compiled.positiontup or ())


@cache
def _select_plan(stmt: Executable, dialect: Dialect) -> tuple[str, tuple, dict, tuple, tuple]:
    """The statement as SQLite reads it; its parameters' names in order, the values of those the
    statement fixes itself (a literal 0), each one's bind processing; each column's result processing."""
    compiled = stmt.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    by_name = {name: bp for bp, name in compiled.bind_names.items()}
    assert not any(bp.expanding for bp in by_name.values()), "IN lists are not compiled once"
    fixed = {n: by_name[n].value for n in names if not by_name[n].required}
    binds = tuple(binder(by_name[n].type, dialect) for n in names)
    results = tuple(col.type._cached_result_processor(dialect, None) for col in compiled._result_columns)
    return compiled.string, names, fixed, binds, results


@cache
def _insert_plan(table: Table, dialect: Dialect) -> tuple[str, tuple]:
    """The statement, and for each column: its key, its constant default, its bind processing."""
    columns = tuple(table.columns)
    names = ", ".join(f'"{c.name}"' for c in columns)
    spec = tuple((c.key, c.default.arg if c.default is not None and c.default.is_scalar else None,
                  binder(c.type, dialect)) for c in columns)
    return f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})', spec


@cache
def _update_plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[str, tuple]:
    keys = tuple(table.c[k] for k in columns) + tuple(table.primary_key)
    sets = ", ".join(f'"{table.c[k].name}" = ?' for k in columns)
    where = " AND ".join(f'"{c.name}" = ?' for c in table.primary_key)
    return f'UPDATE "{table.name}" SET {sets} WHERE {where}', tuple(binder(c.type, dialect) for c in keys)


@cache
def binder(type_: TypeEngine, dialect: Dialect) -> Callable[[Any], Any] | None:
    """A column type's bind processing for `dialect`, quicker for the values posting writes most:
    every amount and date of every row passes here. Each quick path gives exactly what the type's own
    processing gives (tests/storage/test_driver.py holds them side by side) and hands anything else
    — another type of value, a bad one — to it, so its checks and messages stay."""
    slow = type_._cached_bind_processor(dialect)
    if slow is None:
        return None
    if isinstance(type_, Scaled):
        return _scaled(type_.places, slow)
    impl = type_.dialect_impl(dialect)
    if dialect.name == "sqlite" and isinstance(impl, sqlite.DATETIME) and impl._storage_format == _SQLITE_DATETIME:
        return _datetime(slow)
    if dialect.name == "sqlite" and isinstance(impl, sqlite.DATE) and impl._storage_format == _SQLITE_DATE:
        return _date(slow)
    return slow


_SQLITE_DATE = "%(year)04d-%(month)02d-%(day)02d"
_SQLITE_DATETIME = "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"


def _scaled(places: int, slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def bind(value: Any) -> Any:
        if type(value) is Decimal:
            scaled = value.scaleb(places)
            try:
                whole = int(scaled)
            except (ValueError, OverflowError):  # NaN, infinity: the type says what is wrong
                return slow(value)
            if whole == scaled:
                return whole
        return slow(value)
    return bind


def _date(slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: value.isoformat() if type(value) is dt.date else slow(value)


def _datetime(slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: (value.isoformat(" ", "microseconds") if type(value) is dt.datetime and value.tzinfo is None
                          else slow(value))
