"""Sort and search over a PagedTableModel: text search in every column, numbers sorted as numbers."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ui.models.paged_table import RawRole

Index = QModelIndex | QPersistentModelIndex


class ListFilterModel(QSortFilterProxyModel):
    """Case-insensitive search across all columns of the rows loaded so far."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: Index, right: Index) -> bool:
        # QVariant cannot compare Python Decimals, so compare the raw values here;
        # blanks sort first, and a number never meets a string within one column.
        a, b = left.data(RawRole), right.data(RawRole)
        if a is None or b is None:
            return a is None and b is not None
        if isinstance(a, int | Decimal) and isinstance(b, int | Decimal):
            return a < b
        return str(a).casefold() < str(b).casefold()
