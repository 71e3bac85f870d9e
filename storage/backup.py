"""Consistent online copies of a SQLite book, and putting one back.

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
from collections.abc import Iterator
from pathlib import Path

from domain.errors import Rejected
from storage import db

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
        if pid.isdigit() and not _alive(int(pid)):
            _remove(p)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
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
    if db.is_url(target):
        raise Rejected("backup of a server book is the database server's job (pg_dump)")
    book, dest = Path(target), Path(out)
    if not book.exists():
        raise Rejected(f"book {target} does not exist")
    if dest.exists():
        raise Rejected(f"--out {out} already exists; choose a new file")
    if not dest.resolve().parent.is_dir():
        raise Rejected(f"--out {out}: the folder {dest.parent} does not exist")
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


def _sound(path: Path) -> bool:
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
    if db.is_url(target):
        raise Rejected("restore of a server book is the database server's job")
    source, book = Path(copy), Path(target)
    if not source.is_file():
        raise Rejected(f"backup {copy} does not exist")
    if not book.resolve().parent.is_dir():
        raise Rejected(f"book {target}: the folder {book.parent} does not exist")
    if (book.exists() and not db.writable(book)) or not db.folder_writable(book):
        raise Rejected(f"{target}: 账套文件或其所在文件夹是只读的，不能恢复到这里 (read-only)")
    db.verify_book_file(source, thorough=True)
    theirs = company_of(source)
    exists = book.exists() and book.stat().st_size > 0
    sound = exists and _sound(book)
    ours = company_of(book) if exists else None
    if ours is not None and theirs != ours and force != theirs:
        raise Rejected(f"备份 {copy} 属于另一家公司「{theirs}」，当前账套是「{ours}」；"
                       f"确要用它替换，请加 --force {theirs}（写出备份里的公司名）")
    kept = _keep(book, sound) if book.exists() else None
    if sound:
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
