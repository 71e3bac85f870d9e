"""应交增值税明细表 (REPORTS.md v3): by month, the 222101 columns of 财会〔2016〕22号 — 销项税额,
进项税额, 进项税额转出, 减免税款, 已交税金, 转出未交增值税, 转出多交增值税 — and the balances of
222102 未交增值税 (and 222109 简易计税 where the chart has it), with 本年累计 from January. From
the maintained balances only."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from domain.money import fmt_amount
from domain.periods import periods_between
from storage.book import Book
from storage.models import Account, Balance
from storage.queries.balances import cumulative
from storage.queries.periods import data_state
from storage.sql import total

ZERO = Decimal("0.00")
# (key, title, account, side whose movement is shown: credit − debit or debit − credit)
COLUMNS = (("output", "销项税额", "22210102", "credit"), ("input", "进项税额", "22210101", "debit"),
           ("input_out", "进项税额转出", "22210105", "credit"), ("relief", "减免税款", "22210107", "debit"),
           ("paid", "已交税金", "22210103", "debit"), ("to_unpaid", "转出未交增值税", "22210104", "debit"),
           ("overpaid_out", "转出多交增值税", "22210106", "credit"))
BALANCES = (("unpaid", "未交增值税期末余额", "222102"), ("simple", "简易计税期末余额", "222109"))
# 简易计税 charged in the month (version 3), shown only in a book whose chart has 222109
SIMPLE = ("simple_output", "简易计税应纳税额", "222109", "credit")


def vat(book: Book, first: str, last: str) -> dict:
    codes = {a.id: a.code for a in book.session.scalars(select(Account))}
    have = set(codes.values())
    balances = [b for b in BALANCES if b[2] in have]
    columns = COLUMNS + ((SIMPLE,) if SIMPLE[2] in have else ())

    def moves(period: str) -> dict[str, Decimal]:
        """Per column, the movement of its account (and sub-accounts) in the period."""
        out = dict.fromkeys((k for k, *_ in columns), ZERO)
        q = (select(Balance.account_id, total(Balance.debit), total(Balance.credit)).where(Balance.period == period)
             .group_by(Balance.account_id))
        for acc, d, c in book.session.execute(q):
            for key, _, code, side in columns:
                if codes[acc].startswith(code):
                    out[key] += d - c if side == "debit" else c - d
        return out

    def ends(period: str) -> dict[str, Decimal]:
        """222102 / 222109 credit balances at the period's end."""
        out = {key: ZERO for key, _, _ in balances}
        for (acc, _, _), v in cumulative(book, period).items():
            for key, _, code in balances:
                if codes[acc].startswith(code):
                    out[key] -= v
        return out

    months = [{"period": p, **moves(p), **ends(p)} for p in periods_between(first, last)]
    year: dict[str, Decimal] = dict.fromkeys((k for k, *_ in columns), ZERO)
    for p in periods_between(f"{last[:4]}-01", last):
        m = next((x for x in months if x["period"] == p), None) or moves(p)
        for k in year:
            year[k] += m[k]
    return {"company": book.settings.get("company", ""), "from": first, "to": last, "months": months,
            "year_to_date": {**year, **(ends(last) if months else {})},
            "columns": [(k, t) for k, t, *_ in columns] + [(k, t) for k, t, _ in balances],
            "state": data_state(book, first, last)}


def as_json(v: dict) -> dict:
    keys = [k for k, _ in v["columns"]]
    return {"from": v["from"], "to": v["to"],
            "months": [{"period": m["period"], **{k: fmt_amount(m[k]) for k in keys}} for m in v["months"]],
            "year_to_date": {k: fmt_amount(v["year_to_date"][k]) for k in keys if k in v["year_to_date"]}}
