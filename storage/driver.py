"""Statements straight to the database driver's cursor, for the posting path's writes and hot reads.

Through SQLAlchemy's Core each execute cost about ten times SQLite's own work (the compiled-cache
lookup, parameter processing, a result object), and posting one document writes to several tables.
Here a statement is built and compiled by SQLAlchemy once per dialect, and each call runs that
text on the DBAPI cursor of the session's connection (inside its transaction). The values still go
through each column's own bind and result processing, taken through the types' public API
(`type.dialect_impl(dialect).bind_processor(dialect)`), so what is stored is exactly what
SQLAlchemy would have written. The same code serves SQLite and PostgreSQL: the SQL and its
parameter style (positional `?` or named `%(x)s`) come from the dialect's own compiler.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Executable, Insert, Integer, Table, bindparam, insert, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from storage.types import Scaled

Processor = Callable[[Any], Any] | None


class _Plan:
    """A statement compiled for one dialect: its text, its parameters in the order the driver takes
    them (each with its bind processing), and whether the driver takes them by position."""

    __slots__ = ("sql", "names", "binds", "positional")

    def __init__(self, sql: str, names: tuple[str, ...], binds: tuple[Processor, ...], positional: bool):
        self.sql, self.names, self.binds, self.positional = sql, names, binds, positional

    def args(self, values: list[Any]) -> Any:
        """The driver's parameters from the values in `names` order (already bind-processed)."""
        return values if self.positional else dict(zip(self.names, values, strict=True))


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT every row: each column given, or its constant default, or NULL."""
    if not rows:
        return
    key = _serial_key(table)
    # rows without their id get one from the database: left out of the INSERT, not written as NULL
    # (SQLite numbers a NULL id itself; PostgreSQL refuses it and takes the sequence only when absent)
    plan, spec = _insert_plan(table, dialect_of(session), key is None or all(row.get(key) is not None for row in rows))
    values = [[v if (v := row.get(key, default)) is None or bind is None else bind(v) for key, default, bind in spec]
              for row in rows]
    _cursor(session).executemany(plan.sql, values if plan.positional else [plan.args(v) for v in values])


def update_rows(session: Session, table: Table, columns: tuple[str, ...], rows: list[list[Any]]) -> int:
    """UPDATE `columns` of each row, given as those values followed by its primary key; returns how many
    rows were updated."""
    if not rows:
        return 0
    plan = _update_plan(table, columns, dialect_of(session))
    params = [plan.args([v if v is None or p is None else p(v) for p, v in zip(plan.binds, row, strict=True)])
              for row in rows]
    cursor = _cursor(session)
    cursor.executemany(plan.sql, params)
    return cursor.rowcount  # the sum over every row, with sqlite3 and psycopg alike


def execute_many(session: Session, stmt: Insert, rows: list[dict[str, Any]]) -> None:
    """An INSERT statement of SQLAlchemy's (an upsert, say) for each row, every row giving the same
    columns: compiled once per dialect and run on the driver's executemany."""
    if not rows:
        return
    plan = _compiled(stmt, dialect_of(session), tuple(rows[0]))
    _cursor(session).executemany(plan.sql, [
        plan.args([v if (v := row[k]) is None or p is None else p(v) for k, p in zip(plan.names, plan.binds, strict=True)])
        for row in rows])


def fetch(session: Session, stmt: Executable, params: dict[str, Any]) -> list[tuple]:
    """The rows of a SELECT built once (a Core select or a text() with its columns typed), run on the
    driver's cursor inside the session's transaction: parameters and columns go through their types'
    own processing, as through Core, at a fifth of the cost. Like a Core execute on the session's
    connection it does not flush first."""
    plan, fixed, results = _select_plan(stmt, dialect_of(session))
    args = plan.args([_bind(p, params[n] if n in params else fixed[n]) for n, p in zip(plan.names, plan.binds, strict=True)])
    cursor = _cursor(session)
    cursor.execute(plan.sql, args)
    rows = [tuple(r) for r in cursor.fetchall()]
    if not any(results):
        return rows
    return [tuple(_bind(p, v) for p, v in zip(results, row, strict=True)) for row in rows]


def dialect_of(session: Session) -> Dialect:
    bind = session.bind or session.get_bind()  # a book's session has its engine as its one bind
    return bind.dialect


def _bind(processor: Processor, value: Any) -> Any:
    return processor(value) if processor is not None and value is not None else value


_RAW = "driver cursor of the transaction"


def _cursor(session: Session) -> Any:
    """A DBAPI cursor of the session's connection, inside its current transaction. Found once per
    transaction: session.connection() cost as much as the statement it served."""
    tx = session.get_transaction()
    kept = session.info.get(_RAW)
    if kept is not None and tx is not None and kept[0] is tx and tx.is_active:
        return kept[1]
    cursor = session.connection().connection.cursor()
    session.info[_RAW] = (session.get_transaction(), cursor)
    return cursor


def _plan(stmt: Any, dialect: Dialect, **compile_kw: Any) -> tuple[_Plan, Any]:
    """Compile `stmt` for `dialect`: the plan (parameters in the driver's order) and the compiled form."""
    compiled = stmt.compile(dialect=dialect, **compile_kw)
    by_name = {name: bp for bp, name in compiled.bind_names.items()}
    if compiled.positiontup is not None:
        names = tuple(compiled.positiontup)
    else:
        names = tuple(dict.fromkeys(compiled.bind_names.values()))
    assert not any(by_name[n].expanding for n in names), "IN lists are not compiled once"
    binds = tuple(binder(by_name[n].type, dialect) for n in names)
    return _Plan(compiled.string, names, binds, compiled.positiontup is not None), compiled


@cache
def _compiled(stmt: Insert, dialect: Dialect, keys: tuple[str, ...]) -> _Plan:
    """An INSERT's parameters are its table's columns, by key."""
    plan, _ = _plan(stmt, dialect, column_keys=list(keys))
    return plan


@cache
def _select_plan(stmt: Any, dialect: Dialect) -> tuple[_Plan, dict, tuple]:
    """The plan; the values of the parameters the statement fixes itself (a literal 0); each selected
    column's result processing."""
    plan, compiled = _plan(stmt, dialect)
    by_name = {name: bp for bp, name in compiled.bind_names.items()}
    fixed = {n: by_name[n].value for n in plan.names if not by_name[n].required}
    results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in stmt.selected_columns)
    return plan, fixed, results


@cache
def _serial_key(table: Table) -> str | None:
    """The key of a table numbered by the database (one integer primary key), if it is one."""
    pk = list(table.primary_key.columns)
    return pk[0].key if len(pk) == 1 and isinstance(pk[0].type, Integer) else None


@cache
def _insert_plan(table: Table, dialect: Dialect, with_key: bool = True) -> tuple[_Plan, tuple]:
    """The INSERT of every column (parameters named by column key; without the id when the database
    gives it), and for each parameter: its column's key, constant default and bind processing."""
    skip = None if with_key else _serial_key(table)
    plan = _compiled(insert(table), dialect, tuple(c.key for c in table.columns if c.key != skip))
    spec = tuple((k, c.default.arg if c.default is not None and c.default.is_scalar else None, bind)
                 for k, bind, c in ((k, b, table.c[k]) for k, b in zip(plan.names, plan.binds, strict=True)))
    return plan, spec


@cache
def _update_plan(table: Table, columns: tuple[str, ...], dialect: Dialect) -> _Plan:
    """UPDATE … SET columns WHERE key; its parameters are the new values, then the key, in that order."""
    keys = [c.key for c in table.primary_key]
    stmt = update(table).where(*(c == bindparam(f"k_{c.key}") for c in table.primary_key)).ordered_values(
        *((table.c[k], bindparam(f"v_{k}", type_=table.c[k].type)) for k in columns))
    plan, _ = _plan(stmt, dialect)
    wanted = tuple(f"v_{k}" for k in columns) + tuple(f"k_{k}" for k in keys)
    if plan.names == wanted:
        return plan
    if plan.positional:
        raise AssertionError(f"{table.name}: unexpected parameter order {plan.names}")
    binds = dict(zip(plan.names, plan.binds, strict=True))  # named: any order will do
    return _Plan(plan.sql, wanted, tuple(binds[n] for n in wanted), False)


@cache
def binder(type_: TypeEngine, dialect: Dialect) -> Processor:
    """A column type's bind processing for `dialect`, quicker for the values posting writes most:
    every amount and date of every row passes here. Each quick path gives exactly what the type's own
    processing gives — checked here on sample values before it is used, and in
    tests/storage/test_driver.py — and hands anything else (another type of value, a bad one) to
    it, so its checks and messages stay."""
    slow = type_.dialect_impl(dialect).bind_processor(dialect)
    if slow is None:
        return None
    if isinstance(type_, Scaled):
        return _scaled(type_.places, slow)
    for quick in (_date(slow), _datetime(slow)):
        if all(_agrees(quick, slow, sample) for sample in _SAMPLES):
            return quick
    return slow


# a date, datetimes with and without fractions of a second, across a year boundary
_SAMPLES = (dt.date(2026, 12, 31), dt.date(1999, 1, 2), dt.datetime(2026, 1, 2, 3, 4, 5, 6),
            dt.datetime(2026, 12, 31, 23, 59, 59), dt.datetime(2027, 1, 1, 0, 0, 0, 999999))


def _agrees(quick: Callable[[Any], Any], slow: Callable[[Any], Any], sample: Any) -> bool:
    try:
        return quick(sample) == slow(sample)
    except Exception:  # a type that takes neither: its own processing stays
        return False


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
    """As SQLite's DATE writes a date (YYYY-MM-DD); datetimes go to the type's own processing."""
    return lambda value: value.isoformat() if type(value) is dt.date else slow(value)


def _datetime(slow: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """As SQLite's DATETIME writes a naive datetime (microseconds always); dates go to the type's own."""
    return lambda value: (value.isoformat(" ", "microseconds") if type(value) is dt.datetime and value.tzinfo is None
                          else slow(value))
