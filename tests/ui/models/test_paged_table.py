"""PagedTableModel: pages on demand, money formatting and alignment."""
from decimal import Decimal

from PySide6.QtCore import Qt

from storage.queries.lists import LISTS
from tests.ui.books import add_customers, numbered_customers
from ui.models.paged_table import PagedTableModel, RawRole

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def test_loads_first_page_then_fetches_more_on_demand(qapp, book):
    add_customers(book, numbered_customers(450))
    model = PagedTableModel(LISTS["customers"], book)
    assert model.total == 450
    assert model.rowCount() == 200
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    model.fetchMore()
    assert model.rowCount() == 450
    assert not model.canFetchMore()
    assert model.index(449, 0).data() == "C0450"


def test_money_shows_thousands_and_sits_right(qapp, book):
    add_customers(book, [{"code": "C001", "name": "华东机电有限公司", "credit_limit": "200000"}])
    model = PagedTableModel(LISTS["customers"], book)
    cell = model.index(0, 3)
    assert model.headerData(3, Qt.Orientation.Horizontal) == "信用额度"
    assert cell.data() == "200,000.00"
    assert cell.data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert cell.data(RawRole) == Decimal("200000.00")
    assert model.index(0, 1).data() == "华东机电有限公司"
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) != RIGHT


def test_blank_values_show_empty_not_none(qapp, book):
    add_customers(book, [{"code": "C001", "name": "华东机电有限公司"}])
    model = PagedTableModel(LISTS["customers"], book)
    assert model.index(0, 2).data() == ""  # no tax id


def test_refresh_sees_rows_added_since(qapp, book):
    model = PagedTableModel(LISTS["customers"], book)
    assert model.rowCount() == 0 and not model.canFetchMore()
    add_customers(book, numbered_customers(3))
    model.refresh()
    assert model.rowCount() == 3
