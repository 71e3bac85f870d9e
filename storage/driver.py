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

from sqlalchemy import Executable, Insert, Table, bindparam, insert, update
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


def fetch(session: Session, stmt: Executable, params: dict[str, Any]) -> list[tuple]:
    """The rows of a SELECT built once (a Core select or a text() with its columns typed), run on
    SQLite's own cursor inside the session's transaction: parameters and columns go through their
    types' own processing, as through Core, at a fifth of the cost. Like a Core execute on the
    session's connection it does not flush first. Other databases run it through Core."""
    if not is_sqlite(session):
        return [tuple(r) for r in session.connection().execute(stmt, params)]
    sql, names, fixed, binds, results = _select_plan(stmt, session.get_bind().dialect)
    args = [_bind(p, params[n] if n in params else fixed[n]) for n, p in zip(names, binds, strict=True)]
    rows = _driver(session).execute(sql, args).fetchall()
    if not any(results):
        return rows
    return [tuple(_bind(p, v) for p, v in zip(results, row, strict=True)) for row in rows]


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
def _select_plan(stmt: Executable, dialect: Dialect) -> tuple[str, tuple, dict, tuple, tuple]:
    """The statement as SQLite reads it; its parameters' names in order, the values of those the
    statement fixes itself (a literal 0), each one's bind processing; each column's result processing."""
    compiled = stmt.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ())
    by_name = {name: bp for bp, name in compiled.bind_names.items()}
    assert not any(bp.expanding for bp in by_name.values()), "IN lists are not compiled once"
    fixed = {n: by_name[n].value for n in names if not by_name[n].required}
    binds = tuple(by_name[n].type._cached_bind_processor(dialect) for n in names)
    results = tuple(col.type._cached_result_processor(dialect, None) for col in compiled._result_columns)
    return compiled.string, names, fixed, binds, results


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
