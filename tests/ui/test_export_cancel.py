"""Issue 32: every export in the window runs on a worker behind a progress bar with 取消, and 取消
stops the writer and leaves no file — not even a partial one (exports are written under a hidden
name and renamed only when whole)."""
from __future__ import annotations

import threading

from PySide6.QtWidgets import QProgressDialog, QPushButton

from storage.book import Book
from storage.queries.lists import LISTS, ListSpec
from tests.reports.conftest import worked_example
from tests.ui.books import add_customers
from ui.pages.list_page import ListPage
from ui.pages.report_centre import ReportCentre
from ui.workers import RUNNING

CUSTOMERS = [{"code": f"C{n:03}", "name": f"客户{n}"} for n in range(1, 6)]


def test_cancel_stops_a_list_export_and_leaves_no_file(qtbot, ctx, book, tmp_path, monkeypatch):
    add_customers(book, CUSTOMERS)
    page = ListPage(LISTS["customers"], ctx)
    qtbot.addWidget(page)
    monkeypatch.setattr("ui.export.PAGE", 1)  # a page per row: the worker reports after each
    gate, pages = threading.Event(), []
    real_page = ListSpec.page

    def held_page(self, *args, **kwargs):  # the export waits here until the user has pressed 取消
        pages.append(1)
        gate.wait(10)
        return real_page(self, *args, **kwargs)
    monkeypatch.setattr(ListSpec, "page", held_page)
    out = tmp_path / "out" / "客户.xlsx"
    out.parent.mkdir()
    page.export_to(str(out))
    dialog = page.findChild(QProgressDialog)
    assert dialog is not None and dialog.isVisible() and dialog.labelText().startswith("正在导出客户")
    qtbot.waitUntil(lambda: bool(pages), timeout=10_000)  # the writer has begun
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    button.click()
    gate.set()
    qtbot.waitUntil(lambda: not RUNNING, timeout=10_000)
    assert len(pages) < len(CUSTOMERS)  # stopped, not run to the end and thrown away
    assert list(out.parent.iterdir()) == []
    assert not page.status.text().startswith("已导出")


def test_cancel_stops_a_report_centre_save_and_leaves_no_file(qtbot, tmp_path, monkeypatch):
    path = worked_example(tmp_path / "worked.sqlite")
    centre = ReportCentre(lambda: Book.open(path, "会计"))
    qtbot.addWidget(centre)
    centre.show()
    centre.select("trial-balance")
    centre.set_param("first", "2026-11")
    centre.set_param("last", "2026-11")
    gate, started, stopped = threading.Event(), threading.Event(), []
    import reports.xlsx_stream as stream
    real_checkpoint = stream.checkpoint

    def held_checkpoint():  # the writer's first checkpoint waits until the user has pressed 取消
        started.set()
        gate.wait(10)
        try:
            real_checkpoint()
        except BaseException:
            stopped.append(True)
            raise
    monkeypatch.setattr(stream, "checkpoint", held_checkpoint)
    out = tmp_path / "out" / "科目余额表.xlsx"
    out.parent.mkdir()
    centre.save("xlsx", out)
    assert centre.progress.isVisible() and centre.cancel_button.isVisible() and centre.cancel_button.text() == "取消"
    qtbot.waitUntil(started.is_set, timeout=30_000)
    centre.cancel_button.click()
    gate.set()
    qtbot.waitUntil(lambda: bool(stopped), timeout=10_000)
    centre.pool.waitForDone(10_000)
    assert list(out.parent.iterdir()) == []
    assert centre.status.text() == "已取消" and not centre.busy()
