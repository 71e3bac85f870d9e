"""ListPage: searching and sorting as a user does it, and the row count below the table."""
from PySide6.QtCore import QPoint, Qt

from storage.queries.lists import LISTS
from tests.ui.books import add_customers, numbered_customers
from ui.pages.list_page import ListPage

CUSTOMERS = [
    {"code": "C001", "name": "华东机电有限公司", "credit_limit": "9000"},
    {"code": "C002", "name": "杭州新联贸易公司", "credit_limit": "200000"},
    {"code": "K003", "name": "上海恒通商行", "credit_limit": "30000"},
]


def make_page(qtbot, book):
    page = ListPage(LISTS["customers"], book)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    return page


def column(page, col):
    return [page.proxy.index(r, col).data() for r in range(page.proxy.rowCount())]


def test_search_box_filters_rows(qtbot, book):
    add_customers(book, CUSTOMERS)
    page = make_page(qtbot, book)
    assert page.status.text() == "共 3 条"
    qtbot.keyClicks(page.search, "c00")  # case-insensitive; ASCII only (CJK keyClicks aborts)
    assert column(page, 0) == ["C001", "C002"]
    assert page.status.text() == "找到 2 条 · 共 3 条"
    page.search.clear()
    assert page.proxy.rowCount() == 3


def test_search_loads_further_pages_to_find_rows(qtbot, book):
    add_customers(book, numbered_customers(450))
    page = make_page(qtbot, book)
    qtbot.keyClicks(page.search, "C0449")
    assert column(page, 0) == ["C0449"]


def test_header_click_sorts_money_as_numbers(qtbot, book):
    add_customers(book, CUSTOMERS)
    page = make_page(qtbot, book)
    assert column(page, 0) == ["C001", "C002", "K003"]  # the book's order until asked
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(3) + header.sectionSize(3) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert column(page, 3) == ["9,000.00", "30,000.00", "200,000.00"]
