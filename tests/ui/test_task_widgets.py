"""Tasks in the window (issue 26): the dashboard's 流程任务完成率 and work per role, an exception
opening its document on Enter or double-click, and the navigation's counts of waiting work."""
from __future__ import annotations

import datetime as dt
import json

from interchange.importer import import_data
from storage.book import Book
from tests.cli.helpers import DOCUMENTS, MASTER
from ui.context import AppContext
from ui.navigation import NavigationList
from ui.pages.dashboard_page import DashboardPage


def _filled(book):
    for path in (MASTER, DOCUMENTS):
        import_data(book, json.loads(path.read_text(encoding="utf-8")))


def test_the_dashboard_shows_the_completion_rate_and_opens_an_exception(qtbot, book_path, book):
    _filled(book)
    page = DashboardPage(lambda: Book.open(book_path, user="老板"), as_of=dt.date(2026, 12, 31))
    qtbot.addWidget(page)
    page.wait_loaded()  # the figures come from a worker (issue 32)
    text = page.task_kpi.text()
    assert text.startswith("流程任务完成率（近30天）：") and "待办任务：" in text and "会计" in text
    wanted = []
    page.subject_requested.connect(wanted.append)
    row = next(i for i in range(page.tasks.count()) if "SO-0001" in page.tasks.item(i).text())
    page.tasks.setCurrentRow(row)
    page.tasks.itemActivated.emit(page.tasks.item(row))  # what Enter or a double-click does
    assert wanted == [{"type": "sales_order", "no": "SO-0001"}]


def test_an_exception_opens_its_document_else_the_page_where_it_is_dealt_with(qtbot, ctx, book):
    from storage.models import Document
    from ui.people.open_task import open_alert
    _filled(book)
    opened, shown = [], []
    ctx.open_document, ctx.show_page = opened.append, shown.append
    open_alert(ctx, {"type": "sales_order", "no": "SO-0001"})
    open_alert(ctx, {"type": "period", "no": "2026-11"})
    open_alert(ctx, {"type": "bank_line", "no": "B1"})
    so = book.session.query(Document.id).filter(Document.no == "SO-0001").scalar()
    assert opened == [so] and shown == ["close_wizard", "matching"]


def test_the_navigation_counts_the_waiting_work_beside_its_pages(qtbot, book):
    from ui.people.task_counts import attach
    nav = NavigationList()
    qtbot.addWidget(nav)
    for key, title in (("vouchers", "凭证查询"), ("outbound", "销售出库单"), ("matching", "银行对账")):
        nav.add_page(key, title)
    ctx = AppContext(book)
    attach(ctx, nav)
    from ui.navigation import CountRole
    assert not nav.item_for("vouchers").data(CountRole)
    _filled(book)
    ctx.changed.emit()
    assert nav.item_for("vouchers").data(CountRole) >= 1  # the worked example's vouchers wait
    assert nav.item_for("vouchers").text() == "凭证查询" and "项待办" in nav.item_for("vouchers").toolTip()
    assert not nav.item_for("matching").data(CountRole)
    nav.grab()  # the count is painted without error
