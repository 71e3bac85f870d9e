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


def period_trial_balance_findings(book: Book, period: str) -> list[str]:
    """The trial balance of one period: openings balance, the period's debits equal its credits,
    and every kept balance of the period equals its voucher lines — the month's cost, not the book's."""
    from storage.models import VoucherLine
    out = []
    od, oc = book.session.execute(select(total(OpeningBalance.debit), total(OpeningBalance.credit))).one()
    if od != oc:
        out.append(f"opening balances: debit {od} ≠ credit {oc}")
    d, c = book.session.execute(select(total(Balance.debit), total(Balance.credit))
                                .where(Balance.period == period)).one()
    if d != c:
        out.append(f"period {period}: debit {d} ≠ credit {c}")
    dims = (VoucherLine.account_id, func.coalesce(VoucherLine.customer_id, 0), func.coalesce(VoucherLine.supplier_id, 0),
            func.coalesce(VoucherLine.item_id, 0))
    lines = {tuple(r[:4]): (r[4], r[5]) for r in book.session.execute(
        select(*dims, total(VoucherLine.debit), total(VoucherLine.credit))
        .join(Voucher, Voucher.id == VoucherLine.voucher_id).where(Voucher.period == period).group_by(*dims))}
    kept = {(b.account_id, b.customer_id, b.supplier_id, b.item_id): (b.debit, b.credit)
            for b in book.session.scalars(select(Balance).where(Balance.period == period))}
    for key in sorted(set(kept) | set(lines)):
        a, b = kept.get(key, (ZERO, ZERO)), lines.get(key, (ZERO, ZERO))
        if a != b:
            out.append(f"period {period} account {book.account_code(key[0])}: kept balance {a[0]}/{a[1]} "
                       f"but voucher lines say {b[0]}/{b[1]}")
    return out
