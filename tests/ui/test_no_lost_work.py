"""Issue 33: nothing lost, every failure told in the window.

- The window's long-lived session never writes back amounts from rows it loaded earlier: a stale open
  item plus a receipt made elsewhere do not over-allocate the invoice (two sessions).
- A record someone else changed meanwhile is not overwritten: the save says so and offers 重新载入.
- A save that fails underneath (the lock busy, the disk full, the book read-only) keeps the form open
  with everything typed, says why in Chinese and offers 重试, which then saves.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from domain.errors import Rejected
from storage import db
from storage.book import Book
from storage.models import Customer, OpenItem
from storage.queries.checks import run_checks
from tests.ui.books import worked_book
from ui.context import AppContext
from ui.dialogs.master import MasterForm
from usecases import cash
from usecases.commands import Allocation, Money
from usecases.master_edit import read_master, save_master


@pytest.fixture
def worked(tmp_path):
    # the worked example: INV-0001 of 67,800.00 with 29,100.00 still open after RC-0001
    return worked_book(tmp_path / "worked.sqlite")


def receipt(amount: str, invoice: str = "INV-0001") -> Money:
    return Money(date=dt.date(2026, 11, 25), party="C001", amount=Decimal(amount), account="1002",
                 allocations=(Allocation(invoice, Decimal(amount)),))


def test_a_stale_open_item_and_a_receipt_elsewhere_do_not_over_allocate(qapp, worked):
    window = Book.open(worked, "出纳")
    other = Book.open(worked, "会计")  # the command line, another person
    try:
        ctx = AppContext(window)
        ctx.run(cash.receipt, receipt("100.00"))  # the window has now loaded INV-0001's open item
        held = window.session.scalars(select(OpenItem).where(OpenItem.ref == "INV-0001")).all()
        assert held[0].open == Decimal("29000.00")
        cash.receipt(other, receipt("29000.00"))  # settled elsewhere meanwhile
        with pytest.raises(Rejected):
            ctx.run(cash.receipt, receipt("29000.00"))  # on stale rows this would allocate it twice
        assert not any(run_checks(window).values())
        other.refresh()
        item = other.session.scalars(select(OpenItem).where(OpenItem.ref == "INV-0001")).one()
        assert item.open == Decimal("0.00")
    finally:
        window.close()
        other.close()


def test_a_record_changed_by_someone_else_is_not_overwritten_and_can_be_reloaded(qtbot, worked):
    window = Book.open(worked, "会计")
    other = Book.open(worked, "业务员")
    try:
        ctx = AppContext(window)
        c001 = window.session.scalars(select(Customer).where(Customer.code == "C001")).one()
        form = MasterForm(ctx, "customer", c001.id)
        qtbot.addWidget(form)
        theirs = read_master(other, "customer", {"code": "C001", "name": "华东机电股份有限公司", "payment_days": 45})
        save_master(other, "customer", theirs, c001.id)
        form.fields["phone"].setText("021-5555 0101")  # typed in the window meanwhile
        assert form.save() is False
        assert "别人已修改" in form.general_error.text()
        assert form.reload_button.isVisibleTo(form)
        other.refresh()
        assert other.session.get(Customer, c001.id).name == "华东机电股份有限公司"  # theirs stands
        form.reload_button.click()
        assert form.fields["name"].text() == "华东机电股份有限公司"
        form.fields["phone"].setText("021-5555 0101")
        assert form.save() is True
        other.refresh()
        row = other.session.get(Customer, c001.id)
        assert (row.name, row.phone, row.payment_days) == ("华东机电股份有限公司", "021-5555 0101", 45)
    finally:
        window.close()
        other.close()


def _inject(kind: str, book_path, monkeypatch):
    """Make the next save fail as `kind` would; returns a function that ends the failure."""
    if kind == "busy":
        holder = sqlite3.connect(book_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another person's long import

        def release():
            holder.rollback()
            holder.close()
        return release
    message = {"full": "database or disk is full", "read_only": "attempt to write a readonly database"}[kind]

    def fail(conn, cursor, statement, *_):
        if statement.lstrip().upper().startswith("INSERT"):
            raise sqlite3.OperationalError(message)
    event.listen(Engine, "before_cursor_execute", fail)
    return lambda: event.remove(Engine, "before_cursor_execute", fail)


@pytest.mark.parametrize("kind, words", [("busy", "正被另一个人或另一个导入写入"), ("full", "磁盘已满"),
                                         ("read_only", "只读")])
def test_a_failed_save_keeps_the_form_says_why_and_offers_retry(qtbot, book_path, monkeypatch, kind, words):
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)  # the window's 10 s wait, shortened for the test
    with Book.open(book_path, "会计") as book:
        form = MasterForm(AppContext(book), "customer", None)
        qtbot.addWidget(form)
        form.fields["code"].setText("C900")
        form.fields["name"].setText("新来的客户有限公司")
        form.fields["phone"].setText("0512-6666 0000")
        end = _inject(kind, book_path, monkeypatch)
        try:
            with qtbot.assertNotEmitted(form.saved):
                assert form.save() is False
        finally:
            end()
        assert words in form.general_error.text() and "重试" in form.general_error.text()
        assert form.retry_button.isVisibleTo(form)
        assert [form.fields[k].text() for k in ("code", "name", "phone")] == \
            ["C900", "新来的客户有限公司", "0512-6666 0000"]  # everything typed is still there
        assert book.session.scalars(select(Customer).where(Customer.code == "C900")).first() is None
        with qtbot.waitSignal(form.saved):
            form.retry_button.click()
        book.refresh()
        assert book.session.scalars(select(Customer.name).where(Customer.code == "C900")).one() == "新来的客户有限公司"
        assert not form.retry_button.isVisibleTo(form)


def test_a_worker_that_meets_a_full_disk_says_so_in_chinese(qtbot):
    from ui.workers import Worker

    def work(progress):
        raise sqlite3.OperationalError("database or disk is full")
    worker = Worker(work)
    with qtbot.waitSignal(worker.failed) as got:
        worker.run()
    assert "磁盘已满" in got.args[0]
