"""The command line itself: options in either place, init, missing books, help, backup and restore."""
from __future__ import annotations

import pytest

from tests.cli.helpers import MASTER, doc, errors, ok, on, query, tamper, write_json


def test_help_exits_0_and_lists_the_sub_commands(run):
    rc, out, _ = run("--help")
    assert rc == 0
    for command in ("init", "import", "export", "report", "post", "close", "check", "backup", "restore"):
        assert command in out


def test_db_is_accepted_before_and_after_the_sub_command(run, master_book):
    assert run("--db", master_book, "check")[0] == 0
    assert run("check", "--db", master_book)[0] == 0


def test_user_is_accepted_before_and_after_the_sub_command(run, master_book, copy_of, tmp_path):
    book = copy_of(master_book)
    fee = doc({"type": "voucher", "date": "2026-11-10", "summary": "支付手续费",
               "lines": [{"account": "5603", "debit": "25.00"}, {"account": "1002", "credit": "25.00"}]})
    rc, _, err = run("import", write_json(tmp_path / "fee.json", fee), "--db", book, "--user", "李四")
    assert rc == 0, err
    rc, _, err = run("--user", "李四", "--db", book, "post", "--period", "2026-11")
    assert rc == 2, "the preparer may not post his own voucher: --user after import was taken"
    assert "李四" in errors(err)[0]
    rc, _, err = run("--db", book, "post", "--period", "2026-11", "--user", "会计")
    assert rc == 0, err


def test_init_then_import_the_master_data(book_target):
    book = book_target("new.sqlite")
    out = ok(book, "init", "--company", "示例商贸有限公司", "--start", "2026-11")
    assert "2026-11" in out and query(book, "SELECT count(*) FROM periods") == [(12,)]
    out = ok(book, "import", MASTER)
    assert "1 customers" in out
    assert query(book, "SELECT code, name FROM customers") == [("C001", "华东机电有限公司")]


@pytest.mark.sqlite_only  # a file that is not there, or not a book
def test_import_into_a_missing_book_is_refused_and_creates_nothing(tmp_path):
    missing = tmp_path / "does-not-exist.sqlite"
    rc, _, err = on(missing, "import", MASTER)
    assert rc == 2
    assert err.startswith("error:")
    assert not missing.exists()


@pytest.mark.sqlite_only  # a file that is not there, or not a book
def test_no_command_but_init_creates_a_book(tmp_path):
    missing = tmp_path / "nope.sqlite"
    for args in (("check",), ("export", "vouchers", "--from", "2026-11", "--to", "2026-11", "--format", "json",
                              "--out", tmp_path / "v.json"), ("post", "--period", "2026-11")):
        rc, _, err = on(missing, *args)
        assert rc == 2 and errors(err), args
    assert not missing.exists()


def test_init_refuses_a_book_that_holds_a_company(master_book, copy_of):
    book = copy_of(master_book)
    rc, _, err = on(book, "init", "--company", "另一家", "--start", "2026-11")
    assert rc == 2
    errors(err)
    assert query(book, "SELECT value FROM settings WHERE key = 'company'") == [("示例商贸有限公司",)]


def test_bad_arguments_are_rejected_input(run, master_book):
    rc, _, err = run("--db", master_book, "export", "vouchers", "--from", "2026-13", "--to", "2026-11",
                     "--format", "json", "--out", "x.json")
    assert rc == 2 and errors(err)
    rc, _, err = run("--db", master_book, "post")  # --period missing
    assert rc == 2 and errors(err)


def test_backup_then_restore_brings_the_book_back(documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    copy = tmp_path / "backup.sqlite"
    ok(book, "backup", "--out", copy)
    rc, _, err = on(book, "backup", "--out", copy)
    assert rc == 2 and "already exists" in errors(err)[0], "a backup never overwrites a file"
    tamper(book)
    assert on(book, "check")[0] == 3
    ok(book, "restore", copy)
    assert on(book, "check")[0] == 0
    assert query(book, "SELECT count(*) FROM vouchers") == [(3,)]


def test_restore_refuses_a_missing_copy(documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    rc, _, err = on(book, "restore", tmp_path / "no-such-backup.sqlite")
    assert rc == 2 and errors(err)


@pytest.mark.parametrize("make_args", [
    pytest.param(lambda book, tmp: ("post", "--period", "2026-13"), id="post-bad-period"),
    pytest.param(lambda book, tmp: ("close", "--period", "2026-13"), id="close-bad-period"),
    pytest.param(lambda book, tmp: ("export", "vouchers", "--from", "2026-11", "--to", "2026-11", "--format", "json",
                                    "--out", tmp / "no-such-dir" / "v.json"), id="export-into-missing-folder"),
    pytest.param(lambda book, tmp: ("import", tmp), id="import-a-folder"),
    pytest.param(lambda book, tmp: ("post", "--period", "2027-11"), id="post-a-period-the-book-has-not"),
    pytest.param(lambda book, tmp: ("report", "statement", "--customer", "C001", "--from", "2026-11-30", "--to",
                                    "2026-11-01", "--format", "json", "--out", tmp / "st.json"),
                 id="statement-with-a-reversed-range"),
    pytest.param(lambda book, tmp: ("--user", "", "check"), id="empty-user"),
    pytest.param(lambda book, tmp: ("restore", (tmp / "junk.sqlite")), id="restore-not-a-book"),
])
def test_bad_input_is_refused_with_exit_2_not_a_traceback(make_args, documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    (tmp_path / "junk.sqlite").write_text("not a database", encoding="utf-8")
    rc, _, err = on(book, *make_args(book, tmp_path))
    assert rc == 2, err
    assert "Traceback" not in err
    errors(err)


@pytest.mark.sqlite_only  # a file that is not there, or not a book
def test_a_db_that_is_not_a_book_is_refused(tmp_path):
    junk = tmp_path / "notes.sqlite"
    junk.write_text("not a database", encoding="utf-8")
    rc, _, err = on(junk, "check")
    assert rc == 2 and "Traceback" not in err


def test_a_json_file_saved_with_a_bom_imports(empty_book, copy_of, tmp_path):
    book = copy_of(empty_book)
    path = tmp_path / "bom.json"
    path.write_text('{"format": "zhangfang-interchange/1", "customers": [{"code": "C7", "name": "记事本公司"}]}',
                    encoding="utf-8-sig")
    rc, _, err = on(book, "import", path)
    assert rc == 0, err
