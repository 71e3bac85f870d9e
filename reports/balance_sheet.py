"""资产负债表 (会小企01表): period-end and year-start balances through the layout's rows."""
from __future__ import annotations

from domain.periods import prev_period
from reports import layout as lay
from storage.book import Book
from storage.queries.balances import chart, cumulative, started_within, year_opening
from storage.queries.periods import data_state


def balance_sheet(book: Book, period: str) -> dict:
    """期末余额 at the end of `period`, 年初余额 at the end of the previous year (or the book's opening)."""
    layout = lay.load("balance_sheet")
    year_start = prev_period(f"{period[:4]}-01")
    # a book opened mid-year: 年初 is the year-opening its opening lines give (version 3), not its 期初
    start = year_opening(book) if started_within(book, period[:4]) else cumulative(book, year_start)
    rows = lay.evaluate(layout, chart(book), [lay.Source(cumulative(book, period)), lay.Source(start)])
    by_row = {r.row: r for r in rows}
    a, b = layout.check
    return {"layout": layout, "company": book.settings.get("company", ""), "period": period, "rows": rows,
            "difference": by_row[a].values[0] - by_row[b].values[0], "state": data_state(book, period, period)}


as_json = lay.as_json
