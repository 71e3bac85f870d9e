"""Consistent online copies of a book, putting one back, and moving a SQLite book onto a server.

A backup is always a SQLite book file, whatever the book lives on: of a SQLite book, a copy through
SQLite's backup API; of a server book, a logical copy of every row (storage/transfer.py) read in one
REPEATABLE READ snapshot — the file opens as a book anywhere, `check` runs on it, and it restores onto
either engine. (pg_dump would need the server's own client tools, in the server's version, on every
desk that makes a backup.)

A copy is made in a hidden temporary file beside its destination (`.NAME.partial-PID`, mode 0600),
checked (integrity, schema, company), flushed to disk and only then given its name: a backup that
is killed half-way leaves nothing that looks like a backup, and the next one to that name goes ahead.

Restore checks the backup before touching anything, refuses another company's book unless `force`
names that company, keeps the book it replaces beside it whole (a byte copy when the book is too
damaged to be read), and logs itself in the restored book's audit log.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url

from domain.errors import Rejected
from storage import db, transfer

PRIVATE = 0o600  # books of account are nobody else's business


def _copy(src: Path, dst: Path) -> None:
    # a book on read-only media is read through a read-only handle (it could not open otherwise)
    a = sqlite3.connect(src) if db.writable(src) else sqlite3.connect(db.read_only_uri(src), uri=True)
    b = sqlite3.connect(dst)
    try:
        a.backup(b)  # SQLite's backup API: consistent even while the book is in use
    finally:
        a.close()
        b.close()


def _partial(out: Path) -> Path:
    return out.with_name(f".{out.name}.partial-{os.getpid()}")


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _sweep_stale(out: Path) -> None:
    """Partial copies to `out` left by a backup that was killed: its process is gone."""
    for p in out.parent.glob(f".{out.name}.partial-*"):
        pid = p.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not alive(int(pid)):
            _remove(p)


def alive(pid: int) -> bool:
    """Whether process `pid` still runs: whatever it left behind (a partial backup, a preview folder)
    is still in use."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _staged(out: Path) -> Iterator[Path]:
    """A private temporary file beside `out`; removed unless the caller moved it into place."""
    tmp = _partial(out)
    _remove(tmp)
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))
    try:
        yield tmp
    finally:
        _remove(tmp)


def _publish(tmp: Path, out: Path, *, replace: bool = False) -> None:
    """Give the checked copy its name, atomically; without `replace` an existing file is never overwritten."""
    _fsync(tmp)
    if replace:
        os.replace(tmp, out)
    else:
        try:
            os.link(tmp, out)  # fails if `out` appeared meanwhile, unlike rename
        except FileExistsError:
            raise Rejected(f"--out {out} 已存在（already exists）；请换一个文件名") from None
        except OSError:  # a file system without hard links
            if out.exists():
                raise Rejected(f"--out {out} 已存在（already exists）；请换一个文件名") from None
            os.replace(tmp, out)
    with contextlib.suppress(OSError):
        _fsync(out.parent)


def backup_book(target: str, out: str) -> None:
    dest = Path(out)
    if not db.is_url(target) and not Path(target).exists():
        raise Rejected(f"book {target} does not exist")
    if dest.exists():
        raise Rejected(f"--out {out} already exists; choose a new file")
    if not dest.resolve().parent.is_dir():
        raise Rejected(f"--out {out}: the folder {dest.parent} does not exist")
    if db.is_url(target):
        _sweep_stale(dest)
        with _staged(dest) as tmp:
            tmp.unlink()  # a new SQLite book is made there (storage/transfer.py)
            _server_to_file(_open_server_book(target), tmp)
            os.chmod(tmp, PRIVATE)
            db.verify_book_file(tmp, thorough=True)
            _publish(tmp, dest)
        return
    book = Path(target)
    db.verify_book_file(book)  # a file that is not a book makes no backup, not even an empty one
    _sweep_stale(dest)
    with _staged(dest) as tmp:
        try:
            _copy(book, tmp)
        except sqlite3.DatabaseError as e:
            raise Rejected(f"{target}: 账套无法完整读取，未做备份（{e}）") from None
        try:
            db.verify_book_file(tmp, thorough=True)
        except Rejected as e:
            raise Rejected([f"备份未通过检查，未保存：{p}" for p in e.problems]) from None
        _publish(tmp, dest)


def company_of(path: Path) -> str | None:
    """The company a book file belongs to, or None when it cannot be read."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT value FROM settings WHERE key='company'").fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None
    finally:
        con.close()


def sound(path: Path) -> bool:
    """Whether the book can be written through SQLite (so other users' connections are respected)."""
    try:
        db.verify_book_file(path)
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            con.close()
    except (Rejected, sqlite3.Error):
        return False


def _keep(book: Path, sound: bool) -> Path:
    """A whole copy of the book about to be replaced, beside it; never an empty file."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = book.with_name(f"{book.stem}.replaced-{stamp}{book.suffix}")
    n = 1
    while kept.exists():
        n += 1
        kept = book.with_name(f"{book.stem}.replaced-{stamp}-{n}{book.suffix}")
    with _staged(kept) as tmp:
        if sound:
            _copy(book, tmp)
        else:  # damaged: the bytes as they are (and its log), for whoever tries to rescue them
            shutil.copyfile(book, tmp)
            wal = Path(f"{book}-wal")
            if wal.exists() and wal.stat().st_size:
                shutil.copyfile(wal, Path(f"{kept}-wal"))
                os.chmod(Path(f"{kept}-wal"), PRIVATE)
        if book.stat().st_size and not tmp.stat().st_size:
            raise Rejected(f"{book}: 无法保留被替换的账套，未恢复")
        _publish(tmp, kept)
    return kept


def restore_book(copy: str, target: str, *, force: str | None = None, user: str | None = None) -> Path | None:
    """Put a backup back as the book, after checking it is a sound book of this company this version
    can open. The book it replaces is kept beside it as a dated copy, whose path is returned (None
    when there was no book)."""
    source, book = Path(copy), Path(target)
    if not source.is_file():
        raise Rejected(f"backup {copy} does not exist")
    if db.is_url(target):
        db.verify_book_file(source, thorough=True)
        return _file_to_server(source, target)
    if not book.resolve().parent.is_dir():
        raise Rejected(f"book {target}: the folder {book.parent} does not exist")
    if (book.exists() and not db.writable(book)) or not db.folder_writable(book):
        raise Rejected(f"{target}: 账套文件或其所在文件夹是只读的，不能恢复到这里 (read-only)")
    db.verify_book_file(source, thorough=True)
    theirs = company_of(source)
    exists = book.exists() and book.stat().st_size > 0
    whole = exists and sound(book)
    ours = company_of(book) if exists else None
    if ours is not None and theirs != ours and force != theirs:
        raise Rejected(f"备份 {copy} 属于另一家公司「{theirs}」，当前账套是「{ours}」；"
                       f"确要用它替换，请加 --force {theirs}（写出备份里的公司名）")
    kept = _keep(book, whole) if book.exists() else None
    if whole:
        _copy(source, book)  # through SQLite: a window that has the book open sees the new content
    else:
        with _staged(book) as tmp:
            _copy(source, tmp)
            db.verify_book_file(tmp, thorough=True)
            for stale in (Path(f"{book}-wal"), Path(f"{book}-shm"), Path(f"{book}-journal")):
                with contextlib.suppress(FileNotFoundError):
                    stale.unlink()  # the damaged book's log must never be replayed onto the restored one
            _publish(tmp, book, replace=True)
    _log(book, copy, kept, theirs, ours, user)
    return kept


def _log(book: Path, copy: str, kept: Path | None, theirs: str | None, ours: str | None, user: str | None) -> None:
    from storage.book import Book
    from storage.models import AuditLog
    detail = f"从备份 {copy} 恢复（公司「{theirs}」）"
    if ours is not None and ours != theirs:
        detail += f"，替换了公司「{ours}」的账套"
    detail += f"；原账套保留为 {kept}" if kept else "；原账套不存在或已损坏"
    with Book.open(book, user) as b, b.unit():
        b.session.add(AuditLog(at=dt.datetime.now(), user=b.user, action="restore", detail=detail))


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
            held = {name: n for name, n in transfer.row_counts(conn).items() if n and name not in transfer.SEEDED}
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

