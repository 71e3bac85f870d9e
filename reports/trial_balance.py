"""科目余额表: one row per account with an opening balance or activity, parents summing children."""
from __future__ import annotations

from decimal import Decimal

from domain.money import fmt_amount
from storage.book import Book
from storage.queries.ledger import account_rows, leaf_movements

ZERO = Decimal("0.00")
COLS = ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit")


def trial_balance(book: Book, first: str, last: str) -> dict:
    accounts = account_rows(book)
    moves = leaf_movements(book, first, last)
    by_id = {a.id: a for a in accounts}
    sums: dict[int, list[Decimal]] = {}
    for acc_id, (opening, debit, credit) in moves.items():
        a = by_id[acc_id]
        while a is not None:  # a parent sums its children's nets and activity
            s = sums.setdefault(a.id, [ZERO, ZERO, ZERO])
            s[0] += opening
            s[1] += debit
            s[2] += credit
            a = by_id.get(a.parent_id) if a.parent_id else None
    rows, totals = [], dict.fromkeys(COLS, ZERO)
    for a in accounts:
        if a.id not in sums or not any(sums[a.id]):
            continue
        opening, debit, credit = sums[a.id]
        closing = opening + debit - credit
        row = {"code": a.code, "name": a.name, "level": a.level, "leaf": a.is_leaf,
               "opening_debit": max(opening, ZERO), "opening_credit": max(-opening, ZERO),
               "debit": debit, "credit": credit,
               "closing_debit": max(closing, ZERO), "closing_credit": max(-closing, ZERO)}
        rows.append(row)
        if a.level == 1:
            for c in COLS:
                totals[c] += row[c]
    return {"from": first, "to": last, "rows": rows, "totals": totals}


def as_json(tb: dict) -> dict:
    """Amounts as strings with two decimals (INTERCHANGE.md)."""
    return {"from": tb["from"], "to": tb["to"],
            "rows": [{k: (fmt_amount(v) if k in COLS else v) for k, v in r.items()} for r in tb["rows"]],
            "totals": {k: fmt_amount(v) for k, v in tb["totals"].items()}}
