"""Stored tasks (issue 26): the step that makes a piece of work writes its task in the same
transaction, the step that does the work finishes it (when, by whom), and 流程任务完成率 follows."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from domain.errors import Rejected
from interchange.importer import import_data
from storage.models import Task
from storage.queries import tasks_kept
from tests import engines
from usecases import task_store, vouchers
from usecases.setup import init_book

MASTER = {
    "customers": [{"code": "C1", "name": "华东机电"}],
    "items": [{"code": "A1", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"}],
    "warehouses": [{"code": "W1", "name": "主仓"}],
    "opening_balances": {"date": "2026-10-31", "lines": [
        {"account": "1405", "item": "A1", "debit": "6000.00"}, {"account": "3001", "credit": "6000.00"}]},
    "opening_stock": [{"item": "A1", "warehouse": "W1", "qty": "10", "unit_cost": "600.00"}],
}


@pytest.fixture
def book(book_target):
    b = init_book(book_target(), "测试公司", "2026-11")
    import_data(b, MASTER)
    yield b
    b.close()


def tasks(book, kind=None):
    book.refresh()
    rows = book.session.scalars(select(Task).order_by(Task.id)).all()
    return [(t.kind, t.role, t.subject_no, t.done_at is not None, t.done_by) for t in rows
            if kind is None or t.kind == kind]


def test_each_step_makes_the_next_persons_task_and_finishes_its_own(book):
    import_data(book.acting("业务甲"), {"documents": [
        {"type": "sales_order", "no": "SO1", "date": "2026-11-02", "customer": "C1",
         "lines": [{"item": "A1", "qty": "3", "price": "1130.00"}]}]})
    assert tasks(book, "order_to_ship") == [("order_to_ship", "warehouse", "SO1", False, None)]
    import_data(book.acting("仓管乙"), {"documents": [
        {"type": "outbound", "no": "OUT1", "date": "2026-11-03", "order": "SO1", "warehouse": "W1",
         "lines": [{"item": "A1", "qty": "3"}]}]})
    assert tasks(book, "order_to_ship") == [("order_to_ship", "warehouse", "SO1", True, "仓管乙")]
    assert tasks(book, "outbound_to_invoice") == [("outbound_to_invoice", "accountant", "OUT1", False, None)]
    import_data(book.acting("会计丙"), {"documents": [
        {"type": "invoice", "no": "INV1", "date": "2026-11-05", "outbounds": ["OUT1"]}]})
    assert tasks(book, "outbound_to_invoice")[0][3:] == (True, "会计丙")
    assert tasks(book, "invoice_to_collect") == [("invoice_to_collect", "cashier", "INV1", False, None)]
    import_data(book.acting("出纳丁"), {"documents": [
        {"type": "receipt", "no": "RC1", "date": "2026-11-20", "customer": "C1", "amount": "3390.00",
         "account": "1002"}]})
    assert tasks(book, "invoice_to_collect")[0][3:] == (True, "出纳丁")
    reviews = tasks(book, "voucher_to_review")
    assert reviews and all(r[1] == "accountant" and not r[3] for r in reviews)
    vouchers.post_period(book.acting("主管戊"), "2026-11")
    assert {r[3:] for r in tasks(book, "voucher_to_review")} == {(True, "主管戊")}
    # November has ended by the clock: closing it waits for the supervisor
    assert ("period_to_close", "supervisor", "2026-11", False, None) in tasks(book)


def test_a_step_that_fails_leaves_no_task(book):
    with pytest.raises(Rejected):
        import_data(book, {"documents": [
            {"type": "sales_order", "no": "SO1", "date": "2026-11-02", "customer": "C1",
             "lines": [{"item": "A1", "qty": "3", "price": "1130.00"}]},
            {"type": "outbound", "no": "OUT1", "date": "2026-11-03", "order": "SO1", "warehouse": "W1",
             "lines": [{"item": "A1", "qty": "99"}]}]})
    assert tasks(book, "order_to_ship") == []


def test_completion_rate_counts_tasks_done_by_their_due_day(book):
    import_data(book, {"documents": [
        {"type": "sales_order", "no": "SO1", "date": "2026-11-02", "customer": "C1",
         "lines": [{"item": "A1", "qty": "1", "price": "1130.00"}]},
        {"type": "sales_order", "no": "SO2", "date": "2026-11-02", "customer": "C1",
         "lines": [{"item": "A1", "qty": "1", "price": "1130.00"}]}]})
    import_data(book, {"documents": [
        {"type": "outbound", "no": "OUT1", "date": "2026-11-03", "order": "SO1", "warehouse": "W1",
         "lines": [{"item": "A1", "qty": "1"}]}]})
    book.refresh()
    today = dt.date.today()
    with book.unit():  # SO1 was shipped on its due day, SO2 still waits
        for t in book.session.scalars(select(Task).where(Task.kind == "order_to_ship")):
            t.since = today - dt.timedelta(days=7)
    got = tasks_kept.completion(book, today - dt.timedelta(days=30), today, role="warehouse")
    assert (got["due"], got["on_time"], got["done"]) == (2, 1, 1)
    assert got["rate"] == 0.5 and got["hours"] is not None and got["hours"] >= 0
    assert tasks_kept.open_by_role(book)["warehouse"] == 1


def test_a_book_kept_before_tasks_is_filled_from_its_state_at_its_business_dates(book):
    import_data(book, {"documents": [
        {"type": "sales_order", "no": "SO1", "date": "2026-11-02", "customer": "C1",
         "lines": [{"item": "A1", "qty": "1", "price": "1130.00"}]}]})
    # as an older book migrated to 0016 is: the table empty and never filled
    engines.execute(book.target, "DELETE FROM tasks")
    engines.execute(book.target, "DELETE FROM settings WHERE key = :k", {"k": task_store.KEPT_SINCE})
    book.refresh()
    book.set_setting("unrelated", "x")  # a fresh read of the settings at the next unit
    task_store.bring_in_step(book)
    book.refresh()
    row = book.session.scalars(select(Task).where(Task.kind == "order_to_ship")).one()
    assert row.appeared_at == dt.datetime(2026, 11, 2) and row.done_at is None


def test_the_inbox_says_when_each_task_appeared_and_kpi_gives_the_completion_rate(book):
    from storage.queries.kpi import measures
    from usecases.tasks import tasks_for
    import_data(book, {"documents": [
        {"type": "sales_order", "no": "SO1", "date": "2026-11-02", "customer": "C1",
         "lines": [{"item": "A1", "qty": "1", "price": "1130.00"}]}]})
    book.refresh()
    found = [t.as_json() for t in tasks_for(book, None, dt.date(2026, 11, 30)) if t.kind == "order_to_ship"]
    assert found[0]["subject"] == {"type": "sales_order", "no": "SO1"} and found[0]["appeared_at"]
    names = {m["name"]: m for m in measures(book, "2026-11", "2026-11")}
    assert names["task_completion_rate"]["unit"] == "ratio" and names["task_hours_to_done"]["unit"] == "hours"
