"""The other engineers' pages reached from the navigation of the real window: the close wizard's
red cause opens its voucher; a page that changed the book tells the others; a hidden page catches up
when shown."""
from __future__ import annotations

import pytest

from storage.book import Book
from tests.ui.books import worked_book
from tests.ui.test_main_window import click_nav, make_window


@pytest.fixture
def worked(tmp_path):
    return worked_book(tmp_path / "book.sqlite")


@pytest.mark.parametrize("title, name", [("经营看板", "dashboard"), ("银行对账", "matching"),
                                         ("报表中心", "reports"), ("期末结账", None)])
def test_each_page_opens_from_the_navigation(qtbot, worked, title, name):
    with Book.open(worked, user="会计") as book:
        window = make_window(qtbot, book)
        click_nav(qtbot, window, title)
        assert window.tabs.tabText(window.tabs.currentIndex()) == title
        if name:
            assert window.current_page().name == name


def test_a_red_cause_in_the_close_wizard_opens_its_voucher(qtbot, worked):
    with Book.open(worked, user="会计") as book:
        window = make_window(qtbot, book)
        click_nav(qtbot, window, "期末结账")
        wizard = window.tabs.currentWidget()
        wizard.wait_loaded()
        red = next(wizard.checks.item(i) for i in range(wizard.checks.count())
                   if "记-1" in wizard.checks.item(i).text())
        wizard.checks.itemActivated.emit(red)
        view = window.tabs.currentWidget()
        assert window.tabs.tabText(window.tabs.currentIndex()) == "凭证 记-1"
        assert "记-1" in view.tab_title()


def test_the_close_tells_the_voucher_list_and_a_hidden_page_catches_up(qtbot, worked):
    with Book.open(worked, user="会计") as book:
        window = make_window(qtbot, book)
        click_nav(qtbot, window, "凭证查询")
        vouchers = window.current_page()
        before = vouchers.model.rowCount()
        click_nav(qtbot, window, "期末结账")
        wizard = window.tabs.currentWidget()
        wizard.wait_loaded()
        assert wizard.post_and_close(), wizard.message.text()
        # the list, hidden in its tab, was told; it shows the close's vouchers when shown again
        click_nav(qtbot, window, "凭证查询")
        qtbot.waitUntil(lambda: vouchers.model.rowCount() > before)
        statuses = {vouchers.model.index(r, c).data() for r in range(vouchers.model.rowCount())
                    for c in range(vouchers.model.columnCount())}
        assert "已记账" in statuses
