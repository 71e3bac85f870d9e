"""F1 (帮助 → 快捷键): every key of the window, read from ui/shortcuts.py, the table the actions
themselves are built from."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import shortcuts


class KeysDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("keys")
        self.setWindowTitle("快捷键")
        rows = shortcuts.ALL
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["按键", "功能", "在哪里"])
        for r, key in enumerate(rows):
            for c, text in enumerate((key.shown, key.plain_title(), key.where)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        QVBoxLayout(self).addWidget(self.table)
        self.resize(720, 640)

    def keys_listed(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]
