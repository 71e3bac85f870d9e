"""A read-only table model over one ListSpec, loading rows a page at a time."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from domain.money import fmt_thousands
from storage.book import Book
from storage.queries.lists import ListSpec

Index = QModelIndex | QPersistentModelIndex
_TOP = QModelIndex()  # the invalid index: the table's root, parent of every row

# The raw value (Decimal, int, str, None) of a cell, for sorting numbers as numbers.
RawRole = Qt.ItemDataRole.UserRole + 1

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def display(value: object) -> str:
    """How a list value reads on screen: money with thousands separators, None as blank."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt_thousands(value)
    return str(value)


class PagedTableModel(QAbstractTableModel):
    """Rows of `spec` in `book`; the view pulls further pages through canFetchMore/fetchMore."""

    PAGE = 200

    def __init__(self, spec: ListSpec, book: Book, parent: QObject | None = None):
        super().__init__(parent)
        self.spec = spec
        self._book = book
        self._rows: list[tuple] = []
        self._total = 0
        self._load_first_page()

    @property
    def total(self) -> int:
        """How many rows the list has in the book, loaded or not."""
        return self._total

    def refresh(self) -> None:
        """Forget loaded rows and start again from the first page (after the book changed)."""
        self.beginResetModel()
        self._load_first_page()
        self.endResetModel()

    def _load_first_page(self) -> None:
        self._total = self.spec.count(self._book)
        self._rows = self.spec.page(self._book, 0, self.PAGE) if self._total else []

    # ---- shape --------------------------------------------------------------------------
    def rowCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else len(self.spec.columns)

    def canFetchMore(self, parent: Index = _TOP) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = _TOP) -> None:
        if not self.canFetchMore(parent):
            return
        start = len(self._rows)
        rows = self.spec.page(self._book, start, self.PAGE)
        if not rows:
            # Rows were deleted since the count; stop asking instead of fetching forever.
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    # ---- content ------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.spec.columns[index.column()].numeric else _LEFT
        if role == RawRole:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.spec.columns):
            return None
        column = self.spec.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        return None
