"""A book created before version 2 lacks the accounts the close posts to (22210104, 222104…,
540301…, 1406). Opening it adds them; where a parent already carries entries they are left out and
the close says which account is missing instead of failing."""
from __future__ import annotations

import sqlite3

import pytest

from interchange.importer import import_data
from storage.book import Book
from usecases.closing import preview_close
from usecases.setup import init_book

pytestmark = pytest.mark.sqlite_only  # books of an older version are SQLite files written by hand

NEW = ("1406", "22210104", "22210105", "22210106", "22210107", "222104", "222105", "222106", "222107", "222108",
       "540301", "540302", "540303", "540304", "540305", "540306", "540307", "540308")


def wave_one_book(path, *, tax_on_5403: bool = False):
    """A book as wave 1 wrote it: the preset without the version 2 accounts, schema 0007 (so without
    the vat_no index either)."""
    with init_book(path, "老账套公司", "2026-11") as book:
        import_data(book, {
            "customers": [{"code": "C001", "name": "华东机电有限公司"}],
            "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13"}],
            "warehouses": [{"code": "W01", "name": "主仓"}],
            "opening_balances": {"date": "2026-10-31", "lines": [
                {"account": "1405", "item": "A001", "debit": "6000.00"}, {"account": "3001", "credit": "6000.00"}]},
            "opening_stock": [{"item": "A001", "warehouse": "W01", "qty": "10", "unit_cost": "600.00"}]})
    con = sqlite3.connect(path)
    con.execute(f"DELETE FROM accounts WHERE code IN ({','.join('?' * len(NEW))})", NEW)
    con.execute("UPDATE accounts SET is_leaf = 1 WHERE code = '5403'")
    if tax_on_5403:  # wave 1 let a manual voucher post 印花税 to 5403 itself
        a5403 = con.execute("SELECT id FROM accounts WHERE code = '5403'").fetchone()[0]
        con.execute("INSERT INTO balances (account_id, period, customer_id, supplier_id, item_id, debit, credit) "
                    "VALUES (?, '2026-11', 0, 0, 0, 0, 0)", (a5403,))
    con.execute("DROP INDEX ix_documents_vat_no")  # added by 0009
    con.execute("DROP INDEX ix_vouchers_date_summary")  # added by 0010
    con.execute("DROP INDEX ix_vouchers_reverses")
    con.execute("ALTER TABLE fixed_assets DROP COLUMN opening_accumulated")  # added by 0011
    for column in ("year_debit", "year_credit", "ytd_debit", "ytd_credit"):
        con.execute(f"ALTER TABLE opening_balances DROP COLUMN {column}")
    con.execute("UPDATE alembic_version SET version_num = '0007'")
    con.commit()
    con.close()
    return path


def sell(book):
    import_data(book, {"documents": [
        {"type": "sales_order", "no": "SO1", "date": "2026-11-02", "customer": "C001",
         "lines": [{"item": "A001", "qty": "2", "price": "1130.00"}]},
        {"type": "outbound", "no": "OUT1", "date": "2026-11-03", "order": "SO1", "warehouse": "W01",
         "lines": [{"item": "A001", "qty": "2"}]},
        {"type": "invoice", "no": "INV1", "date": "2026-11-05", "outbounds": ["OUT1"]}]})


def test_opening_an_old_book_adds_the_accounts_the_close_posts_to(tmp_path):
    path = wave_one_book(tmp_path / "old.sqlite")
    with Book.open(path, user="会计") as book:
        assert set(NEW) <= set(book.accounts)
        assert book.session.connection().exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'ix_documents_vat_no'").scalar()  # 0009
        assert book.accounts["540302"].name == "城市维护建设税" and not book.accounts["5403"].is_leaf
        sell(book)
        plan = preview_close(book, "2026-11")
    steps = {s["title"]: s for s in plan["steps"]}
    assert "转出未交增值税" in steps and "计提附加税费" in steps
    assert [b["kind"] for b in plan["blocking"]] == ["unposted_vouchers"]


def test_a_parent_with_entries_keeps_its_leaf_and_the_close_names_the_missing_account(tmp_path):
    path = wave_one_book(tmp_path / "old.sqlite", tax_on_5403=True)
    with Book.open(path, user="会计") as book:
        assert "540302" not in book.accounts and book.accounts["5403"].is_leaf
        assert "22210104" in book.accounts
        sell(book)
        plan = preview_close(book, "2026-11")
    messages = [b["message"] for b in plan["blocking"] if b["kind"] == "chart"]
    assert messages == ["计提附加税费: this book's chart has no account 540302; add it before closing"]
