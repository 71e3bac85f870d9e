"""MainWindow: title, grouped navigation, and the book facts in the status bar."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.ui.books import COMPANY
from ui.main_window import MainWindow


def make_window(qtbot, book):
    window = MainWindow(book)
    qtbot.addWidget(window)
    window.show()
    return window


def click_nav(qtbot, window, text):
    item = window.nav.findItems(text, Qt.MatchFlag.MatchExactly)[0]
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_title_names_the_company(qtbot, book):
    window = make_window(qtbot, book)
    assert window.windowTitle() == f"账房 Zhangfang — {COMPANY}"


def test_navigation_to_chart_shows_receivables(qtbot, book):
    window = make_window(qtbot, book)
    assert window.current_page().name == "customers"
    click_nav(qtbot, window, "会计科目")
    page = window.current_page()
    assert page.name == "accounts"
    rows = {page.proxy.index(r, 0).data(): page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())}
    assert rows["1122"] == "应收账款"


def test_group_headings_are_not_pages(qtbot, book):
    window = make_window(qtbot, book)
    click_nav(qtbot, window, "总账")
    assert window.current_page().name == "customers"


def test_navigation_lists_every_page_in_groups(qtbot, book):
    window = make_window(qtbot, book)
    texts = [window.nav.item(r).text() for r in range(window.nav.count())]
    assert texts == ["基础资料", "客户", "供应商", "商品", "仓库", "银行账户",
                     "总账", "会计科目", "凭证", "业务", "业务单据"]


def test_status_bar_shows_book_user_and_start_period(qtbot, book, book_path):
    window = make_window(qtbot, book)
    shown = " ".join(label.text() for label in window.statusBar().findChildren(QLabel))
    assert str(book_path) in shown
    assert "tester" in shown
    assert "2026-11" in shown
