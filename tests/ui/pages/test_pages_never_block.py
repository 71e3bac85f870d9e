"""The dashboard and the 期末结账 page compute on a worker: with the computation made slow on
purpose, the page is built at once, the GUI thread's event loop keeps turning (a timer keeps
firing) while the figures load, and the figures arrive afterwards — computed on another thread."""
from __future__ import annotations

import datetime as dt
import json
import threading
import time

from PySide6.QtCore import QTimer

from interchange.importer import import_data
from storage.book import Book
from tests.cli.helpers import DOCUMENTS, MASTER
from tests.ui.books import worked_book

DELAY = 2.0  # long enough to tell a blocked loop from a busy machine


def ticking(qtbot):
    """A 20 ms timer on the GUI thread; its ticks show the event loop turning."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    return timer, ticks


def slowed(module, name: str, threads: list[int]):
    real = getattr(module, name)

    def slow(*args, **kwargs):
        threads.append(threading.get_ident())
        time.sleep(DELAY)  # a big book's figures, as far as the window can tell
        return real(*args, **kwargs)
    return slow


def longest_gap(ticks: list[float]) -> float:
    return max((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=float("inf"))


def test_the_dashboard_never_blocks_the_gui_thread(qtbot, monkeypatch, book_path, book):
    import ui.pages.dashboard_page as dashboard
    for path in (MASTER, DOCUMENTS):
        import_data(book, json.loads(path.read_text(encoding="utf-8")))
    threads: list[int] = []
    monkeypatch.setattr(dashboard, "compute", slowed(dashboard, "compute", threads))
    timer, ticks = ticking(qtbot)
    start = time.perf_counter()
    page = dashboard.DashboardPage(lambda: Book.open(book_path, user="老板"), as_of=dt.date(2026, 12, 31))
    qtbot.addWidget(page)
    page.show()
    assert time.perf_counter() - start < DELAY  # built and shown without waiting for the figures
    assert page.tasks.count() == 0 and page.busy()
    qtbot.waitUntil(lambda: page.data is not None, timeout=20_000)
    timer.stop()
    assert threads and threads[0] != threading.get_ident()  # computed on a worker
    assert len(ticks) >= 10 and longest_gap(ticks) < DELAY / 2  # the event loop kept turning
    tasks = [page.tasks.item(i).text() for i in range(page.tasks.count())]
    assert any("INV-0001" in t and "逾期" in t for t in tasks)  # the figures arrived
    assert page.charts["sales_receipts"].series[0].values[-2:] == (67800.0, 0.0)

    # Shown again (after a change): the last figures stay on the page while fresh ones load.
    page.reload()
    assert page.busy() and page.tasks.count() == len(tasks)
    page.wait_loaded()


def test_the_close_page_never_blocks_the_gui_thread(qtbot, monkeypatch, tmp_path):
    import ui.pages.close_wizard as close
    path = worked_book(tmp_path / "book.sqlite")
    threads: list[int] = []
    monkeypatch.setattr(close, "preview_data", slowed(close, "preview_data", threads))
    timer, ticks = ticking(qtbot)
    start = time.perf_counter()
    wizard = close.CloseWizard(lambda: Book.open(path, user="会计"))
    qtbot.addWidget(wizard)
    wizard.show()
    assert time.perf_counter() - start < DELAY
    assert wizard.busy() and wizard.checks.count() == 0
    qtbot.waitUntil(lambda: wizard.checks.count() > 0 and not wizard.busy(), timeout=20_000)
    timer.stop()
    assert threads and threads[0] != threading.get_ident()
    assert len(ticks) >= 10 and longest_gap(ticks) < DELAY / 2
    checks = [wizard.checks.item(i).text() for i in range(wizard.checks.count())]
    assert "✓ 试算平衡" in checks and wizard.status.text() == "未结账"
