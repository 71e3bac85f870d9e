"""设置 → 操作日志: the operation log searched by person, day range, action and record, newest last,
with the values before and after each change. What the command line's `log` writes, on screen."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain.errors import Rejected
from reports.oplog import change_text
from ui.context import AppContext
from ui.forms.problems import said

SHOWN = 2000  # the newest entries a search shows; narrow the search for older ones


class LogPage(QWidget):
    COLUMNS = ("序号", "时间", "操作人", "操作", "对象", "内容", "修改前后", "原因")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        today = QDate.currentDate()
        self.first = QDateEdit(today.addDays(-30), objectName="log_from", calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.last = QDateEdit(today, objectName="log_to", calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.person = QLineEdit(objectName="log_person", placeholderText="操作人")
        self.action = QLineEdit(objectName="log_action", placeholderText="操作（如 post、login）")
        self.record = QLineEdit(objectName="log_record", placeholderText="对象（如 SO-、记-3）")
        search = QPushButton("查询", objectName="log_search")
        search.clicked.connect(self.reload)
        bar = QHBoxLayout()
        for label, w in (("从", self.first), ("至", self.last)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        for w in (self.person, self.action, self.record, search):
            bar.addWidget(w)
        for w in (self.action, self.record):  # the placeholder's example whole, not "操作（如 post、lo…"
            w.setMinimumWidth(w.fontMetrics().horizontalAdvance(w.placeholderText()) + 24)
        bar.addStretch(1)
        self.table = QTableWidget(0, len(self.COLUMNS), objectName="log_table")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)  # 序号 is the entry's place in the chain
        self.status = QLabel("", objectName="log_status")
        col = QVBoxLayout(self)
        col.addWidget(QLabel("操作日志", objectName="page_title"))
        col.addLayout(bar)
        col.addWidget(self.table, 1)
        col.addWidget(self.status)
        self.reload()

    def _fit_columns(self) -> None:
        """As wide as the entries shown (long 内容 and 修改前后 capped, whole in their tooltip), so at
        1280 the columns fit rather than pushing 修改前后 and 原因 out of view."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for c in range(len(self.COLUMNS) - 1):
            header.resizeSection(c, min(header.sectionSize(c) + 12, 320 if c in (5, 6) else 200))

    def reload(self) -> None:
        from storage.oplog import search
        from usecases.access import check
        first = dt.date.fromisoformat(self.first.date().toString("yyyy-MM-dd"))
        last = dt.date.fromisoformat(self.last.date().toString("yyyy-MM-dd"))
        try:
            with self.ctx.book.reading():
                check(self.ctx.book, "log")
                rows = search(self.ctx.book, first, last, user=self.person.text().strip() or None,
                              action=self.action.text().strip() or None, record=self.record.text().strip() or None,
                              limit=SHOWN)
        except Rejected as e:
            self.table.setRowCount(0)
            self.status.setText(said(e))
            return
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            values = (str(e["seq"]), e["at"][:19], e["user"], e["action_name"], e["record"] or "", e["detail"] or "",
                      change_text(e["before"], e["after"]), e["reason"] or "")
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text if len(text) > 20 else "")  # a long 内容 or 修改前后 whole on hover
                self.table.setItem(r, c, item)
        self._fit_columns()
        self.status.setText(f"{len(rows)} 条" + (f"（只显示最新的 {SHOWN} 条，请缩小查询范围）" if len(rows) >= SHOWN else ""))
