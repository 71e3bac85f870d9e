"""Accounting periods: which exist, which are open, and the date rules that follow."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from domain.errors import Rejected
from domain.periods import next_period, period_of
from storage.book import Book
from storage.models import Period


def first_period(book: Book) -> str:
    return book.settings["start_period"]


def create_periods(book: Book, first: str, count: int) -> None:
    p = first
    for _ in range(count):
        book.session.add(Period(period=p, status="open"))
        p = next_period(p)


def open_period_for(book: Book, day: dt.date) -> str:
    """The period a document of this date posts to; refuses dates before the book starts or in
    a closed period, and opens periods on demand for dates beyond the last one."""
    period = period_of(day)
    start = first_period(book)
    if period < start:
        raise Rejected(f"date {day} is before the book's first period {start}")
    row = book.pinned((Period, period), lambda: book.session.get(Period, period))
    if row is None:
        book.forget()  # the pinned "no such period" is about to be wrong
        last = book.session.scalar(select(Period.period).order_by(Period.period.desc()).limit(1)) or start
        p = next_period(last)
        while p <= period:
            book.session.add(Period(period=p, status="open"))
            p = next_period(p)
        book.session.flush()
        return period
    if row.status == "closed":
        raise Rejected(f"period {period} is closed (date {day}); reopen it first")
    return period
