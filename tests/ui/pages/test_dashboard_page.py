"""The dashboard as a manager sees it: badges and tasks from the alerts, trend charts with the
month's figures, drawn (not blank)."""
from __future__ import annotations

import datetime as dt
import json

from PySide6.QtGui import QColor

from interchange.importer import import_data
from storage.book import Book
from tests.cli.helpers import DOCUMENTS, MASTER
from ui.pages.dashboard_page import DashboardPage


def test_dashboard_shows_alerts_and_the_month_in_its_charts(qtbot, book_path, book, tmp_path):
    for path in (MASTER, DOCUMENTS):
        import_data(book, json.loads(path.read_text(encoding="utf-8")))
    page = DashboardPage(lambda: Book.open(book_path, user="老板"), as_of=dt.date(2026, 12, 31))
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    # Overdue INV-0001, SO-0001 not fully shipped, 2026-11 neither reviewed nor closed.
    tasks = [page.tasks.item(i).text() for i in range(page.tasks.count())]
    assert any("INV-0001" in t and "逾期" in t for t in tasks)
    assert any("SO-0001" in t for t in tasks)
    assert page.badges["high"].text().startswith("紧急 ") and int(page.badges["high"].text().split()[1]) >= 1
    chart = page.charts["sales_receipts"]
    assert chart.categories[-2:] == ("26-11", "26-12")
    sales, receipts = chart.series
    assert sales.values[-2:] == (67800.0, 0.0)
    assert receipts.values[-2] == 50000.0
    image = chart.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}
    assert QColor("#1f6feb").name() in colours  # the sales bars were drawn
    page.grab().save(str(tmp_path / "dashboard.png"))


def test_chart_scale_ends_at_the_round_number_at_or_above_the_peak(qtbot):
    from ui.widgets.trend_chart import Series, TrendChart
    chart = TrendChart("自动凭证占比")
    qtbot.addWidget(chart)
    for peak, top in ((1.0, 1), (67800.0, 70000), (13.0, 20), (0.0, 1.0)):
        chart.set_data(["26-11"], [Series("s", (peak,))])
        assert chart.top() == top
