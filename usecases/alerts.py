"""Raising and resolving alerts: each run as of a date records alerts first seen (raised) and
those gone since the last run (resolved), so the time from raise to resolve can be measured."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from storage.book import Book
from storage.models import AlertLog
from storage.queries.alerts import alerts


def raise_alerts(book: Book, as_of: dt.date) -> list[dict]:
    """The alerts as of the date (INTERCHANGE.md shape, plus `role` and `raised_on`)."""
    from usecases.matching import pending_settlements
    found = alerts(book, as_of, pending_settlements(book, as_of))
    with book.unit():
        now = dt.datetime.now()
        open_logs = {(r.kind, r.subject_type, r.subject_no): r
                     for r in book.session.scalars(select(AlertLog).where(AlertLog.resolved_at.is_(None)))}
        current = set()
        out = []
        for a in found:
            key = (a.kind, a.subject_type, a.subject_no)
            current.add(key)
            log = open_logs.get(key)
            if log is None:
                log = AlertLog(kind=a.kind, subject_type=a.subject_type, subject_no=a.subject_no, severity=a.severity,
                               since=a.since, raised_at=now, raised_on=as_of)
                book.session.add(log)
                open_logs[key] = log
            else:
                log.severity = a.severity
            out.append({**a.as_json(), "raised_on": log.raised_on.isoformat()})
        for key, log in open_logs.items():
            # A run as of an earlier date than the raise says nothing about resolution.
            if key not in current and as_of >= log.raised_on:
                log.resolved_at, log.resolved_on = now, as_of
        return out
