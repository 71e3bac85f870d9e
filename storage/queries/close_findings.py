"""What the close checks before it locks a month: that month's own trial balance. (What a closed
period promises afterwards — posted vouchers only, 3103 empty after the year end — is check 11 in
checks_v2.)"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from storage.book import Book
from storage.models import Balance, OpeningBalance, Voucher
from storage.sql import total

ZERO = Decimal("0.00")


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
