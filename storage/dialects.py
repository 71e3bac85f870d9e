"""What differs between SQLite and PostgreSQL, chosen here and nowhere else.

Everything else in the product writes SQL both engines understand. What cannot be said the same way:
- a SQLite connection's settings (WAL, foreign keys, the busy timeout) and who says BEGIN;
- an insert that adds to a row already there (ON CONFLICT … DO UPDATE): the same words on both, but
  SQLAlchemy builds it from each dialect's own `insert`;
- taking a sequence's next number under a lock: SQLite's writer already holds the database's write
  lock (BEGIN IMMEDIATE, storage/db.py); PostgreSQL's writers run side by side and take an advisory
  lock on the sequence's name;
- after rows were copied in with their ids (migrate-from, restore), PostgreSQL's id sequences must be
  moved past the highest id; SQLite takes max(id) + 1 by itself.
"""
from __future__ import annotations

import contextvars
import sqlite3
import zlib

from sqlalchemy import Connection, Engine, Integer, Table, event, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert


def configure(engine: Engine, writing: contextvars.ContextVar[bool], busy_timeout_ms: int, *,
              read_only: bool = False, refusal: str = "attempt to write a readonly database") -> None:
    """What a new engine needs before its first connection. PostgreSQL needs nothing.

    A read-only SQLite book (storage/db.py) refuses a writing transaction at its BEGIN, before the use
    case does any work, with SQLite's own words for it (storage/failures.py explains them)."""
    if engine.dialect.name != "sqlite":
        return

    def pragmas(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        if not read_only:
            # FULL: a commit is on the disk before it is reported done. NORMAL (WAL's usual setting)
            # can lose the last commits on a power cut, which books of account may not (issue 33).
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    def begin(conn: Connection) -> None:
        if read_only and writing.get():
            raise sqlite3.OperationalError(refusal)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing.get() and not read_only else "BEGIN")

    event.listen(engine, "connect", pragmas)
    # pysqlite's own transaction handling defers BEGIN; take control so SAVEPOINTs work, and take the
    # write lock up front when the transaction will write (storage/db.py WRITING).
    event.listen(engine, "begin", begin)


def upsert(dialect: str, table: Table) -> Insert:
    """An INSERT of `table` that can take `.on_conflict_do_update(…)`. The dialect's module is imported
    here, not at start: PostgreSQL's (with asyncio) cost a SQLite book's window ~0.1 s to open."""
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql
        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite
    return sqlite.insert(table)


def lock_sequence(session: Session, name: str) -> None:
    """Make a second writer wait for this transaction before it takes a number of sequence `name`."""
    if session.get_bind().dialect.name != "postgresql":
        return
    # crc32 gives a stable 32-bit key for the name (Python's hash() differs between processes).
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(name.encode("utf-8"))})


def reset_id_sequences(conn: Connection, tables: list[Table]) -> None:
    """After rows were inserted with their ids: the next id each table's sequence gives is past them."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer):
            continue  # no sequence behind it (settings, stock by item and warehouse)
        top = conn.execute(select(func.max(key[0]))).scalar()
        conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, :c), :v, :called)"),
                     {"t": table.name, "c": key[0].name, "v": top or 1, "called": top is not None})
