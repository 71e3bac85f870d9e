"""利润表 (会小企02表): movements of the 损益 accounts, the 结转损益 vouchers left out."""
from __future__ import annotations

from decimal import Decimal

from reports import layout as lay
from storage.book import Book
from storage.queries.balances import added, chart, movements, started_within, ytd_opening
from storage.queries.periods import data_state


def income_statement(book: Book, first: str, last: str) -> dict:
    """本年累计金额 (January of `last`'s year … last) and 本月金额 (first … last)."""
    layout = lay.load("income_statement")
    year_moves = movements(book, f"{last[:4]}-01", last, without_close=True)
    if started_within(book, last[:4]):  # a book opened mid-year: the months before it, from its opening
        year_moves = added(year_moves, ytd_opening(book))
    year = lay.Source(year_moves)
    period = lay.Source(movements(book, first, last, without_close=True))
    rows = lay.evaluate(layout, chart(book), [year, period])
    return {"layout": layout, "company": book.settings.get("company", ""), "period": _span(first, last),
            "from": first, "to": last, "rows": rows, "difference": Decimal("0.00"),
            "state": data_state(book, first, last)}


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first}…{last}"


as_json = lay.as_json
