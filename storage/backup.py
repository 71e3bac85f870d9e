"""Consistent online copies of a SQLite book, and putting one back."""
from __future__ import annotations

import datetime as dt
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
    if not Path(out).resolve().parent.is_dir():
        raise Rejected(f"--out {out}: the folder {Path(out).parent} does not exist")
    _copy(Path(target), Path(out))


def restore_book(copy: str, target: str) -> Path:
    """Put a backup back as the book, after checking it is a sound book this version can open; the
    book it replaces is kept beside it as a dated copy, whose path is returned."""
    if db.is_url(target):
        raise Rejected("restore of a server book is the database server's job")
    if not Path(copy).is_file():
        raise Rejected(f"backup {copy} does not exist")
    if not Path(target).exists():
        raise Rejected(f"book {target} does not exist (restore replaces an existing book)")
    db.verify_book_file(Path(copy), thorough=True)
    book = Path(target)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = book.with_name(f"{book.stem}.replaced-{stamp}{book.suffix}")
    n = 1
    while kept.exists():
        n += 1
        kept = book.with_name(f"{book.stem}.replaced-{stamp}-{n}{book.suffix}")
    _copy(book, kept)
    _copy(Path(copy), book)
    return kept
