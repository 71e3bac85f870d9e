"""科目余额表: one row per account with an opening balance or activity, parents summing children, with
本年累计 (version 3): the debits and credits from January of `last`'s year to `last`, plus the 本年累计
a book begun mid-year that year brought in with its opening lines."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain.money import fmt_amount
from storage.book import Book
from storage.models import Balance, OpeningBalance
from storage.queries.balances import started_within
from storage.queries.ledger import account_rows, leaf_movements
from storage.sql import total

ZERO = Decimal("0.00")
COLS = ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit")
YTD = ("ytd_debit", "ytd_credit")  # 本年累计借方 / 贷方 (optional fields added in version 3)


def year_to_date(book: Book, last: str) -> dict[int, tuple[Decimal, Decimal]]:
    """(debit, credit) per leaf from January of `last`'s year through `last`, the opening lines' 本年累计
    added for a book that began within that year."""
    year = last[:4]
    out: dict[int, tuple[Decimal, Decimal]] = {}
    q = (select(Balance.account_id, total(Balance.debit), total(Balance.credit))
         .where(Balance.period >= f"{year}-01", Balance.period <= last).group_by(Balance.account_id))
    rows = list(book.session.execute(q))
    if started_within(book, year):
        rows += list(book.session.execute(select(OpeningBalance.account_id, total(OpeningBalance.ytd_debit),
                                                 total(OpeningBalance.ytd_credit)).group_by(OpeningBalance.account_id)))
    for acc, d, c in rows:
        d0, c0 = out.get(acc, (ZERO, ZERO))
        out[acc] = (d0 + (d or ZERO), c0 + (c or ZERO))
    return out


def trial_balance(book: Book, first: str, last: str) -> dict:
    accounts = account_rows(book)
    moves = leaf_movements(book, first, last)
    by_id = {a.id: a for a in accounts}
    ytd: dict[int, list[Decimal]] = {}
    for acc_id, (d, c) in year_to_date(book, last).items():
        a = by_id[acc_id]
        while a is not None:
            y = ytd.setdefault(a.id, [ZERO, ZERO])
            y[0] += d
            y[1] += c
            a = by_id.get(a.parent_id) if a.parent_id else None
    sums: dict[int, list[Decimal]] = {}
    for acc_id, (opening, debit, credit) in moves.items():
        a = by_id[acc_id]
        while a is not None:  # a parent sums its children's nets and activity
            s = sums.setdefault(a.id, [ZERO, ZERO, ZERO])
            s[0] += opening
            s[1] += debit
            s[2] += credit
            a = by_id.get(a.parent_id) if a.parent_id else None
    rows, totals = [], dict.fromkeys(COLS + YTD, ZERO)
    for a in accounts:
        if a.id not in sums or not any(sums[a.id]):
            continue
        opening, debit, credit = sums[a.id]
        closing = opening + debit - credit
        row = {"code": a.code, "name": a.name, "level": a.level, "leaf": a.is_leaf,
               "opening_debit": max(opening, ZERO), "opening_credit": max(-opening, ZERO),
               "debit": debit, "credit": credit,
               "closing_debit": max(closing, ZERO), "closing_credit": max(-closing, ZERO)}
        row["ytd_debit"], row["ytd_credit"] = ytd.get(a.id, (ZERO, ZERO))
        rows.append(row)
        if a.level == 1:
            for c in COLS + YTD:
                totals[c] += row[c]
    return {"from": first, "to": last, "rows": rows, "totals": totals}


def as_json(tb: dict) -> dict:
    """Amounts as strings with two decimals (INTERCHANGE.md)."""
    return {"from": tb["from"], "to": tb["to"],
            "rows": [{k: (fmt_amount(v) if k in COLS + YTD else v) for k, v in r.items()} for r in tb["rows"]],
            "totals": {k: fmt_amount(v) for k, v in tb["totals"].items()}}
