"""MainWindow: title, sectioned navigation, pages built when first shown, tabs, status bar."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.ui.books import COMPANY
from ui.main_window import MainWindow


def make_window(qtbot, book):
    window = MainWindow(book)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts (Esc, F5) reach only the active window
    return window


def click_nav(qtbot, window, text):
    item = window.nav.findItems(text, Qt.MatchFlag.MatchExactly)[0]
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_title_names_the_company(qtbot, book):
    window = make_window(qtbot, book)
    assert window.windowTitle() == f"账房 Zhangfang — {COMPANY}"


def test_only_the_home_page_is_built_at_start(qtbot, book):
    window = make_window(qtbot, book)
    assert window.tabs.count() == 1 and window.current_page().name == "home"


def test_navigation_to_chart_shows_receivables(qtbot, book):
    window = make_window(qtbot, book)
    click_nav(qtbot, window, "会计科目")
    page = window.current_page()
    assert page.name == "accounts"
    rows = {page.model.index(r, 0).data(): page.model.index(r, 1).data() for r in range(page.model.rowCount())}
    assert rows["1122"] == "应收账款"
    assert window.tabs.count() == 2
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert window.tabs.count() == 1


def test_navigation_has_the_eight_sections(qtbot, book):
    window = make_window(qtbot, book)
    texts = [window.nav.item(r).text() for r in range(window.nav.count())]
    for section in ("工作台", "销售", "采购", "库存", "财务", "报表", "基础资料", "设置"):
        assert section in texts
    assert texts.index("销售") < texts.index("销售订单") < texts.index("采购")


def test_status_bar_shows_book_period_and_user(qtbot, book, book_path):
    window = make_window(qtbot, book)
    shown = " ".join(label.text() for label in window.statusBar().findChildren(QLabel))
    assert str(book_path) in shown
    assert "tester" in shown
    assert "当前期间：2026-11" in shown


def test_qt_buttons_speak_chinese(qtbot, book):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.app import application
    application()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert any("确定" in t for t in texts) and any("取消" in t for t in texts)


def test_a_page_registered_in_one_line_appears_in_its_section(qtbot, book):
    from ui.pages import registry
    registry.register("报表", "test_report", "测试报表", lambda ctx: QLabel("报表内容"))
    try:
        window = make_window(qtbot, book)
        texts = [window.nav.item(r).text() for r in range(window.nav.count())]
        assert texts.index("报表") < texts.index("测试报表") < texts.index("基础资料")
        click_nav(qtbot, window, "测试报表")
        assert window.current_page().text() == "报表内容"
    finally:
        registry._PAGES.pop("test_report")
