"""工作台: the flow's badges count what waits, a node lists its documents, Enter opens one."""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from interchange.importer import import_data
from tests.rows import sales
from ui.forms.document_view import DocumentView
from ui.main_window import MainWindow

MASTER = Path(__file__).resolve().parents[2] / "storage" / "data" / "worked_master.json"


def test_waiting_orders_are_counted_and_open_in_one_keypress(qtbot, book):
    import_data(book, json.loads(MASTER.read_text(encoding="utf-8")))
    first = sales.create_sales_order(book, None, "2026-11-03", "C001", [{"item": "A001", "qty": "10"}])
    sales.create_sales_order(book, None, "2026-11-04", "C001", [{"item": "A001", "qty": "5"}])
    sales.ship(book, None, "2026-11-05", first.no, "W01", [{"item": "A001", "qty": "4"}])
    window = MainWindow(book)
    qtbot.addWidget(window)
    window.show()
    home = window.current_page()
    assert home.nodes["sales:sales_order"].text() == "订单\n2 张待出库"
    assert home.nodes["sales:outbound"].text() == "出库\n1 张待开票"
    assert home.kpi_labels["stock"].text() == "¥ 57,600.00"  # 100 × 600 less 4 shipped at 600
    qtbot.mouseClick(home.nodes["sales:sales_order"], Qt.MouseButton.LeftButton)
    assert home.tasks.rowCount() == 2 and home.tasks.item(0, 2).text() == first.no
    home.tasks.setFocus()
    home.tasks.setCurrentCell(0, 0)
    qtbot.keyClick(home.tasks, Qt.Key.Key_Return)
    view = window.current_page()
    assert isinstance(view, DocumentView) and view.d.no == first.no
    assert view.d.downstream and view.d.downstream[0][1] == "outbound"


def test_the_cashiers_inbox_shows_bank_lines_left_to_match(qtbot, book):
    import_data(book, json.loads(MASTER.read_text(encoding="utf-8")))
    window = MainWindow(book)
    qtbot.addWidget(window)
    window.show()
    home = window.current_page()
    assert home.bank_button.isHidden()  # nothing waits
    import_data(book, {"format": "zhangfang-interchange/1", "documents": [{"type": "bank_statement", "account": "1002",
                       "lines": [{"date": "2026-11-25", "amount": "100.00", "counterparty": "张三", "bank_ref": "H1"}]}]})
    home.refresh()
    assert not home.bank_button.isHidden() and home.bank_button.text() == "银行流水待处理 1 笔 → 银行对账"
    qtbot.mouseClick(home.bank_button, Qt.MouseButton.LeftButton)
    assert window.current_page().name == "matching"


def test_the_close_blocker_about_bank_lines_opens_the_matching_page(qtbot, book):
    from ui.subjects import open_subject
    window = MainWindow(book)
    qtbot.addWidget(window)
    window.show()
    assert open_subject(window.ctx, {"type": "bank_account", "no": "1002"}, "2026-11")
    assert window.current_page().name == "matching"
