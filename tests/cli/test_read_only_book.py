"""Issue 33: a book whose file or folder is not writable (an archive on read-only media) opens
read-only: reports, check and the window work; every write is refused in words, the book untouched."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from storage import db
from tests.cli.helpers import MASTER, copy_book
from tests.cli.helpers import in_process as _run
from ui.cli.main import main

# SQLite book files: their locks, pages, modes and folders (issue 33); a server book has none of these
pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def base_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("ro") / "book.sqlite"
    assert main(["--db", str(path), "init", "--company", "甲公司", "--start", "2026-11"]) == 0
    assert main(["--db", str(path), "import", str(MASTER)]) == 0
    return path


@pytest.fixture(params=["permissions", "simulated"])
def read_only_book(request, base_book, tmp_path, monkeypatch):
    folder = tmp_path / "archive"
    folder.mkdir()
    book = copy_book(base_book, folder / "book.sqlite")
    if request.param == "permissions":
        if os.geteuid() == 0:
            pytest.skip("root writes through file modes; the simulated case covers it")
        book.chmod(0o444)
        folder.chmod(0o555)
        yield book
        folder.chmod(0o755)
        book.chmod(0o644)
    else:  # what os.access says of a file on read-only media
        monkeypatch.setattr(db, "writable", lambda path: False)
        yield book


def dump(path: Path) -> str:
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def test_reports_and_check_work_on_a_read_only_book(capsys, read_only_book, tmp_path):
    rc, out, err = _run(capsys, "--db", read_only_book, "check")
    assert rc == 0, err
    out_file = tmp_path / "tb.json"
    rc, _, err = _run(capsys, "--db", read_only_book, "report", "trial-balance", "--from", "2026-11",
                      "--to", "2026-11", "--format", "json", "--out", out_file)
    assert rc == 0 and out_file.stat().st_size > 0, err


def test_every_write_to_a_read_only_book_is_refused_in_words(capsys, read_only_book, tmp_path):
    before = dump(read_only_book)
    fee = tmp_path / "fee.json"
    fee.write_text('{"format": "zhangfang-interchange/1", "documents": [{"type": "voucher", "date": "2026-11-25",'
                   ' "summary": "手续费", "lines": [{"account": "5603", "debit": "1.00"},'
                   ' {"account": "1002", "credit": "1.00"}]}]}', encoding="utf-8")
    for args in (("import", fee), ("post", "--period", "2026-11"), ("demo", "--orders", "5"),
                 ("close", "--period", "2026-11")):
        rc, _, err = _run(capsys, "--db", read_only_book, *args)
        assert rc == 2, (args, err)
        lines = err.strip().splitlines()
        assert all(x.startswith("error:") for x in lines) and "只读" in err and "Traceback" not in err, (args, err)
    assert dump(read_only_book) == before


def test_the_window_says_read_only(qapp, read_only_book):
    from storage.book import Book
    from ui.main_window import MainWindow
    with Book.open(read_only_book) as book:
        window = MainWindow(book)
        assert "只读" in window.windowTitle()
        assert "只读" in window.book_label.text()
        window.close()


def test_a_read_only_book_can_be_backed_up(capsys, read_only_book, tmp_path):
    out = tmp_path / "copy.sqlite"
    rc, _, err = _run(capsys, "--db", read_only_book, "backup", "--out", out)
    assert rc == 0, err
    assert dump(out) == dump(read_only_book)


def test_restore_over_a_read_only_book_is_refused_and_leaves_nothing(capsys, read_only_book, base_book, tmp_path):
    before = sorted(p.name for p in read_only_book.parent.iterdir())
    rc, _, err = _run(capsys, "--db", read_only_book, "restore", base_book)
    assert rc == 2 and "只读" in err
    assert sorted(p.name for p in read_only_book.parent.iterdir()) == before


def test_a_save_in_the_window_of_a_read_only_book_is_refused_in_words(qtbot, read_only_book):
    from storage.book import Book
    from ui.context import AppContext
    from ui.dialogs.master import MasterForm
    with Book.open(read_only_book) as book:
        form = MasterForm(AppContext(book), "customer", None)
        qtbot.addWidget(form)
        form.fields["code"].setText("C901")
        form.fields["name"].setText("只读测试客户")
        assert form.save() is False
        assert "只读" in form.general_error.text()
        assert form.fields["name"].text() == "只读测试客户"
