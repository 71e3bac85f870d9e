"""A page listing one ListSpec: title, search box, a paged table and a row count."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.book import Book
from storage.queries.lists import ListSpec
from ui.models.list_filter import ListFilterModel
from ui.models.paged_table import PagedTableModel

# Column widths fitted to the first page, kept within reason so one long name
# cannot push the other columns off screen nor a two-character header collapse.
MIN_COLUMN = 72
MAX_COLUMN = 320
# A search only sees loaded rows; pull in more while it finds little, but stop here
# so typing in a list of 200,000 rows never freezes the window.
SEARCH_LOAD_CAP = 5000


class ListPage(QWidget):
    def __init__(self, spec: ListSpec, book: Book, parent: QWidget | None = None):
        super().__init__(parent)
        self.name = spec.name
        self.model = PagedTableModel(spec, book, self)
        self.proxy = ListFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.title = QLabel(spec.title, objectName="pageTitle")
        self.search = QLineEdit(placeholderText="搜索…", objectName="search", clearButtonEnabled=True)
        self.search.setFixedWidth(260)
        self.table = self._make_table()
        self.status = QLabel(objectName="listStatus")

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.search.textChanged.connect(self._search)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_status)
        self._fit_columns()
        self._update_status()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.proxy)
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # No sort column yet: keep the book's own order (codes, dates) until a header is clicked.
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        return table

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for col in range(self.model.columnCount()):
            width = header.sectionSize(col) + 24
            header.resizeSection(col, max(MIN_COLUMN, min(MAX_COLUMN, width)))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def refresh(self) -> None:
        self.model.refresh()
        self._search(self.search.text())

    def _search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        while (text.strip() and self.proxy.rowCount() < PagedTableModel.PAGE
               and self.model.canFetchMore() and self.model.rowCount() < SEARCH_LOAD_CAP):
            self.model.fetchMore()
        self._update_status()

    def _update_status(self) -> None:
        total = self.model.total
        if not self.proxy.filterRegularExpression().pattern():
            self.status.setText(f"共 {total} 条")
            return
        text = f"找到 {self.proxy.rowCount()} 条 · 共 {total} 条"
        if self.model.rowCount() < total:
            text += f"（只搜索了已载入的 {self.model.rowCount()} 条）"
        self.status.setText(text)
