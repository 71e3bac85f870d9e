"""`migrate-from`: a SQLite book moves onto a server book (on the PostgreSQL run; on the SQLite run into a
new file) with every row and id, `check` ok and trial balances equal on both; a target that holds anything
and a file that is not a book are refused with one `error:` line, the target as it was."""
from __future__ import annotations

import json

from tests import engines
from tests.cli.helpers import doc, errors, ok, on, write_json


def _sqlite_copy(book, tmp_path):
    """The shared book as a SQLite file, whatever this run's engine (a backup is one)."""
    path = tmp_path / "old.sqlite"
    ok(book, "backup", "--out", path)
    return path


def _trial_balance(book, out):
    ok(book, "report", "trial-balance", "--from", "2026-11", "--to", "2026-12", "--format", "json", "--out", out)
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_row_moves_with_its_id_and_the_books_agree(documents_book, book_target, tmp_path):
    old = _sqlite_copy(documents_book, tmp_path)
    new = book_target("new.sqlite")
    out = ok(new, "migrate-from", old)
    assert "check: ok on both" in out and "trial balances" in out and "equal" in out
    assert engines.dump(new) == engines.dump(old)  # every table, every row, ids and all
    assert _trial_balance(new, tmp_path / "tb-new.json") == _trial_balance(old, tmp_path / "tb-old.json")
    assert on(new, "check")[0] == 0 and on(old, "check")[0] == 0
    # the server takes the next ids after the copied ones: new documents and vouchers go in
    ok(new, "import", write_json(tmp_path / "fee.json", doc(
        {"type": "voucher", "date": "2026-11-25", "summary": "手续费",
         "lines": [{"account": "5603", "debit": "25.00"}, {"account": "1002", "credit": "25.00"}]})))
    assert engines.query(new, "SELECT count(*), max(id) FROM vouchers") == [(4, 4)]
    assert on(new, "check")[0] == 0


def test_a_target_that_holds_a_book_is_refused_and_kept_as_it_was(documents_book, master_book, copy_of, tmp_path):
    old = _sqlite_copy(documents_book, tmp_path)
    target = copy_of(master_book)
    before = engines.dump(target)
    rc, _, err = on(target, "migrate-from", old)
    assert rc == 2
    (line,) = errors(err)
    assert "migrate-from" in line and "不是空的" in line
    assert engines.dump(target) == before


def test_a_file_that_is_not_a_book_is_refused_and_the_target_stays_empty(book_target, tmp_path):
    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database", encoding="utf-8")
    target = book_target("new.sqlite")
    rc, _, err = on(target, "migrate-from", junk)
    assert rc == 2
    (line,) = errors(err)
    assert "notes.sqlite" in line and "不是可迁移的账套" in line
    rc, _, err = on(target, "migrate-from", tmp_path / "missing.sqlite")
    assert rc == 2 and "不存在" in errors(err)[0]
    if engines.on_postgresql():
        assert engines.query(target, "SELECT count(*) FROM settings") == [(0,)]
    else:
        assert not target.exists()
