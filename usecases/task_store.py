"""Stored tasks (issue 26, 自动推送任务): each piece of work waiting for a role is a row of `tasks`
with when it appeared, when it was done and by whom — so the process can be measured
(流程任务完成率, the average time to done), not only shown.

The rows are kept in step at the end of every unit of work, inside its transaction (Book.before_commit):
the step that makes a task (an order approved → 出库 for the warehouse; a shipment → 开票 for
billing; an invoice → 收款 for the cashier; a voucher prepared → 审核; a bank line imported → 匹配;
a month ended → 结账 for the supervisor) writes it, and the step that does the work finishes it,
done by the person acting. The work is read from the book's state, so a task is finished whoever
does it and however (window, command line, import).

A book made before tasks were kept is filled from its state the first time: each task then appears
at its own business date (the document's date), since no clock time is known.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from domain.periods import period_end
from storage.book import Book
from storage.dialects import lock_sequence
from storage.models import Allocation, BankLine, Document, DocumentLine, OpenItem, Period, Task, Voucher
from storage.queries import alerts as q
from storage.queries.tasks_kept import KINDS, Key

KEPT_SINCE = "tasks_kept_since"  # the setting that says the table has been filled once
_ALL_TIME = dt.date(9999, 11, 30)  # "as of" for work regardless of how long it has waited


def _from_alerts(kind: str, find: Callable[[Book], list[q.Alert]]) -> Callable[[Book], dict[Key, dt.date | None]]:
    return lambda book: {(kind, a.subject_type, a.subject_no): a.since for a in find(book)}


def _vouchers(book: Book) -> dict[Key, dt.date | None]:
    rows = book.session.execute(select(Voucher.period, Voucher.word, Voucher.number, Voucher.date)
                                .where(Voucher.status == "saved"))
    return {("voucher_to_review", "voucher", f"{p} {w}-{n}"): d for p, w, n, d in rows}


def _bank_lines(book: Book) -> dict[Key, dt.date | None]:
    rows = book.session.execute(select(BankLine.bank_ref, BankLine.dedup_key, BankLine.date)
                                .where(BankLine.status == "unprocessed"))
    return {("bank_line_to_match", "bank_line", ref or key): d for ref, key, d in rows}


def _periods(book: Book) -> dict[Key, dt.date | None]:
    """Each open month that has ended (by the clock) and has something booked in or before it."""
    started = book.session.scalar(select(func.min(Voucher.period)))
    if started is None:
        return {}
    today = dt.date.today()
    rows = book.session.scalars(select(Period.period).where(Period.status == "open", Period.period >= started))
    return {("period_to_close", "period", p): period_end(p) + dt.timedelta(days=1)
            for p in rows if period_end(p) < today}


# Each kind: how to find its work, and what a unit must have written for that work to change
# (rows of these classes; for documents, of these types) — so a unit that wrote none of them does
# not ask again (the document queries are the dear ones).
_SALES_FLOW = ("sales_order", "outbound", "invoice", "sales_return", "credit_note", "receipt")
FINDERS: dict[str, tuple[Callable[[Book], dict[Key, dt.date | None]], frozenset[type], frozenset[str]]] = {
    "order_to_ship": (_from_alerts("order_to_ship", lambda b: q.orders_not_shipped(b, _ALL_TIME, min_days=0)),
                      frozenset({Document, DocumentLine}), frozenset({"sales_order", "outbound"})),
    "outbound_to_invoice": (_from_alerts("outbound_to_invoice", lambda b: q.shipped_not_invoiced(b, _ALL_TIME)),
                            frozenset({Document, DocumentLine}), frozenset({"outbound", "invoice", "sales_return"})),
    "invoice_to_collect": (_from_alerts("invoice_to_collect", lambda b: q.overdue_invoices(b, _ALL_TIME)),
                           frozenset({Document, OpenItem, Allocation}), frozenset(_SALES_FLOW)),
    "voucher_to_review": (_vouchers, frozenset({Voucher}), frozenset()),
    "bank_line_to_match": (_bank_lines, frozenset({BankLine}), frozenset()),
    "period_to_close": (_periods, frozenset({Period, Voucher}), frozenset()),
}
_TOUCHED = "tasks: rows touched"  # session.info: (class, document type or None) written in this unit


@event.listens_for(Session, "before_flush")
def _note_touched(session: Session, _context, _instances) -> None:
    session.info.setdefault(_TOUCHED, set()).update(_touched(session))


def _touched(session: Session) -> set[tuple[type, str | None]]:
    return {(type(o), getattr(o, "type", None) if isinstance(o, Document) else None)
            for o in (*session.new, *session.dirty, *session.deleted)}


def _kinds_to_ask(book: Book) -> list[str]:
    touched = book.session.info.pop(_TOUCHED, set()) | _touched(book.session)
    classes = {cls for cls, _ in touched} | book.written_kinds()
    # Documents written by write_new leave no instance to read a type from: then every document kind is asked.
    doc_types = {t for cls, t in touched if cls is Document and t}
    out = []
    for kind, (_find, tables, types) in FINDERS.items():
        if not types:
            wanted = bool(classes & tables)
        else:  # a line, open item or allocation; a document of a type it follows; or a document unknown
            wanted = bool(classes & (tables - {Document})) or bool(doc_types & types) or (
                Document in classes and not doc_types)
        if wanted:
            out.append(kind)
    return out


def waiting(book: Book, kinds: list[str] | None = None) -> dict[Key, dt.date | None]:
    """The work the book's state says is waiting, by kind and subject, with its business date."""
    out: dict[Key, dt.date | None] = {}
    for kind in FINDERS if kinds is None else kinds:
        out.update(FINDERS[kind][0](book))
    return out


def keep_in_step(book: Book) -> None:
    """Write the tasks that appeared and finish those done, in the caller's transaction."""
    backfill = KEPT_SINCE not in book.settings
    kinds = list(FINDERS) if backfill else _kinds_to_ask(book)
    if not kinds:
        return  # this unit wrote nothing any task depends on
    lock_sequence(book.session, "tasks")  # two writers on a server book: one after the other here
    now = dt.datetime.now().replace(microsecond=0)
    current = waiting(book, kinds)
    open_rows = {(t.kind, t.subject_type, t.subject_no): t
                 for t in book.session.scalars(select(Task).where(Task.done_at.is_(None), Task.kind.in_(kinds)))}
    for key, since in current.items():
        if key in open_rows:
            continue
        appeared = dt.datetime.combine(since, dt.time()) if backfill and since else now
        book.session.add(Task(kind=key[0], role=KINDS[key[0]][0], subject_type=key[1], subject_no=key[2],
                              since=since, appeared_at=appeared))
    for key, row in open_rows.items():
        if key not in current:
            row.done_at, row.done_by = now, book.user
    if backfill:
        book.set_setting(KEPT_SINCE, now.isoformat(sep=" "))


def bring_in_step(book: Book) -> None:
    """Outside a unit (before tasks are read): one short unit of its own that does it."""
    with book.unit():
        pass  # the unit's end keeps the tasks in step


def _register() -> None:
    if keep_in_step not in Book.before_commit:
        Book.before_commit.append(keep_in_step)


_register()
