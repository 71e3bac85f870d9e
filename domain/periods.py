"""Dates and accounting periods ('YYYY-MM')."""
from __future__ import annotations

import calendar
import datetime as dt
import re

from domain.errors import shown
from domain.messages import Message

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: object) -> dt.date:
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str) or not _DATE.match(text):
        raise ValueError(Message("date_format", value=shown(text)))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(Message("date_impossible", value=shown(text))) from None


def parse_period(text: object) -> str:
    m = _PERIOD.match(text) if isinstance(text, str) else None
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
        raise ValueError(Message("period_format", value=shown(text)))
    return str(text)


def period_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def period_start(period: str) -> dt.date:
    y, m = map(int, period.split("-"))
    return dt.date(y, m, 1)


def period_end(period: str) -> dt.date:
    y, m = map(int, period.split("-"))
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def next_period(period: str) -> str:
    y, m = map(int, period.split("-"))
    return f"{y + (m == 12):04d}-{m % 12 + 1:02d}"


def prev_period(period: str) -> str:
    y, m = map(int, period.split("-"))
    return f"{y - (m == 1):04d}-{(m - 2) % 12 + 1:02d}"


def periods_between(first: str, last: str) -> list[str]:
    out, p = [], first
    while p <= last:
        out.append(p)
        p = next_period(p)
    return out


def default_document_date(current: str, today: dt.date, source: dt.date | None = None) -> dt.date:
    """The date a new or pushed-down document starts with (issue 30): its source's date, or today —
    never before the current (first open) period, and today never past it, so a book still working
    in November does not get a December date because the calendar moved on."""
    start = period_start(current)
    if source is not None:
        return max(source, start)
    return min(max(today, start), period_end(current))
