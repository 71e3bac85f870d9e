"""Consistent online copies of a book, putting one back, and moving a SQLite book onto a server.

A backup is always a SQLite book file, whatever the book lives on: of a SQLite book, a copy through
SQLite's backup API; of a server book, a logical copy of every row (storage/transfer.py) read in one
REPEATABLE READ snapshot — the file opens as a book anywhere, `check` runs on it, and it restores onto
either engine. (pg_dump would need the server's own client tools, in the server's version, on every
desk that makes a backup.)
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url

from domain.errors import Rejected
from storage import db, transfer


def _copy(src: Path, dst: Path) -> None:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)  # SQLite's backup API: consistent even while the book is in use
    finally:
        a.close()
        b.close()


def backup_book(target: str, out: str) -> None:
    if not db.is_url(target) and not Path(target).exists():
        raise Rejected(f"book {target} does not exist")
    if Path(out).exists():
        raise Rejected(f"--out {out} already exists; choose a new file")
    if not Path(out).resolve().parent.is_dir():
        raise Rejected(f"--out {out}: the folder {Path(out).parent} does not exist")
    if db.is_url(target):
        _server_to_file(_open_server_book(target), Path(out))
    else:
        _copy(Path(target), Path(out))


def restore_book(copy: str, target: str) -> Path:
    """Put a backup back as the book, after checking it is a sound book this version can open; the
    book it replaces is kept as a dated copy (beside the book; for a server book, beside the backup),
    whose path is returned."""
    if not Path(copy).is_file():
        raise Rejected(f"backup {copy} does not exist")
    if not db.is_url(target) and not Path(target).exists():
        raise Rejected(f"book {target} does not exist (restore replaces an existing book)")
    db.verify_book_file(Path(copy), thorough=True)
    if db.is_url(target):
        return _file_to_server(Path(copy), target)
    book = Path(target)
    kept = _kept_name(book.parent, book.stem, book.suffix)
    _copy(book, kept)
    _copy(Path(copy), book)
    return kept


def migrate_from(source: str, target: str) -> dict[str, int]:
    """Every row of the SQLite book `source` into the empty book `target` (normally a server), ids kept.
    Refuses a source that is not a sound book and a target that holds anything. Returns rows per table."""
    path = Path(source)
    if db.is_url(source) or not path.is_file():
        raise Rejected(f"migrate-from: {source} 不存在或不是文件（要迁移的应是一个 SQLite 账套文件）")
    try:
        db.verify_book_file(path, thorough=True)
    except Rejected as e:
        raise Rejected(f"migrate-from: {source} 不是可迁移的账套（{'; '.join(map(str, e.problems))}）") from None
    if not db.is_url(target) and Path(target).exists() and Path(target).stat().st_size:
        raise Rejected(f"migrate-from: 目标 {target} 不是空的；只能迁入一个新建的空数据库")
    engine = db.make_engine(target)
    try:
        if inspect(engine).get_table_names() and db.current_revision(engine) is None:
            raise Rejected(f"migrate-from: 目标 {_shown(target)} 已有别的表，不是空的账套数据库")
        db.migrate(engine, target)
        with engine.connect() as conn:
            held = {name: n for name, n in transfer.row_counts(conn).items() if n}
        if held:
            some = "、".join(sorted(held, key=lambda t: t != "settings")[:2])
            raise Rejected(f"migrate-from: 目标 {_shown(target)} 不是空的（{some} 等 {len(held)} 个表已有数据）；"
                           "只能迁入一个新建的空数据库")
        with tempfile.TemporaryDirectory(prefix="zf-migrate-") as tmp:
            source_engine = _at_head_copy(path, Path(tmp))
            try:
                with source_engine.connect() as src, engine.begin() as dst:
                    return transfer.copy_rows(src, dst)
            finally:
                source_engine.dispose()
    finally:
        engine.dispose()


# ---- server books ---------------------------------------------------------------------------------

def _open_server_book(url: str) -> Engine:
    engine = db.make_engine(url)
    db.migrate(engine, url)
    with engine.connect() as conn:
        if not inspect(conn).has_table("settings") or not transfer.row_counts(conn)["settings"]:
            engine.dispose()
            raise Rejected(f"{_name(url)} holds no book (create one with 'init')")
    return engine


def _server_to_file(engine: Engine, out: Path) -> None:
    """A new SQLite book at `out` holding every row of the server book, as of one moment."""
    dst = db.make_engine(out)
    try:
        db.migrate(dst, out)
        snapshot = engine.connect().execution_options(isolation_level="REPEATABLE READ")
        with snapshot as src, dst.begin() as conn:
            transfer.copy_rows(src, conn)
    except BaseException:
        dst.dispose()
        for leftover in (out, out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        dst.dispose()
        engine.dispose()


def _file_to_server(copy: Path, url: str) -> Path:
    """Replace the server book's rows with the backup's, in one transaction; the rows replaced are kept
    as a SQLite book beside the backup."""
    engine = _open_server_book(url)
    try:
        kept = _kept_name(copy.resolve().parent, _name(url), ".sqlite")
        _server_to_file(_open_server_book(url), kept)
        with tempfile.TemporaryDirectory(prefix="zf-restore-") as tmp:
            source_engine = _at_head_copy(copy, Path(tmp))
            try:
                with source_engine.connect() as src, engine.begin() as dst:
                    transfer.delete_rows(dst)
                    transfer.copy_rows(src, dst)
            finally:
                source_engine.dispose()
        return kept
    finally:
        engine.dispose()


def _at_head_copy(book: Path, folder: Path) -> Engine:
    """An engine on a private copy of a SQLite book, migrated to this version's schema (the user's file
    is only read)."""
    work = folder / "book.sqlite"
    _copy(book, work)
    engine = db.make_engine(work)
    db.migrate(engine, work)
    return engine


def _shown(target: str) -> str:
    """A target as an error names it: a URL without its password."""
    return make_url(target).render_as_string(hide_password=True) if db.is_url(target) else target


def _name(url: str) -> str:
    return make_url(url).database or "book"


def _kept_name(folder: Path, stem: str, suffix: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = folder / f"{stem}.replaced-{stamp}{suffix}"
    n = 1
    while kept.exists():
        n += 1
        kept = folder / f"{stem}.replaced-{stamp}-{n}{suffix}"
    return kept

