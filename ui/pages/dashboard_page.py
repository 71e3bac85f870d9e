"""经营看板 (the managers' dashboard): the exceptions that need someone today (badges by severity, a task list) and month-by-
month trends of the process measures — order-to-cash, DSO, sales against receipts, close days, the
auto-voucher ratio — beside the receivables' aging buckets."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.people import ROLES
from storage.book import Book
from storage.queries.periods import as_of_date
from ui.pages.loader import PageLoader
from ui.widgets.trend_chart import Series, TrendChart
from usecases.dashboard import DashboardData, compute, months_up_to

SEVERITY_WORDS = {"high": "紧急", "medium": "关注", "low": "提示"}
ROLE_WORDS = {**ROLES, "manager": "老板"}  # alert roles are the people roles (issue 26)


# The last figures per book and day, shown at once when a page opens again while fresh ones load.
_LAST: dict[tuple[str, dt.date], DashboardData] = {}


class DashboardPage(QWidget):
    # An exception chosen (double-click or Enter): its subject {"type", "no"}, for the window to open.
    subject_requested = Signal(dict)

    def __init__(self, open_book: Callable[[], Book], parent: QWidget | None = None,
                 as_of: dt.date | None = None):
        super().__init__(parent)
        self.name = "dashboard"
        self._open_book = open_book
        self._book: Book | None = None
        self.as_of = as_of or as_of_date(self.book)
        self.title = QLabel("经营看板", objectName="pageTitle")  # the navigation's word
        self.loading = QLabel("正在刷新…", objectName="loading")
        self.error = QLabel(objectName="loadError", wordWrap=True)
        self.error.setVisible(False)
        self.badges = {s: QLabel(objectName=f"badge_{s}") for s in SEVERITY_WORDS}
        self.tasks = QListWidget(objectName="tasks")
        self.tasks.setWordWrap(True)  # messages are sentences; a manager reads them whole
        self.tasks.itemActivated.connect(self._chosen)
        self.task_kpi = QLabel(objectName="taskKpi", wordWrap=True)  # 流程任务完成率 and work per role
        self.charts = {
            "order_to_cash_days": TrendChart("回款周期（订单到收款）", "天"),
            "dso_days": TrendChart("应收账款周转天数 DSO", "天"),
            "sales_receipts": TrendChart("销售与回款", "元", kind="bar"),
            "aging": TrendChart("应收账龄", "元", kind="bar"),
            "close_days": TrendChart("结账用时（月末到结账）", "天", kind="bar"),
            "auto_voucher_ratio": TrendChart("自动凭证占比", "", kind="line"),
        }
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.loading)
        head.addStretch(1)
        for label in self.badges.values():
            head.addWidget(label)
        grid = QGridLayout()
        for i, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, i // 3, i % 3)
        body = QHBoxLayout()
        body.addLayout(grid, 3)
        side = QVBoxLayout()
        side.addWidget(self.task_kpi)
        side.addWidget(QLabel("待办（异常预警）"))
        side.addWidget(self.tasks, 1)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(head)
        layout.addWidget(self.error)
        layout.addLayout(body, 1)
        self.data: DashboardData | None = None
        self.loader = PageLoader(open_book, self)
        self.loader.loaded.connect(self._arrived)
        self.loader.failed.connect(self._failed)
        self.reload()

    @property
    def book(self) -> Book:
        if self._book is None:
            self._book = self._open_book()
        return self._book

    def months(self) -> list[str]:
        """The last MONTHS periods of the book up to the as-of month."""
        return months_up_to(self.book, self.as_of)

    def reload(self) -> None:
        """Show the last figures at once, then compute fresh ones on a worker (never on the GUI
        thread: at 50,000 orders the alerts, KPIs and aging took seconds) and show them on arrival."""
        last = _LAST.get(self._cache_key)
        if last is not None and self.data is None:
            self.show_data(last)
        as_of = self.as_of
        self.loading.setVisible(True)
        self.loader.load(lambda book: compute(book, as_of))

    @property
    def _cache_key(self) -> tuple[str, dt.date]:
        return (self.book.target, self.as_of)

    def _arrived(self, data: DashboardData) -> None:
        _LAST[self._cache_key] = data
        self.show_data(data)

    def _failed(self, message: str) -> None:
        self.loading.setVisible(False)
        self.error.setText(f"看板数据未能刷新：{message}")
        self.error.setVisible(True)

    def show_data(self, data: DashboardData) -> None:
        """Draw figures already computed: cheap, on the GUI thread."""
        self.data = data
        self.loading.setVisible(self.loader.busy)
        self.error.setVisible(False)
        found = data.alerts
        counts = Counter(a["severity"] for a in found)
        for s, label in self.badges.items():
            label.setText(f"{SEVERITY_WORDS[s]} {counts.get(s, 0)}")
        self.tasks.clear()
        order = {"high": 0, "medium": 1, "low": 2}
        for a in sorted(found, key=lambda a: (order[a["severity"]], a["since"])):
            item = QListWidgetItem(f"[{SEVERITY_WORDS[a['severity']]}·{ROLE_WORDS.get(a['role'], a['role'])}] "
                                   f"{a['message']}")
            item.setToolTip(f"{a['subject']['type']} {a['subject']['no']}，自 {a['since']}；双击或回车打开")
            item.setData(Qt.ItemDataRole.UserRole, a["subject"])
            self.tasks.addItem(item)
        self.task_kpi.setText(data.task_kpi)
        per = data.per_month
        labels = [m[2:] for m in data.months]  # '26-11': short enough under a bar
        for k in ("order_to_cash_days", "dso_days", "close_days", "auto_voucher_ratio"):
            self.charts[k].set_data(labels, [Series(self.charts[k].title, tuple(per[k]))])
        self.charts["sales_receipts"].set_data(labels, [Series("销售", tuple(per["sales"])),
                                                        Series("回款", tuple(per["receipts"]))])
        self.charts["aging"].set_data(data.aging_buckets, [Series("应收", data.aging_amounts)])

    def busy(self) -> bool:
        """Still computing (screenshots wait for it)."""
        return self.loader.busy

    def wait_loaded(self, ms: int = 30_000) -> None:
        """Tests and closing: let a running load finish and its figures arrive."""
        from PySide6.QtWidgets import QApplication
        self.loader.wait(ms)
        QApplication.processEvents()

    def _chosen(self, item: QListWidgetItem) -> None:
        subject = item.data(Qt.ItemDataRole.UserRole)
        if subject:
            self.subject_requested.emit(dict(subject))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.loader.wait()
        if self._book is not None:
            self._book.close()
            self._book = None
        super().closeEvent(event)
