"""The main window: grouped navigation on the left, list pages on the right, book facts below."""
from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from storage.book import Book
from storage.queries.lists import LISTS
from ui import theme
from ui.navigation import NavigationList
from ui.pages.list_page import ListPage

NAVIGATION: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("基础资料", ("customers", "suppliers", "items", "warehouses", "bank_accounts")),
    ("总账", ("accounts", "vouchers")),
    ("业务", ("documents",)),
)


class MainWindow(QMainWindow):
    def __init__(self, book: Book, parent: QWidget | None = None):
        super().__init__(parent)
        self.book = book
        company = book.settings.get("company", "")
        self.setWindowTitle(f"账房 Zhangfang — {company}")
        self.setStyleSheet(theme.STYLESHEET)
        self.resize(1280, 800)

        self.nav = NavigationList()
        self.stack = QStackedWidget()
        self.pages: dict[str, ListPage] = {}
        for group, names in NAVIGATION:
            self.nav.add_group(group)
            for name in names:
                self.pages[name] = page = ListPage(LISTS[name], book)
                self.stack.addWidget(page)
                self.nav.add_page(name, LISTS[name].title)
        self.nav.page_chosen.connect(lambda name: self.stack.setCurrentWidget(self.pages[name]))

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self._sidebar(company))
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._menus()
        self._status_bar()
        self.show_page(NAVIGATION[0][1][0])

    def _sidebar(self, company: str) -> QWidget:
        side = QWidget(objectName="sidebar")
        side.setFixedWidth(212)
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 8)
        col.setSpacing(0)
        col.addWidget(QLabel("账房", objectName="brand"))
        name = QLabel(company, objectName="company", wordWrap=True)
        col.addWidget(name)
        col.addWidget(self.nav, 1)
        return side

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        refresh = QAction("刷新(&R)", self, shortcut=QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(lambda: self.current_page().refresh())
        quit_ = QAction("退出(&X)", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_.triggered.connect(self.close)
        file_menu.addActions([refresh, quit_])
        about = QAction("关于账房(&A)", self)
        about.triggered.connect(self._about)
        self.menuBar().addMenu("帮助(&H)").addAction(about)

    def _status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        for text in (f"账套：{self.book.target}", f"用户：{self.book.user}",
                     f"启用期间：{self.book.settings.get('start_period', '—')}"):
            bar.addWidget(QLabel(text))

    def _about(self) -> None:
        QMessageBox.about(self, "关于账房", "账房 Zhangfang\n业财一体的小企业账务软件。\n"
                          "Business flow and books as one, for small finance teams.")

    def page_names(self) -> list[str]:
        return list(self.pages)

    def current_page(self) -> ListPage:
        page = self.stack.currentWidget()
        assert isinstance(page, ListPage)
        return page

    def show_page(self, name: str) -> None:
        self.nav.select_page(name)
