"""The left navigation: sections (工作台, 销售, 采购 …) with their pages beneath."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyledItemDelegate, QWidget

PageRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2  # tasks waiting on the page, painted at the row's right end


class _CountDelegate(QStyledItemDelegate):
    """Paints a page's count of waiting tasks at the right of its row (the title stays the title)."""

    def paint(self, painter, option, index) -> None:  # noqa: D102 - Qt's method
        super().paint(painter, option, index)
        n = index.data(CountRole)
        if n:
            painter.save()
            painter.setPen(QColor("#c2410c"))
            painter.drawText(option.rect.adjusted(0, 0, -10, 0),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(n))
            painter.restore()


class NavigationList(QListWidget):
    page_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Only a user's choice navigates: a click, Enter, or moving through the list with the keys.
        # Not currentItemChanged: Qt makes the first row current when focus merely arrives in an
        # empty-handed list (say, when a saved form's tab is hidden), and that would open 工作台.
        self.setItemDelegate(_CountDelegate(self))
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)

    def add_group(self, title: str) -> None:
        item = QListWidgetItem(title)
        # A heading: visible but not selectable, so arrow keys skip it.
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setForeground(QColor("#5c6470"))
        self.addItem(item)

    def add_page(self, name: str, title: str, top: bool = False) -> None:
        """A page; `top` pages stand alone as their section (工作台, 设置) and read as headings."""
        item = QListWidgetItem(title)
        item.setData(PageRole, name)
        if top:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "top")
        self.addItem(item)

    def item_for(self, name: str) -> QListWidgetItem:
        for row in range(self.count()):
            if self.item(row).data(PageRole) == name:
                return self.item(row)
        raise KeyError(name)

    def set_count(self, name: str, n: int) -> None:
        """Show beside a page how many tasks wait there (issue 26); nothing at 0."""
        try:
            item = self.item_for(name)
        except KeyError:
            return
        item.setData(CountRole, n)
        item.setToolTip(f"{n} 项待办" if n else "")

    def select_page(self, name: str) -> None:
        self.setCurrentItem(self.item_for(name))
        self.page_chosen.emit(name)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        before = self.currentItem()
        super().keyPressEvent(event)
        if self.currentItem() is not before:  # arrows, Home/End, typing a title's first letter
            self._chosen(self.currentItem())

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.data(PageRole):
            self.page_chosen.emit(item.data(PageRole))
