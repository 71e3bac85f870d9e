"""Issue 33, hygiene: previews in a private folder deleted with the page and at the next start;
books and their copies created 0600; every commit synced to disk (synchronous=FULL)."""
from __future__ import annotations

import os
import sqlite3

from storage.book import Book
from ui.pages.report_centre import ReportCentre
from ui.preview_folder import PREFIX, remove_stale


def test_the_preview_folder_is_private_and_goes_with_the_page(qtbot, book_path):
    page = ReportCentre(lambda: Book.open(book_path, "会计"))
    folder = page._tmp
    assert folder.is_dir() and (folder.stat().st_mode & 0o777) == 0o700
    assert folder.name.startswith(f"{PREFIX}{os.getpid()}-")
    (folder / "preview-1.pdf").write_bytes(b"%PDF")
    page.deleteLater()
    qtbot.waitUntil(lambda: not folder.exists(), timeout=3000)


def test_folders_left_by_gone_processes_are_deleted_at_the_next_start(tmp_path):
    mine = tmp_path / f"{PREFIX}{os.getpid()}-abc"
    dead = tmp_path / f"{PREFIX}999999-xyz"  # no such process
    old = tmp_path / f"{PREFIX}k2j3h4"  # named before folders carried their pid
    for f in (mine, dead, old):
        f.mkdir()
        (f / "page-1.png").write_bytes(b"png")
    remove_stale(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name]


def test_a_new_book_is_its_owners_alone(book_path):
    assert (book_path.stat().st_mode & 0o777) == 0o600
    with Book.open(book_path) as book, book.unit():
        book.set_setting("probe", "1")  # a write, so SQLite makes its -wal and -shm
    for f in book_path.parent.glob("book.sqlite*"):
        assert (f.stat().st_mode & 0o077) == 0, f


def test_every_commit_is_synced_to_disk(book_path):
    with Book.open(book_path) as book:
        raw = book.session.connection().connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_the_copy_taken_before_a_migration_is_private(book_path):
    from storage import db
    copy = db._backup(book_path, "0009")
    assert (copy.stat().st_mode & 0o777) == 0o600
