"""The stored tasks read (issue 26): what waits per role, and 流程任务完成率 — the share of tasks
done by their due day and the mean hours from appearing to done. Written by usecases/task_store.py."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from storage.book import Book
from storage.models import Task
from storage.queries import alerts as q

Key = tuple[str, str, str]  # kind, subject_type, subject_no

# Each kind of stored task: the role it waits for, and the days it may wait before it is late.
KINDS: dict[str, tuple[str, str, int]] = {
    "order_to_ship": ("warehouse", "出库", q.ORDER_TO_SHIP_DAYS),
    "outbound_to_invoice": ("accountant", "开票", q.SHIP_TO_INVOICE_DAYS),
    "invoice_to_collect": ("cashier", "收款", 0),  # since = the invoice's due date
    "voucher_to_review": ("accountant", "审核", q.REVIEW_DAYS),
    "bank_line_to_match": ("cashier", "匹配银行流水", q.BANK_LINE_DAYS),
    "period_to_close": ("supervisor", "结账", q.CLOSE_GRACE_DAYS),  # since = the day after the month
}


def open_tasks(book: Book) -> dict[Key, Task]:
    return {(t.kind, t.subject_type, t.subject_no): t
            for t in book.session.scalars(select(Task).where(Task.done_at.is_(None)))}


def open_by_role(book: Book) -> dict[str, int]:
    """Waiting tasks per role (the dashboard's 待办 by role)."""
    rows = book.session.execute(select(Task.role, func.count()).where(Task.done_at.is_(None)).group_by(Task.role))
    return {role: n for role, n in rows}


def due_day(task: Task) -> dt.date | None:
    return task.since + dt.timedelta(days=KINDS[task.kind][2]) if task.since and task.kind in KINDS else None


def completion(book: Book, first: dt.date, last: dt.date, role: str | None = None) -> dict:
    """流程任务完成率 over the tasks due in [first, last]: the share done by their due day (a task
    still open counts as not done), and the mean hours from appearing to done over those done."""
    rows = book.session.scalars(select(Task).where(Task.since.is_not(None))).all()
    due = [(t, d) for t in rows if (d := due_day(t)) is not None and first <= d <= last
           and (role is None or t.role == role)]
    on_time = sum(1 for t, d in due if t.done_at is not None and t.done_at.date() <= d)
    done = [t for t, _ in due if t.done_at is not None]
    seconds = sum(int((t.done_at - t.appeared_at).total_seconds()) for t in done if t.done_at)
    hours = Decimal(seconds) / 3600 / len(done) if done else None
    return {"due": len(due), "on_time": on_time, "done": len(done),
            "rate": Decimal(on_time) / len(due) if due else None, "hours": hours}
