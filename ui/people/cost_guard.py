"""Cost and margin kept from those who may not see them (issue 26: sales sees prices, not cost),
in the window as on the command line: the stock list loses its cost columns (so the export does
too), and the report centre refuses the stock and income reports with the same sentence as `report`."""
from __future__ import annotations

from dataclasses import replace

from storage.book import Book
from storage.queries.lists import ListSpec

COST_COLUMNS = frozenset({"cost", "value"})  # 单位成本, 结存金额: stock at cost


def may_see_cost(book: Book) -> bool:
    from usecases.access import allowed
    with book.reading():
        return allowed(book, "see_cost")


def spec_for(book: Book, spec: ListSpec) -> ListSpec:
    """The list as this person may see it."""
    if spec.name != "stock" or may_see_cost(book):
        return spec
    return replace(spec, columns=tuple(c for c in spec.columns if c.key not in COST_COLUMNS))


def check_report(book: Book, name: str) -> None:
    """Refuse a report showing cost or margin (Refused, shown in place of the preview)."""
    from reports.catalogue import COSTED
    if name in COSTED:
        from usecases.access import check
        check(book, "see_cost")
