"""经营看板 (the managers' dashboard): the exceptions that need someone today (badges by severity, a task list) and month-by-
month trends of the process measures — order-to-cash, DSO, sales against receipts, close days, the
auto-voucher ratio — beside the receivables' aging buckets."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

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
from sqlalchemy import func, select

from domain.people import ROLES
from domain.periods import period_end, period_of, prev_period
from storage.book import Book
from storage.models import Period
from storage.queries.periods import as_of_date
from ui.widgets.trend_chart import Series, TrendChart

SEVERITY_WORDS = {"high": "紧急", "medium": "关注", "low": "提示"}
ROLE_WORDS = {**ROLES, "manager": "老板"}  # alert roles are the people roles (issue 26)
MONTHS = 6


def _num(value: str | None) -> float | None:
    return None if value is None else float(Decimal(value))  # to place pixels only


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
        layout.addLayout(body, 1)
        self.reload()

    @property
    def book(self) -> Book:
        if self._book is None:
            self._book = self._open_book()
        return self._book

    def months(self) -> list[str]:
        """The last MONTHS periods of the book up to the as-of month."""
        book = self.book
        first = book.session.scalar(select(func.min(Period.period)))
        last = period_of(self.as_of)
        out = [last]
        while len(out) < MONTHS and first and out[0] > first:
            out.insert(0, prev_period(out[0]))
        return out

    def reload(self) -> None:
        from reports.aging import aging
        from storage.queries.kpi import measures
        from usecases.alerts import raise_alerts
        self.book.refresh()
        found = raise_alerts(self.book, self.as_of)
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
        self._show_task_kpi()
        months = self.months()
        per: dict[str, list[float | None]] = {k: [] for k in ("order_to_cash_days", "dso_days", "close_days",
                                                               "auto_voucher_ratio", "sales", "receipts")}
        for m in months:
            got = {x["name"]: x["value"] for x in measures(self.book, m, m)}
            for k in per:
                per[k].append(_num(got.get(k)))
        labels = [m[2:] for m in months]  # '26-11': short enough under a bar
        for k in ("order_to_cash_days", "dso_days", "close_days", "auto_voucher_ratio"):
            self.charts[k].set_data(labels, [Series(self.charts[k].title, tuple(per[k]))])
        self.charts["sales_receipts"].set_data(labels, [Series("销售", tuple(per["sales"])),
                                                        Series("回款", tuple(per["receipts"]))])
        ag = aging(self.book, min(self.as_of, period_end(months[-1])))
        self.charts["aging"].set_data(ag["buckets"], [Series("应收", tuple(float(x) for x in ag["totals"]["amounts"]))])

    def _chosen(self, item: QListWidgetItem) -> None:
        subject = item.data(Qt.ItemDataRole.UserRole)
        if subject:
            self.subject_requested.emit(dict(subject))

    def _show_task_kpi(self) -> None:
        """流程任务完成率 over the last 30 days and the tasks waiting per role (issue 26)."""
        from storage.queries.tasks_kept import completion, open_by_role
        got = completion(self.book, self.as_of - dt.timedelta(days=30), self.as_of)
        rate = "—" if got["rate"] is None else f"{got['rate'] * 100:.0f}%"
        hours = "" if got["hours"] is None else f"，平均 {got['hours']:.1f} 小时完成"
        waiting = "、".join(f"{ROLES.get(r, r)} {n}" for r, n in sorted(open_by_role(self.book).items()))
        self.task_kpi.setText(f"流程任务完成率（近30天）：{rate}（{got['on_time']}/{got['due']}）{hours}\n"
                              f"待办任务：{waiting or '无'}")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if self._book is not None:
            self._book.close()
            self._book = None
        super().closeEvent(event)
