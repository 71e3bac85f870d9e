"""ListPage: searching (助记码 too) and sorting as a user does it, filters and the row count."""
from PySide6.QtCore import QPoint, Qt

from storage.queries.lists import LISTS
from tests.ui.books import add_customers, numbered_customers
from ui.pages.list_page import ListPage

CUSTOMERS = [
    {"code": "C001", "name": "华东机电有限公司", "credit_limit": "9000"},
    {"code": "C002", "name": "杭州新联贸易公司", "credit_limit": "200000"},
    {"code": "K003", "name": "上海恒通商行", "credit_limit": "30000"},
]


def make_page(qtbot, ctx, name="customers"):
    page = ListPage(LISTS[name], ctx)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    return page


def column(page, col):
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def test_search_box_filters_rows(qtbot, ctx, book):
    add_customers(book, CUSTOMERS)
    page = make_page(qtbot, ctx)
    assert page.status.text() == "共 3 条"
    qtbot.keyClicks(page.search, "c00")  # case-insensitive; ASCII only (CJK keyClicks aborts)
    assert column(page, 0) == ["C001", "C002"]
    assert page.status.text() == "找到 2 条（搜索为逐行查找全部记录）"
    page.search.clear()
    assert page.model.rowCount() == 3


def test_mnemonic_finds_the_chinese_name(qtbot, ctx, book):
    add_customers(book, CUSTOMERS)
    page = make_page(qtbot, ctx)
    qtbot.keyClicks(page.search, "hdjd")
    assert column(page, 1) == ["华东机电有限公司"]


def test_search_finds_rows_beyond_the_first_page(qtbot, ctx, book):
    add_customers(book, numbered_customers(450))
    page = make_page(qtbot, ctx)
    qtbot.keyClicks(page.search, "C0449")
    assert column(page, 0) == ["C0449"]


def test_header_click_sorts_money_as_numbers(qtbot, ctx, book):
    add_customers(book, CUSTOMERS)
    page = make_page(qtbot, ctx)
    assert column(page, 0) == ["C001", "C002", "K003"]  # the book's order until asked
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(4) + header.sectionSize(4) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert column(page, 4) == ["9,000.00", "30,000.00", "200,000.00"]


def test_status_filter_keeps_deactivated_apart(qtbot, ctx, book):
    add_customers(book, CUSTOMERS)
    page = make_page(qtbot, ctx)
    page.status_filter.setCurrentIndex(page.status_filter.findData("0"))
    assert page.model.total == 0
    page.status_filter.setCurrentIndex(page.status_filter.findData("1"))
    assert page.model.total == 3


def test_column_choices_are_remembered(qtbot, ctx, book):
    add_customers(book, CUSTOMERS)
    page = make_page(qtbot, ctx)
    page.show_column(3, False)  # what the header's right-click menu does
    again = make_page(qtbot, ctx)
    assert again.table.horizontalHeader().isSectionHidden(3)
    assert not again.table.horizontalHeader().isSectionHidden(1)


def test_posting_the_period_from_the_voucher_list(qtbot, ctx, book, book_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from storage.book import Book
    from tests.rows import manual_voucher
    with Book.open(book_path, user="出纳") as other:
        for day in ("2026-11-03", "2026-11-04"):
            manual_voucher(other, day, "股东投入", [{"account": "1002", "debit": "100.00"},
                                                 {"account": "3001", "credit": "100.00"}])
    book.refresh()
    page = make_page(qtbot, ctx, "vouchers")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    page.post_period()  # on a worker: the window stays responsive
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told == ["2026-11：2 张凭证已审核记账"]
    assert column(page, 5) == ["已记账", "已记账"]


def test_export_runs_on_a_worker_and_says_where(qtbot, ctx, book, tmp_path):
    add_customers(book, CUSTOMERS)
    page = make_page(qtbot, ctx)
    qtbot.keyClicks(page.search, "c00")
    page.export_to(str(tmp_path / "c.xlsx"))
    from ui.workers import RUNNING
    qtbot.waitUntil(lambda: page.status.text().startswith("已导出") and not RUNNING, timeout=10000)
    assert page.status.text() == f"已导出 2 行到 {tmp_path / 'c.xlsx'}"


def test_a_list_opened_empty_fits_its_columns_when_rows_arrive_and_saves_only_a_users_drag(qtbot, ctx, book):
    from ui import prefs
    page = make_page(qtbot, ctx)
    header = page.table.horizontalHeader()
    empty_width = header.sectionSize(1)
    add_customers(book, [{"code": "C001", "name": "华东机电设备制造股份有限公司苏州分公司"}])
    ctx.refresh()
    assert header.sectionSize(1) > empty_width  # the long name is not squeezed into the header's width
    assert prefs.settings().value("columns/customers") is None  # fitted by the program, not chosen
    header.resizeSection(1, 333)  # the user drags the edge, then lets go
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton)
    assert prefs.settings().value("columns/customers") is not None
