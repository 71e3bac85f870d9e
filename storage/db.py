"""Opening a book: engine, SQLite pragmas, migrations on open (with a backup first), version guard."""
from __future__ import annotations

import contextvars
import datetime as dt
import os
import re
import sqlite3
import weakref
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import Rejected
from storage import dialects

if TYPE_CHECKING:  # alembic costs ~0.1 s to import; a book already at head never needs it
    from alembic.config import Config
    from alembic.script import ScriptDirectory

BUSY_TIMEOUT_MS = 10_000

# Set while a unit of work is open in this thread: its transaction will write. SQLite then starts
# it with BEGIN IMMEDIATE, taking the write lock up front so a second writer waits for the busy
# timeout; a deferred BEGIN that later upgrades from read to write fails at once with
# "database is locked" when another writer got in between (SQLITE_BUSY_SNAPSHOT ignores the
# timeout). Reads keep a plain deferred BEGIN and never block writers under WAL.
WRITING: contextvars.ContextVar[bool] = contextvars.ContextVar("zhangfang_writing", default=False)


def is_url(target: str) -> bool:
    return "://" in target


# Engines of books opened read-only (the file or its folder is not writable: an archive on read-only
# media, a colleague's book shared read-only). Reports, check and the window read them; every write is
# refused before it starts, in words (storage/failures.py).
_READ_ONLY: weakref.WeakSet[Engine] = weakref.WeakSet()
READ_ONLY_REFUSAL = "attempt to write a readonly database"  # SQLite's words, which failures.py explains


def writable(path: Path) -> bool:
    """Whether this process may change the book file and create its -wal/-shm beside it."""
    return os.access(path, os.W_OK) and folder_writable(path)


def folder_writable(path: Path) -> bool:
    return os.access(path.resolve().parent, os.W_OK | os.X_OK)


def read_only_uri(path: Path) -> str:
    """A read-only SQLite URI for `path`; `immutable` when no -shm can be made beside it (read-only
    media), which SQLite needs to open a WAL book there at all."""
    return f"{path.resolve().as_uri()}?mode=ro" + ("" if folder_writable(path) else "&immutable=1")


def is_read_only(engine: Engine) -> bool:
    return engine in _READ_ONLY


def make_engine(target: str | Path) -> Engine:
    """An engine for a SQLite path or a database URL, set up as a book needs (storage/dialects.py)."""
    target = str(target)
    url = target if is_url(target) else f"sqlite:///{Path(target).resolve()}"
    read_only = not is_url(target) and Path(target).exists() and not writable(Path(target))
    if read_only:
        uri = read_only_uri(Path(target))
        engine = create_engine(url, future=True, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
        _READ_ONLY.add(engine)
    else:
        engine = create_engine(url, future=True)
    dialects.configure(engine, WRITING, BUSY_TIMEOUT_MS, read_only=read_only, refusal=READ_ONLY_REFUSAL)
    return engine


_SQLITE_HEADER = b"SQLite format 3\x00"


def verify_book_file(path: Path, *, thorough: bool = False) -> None:
    """Refuse a file that is not a Zhangfang book before anything writes to it: empty, not SQLite,
    a SQLite database of another program, or (thorough, for restore) damaged or from a newer version.
    The file is opened read-only, so a refused file is left exactly as it was."""
    name = str(path)
    try:
        with open(path, "rb") as f:
            header = f.read(len(_SQLITE_HEADER))
    except OSError as e:
        raise Rejected(f"{name}: {e.strerror or e}") from None
    if not header:
        raise Rejected(f"{name} is an empty file, not a Zhangfang book (create a book with 'init')")
    if header != _SQLITE_HEADER:
        raise Rejected(f"{name} is not a Zhangfang book (not a SQLite database)")
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        raise Rejected(f"{name} cannot be opened as a SQLite database") from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "settings", "accounts"} <= tables:
            raise Rejected(f"{name} is not a Zhangfang book (a SQLite database of another program)")
        if thorough:
            result = [r[0] for r in con.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise Rejected(f"{name} is damaged (integrity check: {'; '.join(result[:3])})")
            if not con.execute("SELECT 1 FROM settings WHERE key='company'").fetchone():
                raise Rejected(f"{name} is not a Zhangfang book (it holds no company)")
            rev = (con.execute("SELECT version_num FROM alembic_version").fetchone() or [None])[0]
            if rev is None or not _known(_script(), rev):
                raise Rejected(newer_book_words(name, rev))
    except sqlite3.DatabaseError as e:
        raise Rejected(f"{name} is not a usable Zhangfang book ({e})") from None
    finally:
        con.close()


def newer_book_words(name: str, schema: str | None) -> str:
    """Why a book from a newer program is refused: opening it could lose what that version wrote."""
    return (f"{name}: 此账套由更新版本的账房写成（账套结构 {schema}，本程序只认到 {code_schema()}），"
            "请先升级账房再打开；账套未做任何改动 — this book was written by a newer version of "
            f"Zhangfang (schema {schema}); please update the program before opening it")


def code_schema() -> str:
    """The schema (alembic revision) this program writes."""
    return _head_by_name() or head_revision()


def book_schema(engine: Engine) -> str | None:
    """The schema (alembic revision) the book is stamped with; None for an empty database."""
    return _stamped_revision(engine)


def _alembic_config() -> Config:
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_folder()))
    return cfg


def migrations_folder() -> Path:
    """The migration scripts, found as package data: alembic reads them as files (env.py and
    versions/*.py), so they ship as source in the wheel and the bundle (pyproject, the spec)."""
    folder = files("storage.migrations")
    if not isinstance(folder, Path):  # a zipped install: alembic cannot read scripts from a zip
        raise RuntimeError("storage.migrations must be installed as files, not zipped")
    return folder


def head_revision() -> str:
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, target: str | Path) -> None:
    """Bring the book to the code's schema; back the file up first if it holds data.

    Refuses a book written by a newer version: migrating down could lose what it holds.
    """
    try:
        current = _stamped_revision(engine)
    except DatabaseError:
        raise Rejected(f"{target} is not a Zhangfang book (not a SQLite database)") from None
    if current is not None and current == _head_by_name():
        return  # the usual open: no alembic import, no script parsing
    if is_read_only(engine):
        raise Rejected(f"{target} 是只读的，且由旧版本写成，需要升级才能打开；请把它复制到可写的文件夹再打开"
                       " (read-only book of an older schema)")
    script = _script()
    try:
        current = current_revision(engine)
    except DatabaseError:
        raise Rejected(f"{target} is not a Zhangfang book (not a SQLite database)") from None
    head = script.get_current_head()
    if current == head:
        return
    if current is not None and not _known(script, current):
        raise Rejected(newer_book_words(str(target), current))
    has_tables = bool(inspect(engine).get_table_names())
    if has_tables and not is_url(str(target)):
        _backup(Path(target), current or "none")
    from alembic import command
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(_alembic_config())


_REVISION = re.compile(r'^(down_)?revision\s*(?::[^=\n]*)?=\s*["\']?(\w+)', re.M)


def _head_by_name() -> str | None:
    """The head read from the migration files' own `revision`/`down_revision` lines: the one
    revision nobody names as its parent. None when that is not one revision (then alembic decides)."""
    revs, parents = set(), set()
    for f in (migrations_folder() / "versions").glob("*.py"):
        for down, value in _REVISION.findall(f.read_text(encoding="utf-8")):
            (parents if down else revs).add(value)
    heads = revs - parents
    return heads.pop() if len(heads) == 1 else None


def _stamped_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _known(script: ScriptDirectory, rev: str) -> bool:
    try:
        return script.get_revision(rev) is not None
    except Exception:  # alembic raises for revisions it has never heard of
        return False


def _backup(path: Path, revision: str) -> Path:
    """A consistent copy through SQLite's backup API (a file copy could miss the WAL)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.stem}.before-{revision}.{stamp}{path.suffix}.bak")
    create_private(copy)
    src, dst = sqlite3.connect(path), sqlite3.connect(copy)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return copy


def create_private(path: Path) -> None:
    """An empty file only its owner may read (0600), for SQLite to fill: a book or a copy of one.
    SQLite gives the book's -wal and -shm files the book's own mode."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=True)
