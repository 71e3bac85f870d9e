"""PagedTableModel: keyset pages on demand, sorting in SQL over every row, money formatting."""
from decimal import Decimal

from PySide6.QtCore import Qt

from storage.queries.lists import LISTS, ListQuery
from tests.ui.books import add_customers, numbered_customers
from ui.models.paged_table import RED, PagedTableModel, RawRole

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LIMIT = 4  # the credit limit column of the customer list


def test_loads_first_page_then_fetches_more_on_demand(qapp, book):
    add_customers(book, numbered_customers(450))
    model = PagedTableModel(LISTS["customers"], book)
    assert model.total == 450
    assert model.rowCount() == 200
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450
    assert not model.canFetchMore()
    codes = [model.index(r, 0).data() for r in range(450)]
    assert codes == [f"C{i:04d}" for i in range(1, 451)]  # keyset pages neither skip nor repeat


def test_sorting_by_amount_is_over_every_row_not_the_loaded_page(qapp, book):
    rows = [{"code": f"C{i:04d}", "name": f"客户{i}", "credit_limit": str((i * 7919) % 1000 * 10)}
            for i in range(1, 451)]
    add_customers(book, rows)
    model = PagedTableModel(LISTS["customers"], book)
    model.sort(LIMIT, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 200
    largest = max(Decimal(r["credit_limit"]) for r in rows)
    assert model.index(0, LIMIT).data(RawRole) == largest
    model.fetchMore()
    model.fetchMore()
    shown = [model.index(r, LIMIT).data(RawRole) for r in range(model.rowCount())]
    assert shown == sorted(shown, reverse=True) and len(shown) == 450


def test_money_shows_thousands_and_sits_right(qapp, book):
    add_customers(book, [{"code": "C001", "name": "华东机电有限公司", "credit_limit": "200000"}])
    model = PagedTableModel(LISTS["customers"], book)
    cell = model.index(0, LIMIT)
    assert model.headerData(LIMIT, Qt.Orientation.Horizontal) == "信用额度"
    assert cell.data() == "200,000.00"
    assert cell.data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.index(0, 1).data() == "华东机电有限公司"
    assert model.index(0, 2).data() == "hdjdyxgs"  # 助记码 kept beside the name


def test_negative_amounts_are_red(qapp, book):
    model = PagedTableModel(LISTS["customers"], book)
    model._rows = [("C1", "x", "", "", Decimal("-5.00"), 30, "", "", "", 1)]
    assert model.index(0, LIMIT).data(Qt.ItemDataRole.ForegroundRole).color() == RED


def test_mnemonic_search_runs_in_sql(qapp, book):
    add_customers(book, [{"code": "C001", "name": "华东机电有限公司"}, {"code": "C002", "name": "杭州新联贸易公司"}])
    model = PagedTableModel(LISTS["customers"], book)
    model.set_query(ListQuery(search="hdjd"))
    assert model.total == 1 and model.index(0, 1).data() == "华东机电有限公司"


def test_refresh_sees_rows_added_since(qapp, book):
    model = PagedTableModel(LISTS["customers"], book)
    assert model.rowCount() == 0 and not model.canFetchMore()
    add_customers(book, numbered_customers(3))
    model.refresh()
    assert model.rowCount() == 3
