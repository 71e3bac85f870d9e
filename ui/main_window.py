"""The main window: sections and pages on the left, pages and documents in tabs on the right,
the book, current period and user below. Pages are built when first shown (ui/pages/registry.py)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from storage.book import Book
from storage.queries.periods import current_period
from ui import prefs, theme
from ui.context import AppContext
from ui.navigation import NavigationList
from ui.pages import registry


class MainWindow(QMainWindow):
    def __init__(self, book: Book, parent: QWidget | None = None):
        super().__init__(parent)
        self.book = book
        self.ctx = AppContext(book, self)
        self.ctx.open_document = self.open_document
        self.ctx.open_voucher = self.open_voucher
        self.ctx.show_page = self.show_page
        self.ctx.new_document = self.new_document
        self.ctx.open_tab = self.open_tab
        self.ctx.changed.connect(self._update_status)
        company = book.settings.get("company", "")
        from storage.db import is_read_only
        self.read_only = is_read_only(book.engine)  # every save is then refused in words
        self.setWindowTitle(f"账房 Zhangfang — {company}" + ("（只读）" if self.read_only else ""))
        self.setStyleSheet(theme.STYLESHEET)
        self.setMinimumSize(960, 600)

        self.entries = {p.key: p for p in registry.pages()}
        self.nav = NavigationList()
        self._fill_navigation()
        self.tabs = QTabWidget(objectName="tabs", documentMode=True, tabsClosable=True, movable=True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._sync_navigation)
        self._tab_keys: dict[str, QWidget] = {}
        self.nav.page_chosen.connect(self.show_page)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self._sidebar(company))
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([200, 1200])
        self.setCentralWidget(self.splitter)
        self._menus()
        self._watch_verbs()
        self._status_bar()
        self._restore()
        self.show_page("home")
        from ui.people.task_counts import attach as attach_task_counts  # waiting work per page (issue 26)
        attach_task_counts(self.ctx, self.nav)

    # ---- building -------------------------------------------------------------------------
    def _fill_navigation(self) -> None:
        by_section: dict[str, list[registry.PageEntry]] = {}
        for p in self.entries.values():
            by_section.setdefault(p.section, []).append(p)
        for section in registry.SECTIONS:
            entries = by_section.get(section, [])
            if len(entries) == 1 and entries[0].title == section:
                self.nav.add_page(entries[0].key, section, top=True)
                continue
            if entries:
                self.nav.add_group(section)
                for p in entries:
                    self.nav.add_page(p.key, p.title)

    def _sidebar(self, company: str) -> QWidget:
        side = QWidget(objectName="sidebar")
        side.setMinimumWidth(160)
        side.setMaximumWidth(320)
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 8)
        col.setSpacing(0)
        col.addWidget(QLabel("账房", objectName="brand"))
        col.addWidget(QLabel(company, objectName="company", wordWrap=True))
        col.addWidget(self.nav, 1)
        return side

    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        from ui import book_actions, import_actions
        from ui.people.server_book import open_server_book
        file_menu.addActions([
            self._action("新建单据(&N)", self.new_in_current, QKeySequence.StandardKey.New),
            self._action("保存(&S)", lambda: self._delegate("save"), QKeySequence.StandardKey.Save),
            self._action("打印(&P)…", self.print_current, QKeySequence.StandardKey.Print),
            self._action("导入(&I)…", lambda: import_actions.import_file(self), "Ctrl+I")])
        file_menu.addSeparator()
        file_menu.addActions([
            self._action("新建账套…", lambda: book_actions.create_book(self)),
            self._action("打开账套…", lambda: book_actions.open_book(self)),
            self._action("打开服务器账套…", lambda: open_server_book(self)),  # issue 26 part 5
            self._action("备份账套…", lambda: book_actions.backup(self)),
            self._action("恢复账套…", lambda: book_actions.restore(self))])
        file_menu.addSeparator()
        file_menu.addAction(self._action("切换用户(&U)…", self.switch_user, "Ctrl+L"))  # locks until a login
        file_menu.addAction(self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit))
        edit = bar.addMenu("编辑(&E)")
        edit.addActions([
            self._action("查找(&F)", lambda: self._delegate("focus_search"), QKeySequence.StandardKey.Find)])
        view = bar.addMenu("查看(&V)")
        view.addActions([
            self._action("刷新(&R)", self.refresh, "F5"),
            self._action("关闭当前页(&C)", self.close_current, "Esc"),
            self._action("工作台(&H)", lambda: self.show_page("home"), "Ctrl+1")])
        settings_menu = bar.addMenu("设置(&S)")
        settings_menu.addActions([
            self._action("期初余额(&O)", lambda: self.show_page("openings")),  # issues 27, 30
            self._action("用户与权限(&U)", lambda: self.show_page("people")),
            self._action("操作日志(&L)", lambda: self.show_page("oplog"))])
        about = self._action("关于账房(&A)", self._about)
        bar.addMenu("帮助(&H)").addAction(about)

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.book_label = QLabel(f"账套：{self.book.target}" + ("　只读：不能保存任何修改" if self.read_only else ""))
        self.period_label = QLabel()
        self.user_label = QLabel(f"用户：{self.book.user}")
        bar.addWidget(self.book_label, 1)
        bar.addPermanentWidget(self.period_label)
        bar.addPermanentWidget(self.user_label)
        self._update_status()

    def _update_status(self) -> None:
        self.period_label.setText(f"当前期间：{current_period(self.book)}")

    def _restore(self) -> None:
        s = prefs.settings()
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            # fit the screen (a 1366×768 laptop with its task bar included), never a fixed size
            screen = self.screen().availableGeometry() if self.screen() else None
            width = min(1440, int(screen.width() * 0.94)) if screen else 1280
            height = min(900, int(screen.height() * 0.92)) if screen else 760
            self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))
        splitter = s.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        s = prefs.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        super().closeEvent(event)

    # ---- tabs -----------------------------------------------------------------------------
    def open_tab(self, key: str, title: str, widget: QWidget | Callable[[], QWidget]) -> QWidget:
        """Activate the tab `key`, building it with `widget` (or a factory) when not yet open."""
        existing = self._tab_keys.get(key)
        if existing is None:
            existing = widget() if callable(widget) and not isinstance(widget, QWidget) else widget
            existing.setProperty("tab_key", key)
            self._tab_keys[key] = existing
            index = self.tabs.addTab(existing, title)
            if key == "home":
                self.tabs.tabBar().setTabButton(index, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.setCurrentWidget(existing)
        return existing

    def show_page(self, key: str) -> None:
        entry = self.entries[key]
        self.open_tab(key, entry.title, lambda: entry.factory(self.ctx))
        self.nav.blockSignals(True)
        self.nav.setCurrentItem(self.nav.item_for(key))
        self.nav.blockSignals(False)

    def _sync_navigation(self, _index: int) -> None:
        """The navigation marks the page whose tab is shown, and nothing while a document is."""
        widget = self.tabs.currentWidget()
        key = widget.property("tab_key") if widget is not None else None
        self.nav.blockSignals(True)
        if key in self.entries:
            self.nav.setCurrentItem(self.nav.item_for(key))
        else:
            self.nav.setCurrentItem(None)
            self.nav.clearSelection()
        self.nav.blockSignals(False)

    def page(self, key: str) -> QWidget | None:
        return self._tab_keys.get(key)

    def page_names(self) -> list[str]:
        return list(self.entries)

    def current_page(self) -> QWidget:
        return self.tabs.currentWidget()

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        key = widget.property("tab_key")
        if key == "home":
            return
        if hasattr(widget, "may_close") and not widget.may_close():
            return
        self.tabs.removeTab(index)
        self._tab_keys.pop(key, None)
        widget.deleteLater()

    def close_current_unasked(self) -> None:
        """Close the current tab without asking about unsaved entries (screenshots, tests)."""
        widget = self.tabs.currentWidget()
        if widget is None or widget.property("tab_key") == "home":
            return
        self._tab_keys.pop(widget.property("tab_key"), None)
        self.tabs.removeTab(self.tabs.currentIndex())
        widget.deleteLater()

    def close_current(self) -> None:
        if self.tabs.currentIndex() >= 0:
            self.close_tab(self.tabs.currentIndex())

    def retitle(self, widget: QWidget, key: str, title: str) -> None:
        """A new document saved: its tab now stands for the document (and is found by its key)."""
        old = widget.property("tab_key")
        self._tab_keys.pop(old, None)
        widget.setProperty("tab_key", key)
        self._tab_keys[key] = widget
        self.tabs.setTabText(self.tabs.indexOf(widget), title)

    # ---- documents ------------------------------------------------------------------------
    def open_document(self, doc_id: int) -> None:
        from ui.forms.document_view import DocumentView
        view = self.open_tab(f"doc:{doc_id}", "单据", lambda: DocumentView(self.ctx, doc_id))
        self.tabs.setTabText(self.tabs.indexOf(view), view.tab_title())

    def open_voucher(self, voucher_id: int) -> None:
        from ui.forms.voucher_view import VoucherView
        view = self.open_tab(f"voucher:{voucher_id}", "凭证", lambda: VoucherView(self.ctx, voucher_id))
        self.tabs.setTabText(self.tabs.indexOf(view), view.tab_title())

    _new_count = 0

    def new_document(self, doc_type: str, **prefill: Any) -> QWidget:
        """A new document's entry tab, pre-filled by push-down (下推) when `prefill` names a source."""
        from ui.forms.factory import entry_form
        MainWindow._new_count += 1
        form = entry_form(self.ctx, doc_type, **prefill)
        form.saved.connect(lambda doc_id, f=form: self._saved(f, doc_id))
        tab = self.open_tab(f"new:{doc_type}:{self._new_count}", form.tab_title(), form)
        # the cursor starts in the first field to type in (a push-down's source number is read-only)
        first = next((w for w in getattr(form, "_order", []) if not getattr(w, "isReadOnly", lambda: False)()), None)
        if first is not None:
            first.setFocus()
        else:
            form.enter_body()
        return tab

    def _saved(self, form: QWidget, doc_id: int) -> None:
        """A document was saved: its entry tab gives way to the document itself."""
        index = self.tabs.indexOf(form)
        self._tab_keys.pop(form.property("tab_key"), None)
        self.open_document(doc_id)
        if index >= 0:
            self.tabs.removeTab(self.tabs.indexOf(form))
            form.deleteLater()

    def new_in_current(self) -> None:
        page = self.current_page()
        if hasattr(page, "new"):
            page.new()

    # ---- verbs ----------------------------------------------------------------------------
    def _delegate(self, verb: str) -> None:
        page = self.current_page()
        if hasattr(page, verb):
            getattr(page, verb)()

    # 新建单据 and 保存 act on the current tab; where it has nothing for them they are disabled and say why
    VERBS = {"新建单据": ("new", "当前页面不能新建：先打开一个单据或基础资料列表（如 销售订单、客户）"),
             "保存": ("save", "当前页面没有要保存的内容：保存用于正在录入的单据或凭证")}

    def _watch_verbs(self) -> None:
        from PySide6.QtWidgets import QMenu
        for menu in self.menuBar().findChildren(QMenu):
            menu.setToolTipsVisible(True)  # a disabled entry's reason shows on hover
        self._verbs = {a.text().split("(")[0]: a for a in self.actions() if a.text().split("(")[0] in self.VERBS}
        self.tabs.currentChanged.connect(lambda _i: self.update_verbs())

    def update_verbs(self) -> None:
        page = self.current_page()
        for name, action in getattr(self, "_verbs", {}).items():
            verb, why = self.VERBS[name]
            able = page is not None and hasattr(page, verb) and self._can(page, verb)
            action.setEnabled(able)
            action.setToolTip(action.text().split("(")[0] if able else why)

    @staticmethod
    def _can(page: QWidget, verb: str) -> bool:
        """A list page offers 新建 only for documents and master data it can create."""
        if verb == "new" and hasattr(page, "spec"):
            from ui.pages.list_page import CREATABLE, MASTER
            return page.spec.doc_type in CREATABLE or (page.spec.opens in MASTER and page.spec.name != "stock")
        import inspect  # 报表中心's save(fmt, path) is its dialog's, not Ctrl+S's
        return all(p.default is not p.empty for p in inspect.signature(getattr(page, verb)).parameters.values())

    def print_current(self) -> None:
        page = self.current_page()
        if hasattr(page, "print_"):
            page.print_()
        elif page is not None:
            from ui.printing import print_widget
            print_widget(page)

    def refresh(self) -> None:
        """F5: let go of the read snapshot, then every open page reloads what it shows."""
        self.ctx.refresh()

    def switch_user(self) -> None:
        """文件 → 切换用户 (Ctrl+L): the window locks (its pages hidden) until someone logs in; another
        person's login closes the open documents and acts as them from then on."""
        from ui.people.login import log_in
        from usecases.people import has_people, logout
        with self.book.reading():
            if not has_people(self.book):
                QMessageBox.information(self, "切换用户", "本账套还没有用户：在 设置 → 用户与权限 新增用户后即可登录与切换。")
                return
        logout(self.book, via="window")
        self.centralWidget().setVisible(False)
        try:
            name = None
            while name is None:
                name = log_in(self.book, self, locked_by=self.book.user)
                if name is None and QMessageBox.question(self, "切换用户", "退出账房？") == QMessageBox.StandardButton.Yes:
                    self.close()
                    return
        finally:
            self.centralWidget().setVisible(True)
        if name != self.book.user:
            self.act_as(name)

    def act_as(self, name: str) -> None:
        """The window now acts as `name`: what the last person had open is closed."""
        self.book.user = name
        for i in reversed(range(self.tabs.count())):
            self.tabs.removeTab(i)
        self._tab_keys.clear()
        self.user_label.setText(f"用户：{name}")
        self.show_page("home")
        self.ctx.changed.emit()

    def _about(self) -> None:
        from storage.db import book_schema
        from ui.dialogs.about import AboutDialog
        self.about_dialog = AboutDialog(self, self.book.target, book_schema(self.book.engine))
        self.about_dialog.exec()
