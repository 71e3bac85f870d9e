"""A plain read-only table for small fixed content (document lines, report rows): money right-aligned
with thousands separators, negatives red, rows fitted to the font."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from domain.money import fmt_thousands
from ui.models.paged_table import LEFT, RED, RIGHT


def cell(value: object, bold: bool = False) -> QTableWidgetItem:
    if isinstance(value, Decimal):
        item = QTableWidgetItem(fmt_thousands(value) if value else "")
        item.setTextAlignment(RIGHT)
        if value < 0:
            item.setForeground(QBrush(RED))
    else:
        item = QTableWidgetItem("" if value is None else str(value))
        item.setTextAlignment(LEFT)
    if bold:
        font = QFont()
        font.setBold(True)
        item.setFont(font)
    return item


def read_only_table(headers: list[str], parent: QWidget | None = None, stretch: int | None = None,
                    numeric: tuple[int, ...] = ()) -> QTableWidget:
    """`numeric` columns have their headers right-aligned, over right-aligned figures."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    for c in numeric:
        table.horizontalHeaderItem(c).setTextAlignment(RIGHT)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch is None)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill(table: QTableWidget, rows: list[list[object]], bold_rows: set[int] = frozenset()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, cell(value, r in bold_rows))
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for c in range(table.columnCount()):
        header.resizeSection(c, max(90, header.sectionSize(c) + 16))
