"""Issue 33: every failure is told. A lock held past the busy timeout, a full disk, a read-only or
damaged file: an `error:` line in Chinese, exit 2 (75 for "busy, try again"), the book as before,
never a traceback. Backups are atomic and checked; restore works on a damaged or missing book,
refuses another company's book unless --force names it, keeps the replaced file whole and is logged."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from storage import db
from storage.failures import EXIT_BUSY
from tests.cli.helpers import FORMAT, MASTER, copy_book, told
from tests.cli.helpers import file_dump as dump
from tests.cli.helpers import in_process as _run
from ui.cli.main import main

# SQLite book files: their locks, pages, modes and folders (issue 33); a server book has none of these
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def base_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("told") / "book.sqlite"
    assert main(["--db", str(path), "init", "--company", "甲公司", "--start", "2026-11"]) == 0
    assert main(["--db", str(path), "import", str(MASTER)]) == 0
    return path


@pytest.fixture
def book(base_book, tmp_path):
    return copy_book(base_book, tmp_path / "book.sqlite")


def fee_file(tmp_path: Path, day: int = 25) -> Path:
    f = tmp_path / f"fee{day}.json"
    f.write_text(json.dumps({"format": FORMAT, "documents": [
        {"type": "voucher", "date": f"2026-11-{day:02d}", "summary": "手续费",
         "lines": [{"account": "5603", "debit": "12.00"}, {"account": "1002", "credit": "12.00"}]}]},
        ensure_ascii=False), encoding="utf-8")
    return f


def test_a_lock_held_past_the_busy_timeout_is_busy_try_again(capsys, book, tmp_path, monkeypatch):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    before = dump(book)
    holder = sqlite3.connect(book, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        rc, _, err = _run(capsys, "--db", book, "import", fee_file(tmp_path))
    finally:
        holder.rollback()
        holder.close()
    assert rc == EXIT_BUSY == 75
    assert "稍后重试" in told(err)[0]
    assert dump(book) == before


def _full_disk(monkeypatch) -> None:
    """SQLite's own SQLITE_FULL: the book may not grow by a single page."""
    original = db.make_engine

    def make_engine(target):
        engine = original(target)
        if engine.dialect.name == "sqlite":  # after the book's own pragmas: listeners run in order
            event.listen(engine, "connect", lambda c, _r: c.execute(
                "PRAGMA max_page_count=" + str(c.execute("PRAGMA page_count").fetchone()[0])))
        return engine
    monkeypatch.setattr(db, "make_engine", make_engine)


def test_a_full_disk_during_the_demo_is_told_and_the_book_whole(capsys, book, monkeypatch):
    _full_disk(monkeypatch)
    rc, _, err = _run(capsys, "--db", book, "demo", "--orders", "40")
    assert rc == 2, err
    assert "磁盘已满" in told(err)[-1]
    assert "UnmappedInstanceError" not in err
    monkeypatch.undo()
    assert _run(capsys, "--db", book, "check")[0] == 0  # the demo commits in steps; each is whole


def test_a_full_disk_during_an_import_is_told(capsys, book, tmp_path, monkeypatch):
    before = dump(book)
    _full_disk(monkeypatch)
    big = tmp_path / "many.json"
    big.write_text(json.dumps({"format": FORMAT, "documents": [
        {"type": "voucher", "date": "2026-11-25", "summary": f"费用 {i}",
         "lines": [{"account": "5603", "debit": "1.00"}, {"account": "1002", "credit": "1.00"}]}
        for i in range(400)]}, ensure_ascii=False), encoding="utf-8")
    rc, _, err = _run(capsys, "--db", book, "import", big)
    assert rc == 2 and "磁盘已满" in told(err)[-1]
    monkeypatch.undo()
    assert dump(book) == before


def test_a_read_only_file_refuses_the_write_in_words(capsys, book, tmp_path, monkeypatch):
    """SQLite's 'attempt to write a readonly database' (what a read-only file gives any non-root user)."""
    def refuse(conn, cursor, statement, *_):
        if statement.startswith("BEGIN IMMEDIATE"):  # where SQLite refuses a read-only file
            raise sqlite3.OperationalError("attempt to write a readonly database")
    event.listen(Engine, "before_cursor_execute", refuse)
    try:
        rc, _, err = _run(capsys, "--db", book, "import", fee_file(tmp_path))
    finally:
        event.remove(Engine, "before_cursor_execute", refuse)
    assert rc == 2 and "只读" in told(err)[-1]


def test_backup_of_a_file_that_is_not_a_book_makes_no_output(capsys, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    out = tmp_path / "copy.sqlite"
    rc, _, err = _run(capsys, "--db", junk, "backup", "--out", out)
    assert rc == 2 and told(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.sqlite"]


def test_restore_from_a_file_that_is_not_a_book_is_told(capsys, book, tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = dump(book)
    rc, _, err = _run(capsys, "--db", book, "restore", junk)
    assert rc == 2 and told(err)
    assert dump(book) == before
    assert not [p for p in tmp_path.iterdir() if "replaced" in p.name]


def test_a_killed_backup_leaves_nothing_that_looks_like_a_backup(capsys, book, tmp_path):
    out = tmp_path / "b.sqlite"
    # what a backup killed half-way leaves: its hidden partial file and journal, under a dead pid
    (tmp_path / ".b.sqlite.partial-999999").write_bytes(b"SQLite format 3\x00" + b"\0" * 100)
    (tmp_path / ".b.sqlite.partial-999999-journal").write_bytes(b"x")
    rc, _, err = _run(capsys, "--db", book, "backup", "--out", out)
    assert rc == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.sqlite", "book.sqlite"]
    assert (out.stat().st_mode & 0o777) == 0o600
    assert dump(out) == dump(book)


def test_restore_replaces_a_damaged_book_and_keeps_it_whole(capsys, book, tmp_path):
    good = tmp_path / "good.sqlite"
    assert _run(capsys, "--db", book, "backup", "--out", good)[0] == 0
    data = bytearray(book.read_bytes())
    data[4096:4096 * 3] = b"\xa5" * 8192  # pages 2 and 3 scribbled over
    book.write_bytes(bytes(data))
    rc, _, err = _run(capsys, "--db", book, "check")
    assert rc == 2 and told(err)  # a damaged book is told, not a traceback
    rc, out, err = _run(capsys, "--db", book, "restore", good)
    assert rc == 0, err
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("book.replaced-")]
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)  # whole, byte for byte
    assert _run(capsys, "--db", book, "check")[0] == 0
    assert dump(book).replace("restore", "") and query_log(book) == ["restore"]


def query_log(book: Path) -> list[str]:
    con = sqlite3.connect(book)
    try:
        return [r[0] for r in con.execute("SELECT action FROM audit_log WHERE action='restore'")]
    finally:
        con.close()


def test_restore_puts_a_missing_book_back(capsys, book, tmp_path):
    good = tmp_path / "good.sqlite"
    assert _run(capsys, "--db", book, "backup", "--out", good)[0] == 0
    gone = tmp_path / "gone.sqlite"
    rc, _, err = _run(capsys, "--db", gone, "restore", good)
    assert rc == 0, err
    assert _run(capsys, "--db", gone, "check")[0] == 0
    assert (gone.stat().st_mode & 0o777) == 0o600


def test_restore_of_another_companys_book_needs_force_naming_it(capsys, book, tmp_path):
    other = tmp_path / "other.sqlite"
    assert main(["--db", str(other), "init", "--company", "另一家公司", "--start", "2026-11"]) == 0
    before = dump(book)
    rc, _, err = _run(capsys, "--db", book, "restore", other)
    assert rc == 2 and "另一家公司" in told(err)[0] and "--force" in err
    assert dump(book) == before
    rc, _, err = _run(capsys, "--db", book, "restore", other, "--force", "甲公司")  # names the wrong one
    assert rc == 2 and dump(book) == before
    rc, _, err = _run(capsys, "--db", book, "restore", other, "--force", "另一家公司")
    assert rc == 0, err
    assert query_log(book) == ["restore"]
    con = sqlite3.connect(book)
    detail = con.execute("SELECT detail FROM audit_log WHERE action='restore'").fetchone()[0]
    con.close()
    assert "甲公司" in detail and "另一家公司" in detail


def test_an_output_file_that_cannot_be_written_names_the_file_not_the_book(capsys, book, tmp_path, monkeypatch):
    import errno

    import reports.xlsx

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "tb.csv"))
    monkeypatch.setattr(reports.xlsx, "write_csv", full)
    rc, _, err = _run(capsys, "--db", book, "export", "vouchers", "--from", "2026-11", "--to", "2026-11",
                      "--format", "csv", "--out", tmp_path / "tb.csv")
    assert rc == 2 and "tb.csv" in told(err)[0] and "磁盘已满" in err and "账套" not in err
