"""任务 (issue 26): the work waiting for a person, by their roles — what the home page's inbox shows
and `tasks --user NAME` writes. A task is read from the book as it is, so it disappears as soon as
anyone does its work:
    warehouse   orders to ship              accountant  outbounds to invoice (billing), vouchers to review
    cashier     invoices due, bank lines to match
    supervisor  what blocks the close of the earliest open period
    owner       the exceptions (every alert)
A book without people shows everyone every task."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import select

from domain.money import fmt_thousands
from domain.people import ROLES
from storage.book import Book
from storage.models import BankLine, Period, Voucher
from storage.queries import alerts as q


@dataclass(frozen=True)
class Task:
    role: str
    kind: str
    title: str
    subject_type: str
    subject_no: str
    message: str
    since: dt.date | None
    page: str  # the page or document kind the task opens
    appeared_at: dt.datetime | None = None  # when the stored task appeared (usecases/task_store.py)

    def as_json(self) -> dict:
        return {"role": self.role, "role_name": ROLES[self.role], "kind": self.kind, "title": self.title,
                "subject": {"type": self.subject_type, "no": self.subject_no}, "message": self.message,
                "since": self.since.isoformat() if self.since else None, "page": self.page,
                "appeared_at": self.appeared_at.isoformat(sep=" ") if self.appeared_at else None}


def _from_alerts(role: str, kind: str, title: str, page: str,
                 find: Callable[[Book, dt.date], list[q.Alert]]) -> Callable[[Book, dt.date, str], list[Task]]:
    def tasks(book: Book, as_of: dt.date, _user: str) -> list[Task]:
        return [Task(role, kind, title, a.subject_type, a.subject_no, a.message, a.since, page)
                for a in find(book, as_of)]
    return tasks


def _bank_lines(book: Book, as_of: dt.date, _user: str) -> list[Task]:
    rows = book.session.execute(select(BankLine.bank_ref, BankLine.dedup_key, BankLine.date, BankLine.amount,
                                       BankLine.counterparty)
                                .where(BankLine.status == "unprocessed", BankLine.date <= as_of)
                                .order_by(BankLine.date, BankLine.id))
    return [Task("cashier", "bank_line_to_match", "待匹配银行流水", "bank_line", ref or key,
                 f"银行{'收款' if amount > 0 else '付款'} {fmt_thousands(abs(amount))}（{who or '对方未知'}）{day} 到账，待匹配",
                 day, "matching") for ref, key, day, amount, who in rows]


def _vouchers(book: Book, as_of: dt.date, user: str) -> list[Task]:
    from usecases.setup import review_by_other
    own_too = not review_by_other(book)
    rows = book.session.execute(select(Voucher.id, Voucher.period, Voucher.word, Voucher.number, Voucher.date,
                                       Voucher.summary, Voucher.preparer)
                                .where(Voucher.status == "saved", Voucher.date <= as_of)
                                .order_by(Voucher.date, Voucher.id))
    return [Task("accountant", "voucher_to_review", "待审核凭证", "voucher", f"{period} {word}-{number}",
                 f"{word}-{number} {summary}（制单：{preparer}）", day, "vouchers")
            for _id, period, word, number, day, summary, preparer in rows if own_too or preparer != user]


def _close_blockers(book: Book, as_of: dt.date, _user: str) -> list[Task]:
    from usecases.closing import plan_close
    period = book.session.scalar(select(Period.period).where(Period.status == "open").order_by(Period.period).limit(1))
    if period is None or period > as_of.strftime("%Y-%m"):
        return []
    plan = plan_close(book, period)
    return [Task("supervisor", "close_blocker", "结账障碍", (b.subject or {}).get("type", "period"),
                 (b.subject or {}).get("no", period), b.words or b.message, None, "close_wizard")
            for b in plan.blocking]


# Alerts of these kinds are already a role's own task above (the same query, without the alert's
# grace days); the other alerts go to the home of the role they name, as 异常.
_AS_TASKS = frozenset({"order_not_shipped", "shipped_not_invoiced", "overdue_invoice", "unmatched_bank_line",
                       "voucher_not_reviewed"})


def _routed_alerts(book: Book, as_of: dt.date, roles: set[str]) -> list[Task]:
    """The alerts naming one of `roles` (the owner sees them all already)."""
    return [Task(a.role, "exception", "异常", a.subject_type, a.subject_no, a.message, a.since, "dashboard")
            for a in q.alerts(book, as_of) if a.role in roles and a.kind not in _AS_TASKS]


# Which roles see which kind of task; the accountant reviews, so the supervisor (who may too) does.
FINDERS: tuple[tuple[frozenset[str], Callable[[Book, dt.date, str], list[Task]]], ...] = (
    (frozenset({"warehouse"}), _from_alerts("warehouse", "order_to_ship", "待发货订单", "sales_order",
                                            lambda b, d: q.orders_not_shipped(b, d, min_days=0))),
    (frozenset({"accountant"}), _from_alerts("accountant", "outbound_to_invoice", "待开票出库", "outbound",
                                             q.shipped_not_invoiced)),
    (frozenset({"cashier"}), _from_alerts("cashier", "invoice_due", "到期未收发票", "invoice", q.overdue_invoices)),
    (frozenset({"cashier"}), _bank_lines),
    (frozenset({"accountant", "supervisor"}), _vouchers),
    (frozenset({"supervisor"}), _close_blockers),
    (frozenset({"owner"}), _from_alerts("owner", "exception", "异常", "dashboard", q.alerts)),
)


def tasks_for(book: Book, user: str | None, as_of: dt.date) -> list[Task]:
    """The tasks of `user`'s roles as of a day (every task when the book has no people)."""
    from usecases.access import people
    known = people(book)
    if known:
        person = known.get(user or book.user)
        roles = set(person.roles) if person and not person.disabled else set()
    else:
        roles = set(ROLES)
    out: list[Task] = []
    for wanted, find in FINDERS:
        if wanted & roles:
            out += find(book, as_of, user or book.user)
    if roles - {"owner", "admin"} and "owner" not in roles:
        out += _routed_alerts(book, as_of, roles)
    return _with_stored(book, out, roles)


# The inbox's kinds as the stored tasks name them.
_STORED_KIND = {"invoice_due": "invoice_to_collect"}


def _with_stored(book: Book, found: list[Task], roles: set[str]) -> list[Task]:
    """Each task with when it appeared, from the stored tasks; plus the months waiting to be closed."""
    from storage.queries.tasks_kept import open_tasks
    stored = open_tasks(book)
    out = []
    for t in found:
        row = stored.get((_STORED_KIND.get(t.kind, t.kind), t.subject_type, t.subject_no))
        out.append(replace(t, appeared_at=row.appeared_at) if row else t)
    if "supervisor" in roles:
        out += [Task("supervisor", "period_to_close", "待结账月份", "period", no, f"{no} 已结束，待结账", row.since,
                     "close_wizard", row.appeared_at)
                for (kind, _type, no), row in stored.items() if kind == "period_to_close"]
    return out


def counts(tasks: list[Task]) -> dict[str, int]:
    out: dict[str, int] = {}
    for t in tasks:
        out[t.kind] = out.get(t.kind, 0) + 1
    return out
