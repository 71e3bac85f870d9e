"""People and permissions in-process (issue 26): what the window and the command line both reach."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from sqlalchemy import delete, event, select

from domain.errors import Rejected
from domain.people import ROLE_ACTIONS, parse_roles, roles_for
from interchange.importer import import_data
from storage import oplog
from storage.models import AuditLog, Voucher
from usecases import access, people, vouchers
from usecases.commands import Entry, ManualVoucher
from usecases.setup import init_book


@pytest.fixture
def book(tmp_path):
    b = init_book(tmp_path / "b.sqlite", "测试公司", "2026-11")
    yield b
    b.close()


def _voucher(book) -> int:
    v = vouchers.manual_voucher(book, ManualVoucher(dt.date(2026, 11, 5), "备用金", (
        Entry("1001", debit=D("100.00")), Entry("1002", credit=D("100.00")))))
    return v.id


def test_a_book_without_people_lets_everyone_do_everything(book):
    assert not people.has_people(book)
    assert all(access.allowed(book, a) for acts in ROLE_ACTIONS.values() for a in acts)


def test_roles_read_as_codes_or_chinese_and_unknown_ones_are_named():
    assert parse_roles("会计, cashier") == ("cashier", "accountant")
    with pytest.raises(ValueError, match="cook 不是角色"):
        parse_roles("cook")
    assert roles_for("close") == ("supervisor", "owner")


def test_the_accountant_reviews_someone_elses_voucher_but_not_their_own(book):
    people.add_person(book, "管理员甲", "admin", "admin-pw")
    boss = book.acting("管理员甲")
    people.add_person(boss, "会计乙", "accountant", "books-pw")
    people.add_person(boss, "会计丙", "accountant", "books-pw")
    prepared = _voucher(book.acting("会计乙"))
    with pytest.raises(Rejected, match="须由另一人审核"):
        vouchers.review(book.acting("会计乙"), prepared)
    vouchers.review(book.acting("会计丙"), prepared)
    assert book.session.get(Voucher, prepared).reviewer == "会计丙"
    entry = book.session.scalars(select(AuditLog).where(AuditLog.action == "review")).one()
    assert (entry.user, entry.record, entry.new_values) == ("会计丙", "voucher 2026-11 记-1", '{"status": "reviewed"}')
    with pytest.raises(access.Refused, match=r"管理员甲（管理员）无权审核凭证 \(review\)"):
        vouchers.review(boss, prepared)


def test_the_action_set_is_read_once_per_unit_of_work(book):
    people.add_person(book, "老板", "owner", "owner-pw")
    owner = book.acting("老板")
    reads = []
    event.listen(owner.engine, "before_cursor_execute",
                 lambda *a: reads.append(a[2]) if "FROM users" in a[2] else None)
    with owner.unit():
        for _ in range(50):
            access.check(owner, "post")
    assert len(reads) == 1


def test_five_failed_logins_lock_the_name_and_a_right_one_resets_the_count(book):
    people.add_person(book, "出纳丁", "cashier", "cash-pw")
    for _ in range(4):
        with pytest.raises(Rejected, match="wrong name or password"):
            people.authenticate(book, "出纳丁", "x")
    people.authenticate(book, "出纳丁", "cash-pw")
    for _ in range(5):
        with pytest.raises(Rejected):
            people.authenticate(book, "出纳丁", "x")
    with pytest.raises(Rejected, match="已被锁定"):
        people.authenticate(book, "出纳丁", "cash-pw")
    actions = [e["action"] for e in oplog.search(book)]
    assert actions.count("login_failed") == 10 and actions.count("user_locked") == 1 and "login" in actions


def test_check_finds_the_last_entries_deleted(book):
    people.add_person(book, "管理员甲", "admin", "admin-pw")
    people.authenticate(book, "管理员甲", "admin-pw")
    assert oplog.verify(book) == []
    with book.unit():
        book.session.execute(delete(AuditLog).where(AuditLog.seq == 2))
    assert oplog.verify(book) == ["the log ends at entry 1 but the book recorded 2 entries: "
                                  "the last entries were deleted"]


def test_an_import_needs_the_import_permission_or_each_document_type(book):
    import_data(book, {"customers": [{"code": "C1", "name": "甲"}],
                       "items": [{"code": "A1", "name": "轴承", "unit": "个", "tax_rate": "0.13", "price": "113.00"}]})
    people.add_person(book, "管理员甲", "admin", "admin-pw")
    people.add_person(book.acting("管理员甲"), "业务戊", "sales", "sales-pw")
    sales = book.acting("业务戊")
    order = {"type": "sales_order", "no": "SO1", "date": "2026-11-02", "customer": "C1",
             "lines": [{"item": "A1", "qty": "1", "price": "113.00"}]}
    assert import_data(sales, {"documents": [order]}) == {"documents": 1}
    with pytest.raises(access.Refused, match=r"无权编辑基础资料 \(master\)"):
        import_data(sales, {"customers": [{"code": "C2", "name": "乙"}]})
    refused = oplog.search(book, action="refused")
    assert [(e["user"], e["record"]) for e in refused] == [("业务戊", "master")]
