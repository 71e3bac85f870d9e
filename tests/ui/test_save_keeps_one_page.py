"""Saving or pushing down in an entry form shows the new document alone: the form's tab gives way
to the document's, the 工作台 does not appear beneath it, and the navigation marks no page."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from interchange.importer import import_data
from tests.ui.test_main_window import make_window
from ui.forms.document_view import DocumentView
from ui.forms.line_form import LineDocumentForm

MASTER = Path(__file__).resolve().parents[1] / "storage" / "data" / "worked_master.json"


@pytest.fixture
def window(qtbot, book):
    import_data(book, json.loads(MASTER.read_text(encoding="utf-8")))
    return make_window(qtbot, book)


def save(qtbot):
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def assert_only_the_document_shows(window, doc_type: str) -> DocumentView:
    view = window.tabs.currentWidget()
    assert isinstance(view, DocumentView) and view.d.type == doc_type
    assert view.isVisible()
    assert not window.page("home").isVisible()
    assert window.nav.currentItem() is None and not window.nav.selectedItems()
    return view


def test_saving_a_new_order_shows_the_order_not_the_home_page(qtbot, window):
    window.show_page("sales_order")
    form = window.new_document("sales_order")
    qtbot.keyClicks(form.party, "C001")
    form.grid.set_text(0, "item", "A001")
    form.grid.set_text(0, "qty", "5")
    form.party.setFocus()
    save(qtbot)
    order = assert_only_the_document_shows(window, "sales_order")

    qtbot.mouseClick(order.push_button, Qt.MouseButton.LeftButton)
    outbound_form = window.tabs.currentWidget()
    assert isinstance(outbound_form, LineDocumentForm) and outbound_form.isVisible()
    assert not window.page("home").isVisible()
    save(qtbot)
    assert_only_the_document_shows(window, "outbound")


def test_arrow_keys_in_the_navigation_still_open_pages(qtbot, window):
    window.show_page("sales_order")
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.nav.currentItem().text() == "销售出库单"
    assert window.current_page().name == "outbound"
    assert window.nav.currentItem() is window.nav.item_for("outbound")
