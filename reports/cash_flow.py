"""现金流量表 (会小企03表), direct method: every voucher's cash movement classified by its
counterparts (domain.cash_flow), row 22 checked against the closing cash balance."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import groupby

from domain.cash_flow import Line, classify, rules_from
from domain.periods import prev_period
from reports import layout as lay
from reports.income_statement import _span
from storage.book import Book
from storage.queries.balances import cash_voucher_lines, chart, cumulative

ZERO = Decimal("0.00")


def flows(book: Book, first: str, last: str, rules, codes: dict[int, str]) -> dict[int, Decimal]:
    """The classified rows of every voucher in first…last that moves cash."""
    cash_ids = {i for i, c in codes.items() if rules.is_cash(c)}
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for _, lines in groupby(cash_voucher_lines(book, first, last, cash_ids), key=lambda r: r[0]):
        for row, amount in classify([Line(codes[a], d, c) for _, a, d, c in lines], rules).items():
            out[row] += amount
    return dict(out)


def cash_flow(book: Book, first: str, last: str) -> dict:
    layout = lay.load("cash_flow")
    rules = rules_from(layout.data)
    accounts = chart(book)
    codes = {a.id: a.code for a in accounts}
    year_first = f"{last[:4]}-01"
    cash = {k: v for k, v in cumulative(book, last).items() if rules.is_cash(codes[k[0]])}

    def opening(before: str) -> dict:
        return {k: v for k, v in cumulative(book, prev_period(before)).items() if rules.is_cash(codes[k[0]])}

    year = lay.Source(opening(year_first), flows(book, year_first, last, rules, codes))
    period = lay.Source(opening(first), flows(book, first, last, rules, codes))
    rows = lay.evaluate(layout, accounts, [year, period])
    closing = sum(cash.values(), ZERO)
    return {"layout": layout, "company": book.settings.get("company", ""), "period": _span(first, last),
            "from": first, "to": last, "rows": rows, "closing_cash": closing,
            "difference": rows[-1].values[1] - closing}


def as_json(report: dict) -> dict:
    out = lay.as_json({k: v for k, v in report.items() if k != "closing_cash"})
    return out
