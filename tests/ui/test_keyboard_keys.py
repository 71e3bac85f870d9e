"""Issue 30, item 3: dialogs open on their first field, Enter moves on and saves from the last one,
Ctrl+S saves in dialogs, Tab leaves a grid, Ctrl+Tab switches tabs, Enter opens a list row, and F1
lists every key from the one table the actions are built from."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from storage.models import Customer
from ui import shortcuts
from ui.dialogs.master import FIELDS, MasterDialog
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def focused():
    return QApplication.focusWidget()


def shown(qtbot, w):
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def test_new_customer_dialog_enter_walks_every_field_and_saves_from_the_last(qtbot, ctx, book):
    dialog = shown(qtbot, MasterDialog(ctx, "customer", None))
    fields = dialog.form.fields
    assert focused() is fields["code"]  # opens on its first field
    for key, text in zip([k for k, _ in FIELDS["customer"]],
                         ["C0009", "N", "", "", "30", "L", "021", "A"], strict=True):
        assert focused() is fields[key]
        qtbot.keyClicks(focused(), text)
        if key != "address":
            qtbot.keyClick(focused(), Qt.Key.Key_Return)
            assert dialog.isVisible()  # Enter moved on; nothing saved yet
    assert book.session.scalar(select(Customer).where(Customer.code == "C0009")) is None
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # the last field: saved
    assert book.session.scalar(select(Customer).where(Customer.code == "C0009")).address == "A"


def test_ctrl_s_saves_a_dialog_from_any_field(qtbot, ctx, book):
    dialog = shown(qtbot, MasterDialog(ctx, "customer", None))
    qtbot.keyClicks(focused(), "C0010")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.keyClicks(focused(), "HD")
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    assert not dialog.isVisible()
    assert book.session.scalar(select(Customer).where(Customer.code == "C0010")) is not None


def test_tab_walks_the_cells_and_leaves_the_grid_for_save(qtbot, book):
    window = shown(qtbot, MainWindow(book))
    form = window.new_document("sales_order")
    form.enter_body()
    grid = form.grid
    editable = [c.key for c in grid.columns if c.editable]
    assert grid.columns[grid.currentColumn()].key == editable[0]
    for key in editable[1:]:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert grid.columns[grid.currentColumn()].key == key
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # past the last cell of the last line: out of the grid
    assert focused() is form.save_button and grid.rowCount() == 1


def test_ctrl_tab_switches_tabs_and_ctrl_w_closes(qtbot, book):
    window = shown(qtbot, MainWindow(book))
    window.show_page("customers")
    assert window.tabs.count() == 2 and window.tabs.currentIndex() == 1
    qtbot.keyClick(focused() or window, Qt.Key.Key_Tab, CTRL)
    assert window.tabs.currentIndex() == 0
    qtbot.keyClick(focused() or window, Qt.Key.Key_Backtab, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.tabs.currentIndex() == 1
    qtbot.keyClick(focused() or window, Qt.Key.Key_W, CTRL)
    assert window.tabs.count() == 1


def test_enter_opens_the_list_row_without_selecting_it_first(qtbot, book, monkeypatch):
    from tests.ui.books import add_customers
    add_customers(book, [{"code": "C0001", "name": "华东机电有限公司"}])
    window = shown(qtbot, MainWindow(book))
    window.show_page("customers")
    page = window.current_page()
    opened = []
    monkeypatch.setattr("ui.dialogs.master.edit_master", lambda ctx, kind, key, parent=None: opened.append(key))
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # to the list, on its first row
    assert focused() is page.table
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert len(opened) == 1


def test_f1_lists_every_key_from_the_table_the_actions_use(qtbot, book):
    window = shown(qtbot, MainWindow(book))
    qtbot.keyClick(focused() or window, Qt.Key.Key_F1)
    dialog = window.keys_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "快捷键"
    listed = dialog.keys_listed()
    assert [k.shown for k in shortcuts.ALL] == listed
    bound = {}
    for name, action in window.actions_by_name.items():
        assert [s.toString() for s in action.shortcuts()] == [s.toString() for s in shortcuts.BY_NAME[name].sequences()]
        for s in action.shortcuts():
            assert s.toString() not in bound, f"{s.toString()} 用了两次"
            bound[s.toString()] = name
    for must in ("Ctrl+D", "F7", "F8", "Ctrl+P", "Ctrl+W", "Ctrl+Tab", "F1"):
        assert must in bound


def test_focus_is_visible_on_a_button(qtbot, book):
    from ui import theme
    window = shown(qtbot, MainWindow(book))
    form = window.new_document("sales_order")
    form.save_button.setFocus()
    qtbot.wait(50)
    image = form.save_button.grab().toImage()
    edge = image.pixelColor(1, image.height() // 2).name()
    assert "QPushButton:focus" in theme.STYLESHEET and edge != "#1e6fd9"  # primary: a dark ring
    form.party.setFocus()
    qtbot.wait(50)
    field = form.party.grab().toImage()
    assert field.pixelColor(1, field.height() // 2).name() == theme.ACCENT
