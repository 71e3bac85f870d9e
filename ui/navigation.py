"""The left navigation: page names grouped under headings (基础资料, 总账, 业务)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

PageRole = Qt.ItemDataRole.UserRole + 1


class NavigationList(QListWidget):
    page_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.currentItemChanged.connect(self._chosen)

    def add_group(self, title: str) -> None:
        item = QListWidgetItem(title)
        # A heading: visible but not selectable, so arrow keys skip it.
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 0.9)
        item.setFont(font)
        item.setForeground(QColor("#8a919f"))
        self.addItem(item)

    def add_page(self, name: str, title: str) -> None:
        item = QListWidgetItem(title)
        item.setData(PageRole, name)
        self.addItem(item)

    def item_for(self, name: str) -> QListWidgetItem:
        for row in range(self.count()):
            if self.item(row).data(PageRole) == name:
                return self.item(row)
        raise KeyError(name)

    def select_page(self, name: str) -> None:
        self.setCurrentItem(self.item_for(name))

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(PageRole):
            self.page_chosen.emit(item.data(PageRole))
