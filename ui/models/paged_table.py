"""A read-only table model over one ListSpec: pages fetched by keyset as the view scrolls, sorting
and searching done by the query in SQL (so they are right over every row, not the loaded ones)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from domain.money import fmt_qty, fmt_thousands
from storage.book import Book
from storage.queries.lists import ListQuery, ListSpec

Index = QModelIndex | QPersistentModelIndex
_TOP = QModelIndex()  # the invalid index: the table's root, parent of every row

# The raw value (Decimal, int, str, None) of a cell, and the row's key (what opens on Enter).
RawRole = Qt.ItemDataRole.UserRole + 1
KeyRole = Qt.ItemDataRole.UserRole + 2

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter
RED = QColor("#d0312d")
# Status colours: what still waits is amber, what is finished green, what is stopped grey.
STATUS_COLOURS = {"未审核": "#b26a00", "未完成": "#b26a00", "部分完成": "#1e6fd9", "已审核": "#1e6fd9",
                  "已记账": "#2e7d32", "已完成": "#2e7d32", "已关闭": "#8a919f", "停用": "#8a919f"}


def display(value: object, kind: str = "money") -> str:
    """How a list value reads on screen: money with thousands separators, None as blank."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if kind == "qty":
            return fmt_qty(value)
        if kind == "rate":
            return f"{(value * 100).normalize():f}%"
        return fmt_thousands(value)
    return str(value)


class PagedTableModel(QAbstractTableModel):
    """Rows of `spec` in `book` for a ListQuery; the view pulls further pages via fetchMore."""

    PAGE = 200

    def __init__(self, spec: ListSpec, book: Book, parent: QObject | None = None,
                 query: ListQuery | None = None):
        super().__init__(parent)
        self.spec = spec
        self._book = book
        self._query = query or ListQuery()
        self._rows: list[tuple] = []
        self._cursor: tuple | None = None
        self._total = 0
        self.totals: dict[int, Decimal] = {}
        self._load_first_page()

    @property
    def total(self) -> int:
        """How many rows the list has under the current search and filters, loaded or not."""
        return self._total

    @property
    def query(self) -> ListQuery:
        return replace(self._query)

    def set_query(self, query: ListQuery) -> None:
        """Search, filter or sort anew: the first page of the new query replaces what was loaded."""
        self._query = replace(query)
        self.refresh()

    def refresh(self) -> None:
        """Forget loaded rows and start again from the first page (after the book changed)."""
        self.beginResetModel()
        self._load_first_page()
        self.endResetModel()

    def _load_first_page(self) -> None:
        self._total, self.totals = self.spec.tally(self._book, self._query)
        self._rows, self._cursor = (self.spec.page(self._book, self._query, None, self.PAGE)
                                    if self._total else ([], None))

    def key(self, row: int) -> Any:
        return self._rows[row][-1]

    # ---- shape --------------------------------------------------------------------------
    def rowCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else len(self.spec.columns)

    def canFetchMore(self, parent: Index = _TOP) -> bool:
        return not parent.isValid() and len(self._rows) < self._total and self._cursor is not None

    def fetchMore(self, parent: Index = _TOP) -> None:
        if not self.canFetchMore(parent):
            return
        rows, cursor = self.spec.page(self._book, self._query, self._cursor, self.PAGE)
        if not rows:
            # Rows were deleted since the count; stop asking instead of fetching forever.
            self._total = len(self._rows)
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self._cursor = cursor
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the query orders by that column in SQL and paging starts again."""
        self.layoutAboutToBeChanged.emit()
        self._query.sort = column if 0 <= column < len(self.spec.columns) else None
        self._query.descending = order == Qt.SortOrder.DescendingOrder
        # the same rows in another order: the count and totals stand, only the first page is read again
        self._rows, self._cursor = (self.spec.page(self._book, self._query, None, self.PAGE)
                                    if self._total else ([], None))
        self.layoutChanged.emit()

    # ---- content ------------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.spec.columns[index.column()]
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value, column.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column.numeric else (CENTER if column.kind == "status" else LEFT)
        if role == Qt.ItemDataRole.ForegroundRole:
            if isinstance(value, Decimal) and value < 0:
                return QBrush(RED)
            if column.kind == "status" and value in STATUS_COLOURS:
                return QBrush(QColor(STATUS_COLOURS[value]))
            return None
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and len(value) > 12:
            return value  # whole when the column (capped in width) elides it
        if role == RawRole:
            return value
        if role == KeyRole:
            return self._rows[index.row()][-1]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.spec.columns):
            return None
        column = self.spec.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column.numeric else LEFT
        return None
