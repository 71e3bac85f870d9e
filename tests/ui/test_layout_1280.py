"""Issue 30, item 6: at 1280×720 nothing is cut — 银行对账's columns as wide as their contents and all
in view, the item lookup's popup as wide as the longest name, the entry hint whole."""
from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QApplication

from interchange.importer import import_data
from storage.queries.lookups import Choice
from tests.cli.helpers import DOCUMENTS, MASTER
from ui.main_window import MainWindow
from ui.widgets.lookup import LookupEdit

SIZE = (1280, 720)
LONG = "某某工程有限公司上海分公司营销服务中心"
STATEMENT = {"format": "zhangfang-interchange/1", "documents": [{"type": "bank_statement", "account": "1002", "lines": [
    {"date": "2026-11-25", "amount": "20000.00", "counterparty": "华东机电有限公司", "bank_ref": "B1",
     "reference": "货款 INV-202611-0001 SO-0001"},
    {"date": "2026-11-26", "amount": "123456.78", "counterparty": "浙江恒通精密传动设备有限公司", "bank_ref": "B2",
     "reference": "预付货款"},
    {"date": "2026-11-26", "amount": "3.21", "counterparty": "中国工商银行", "reference": "结息", "bank_ref": "B3"}]}]}


@pytest.fixture
def window(qtbot, book):
    for path in (MASTER, DOCUMENTS):
        import_data(book, json.loads(path.read_text(encoding="utf-8")))
    import_data(book, STATEMENT)
    w = MainWindow(book)
    qtbot.addWidget(w)
    w.resize(*SIZE)
    w.show()
    return w


def _settle():
    for _ in range(3):
        QApplication.processEvents()


def test_bank_matching_columns_are_whole_and_in_view(window):
    window.show_page("matching")
    _settle()
    page = window.current_page()
    table, model = page.table, page.model
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    key = [0, 1, 3, 4, 5]  # 日期 金额 摘要 建议 可信度: never elided (对方户名 is capped; the side shows the name)
    for col in key:
        texts = [model.index(r, col).data() or "" for r in range(model.rowCount())] + [model.HEADERS[col]]
        needed = max(metrics.horizontalAdvance(t) for t in texts) + 10  # the theme's cell padding
        assert header.sectionSize(col) >= needed, model.HEADERS[col]
    assert header.sectionSize(3) >= metrics.horizontalAdvance("货款 INV-202611-0001 SO-0001")
    right_edge = max(header.sectionPosition(c) + header.sectionSize(c) for c in key)
    assert right_edge <= table.viewport().width(), "a key column is out of view at 1280×720"


def test_the_lookup_popup_shows_whole_names(qtbot):
    items = [Choice(1, "A001", "伺服电机"), Choice(2, "A002", "三相异步电动机 YE3-160M-4 11kW"), Choice(3, "A003", LONG)]
    edit = LookupEdit(items)
    qtbot.addWidget(edit)
    edit.resize(120, 28)  # as narrow as the grid's 商品编码 cell
    edit.show()
    width = edit.fit_popup()
    popup = edit.completer().popup()
    assert width >= popup.fontMetrics().horizontalAdvance(f"A003  {LONG}")
    qtbot.keyClicks(edit, "A")
    qtbot.waitUntil(popup.isVisible)
    assert popup.width() >= popup.fontMetrics().horizontalAdvance(f"A003  {LONG}")


def test_the_entry_hint_is_whole(window):
    form = window.new_document("sales_order")
    _settle()
    hint = form.entry_hint
    assert hint.height() >= hint.heightForWidth(hint.width()), "the hint is cut at 1280×720"


def test_a_push_down_grid_shows_every_column(window, book):
    from sqlalchemy import select

    from storage.models import Document
    order = book.session.scalar(select(Document).where(Document.no == "SO-0001"))
    form = window.new_document("outbound", source_id=order.id, source_no=order.no)
    _settle()
    grid = form.grid
    header = grid.horizontalHeader()
    assert header.length() <= grid.viewport().width(), "价税合计 pushed out of view at 1280×720"
    for i, column in enumerate(grid.columns):
        assert header.sectionSize(i) >= grid.sizeHintForColumn(i), column.title
