"""bench/same_book.py tells two books apart by their rows, not by when they were written."""
from __future__ import annotations

import sqlite3

import pytest

from bench.same_book import main
from interchange.importer import import_data

pytestmark = pytest.mark.sqlite_only  # compares SQLite files (bench.same_book reads them with sqlite3)

RECEIPT = {"type": "receipt", "no": "RC-1", "date": "2026-11-20", "customer": "C001", "amount": "100.00",
           "account": "100201"}


def test_books_written_at_different_moments_are_the_same_and_a_changed_amount_is_not(book, tmp_path, capsys):
    import_data(book, {"documents": [RECEIPT]})
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    for copy in (first, second):  # the backup API: what the book wrote may still be in its WAL file
        with sqlite3.connect(book.target) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
    with sqlite3.connect(second) as con:
        con.execute("UPDATE documents SET created_at = '2030-01-01 00:00:00.000000'")  # a later moment
    assert main([str(first), str(second)]) == 0
    with sqlite3.connect(second) as con:
        con.execute("UPDATE voucher_lines SET debit = debit + 1 WHERE debit > 0")
    assert main([str(first), str(second)]) == 1
    assert "voucher_lines:" in capsys.readouterr().out


def test_a_file_that_is_not_a_book_is_named_with_exit_2(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("not a database")
    assert main([str(tmp_path / "a.txt"), str(tmp_path / "a.txt")]) == 2
    assert capsys.readouterr().err.startswith("error:")
