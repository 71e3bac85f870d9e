"""我的任务: the logged-in person's inbox on the home page (issue 26) — the work waiting for their
roles, counted by kind; double-click (or Enter) opens the document or the page where it is done.
Shown only in a book with people; a task disappears when anyone has done its work (F5 / any change)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext


class InboxPanel(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent, objectName="card")
        self.ctx = ctx
        self.title = QLabel(objectName="sectionTitle")
        self.table = QTableWidget(0, 4, objectName="inbox_table")
        self.table.setHorizontalHeaderLabels(["角色", "任务", "对象", "说明"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(220)
        self.table.cellDoubleClicked.connect(self.open_task)
        col = QVBoxLayout(self)
        col.setContentsMargins(16, 10, 16, 10)
        col.addWidget(self.title)
        col.addWidget(self.table)
        self.tasks: list = []
        ctx.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        from usecases.tasks import counts, tasks_for
        with self.ctx.book.reading():
            self.tasks = tasks_for(self.ctx.book, self.ctx.book.user, dt.date.today())
        by_kind = counts(self.tasks)
        titles = {t.kind: t.title for t in self.tasks}
        summary = "　".join(f"{titles[k]} {n}" for k, n in by_kind.items())
        self.title.setText(f"我的任务（{self.ctx.book.user}）：{summary or '没有待办的任务'}")
        self.table.setRowCount(len(self.tasks))
        for r, t in enumerate(self.tasks):
            for c, text in enumerate((t.as_json()["role_name"], t.title, t.subject_no, t.message)):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def open_task(self, row: int, _col: int = 0) -> None:
        from ui.people.open_task import open_alert
        t = self.tasks[row]
        self.ctx.book.refresh()
        open_alert(self.ctx, {"type": t.subject_type, "no": t.subject_no}, None if t.page == "dashboard" else t.page)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentRow() >= 0:
            self.open_task(self.table.currentRow())
            return
        super().keyPressEvent(event)


def inbox_if_team(ctx: AppContext) -> InboxPanel | None:
    """The inbox, in a book with people; None otherwise (the home page stays as it was)."""
    from usecases.people import has_people
    with ctx.book.reading():
        team = has_people(ctx.book)
    return InboxPanel(ctx) if team else None
