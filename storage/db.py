"""Opening a book: engine, SQLite pragmas, migrations on open (with a backup first), version guard."""
from __future__ import annotations

import contextvars
import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import Rejected

BUSY_TIMEOUT_MS = 10_000

# Set while a unit of work is open in this thread: its transaction will write. SQLite then starts
# it with BEGIN IMMEDIATE, taking the write lock up front so a second writer waits for the busy
# timeout; a deferred BEGIN that later upgrades from read to write fails at once with
# "database is locked" when another writer got in between (SQLITE_BUSY_SNAPSHOT ignores the
# timeout). Reads keep a plain deferred BEGIN and never block writers under WAL.
WRITING: contextvars.ContextVar[bool] = contextvars.ContextVar("zhangfang_writing", default=False)


def is_url(target: str) -> bool:
    return "://" in target


def make_engine(target: str | Path) -> Engine:
    """An engine for a SQLite path or a database URL, with the pragmas a book needs."""
    target = str(target)
    url = target if is_url(target) else f"sqlite:///{Path(target).resolve()}"
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control so SAVEPOINTs work.
        event.listen(engine, "begin",
                     lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE" if WRITING.get() else "BEGIN"))
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see make_engine)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, target: str | Path) -> None:
    """Bring the book to the code's schema; back the file up first if it holds data.

    Refuses a book written by a newer version: migrating down could lose what it holds.
    """
    script = ScriptDirectory.from_config(_alembic_config())
    try:
        current = current_revision(engine)
    except DatabaseError:
        raise Rejected(f"{target} is not a Zhangfang book (not a SQLite database)") from None
    head = script.get_current_head()
    if current == head:
        return
    if current is not None and not _known(script, current):
        raise Rejected(f"this book was written by a newer version of Zhangfang (schema {current}); "
                       "please update the program before opening it")
    has_tables = bool(inspect(engine).get_table_names())
    if has_tables and not is_url(str(target)):
        _backup(Path(target), current or "none")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _known(script: ScriptDirectory, rev: str) -> bool:
    try:
        return script.get_revision(rev) is not None
    except Exception:  # alembic raises for revisions it has never heard of
        return False


def _backup(path: Path, revision: str) -> Path:
    """A consistent copy through SQLite's backup API (a file copy could miss the WAL)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.stem}.before-{revision}.{stamp}{path.suffix}.bak")
    src, dst = sqlite3.connect(path), sqlite3.connect(copy)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return copy


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=True)
