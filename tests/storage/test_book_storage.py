"""Opening books: migrations to head, the newer-version guard, pragmas, exact money on disk."""
from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import text

from domain.errors import Rejected
from storage import db
from storage.book import Book
from tests import engines
from usecases.setup import init_book


@pytest.mark.sqlite_only
def test_an_empty_file_is_migrated_to_head_only_when_creating(tmp_path):
    path = tmp_path / "empty.sqlite"
    sqlite3.connect(path).close()
    with pytest.raises(Rejected, match="empty file"):
        Book.open(path)
    assert path.stat().st_size == 0
    book = Book.open(path, create=True)
    try:
        assert db.current_revision(book.engine) == db.head_revision()
        names = {r[0] for r in book.session.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        assert {"accounts", "vouchers", "voucher_lines", "balances", "documents", "open_items"} <= names
    finally:
        book.close()


@pytest.mark.sqlite_only
def test_opening_a_missing_book_creates_nothing(tmp_path):
    with pytest.raises(Rejected, match="不存在"):
        Book.open(tmp_path / "nope.sqlite")
    assert not (tmp_path / "nope.sqlite").exists()


def test_a_book_from_a_newer_version_is_refused_untouched(book_target):
    path = book_target()
    init_book(path, "测试公司", "2026-11").close()
    engines.execute(path, "UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(Rejected, match="newer version"):
        Book.open(path)
    assert engines.query(path, "SELECT version_num FROM alembic_version") == [("9999_future",)]


@pytest.mark.sqlite_only
def test_upgrade_backup_is_a_consistent_copy(tmp_path):
    path = tmp_path / "b.sqlite"
    init_book(path, "测试公司", "2026-11").close()
    copy = db._backup(path, "0001")
    assert copy.exists() and copy.name.startswith("b.before-0001")
    rows = sqlite3.connect(copy).execute("SELECT value FROM settings WHERE key='company'").fetchone()
    assert rows == ("测试公司",)


@pytest.mark.sqlite_only
def test_books_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    book = init_book(tmp_path / "b.sqlite", "测试公司", "2026-11")
    try:
        con = book.session.connection()
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert con.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
    finally:
        book.close()


def test_money_is_integer_fen_on_disk(book_target):
    from domain.master import parse_customer
    from usecases.master import add_customer
    path = book_target()
    book = init_book(path, "测试公司", "2026-11")
    try:
        add_customer(book, parse_customer({"code": "C1", "name": "甲公司", "credit_limit": "1234.56"}))
        raw = engines.query(path, "SELECT credit_limit FROM customers")
        assert raw == [(123456,)] and type(raw[0][0]) is int
        from storage.models import Customer
        assert book.session.query(Customer).one().credit_limit == Decimal("1234.56")
    finally:
        book.close()


def test_init_refuses_a_bad_start_and_an_unknown_revenue_mode(book_target):
    path = book_target()
    with pytest.raises(Rejected) as e:
        init_book(path, "", "2026-13", revenue="cash")
    text_ = str(e.value)
    assert "--company" in text_ and "--start" in text_ and "--revenue" in text_
    if engines.on_postgresql():
        assert engines.query(path, "SELECT count(*) FROM settings") == [(0,)]
    else:
        assert not path.exists()


def test_sub_account_turns_its_parent_into_a_parent(book_target):
    from domain.master import parse_account
    from usecases.master import add_account
    book = init_book(book_target(), "测试公司", "2026-11")
    try:
        assert book.accounts["1002"].is_leaf
        add_account(book, parse_account({"code": "100201", "name": "工商银行基本户", "parent": "1002"}))
        assert not book.accounts["1002"].is_leaf and book.accounts["100201"].is_leaf
        with pytest.raises(Rejected, match="已存在"):
            add_account(book, parse_account({"code": "100201", "name": "重复", "parent": "1002"}))
    finally:
        book.close()


def test_an_account_with_entries_cannot_get_sub_accounts(book_target):
    from domain.master import parse_account
    from interchange.importer import import_data
    from usecases.master import add_account
    book = init_book(book_target(), "测试公司", "2026-11")
    try:
        import_data(book, {"opening_balances": {"date": "2026-10-31", "lines": [
            {"account": "1001", "debit": "100.00"}, {"account": "3001", "credit": "100.00"}]}})
        with pytest.raises(Rejected, match="已有发生额"):
            add_account(book, parse_account({"code": "100101", "name": "备用金", "parent": "1001"}))
    finally:
        book.close()


def test_the_head_read_from_the_migration_files_is_alembics(tmp_path):
    # Opening a book at head skips alembic; that shortcut must never disagree with alembic.
    assert db._head_by_name() == db.head_revision()


@pytest.mark.sqlite_only
def test_a_book_one_migration_behind_is_upgraded_on_open_with_a_backup(tmp_path):
    from alembic import command
    path = tmp_path / "b.sqlite"
    init_book(path, "测试公司", "2026-11").close()
    script = db._script()
    previous = script.get_revision(db.head_revision()).down_revision
    cfg = db._alembic_config()
    from sqlalchemy import create_engine
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, previous)
    engine.dispose()
    with Book.open(path) as book:
        assert db.current_revision(book.engine) == db.head_revision()
    assert list(tmp_path.glob(f"b.before-{previous}.*.bak"))
