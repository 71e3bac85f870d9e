"""What a close promises (ACCOUNTING.md, 期末处理): a closed period holds no unposted voucher, and
after a year-end close 本年利润 is empty."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from storage.book import Book
from storage.models import Balance, OpeningBalance, Period, Voucher
from storage.sql import total

ZERO = Decimal("0.00")


def close_findings(book: Book) -> list[str]:
    out = []
    closed = list(book.session.scalars(select(Period.period).where(Period.status == "closed").order_by(Period.period)))
    if not closed:
        return out
    for period, n in book.session.execute(select(Voucher.period, func.count())
                                          .where(Voucher.period.in_(closed), Voucher.status != "posted")
                                          .group_by(Voucher.period)):
        out.append(f"period {period} is closed but holds {n} vouchers not posted")
    profit = book.account_id(book.role("profit"))
    o = book.session.execute(select(total(OpeningBalance.debit), total(OpeningBalance.credit))
                             .where(OpeningBalance.account_id == profit)).one()
    for period in (p for p in closed if p.endswith("-12")):
        d, c = book.session.execute(select(total(Balance.debit), total(Balance.credit))
                                    .where(Balance.account_id == profit, Balance.period <= period)).one()
        left = o[0] - o[1] + d - c
        if left:
            out.append(f"year {period[:4]} is closed but {book.role('profit')} still holds {-left} (credit)")
    return out
