"""Accounting periods: which exist, which are open, and the date rules that follow."""
from __future__ import annotations

import datetime as dt
from functools import cache

from sqlalchemy import func, select

from domain.errors import Rejected
from domain.messages import Message
from domain.periods import next_period, period_of
from storage.book import Book
from storage.models import Period, Voucher


def first_period(book: Book) -> str:
    return book.settings["start_period"]


def last_period(book: Book) -> str:
    """The book's latest period (opened or not, entries or not)."""
    return book.session.scalar(select(func.max(Period.period))) or first_period(book)


def create_periods(book: Book, first: str, count: int) -> None:
    p = first
    for _ in range(count):
        book.session.add(Period(period=p, status="open"))
        p = next_period(p)


AHEAD = 13  # periods a document may open beyond the last one with entries (or this month)


def latest_date() -> dt.date:
    """The latest date a document may carry: one year after today (a typo'd 2062 is refused)."""
    return _a_year_after(dt.date.today())


@cache
def _a_year_after(today: dt.date) -> dt.date:
    """Asked twice per document posted; worked out once a day."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


def open_period_for(book: Book, day: dt.date) -> str:
    """The period a document of this date posts to; refuses dates before the book starts or in
    a closed period, and opens periods on demand for dates beyond the last one."""
    period = period_of(day)
    start = first_period(book)
    if period < start:
        raise Rejected(Message("before_first_period", date=day, start=start))
    latest = latest_date()
    if day > latest:
        raise Rejected(Message("date_far_future", date=day, latest=latest))
    row = book.pinned((Period, period), lambda: book.session.get(Period, period))
    if row is None:
        book.forget()  # the pinned "no such period" is about to be wrong
        last = book.session.scalar(select(Period.period).order_by(Period.period.desc()).limit(1)) or start
        active = book.session.scalar(select(func.max(Voucher.period))) or start
        limit = max(active, period_of(dt.date.today()))
        for _ in range(AHEAD):
            limit = next_period(limit)
        if period > limit:
            raise Rejected(Message("periods_too_far", date=day, period=period, ahead=AHEAD, active=active))
        p = next_period(last)
        while p <= period:
            book.session.add(Period(period=p, status="open"))
            p = next_period(p)
        book.session.flush()
        return period
    if _status_held(book, period) == "closed":
        raise Rejected(Message("period_closed", period=period, date=day))
    return period


def _status_held(book: Book, period: str) -> str:
    """The period's status, its row held (FOR SHARE) until this unit ends, once per unit: a close of
    the period waits for this writer, and a writer that waited for a close sees the period closed.
    SQLite's write lock already keeps them apart (no FOR SHARE there)."""
    return book.pinned(("period held", period), lambda: book.session.scalar(
        select(Period.status).where(Period.period == period).with_for_update(read=True)))


def hold_for_close(book: Book, period: str) -> None:
    """Inside the close's unit: lock the period row (FOR UPDATE) before anything is read, so no
    writer is between checking the period open and committing a voucher into it meanwhile."""
    book.session.execute(select(Period.period).where(Period.period == period).with_for_update())
