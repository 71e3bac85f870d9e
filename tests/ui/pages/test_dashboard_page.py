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
    page.wait_loaded()  # the figures are computed on a worker
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
    for peak, top in ((1.0, 1), (67800.0, 70000), (13.0, 20), (0.0, 1.0), (47.0, 60), (5.0, 8)):
        chart.set_data(["26-11"], [Series("s", (peak,))])
        assert chart.top() == top


def test_dashboard_looks_at_the_books_current_period_not_today(qtbot, tmp_path):
    from usecases.setup import init_book
    path = tmp_path / "old.sqlite"
    init_book(path, "旧账套有限公司", start="2024-01").close()
    page = DashboardPage(lambda: Book.open(path, user="老板"))
    qtbot.addWidget(page)
    assert page.title.text() == "经营看板"  # the navigation's word, not 管理驾驶舱
    assert page.as_of == dt.date(2024, 1, 31)
    page.wait_loaded()
    assert page.charts["sales_receipts"].categories == ("24-01",)


def test_dashboard_never_looks_past_today(book):
    from storage.queries.periods import as_of_date
    assert as_of_date(book, today=dt.date(2026, 11, 12)) == dt.date(2026, 11, 12)
    assert as_of_date(book, today=dt.date(2027, 3, 1)) == dt.date(2026, 11, 30)


def test_chart_axis_figures_fit_and_large_amounts_read_in_wan(qtbot):
    from ui.widgets.trend_chart import Series, TrendChart
    chart = TrendChart("应收账龄", "元", kind="bar")
    qtbot.addWidget(chart)
    chart.set_data(["0-30"], [Series("应收", (1_730_000.0,))])
    assert chart.y_labels() == ["0", "50万", "100万", "150万", "200万"]
    chart.set_data(["0-30"], [Series("应收", (67_800.0,))])
    assert chart.y_labels()[-1] == "70,000"


def test_chart_categories_too_wide_for_their_slot_break_after_the_dash(qtbot):
    from ui.widgets.trend_chart import TrendChart
    chart = TrendChart("应收账龄", "元", kind="bar")
    qtbot.addWidget(chart)
    fm = chart.fontMetrics()
    narrow = fm.horizontalAdvance("181-365") - 1
    assert TrendChart.x_label_lines("181-365", narrow, fm) == ["181-", "365"]
    assert TrendChart.x_label_lines("24-01", fm.horizontalAdvance("24-01"), fm) == ["24-01"]
    elided = TrendChart.x_label_lines("很长的类别名称", fm.horizontalAdvance("很长"), fm)
    assert len(elided) == 1 and elided[0].endswith("…")


def test_a_chart_of_zero_sales_says_there_is_no_data(qtbot):
    from ui.widgets.trend_chart import Series, TrendChart
    chart = TrendChart("销售与回款", "元", kind="bar")
    qtbot.addWidget(chart)
    chart.set_data(["26-10", "26-11"], [Series("销售", (0.0, 0.0)), Series("回款", (0.0, None))])
    assert not chart.has_data()
    chart.set_data(["26-10", "26-11"], [Series("销售", (0.0, 5.0)), Series("回款", (0.0, None))])
    assert chart.has_data()
