"""现金流量表 (会小企03表), direct method: the rows each voucher's cash movement was given when it
was written (storage.cash_flows), row 22 checked against the closing cash balance."""
from __future__ import annotations

from decimal import Decimal

from domain.cash_flow import rules_from
from domain.periods import prev_period
from reports import layout as lay
from reports.income_statement import _span
from storage.book import Book
from storage.cash_flows import flows_by_row
from storage.queries.balances import chart, cumulative
from storage.queries.periods import data_state

ZERO = Decimal("0.00")


def cash_flow(book: Book, first: str, last: str) -> dict:
    layout = lay.load("cash_flow")
    rules = rules_from(layout.data)
    accounts = chart(book)
    codes = {a.id: a.code for a in accounts}
    year_first = f"{last[:4]}-01"
    cash = {k: v for k, v in cumulative(book, last).items() if rules.is_cash(codes[k[0]])}

    def opening(before: str) -> dict:
        return {k: v for k, v in cumulative(book, prev_period(before)).items() if rules.is_cash(codes[k[0]])}

    year = lay.Source(opening(year_first), flows_by_row(book, year_first, last))
    period = lay.Source(opening(first), flows_by_row(book, first, last))
    rows = lay.evaluate(layout, accounts, [year, period])
    closing = sum(cash.values(), ZERO)
    return {"layout": layout, "company": book.settings.get("company", ""), "period": _span(first, last),
            "from": first, "to": last, "rows": rows, "closing_cash": closing,
            "difference": rows[-1].values[1] - closing, "state": data_state(book, first, last)}


def as_json(report: dict) -> dict:
    out = lay.as_json({k: v for k, v in report.items() if k not in ("closing_cash", "state")})
    return out
