"""Issue 30, item 5: a sale below cost is warned about at entry, beside its line; a letter typed into
a money or quantity cell is refused visibly — the cell marked and a sentence shown."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from storage.book import Book
from tests.ui.books import worked_book
from ui.context import AppContext
from ui.forms.entry_grid import ErrorRole
from ui.forms.factory import entry_form
from ui.forms.money_form import MoneyForm


@pytest.fixture
def ctx(qapp, tmp_path):
    with Book.open(worked_book(tmp_path / "w.sqlite"), user="tester") as book:
        yield AppContext(book)


@pytest.fixture
def order(ctx, qtbot):
    form = entry_form(ctx, "sales_order")
    qtbot.addWidget(form)
    form.show()
    form.party.set_code("C001")
    return form


def test_a_price_below_cost_warns_beside_the_line(order):
    # A001 stands at 600.00 a unit; 500.00 incl. 13% VAT is 442.48 net
    order.grid.set_text(0, "item", "A001")
    order.grid.set_text(0, "qty", "2")
    order.grid.set_text(0, "price", "500")
    assert order.cost_warnings.isVisible()
    assert "第 1 行 A001 不含税单价 442.48 低于当前成本 600.00" in order.cost_warnings.text()
    assert "低于成本" in order.grid.item(0, order.grid.col("price")).toolTip()
    order.grid.set_text(0, "price", "1130")  # 1,000.00 net: fine, the warning goes
    assert not order.cost_warnings.isVisible()
    assert order.grid.item(0, order.grid.col("price")).toolTip() == ""


def _type_into_cell(qtbot, grid, row, key, text):
    grid.setFocus()
    grid.setCurrentCell(row, grid.col(key))
    grid.editItem(grid.currentItem())
    editor = grid.indexWidget(grid.currentIndex())
    assert editor is not None
    qtbot.keyClicks(editor, text)
    return editor


def test_a_letter_in_a_price_is_refused_in_words(order, qtbot):
    editor = _type_into_cell(qtbot, order.grid, 0, "price", "12a5")
    assert editor.text() == "125"  # the letter is not taken …
    assert order.line_errors.isVisible() and "第 1 行：含税单价只能输入数字" in order.line_errors.text()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    message = order.grid.item(0, order.grid.col("price")).data(ErrorRole)
    assert message == "含税单价只能输入数字，“a”未输入"  # … and the cell says so
    assert order.line_errors.isVisible() and "第 1 行：含税单价只能输入数字" in order.line_errors.text()


def test_a_letter_in_a_quantity_too(order, qtbot):
    _type_into_cell(qtbot, order.grid, 0, "qty", "x")
    assert "数量只能输入数字，“x”未输入" in order.line_errors.text()
    # typed cleanly the next time: the cell's mark goes
    editor = _type_into_cell(qtbot, order.grid, 0, "qty", "3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert order.grid.item(0, order.grid.col("qty")).data(ErrorRole) is None


def test_a_letter_in_the_amount_of_a_receipt(ctx, qtbot):
    form = MoneyForm(ctx, "receipt")
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.amount, "1o0")
    assert form.amount.text() == "10"
    assert form.errors["amount"].isVisible() and form.errors["amount"].text() == "金额只能输入数字，“o”未输入"
