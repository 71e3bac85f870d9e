"""Issue 30, item 5: 文件 → 新建单据 and 保存 are disabled, with the reason, where the current tab has
nothing for them — not triggered into nothing."""
from __future__ import annotations

from ui.main_window import MainWindow


def _verb(window, name):
    return window._verbs[name]


def test_new_and_save_follow_the_current_tab(qtbot, book):
    window = MainWindow(book)
    qtbot.addWidget(window)
    new, save = _verb(window, "新建单据"), _verb(window, "保存")
    assert new.isEnabled()  # the home page starts an order
    assert not save.isEnabled() and "没有要保存的内容" in save.toolTip()
    window.show_page("trial_balance")
    assert not new.isEnabled() and "不能新建" in new.toolTip()
    window.show_page("report_centre")  # its save(fmt, path) belongs to its own dialog
    assert not save.isEnabled()
    window.show_page("sales_order")
    assert new.isEnabled() and not save.isEnabled()
    window.show_page("stock")  # a list with nothing to create
    assert not new.isEnabled()
    window.new_document("sales_order")
    assert save.isEnabled()


def test_no_page_has_a_disabled_button_without_a_reason(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication, QPushButton

    from storage.book import Book
    from tests.ui.books import worked_book
    with Book.open(worked_book(tmp_path / "w.sqlite"), user="tester") as book:
        window = MainWindow(book)
        qtbot.addWidget(window)
        window.show()
        silent = []
        for key in window.page_names():
            window.show_page(key)
            QApplication.processEvents()
            page = window.current_page()
            for button in page.findChildren(QPushButton):
                if button.isVisibleTo(page) and not button.isEnabled() and not button.toolTip():
                    silent.append(f"{key}: {button.text()}")
        assert silent == []
