"""Books of other versions: an older one is migrated on open after a backup; a newer one is refused
in words (Chinese first), exit 2 on the command line, the file untouched."""
from __future__ import annotations

import sqlite3

from alembic import command

from storage import db
from storage.book import Book
from tests.cli.helpers import errors, new_book, on
from usecases.setup import init_book


def _stamp(path, revision: str) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.close()


def _schema(path) -> str:
    return sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_an_older_book_is_migrated_on_open_after_a_backup(tmp_path):
    path = tmp_path / "old.sqlite"
    init_book(path, "测试公司", "2026-11").close()
    engine = db.make_engine(path)
    cfg = db._alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")  # the book as the previous version left it
    engine.dispose()
    older = _schema(path)
    assert older != db.code_schema()
    Book.open(path).close()
    assert _schema(path) == db.code_schema()
    [backup] = tmp_path.glob(f"old.before-{older}.*.bak")
    assert _schema(backup) == older, "the backup is the book as it was before the migration"
    assert sqlite3.connect(backup).execute("SELECT value FROM settings WHERE key='company'").fetchone() == ("测试公司",)


def test_a_newer_book_is_refused_in_words_with_exit_2(tmp_path):
    book = new_book(tmp_path / "new.sqlite", master=False)
    _stamp(book, "9999_future")
    before = book.read_bytes()
    rc, _, err = on(book, "check")
    assert rc == 2
    [line] = errors(err)
    assert "此账套由更新版本的账房写成" in line and "9999_future" in line and "请先升级账房" in line
    assert book.read_bytes() == before
    assert not list(tmp_path.glob("*.bak")), "nothing is backed up or migrated"


def test_a_newer_book_in_the_window_says_why_in_a_message_box(qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.app import run
    path = tmp_path / "new.sqlite"
    init_book(path, "测试公司", "2026-11").close()
    _stamp(path, "9999_future")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert run(str(path)) == 1
    [text] = shown
    assert "更新版本" in text and "9999_future" in text


def test_opening_a_newer_book_from_the_menu_says_why_and_keeps_the_open_one(qtbot, book, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.book_actions import switch_to
    from ui.main_window import MainWindow
    newer = tmp_path / "newer.sqlite"
    init_book(newer, "新版本公司", "2026-11").close()
    _stamp(newer, "9999_future")
    window = MainWindow(book)
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    switch_to(window, str(newer))
    [text] = shown
    assert "此账套由更新版本的账房写成" in text and "请先升级账房" in text
    assert window.book is book and _schema(newer) == "9999_future"
