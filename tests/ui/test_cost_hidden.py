"""Sales sees prices, not cost — in the window too (issue 26): the stock list has no cost columns
for a salesperson, and the report centre refuses the stock and income reports in words."""
from __future__ import annotations

from storage.book import Book
from storage.queries.lists import LISTS
from tests.reports.conftest import worked_example
from ui.context import AppContext
from ui.pages.list_page import ListPage
from ui.pages.report_centre import ReportCentre
from ui.people.cost_guard import spec_for
from usecases import people


def _team(path):
    with Book.open(path, "老板") as book:
        people.add_person(book, "老板", "owner", "boss-pw1")
        people.add_person(book.acting("老板"), "张三", "sales", "sales-pw")
        people.add_person(book.acting("老板"), "仓管乙", "warehouse", "stock-pw")


def test_the_stock_list_has_no_cost_columns_for_sales(qtbot, tmp_path):
    path = worked_example(tmp_path / "worked.sqlite")
    _team(path)
    with Book.open(path, "张三") as sales, Book.open(path, "仓管乙") as warehouse:
        seen = [c.title for c in spec_for(sales, LISTS["stock"]).columns]
        assert "单位成本" not in seen and "结存金额" not in seen and "结存数量" in seen
        assert "单位成本" in [c.title for c in spec_for(warehouse, LISTS["stock"]).columns]
        page = ListPage(spec_for(sales, LISTS["stock"]), AppContext(sales))
        qtbot.addWidget(page)
        headers = [page.table.model().headerData(i, page.table.horizontalHeader().orientation())
                   for i in range(page.table.model().columnCount())]
        assert "单位成本" not in headers and "结存金额" not in headers


def test_the_report_centre_refuses_the_income_statement_to_sales(qtbot, tmp_path):
    path = worked_example(tmp_path / "worked.sqlite")
    _team(path)
    centre = ReportCentre(lambda: Book.open(path, "张三"))
    qtbot.addWidget(centre)
    centre.show()
    qtbot.waitUntil(lambda: not centre.busy(), timeout=60_000)
    centre.select("income-statement")
    centre.set_param("first", "2026-11")
    centre.set_param("last", "2026-11")
    centre.preview()
    qtbot.waitUntil(lambda: not centre.busy(), timeout=60_000)
    assert "无权查看成本与毛利 (see_cost)" in centre.error.text() and centre.pages == []
