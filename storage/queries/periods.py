"""Which period the accountant works in and which date a new document gets by default."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from domain.periods import period_end, period_of
from storage.book import Book
from storage.models import Period


def periods(book: Book) -> list[tuple[str, str]]:
    """Every period of the book with its status (open | closed), oldest first."""
    return [(p, s) for p, s in book.session.execute(select(Period.period, Period.status).order_by(Period.period))]


def current_period(book: Book) -> str:
    """The first period not yet closed (当前会计期间), or the book's first period."""
    first_open = book.session.scalar(select(Period.period).where(Period.status == "open")
                                      .order_by(Period.period).limit(1))
    return first_open or book.settings.get("start_period", period_of(dt.date.today()))


def work_date(book: Book, today: dt.date | None = None) -> dt.date:
    """Today held inside the current period (domain.periods.default_document_date)."""
    from domain.periods import default_document_date
    return default_document_date(current_period(book), today or dt.date.today())


def as_of_date(book: Book, today: dt.date | None = None) -> dt.date:
    """The day the dashboard looks at: the end of the current period, or today while it is running.
    Not simply today: a book still working in an earlier month would show empty charts and every
    open item hundreds of days overdue."""
    today = today or dt.date.today()
    return min(period_end(current_period(book)), today)


def data_state(book: Book, first: str, last: str) -> str:
    """What a statement of first … last says about its data (REPORTS.md v3, 会计软件基本功能和服务规范):
    "已结账" when every period of the range is closed; otherwise "未结账", and "含未记账凭证 N 张"
    when vouchers of the range are not yet posted (they are in the figures)."""
    from sqlalchemy import func

    from storage.models import Voucher
    statuses = [s for (s,) in book.session.execute(
        select(Period.status).where(Period.period >= first, Period.period <= last))]
    from domain.periods import periods_between
    if len(statuses) == len(periods_between(first, last)) and all(s == "closed" for s in statuses):
        return "已结账"
    unposted = book.session.scalar(select(func.count()).select_from(Voucher).where(
        Voucher.period >= first, Voucher.period <= last, Voucher.status != "posted")) or 0
    return f"未结账，含未记账凭证 {unposted} 张" if unposted else "未结账"
