"""Month-end close (结账): checks, the 结转损益 voucher, the lock; year-end carry; reopen."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from domain.errors import Problem, Rejected
from domain.periods import parse_period, period_end, prev_period
from domain.voucher import LineDraft, VoucherDraft
from storage.book import Book
from storage.ledger import write_voucher
from storage.models import Account, AuditLog, Balance, OpeningBalance, Period, Voucher
from storage.queries.checks import subledger_findings, trial_balance_findings
from usecases.vouchers import reverse_voucher

ZERO = Decimal("0.00")
SYSTEM = "系统"


def close_period(book: Book, period: str) -> Voucher | None:
    with book.unit():
        row = _period(book, period)
        if row.status == "closed":
            raise Rejected(f"period {row.period} is already closed")
        before = book.session.get(Period, prev_period(row.period))
        if before is not None and before.status != "closed" and row.period > book.settings["start_period"]:
            raise Rejected(f"close {before.period} first: periods close in order")
        problems = _close_problems(book, row.period)
        if problems:
            raise Rejected(problems)
        day = period_end(row.period)
        voucher = _carry_profit_and_loss(book, row.period, day)
        if row.period.endswith("-12"):
            _carry_year_profit(book, row.period, day)
        row.status, row.closed_at, row.closed_by = "closed", dt.datetime.now(), book.user
        book.session.add(AuditLog(at=dt.datetime.now(), user=book.user, action="close", detail=row.period))
        return voucher


def reopen_period(book: Book, period: str) -> int:
    """Undo a close: unlock, and reverse its 结转损益 (and year-end) vouchers. Logged."""
    with book.unit():
        row = _period(book, period)
        if row.status != "closed":
            raise Rejected(f"period {row.period} is not closed")
        later = book.session.scalar(select(Period.period).where(Period.period > row.period, Period.status == "closed")
                                    .order_by(Period.period).limit(1))
        if later:
            raise Rejected(f"reopen {later} first: a later period is closed")
        row.status, row.closed_at, row.closed_by = "open", None, None
        book.session.flush()
        reversed_ids = set(book.session.scalars(select(Voucher.reverses_id).where(Voucher.reverses_id.is_not(None))))
        closes = [v for v in book.session.scalars(select(Voucher).where(
            Voucher.period == row.period, Voucher.source_type == "close", Voucher.reverses_id.is_(None))
            .order_by(Voucher.number.desc())) if v.id not in reversed_ids]
        for v in closes:
            reverse_voucher(book, v, v.date, status="posted", reviewer=book.user)
        book.session.add(AuditLog(at=dt.datetime.now(), user=book.user, action="reopen",
                                  detail=f"{row.period}: {len(closes)} closing vouchers reversed"))
        return len(closes)


def _period(book: Book, period: str) -> Period:
    try:
        period = parse_period(period)
    except ValueError as e:
        raise Rejected(f"--period: {e}") from None
    row = book.session.get(Period, period)
    if row is None:
        raise Rejected(f"period {period} does not exist in this book")
    return row


def _close_problems(book: Book, period: str) -> list[Problem]:
    problems = []
    pending = list(book.session.execute(select(Voucher.word, Voucher.number).where(
        Voucher.period == period, Voucher.status != "posted").order_by(Voucher.word, Voucher.number)))
    if pending:
        names = ", ".join(f"{w}-{n}" for w, n in pending[:10]) + (" …" if len(pending) > 10 else "")
        problems.append(Problem(f"period {period}", f"{len(pending)} vouchers are not posted: {names}"))
    problems += [Problem(f"period {period}", f) for f in trial_balance_findings(book) + subledger_findings(book)]
    return problems


def _cumulative(book: Book, period: str, account_ids: list[int]) -> dict[int, Decimal]:
    """debit − credit per account up to and including `period` (opening included)."""
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for acc, d, c in book.session.execute(select(OpeningBalance.account_id, OpeningBalance.debit, OpeningBalance.credit)
                                          .where(OpeningBalance.account_id.in_(account_ids))):
        out[acc] += d - c
    for acc, d, c in book.session.execute(select(Balance.account_id, Balance.debit, Balance.credit)
                                          .where(Balance.account_id.in_(account_ids), Balance.period <= period)):
        out[acc] += d - c
    return out


def _carry_profit_and_loss(book: Book, period: str, day: dt.date) -> Voucher | None:
    """结转损益: every profit-and-loss leaf's balance moved to 本年利润; income accounts are
    emptied on the debit side and expenses on the credit side, as Chinese books show them."""
    accounts = list(book.session.execute(select(Account.id, Account.code, Account.side).where(
        Account.category == "profit_loss", Account.is_leaf.is_(True)).order_by(Account.code)))
    balances = _cumulative(book, period, [a.id for a in accounts])
    profit = book.role("profit")
    lines, income, expense = [], ZERO, ZERO
    for acc_id, code, side in accounts:
        bal = balances.get(acc_id, ZERO)
        if not bal:
            continue
        if side == "credit":
            lines.append(LineDraft(code, debit=-bal, summary="结转损益"))
            income += -bal
        else:
            lines.append(LineDraft(code, credit=bal, summary="结转损益"))
            expense += bal
    if not lines:
        return None
    if income:
        lines.append(LineDraft(profit, credit=income, summary="结转损益"))
    if expense:
        lines.append(LineDraft(profit, debit=expense, summary="结转损益"))
    draft = VoucherDraft(f"结转{period}损益", lines)
    return write_voucher(book, draft, day, source_type="close", status="posted", preparer=SYSTEM, reviewer=book.user)


def _carry_year_profit(book: Book, period: str, day: dt.date) -> None:
    """Year end: 本年利润 is carried to 利润分配—未分配利润."""
    profit, retained = book.role("profit"), book.role("retained")
    bal = _cumulative(book, period, [book.account_id(profit)]).get(book.account_id(profit), ZERO)
    if not bal:
        return
    draft = VoucherDraft(f"结转{period[:4]}年本年利润", [LineDraft(profit, debit=-bal, summary="结转本年利润"),
                                                     LineDraft(retained, credit=-bal, summary="结转本年利润")])
    write_voucher(book, draft, day, source_type="close", status="posted", preparer=SYSTEM, reviewer=book.user)
