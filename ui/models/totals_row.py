"""The totals row under a list: 合计 and the SQL sums of its total columns over every filtered row."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from ui.models.paged_table import LEFT, RED, RIGHT, PagedTableModel, display

Index = QModelIndex | QPersistentModelIndex
_TOP = QModelIndex()


class TotalsRowModel(QAbstractTableModel):
    def __init__(self, source: PagedTableModel, parent: QObject | None = None):
        super().__init__(parent)
        self._source = source
        source.modelReset.connect(self._changed)
        source.layoutChanged.connect(self._changed)

    def _changed(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(0, max(0, self.columnCount() - 1)))

    def rowCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else 1

    def columnCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else self._source.columnCount()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = index.column()
        value = self._source.totals.get(col)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return "合计"
            return display(value, self._source.spec.columns[col].kind) if value is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if col and self._source.spec.columns[col].numeric else LEFT
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and value is not None and value < 0:
            return QBrush(RED)
        return None
