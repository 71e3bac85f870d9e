"""总账: per first-level account, the opening balance, each month's debits and credits with the
balance after it, and the year's running totals — from the maintained balances only."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from domain.money import fmt_amount
from domain.periods import periods_between, prev_period
from reports.ledger import side_of
from storage.book import Book
from storage.queries.balances import chart, cumulative

ZERO = Decimal("0.00")


def general_ledger(book: Book, first: str, last: str, account: str | None = None) -> dict:
    accounts = chart(book)
    top = {a.id: a for a in accounts if a.level == 1 and (account is None or a.code == account)}
    root = {a.id: next(t for t in top.values() if a.code.startswith(t.code)) for a in accounts
            if any(a.code.startswith(t.code) for t in top.values())}

    def per_top(nets: dict) -> dict[int, Decimal]:
        out: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for (acc, _, _), v in nets.items():
            if acc in root:
                out[root[acc].id] += v
        return out

    opening = per_top(cumulative(book, prev_period(first)))
    # 本年累计 counts from January: the year's months before the range are summed first.
    before: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    if not first.endswith("-01"):
        for p in periods_between(f"{first[:4]}-01", prev_period(first)):
            for (acc, _, _), v in _debit_credit(book, p).items():
                if acc in root:
                    before[root[acc].id][0] += v[0]
                    before[root[acc].id][1] += v[1]
    months = []
    for p in periods_between(first, last):
        d: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        for (acc, _, _), v in _debit_credit(book, p).items():
            if acc in root:
                d[root[acc].id][0] += v[0]
                d[root[acc].id][1] += v[1]
        months.append((p, d))
    out = []
    for t in sorted(top.values(), key=lambda a: a.code):
        balance = opening.get(t.id, ZERO)
        rows = []
        ytd = list(before.get(t.id, (ZERO, ZERO)))
        for p, d in months:
            debit, credit = d.get(t.id, (ZERO, ZERO))
            balance += debit - credit
            ytd = [debit, credit] if p.endswith("-01") else [ytd[0] + debit, ytd[1] + credit]
            rows.append({"period": p, "debit": debit, "credit": credit, "side": side_of(balance)[0],
                         "balance": side_of(balance)[1], "ytd_debit": ytd[0], "ytd_credit": ytd[1]})
        if not opening.get(t.id) and not any(r["debit"] or r["credit"] for r in rows):
            continue
        out.append({"code": t.code, "name": t.name, "opening": side_of(opening.get(t.id, ZERO)), "months": rows,
                    "closing": side_of(balance)})
    return {"company": book.settings.get("company", ""), "from": first, "to": last, "accounts": out}


def _debit_credit(book: Book, period: str) -> dict:
    """(debit, credit) per account key of one period: movements() nets them, the ledger shows both."""
    from sqlalchemy import select

    from storage.models import Balance
    from storage.sql import total
    q = (select(Balance.account_id, total(Balance.debit), total(Balance.credit)).where(Balance.period == period)
         .group_by(Balance.account_id))
    return {(acc, 0, 0): (d, c) for acc, d, c in book.session.execute(q)}


def as_json(gl: dict) -> dict:
    def side(x):
        return {"side": x[0], "amount": fmt_amount(x[1])}
    return {"from": gl["from"], "to": gl["to"], "accounts": [
        {"code": a["code"], "name": a["name"], "opening": side(a["opening"]),
         "months": [{"period": m["period"], "debit": fmt_amount(m["debit"]), "credit": fmt_amount(m["credit"]),
                     "ytd_debit": fmt_amount(m["ytd_debit"]), "ytd_credit": fmt_amount(m["ytd_credit"]),
                     "side": m["side"], "balance": fmt_amount(m["balance"])} for m in a["months"]],
         "closing": side(a["closing"])} for a in gl["accounts"]]}
