"""Units of work on a shared book: two writers queue instead of failing, a reader sees what
another connection committed once it refreshes, and the acting user is passed, not mutated."""
from __future__ import annotations

import threading
import time
from decimal import Decimal

from sqlalchemy import func, select

from domain.master import CustomerData
from storage.book import Book
from storage.models import Customer, Voucher
from tests import engines
from tests.rows import vouchers
from usecases import master


def _customers(book: Book) -> int:
    return book.session.scalar(select(func.count(Customer.id)))


def test_two_writers_on_one_file_both_commit(book):
    """The second writer waits for the first (BEGIN IMMEDIATE) instead of dying with
    'database is locked' when its read transaction would have to upgrade to a write."""
    other = Book.open(book.target, "另一位")
    errors: list[BaseException] = []

    def slow_writer():
        try:
            with book.unit():
                _customers(book)  # read first: the transaction would be a reader under plain BEGIN
                time.sleep(0.4)   # the other writer starts meanwhile
                master.add_customer(book, CustomerData("C100", "慢客户有限公司"))
        except BaseException as e:  # noqa: BLE001 - the assertion below reports it
            errors.append(e)

    def quick_writer():
        time.sleep(0.1)
        try:
            with other.unit():
                _customers(other)
                master.add_customer(other, CustomerData("C200", "快客户有限公司"))
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=quick_writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert errors == []
    book.refresh()
    codes = set(book.session.scalars(select(Customer.code)))
    assert {"C100", "C200"} <= codes


def test_refresh_shows_what_another_connection_committed(book):
    """The GUI's F5: a long-lived book sees a voucher saved by another process after refresh()."""
    before = book.session.scalar(select(func.count(Voucher.id)))  # opens a read snapshot
    other = Book.open(book.target, "出纳")
    vouchers.manual_voucher(other, "2026-11-10", "另一进程的凭证",
                            [{"account": "5602", "debit": "12.34"}, {"account": "100201", "credit": "12.34"}])
    other.close()
    if not engines.on_postgresql():  # SQLite's reader stays on its snapshot; PostgreSQL reads what is
        assert book.session.scalar(select(func.count(Voucher.id))) == before  # committed (READ COMMITTED)
    book.refresh()
    assert book.session.scalar(select(func.count(Voucher.id))) == before + 1
    with book.reading():
        total = book.session.scalar(select(Voucher.total).where(Voucher.summary == "另一进程的凭证"))
    assert total == Decimal("12.34")
    assert not book.session.in_transaction()  # reading() let the snapshot go


def test_acting_user_is_a_sibling_not_a_mutation(book):
    vouchers.manual_voucher(book, "2026-11-10", "房租",
                            [{"account": "5602", "debit": "100.00"}, {"account": "100201", "credit": "100.00"}])
    reviewer = book.acting("会计")
    try:
        n = vouchers.post_period(reviewer, "2026-11")
    finally:
        reviewer.close()
    assert n == 1
    assert book.user != "会计"
    book.refresh()
    v = book.session.scalar(select(Voucher).where(Voucher.summary == "房租"))
    assert (v.status, v.preparer, v.poster) == ("posted", book.user, "会计")
