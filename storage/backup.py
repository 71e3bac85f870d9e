"""Consistent online copies of a SQLite book, and putting one back."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from domain.errors import Rejected
from storage import db


def _copy(src: Path, dst: Path) -> None:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)  # SQLite's backup API: consistent even while the book is in use
    finally:
        a.close()
        b.close()


def backup_book(target: str, out: str) -> None:
    if db.is_url(target):
        raise Rejected("backup of a server book is the database server's job (pg_dump)")
    if not Path(target).exists():
        raise Rejected(f"book {target} does not exist")
    if Path(out).exists():
        raise Rejected(f"--out {out} already exists; choose a new file")
    _copy(Path(target), Path(out))


def restore_book(copy: str, target: str) -> None:
    if db.is_url(target):
        raise Rejected("restore of a server book is the database server's job")
    if not Path(copy).exists():
        raise Rejected(f"backup {copy} does not exist")
    if not Path(target).exists():
        raise Rejected(f"book {target} does not exist (restore replaces an existing book)")
    check = sqlite3.connect(copy)
    try:
        if not check.execute("SELECT 1 FROM sqlite_master WHERE name='settings'").fetchone():
            raise Rejected(f"{copy} is not a Zhangfang book")
    except sqlite3.DatabaseError:
        raise Rejected(f"{copy} is not a Zhangfang book (not a SQLite database)") from None
    finally:
        check.close()
    _copy(Path(copy), Path(target))
