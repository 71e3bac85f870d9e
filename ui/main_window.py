"""The main window: sections and pages on the left, pages and documents in tabs on the right,
the book, current period and user below. Pages are built when first shown (ui/pages/registry.py)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
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
from ui import drafts, prefs, shortcuts, theme
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
        from ui import dialog_keys
        dialog_keys.install()
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
        self._start_drafts()
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

    def _action(self, name: str, slot: Callable[[], Any]) -> QAction:
        """The action `name` of ui/shortcuts.py: its menu text and keys come from that one table."""
        key = shortcuts.BY_NAME[name]
        action = QAction(key.title, self)
        if key.keys:
            action.setShortcuts(key.sequences())
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(shortcuts.tip(name))
        action.triggered.connect(slot)
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _menus(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        from ui import book_actions, import_actions
        from ui.people.server_book import open_server_book
        file_menu.addActions([
            self._action("new", self.new_in_current),
            self._action("save", lambda: self._delegate("save")),
            self._action("print", self.print_current),
            self._action("import", lambda: import_actions.import_file(self))])
        file_menu.addSeparator()
        file_menu.addActions([
            QAction("新建账套…", self, triggered=lambda: book_actions.create_book(self)),
            QAction("打开账套…", self, triggered=lambda: book_actions.open_book(self)),
            QAction("打开服务器账套…", self, triggered=lambda: open_server_book(self)),  # issue 26 part 5
            QAction("备份账套…", self, triggered=lambda: book_actions.backup(self)),
            QAction("恢复账套…", self, triggered=lambda: book_actions.restore(self))])
        file_menu.addSeparator()
        file_menu.addAction(self._action("switch_user", self.switch_user))  # locks until a login
        file_menu.addAction(self._action("quit", self.close))
        edit = bar.addMenu("编辑(&E)")
        edit.addActions([self._action("find", lambda: self._delegate("focus_search"))])
        document = bar.addMenu("单据(&D)")
        document.addActions([
            self._action("push_down", lambda: self._delegate("push_down")),
            self._action("open_voucher", lambda: self._delegate("open_voucher")),
            self._action("review", lambda: self._delegate("review")),
            self._action("post", lambda: self._delegate("post"))])
        view = bar.addMenu("查看(&V)")
        view.addActions([
            self._action("refresh", self.refresh),
            self._action("close_tab", self.close_current),
            self._action("next_tab", lambda: self.step_tab(1)),
            self._action("previous_tab", lambda: self.step_tab(-1)),
            self._action("home", lambda: self.show_page("home"))])
        settings_menu = bar.addMenu("设置(&S)")
        settings_menu.addActions([
            QAction("期初余额(&O)", self, triggered=lambda: self.show_page("openings")),  # issues 27, 30
            QAction("用户与权限(&U)", self, triggered=lambda: self.show_page("people")),
            QAction("操作日志(&L)", self, triggered=lambda: self.show_page("oplog"))])
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self._action("help_keys", self.show_keys))
        help_menu.addAction(QAction("关于账房(&A)", self, triggered=self._about))

    def show_keys(self) -> None:
        """F1: every key, from the one table the actions are built from."""
        from ui.dialogs.keys import KeysDialog
        self.keys_dialog = KeysDialog(self)
        self.keys_dialog.show()

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
        """×, Ctrl+Q, 退出: each form with unsaved entries asks 保存 / 不保存 / 取消 first; 取消 (or a
        save that fails) keeps the window open with everything in it."""
        for form in self.open_forms():
            if self.tabs.indexOf(form) < 0 or not form.dirty():
                continue
            self.tabs.setCurrentWidget(form)
            if not form.may_close():
                event.ignore()
                return
        for form in self.open_forms():  # saved or let go on purpose: no draft to offer next time
            self._drop_draft(form)
        self.draft_timer.stop()
        s = prefs.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        super().closeEvent(event)

    # ---- drafts ---------------------------------------------------------------------------
    DRAFT_SECONDS = 5

    def _start_drafts(self) -> None:
        self.drafts_folder = drafts.book_folder(self.book.target)
        self.draft_timer = QTimer(self)
        self.draft_timer.setInterval(self.DRAFT_SECONDS * 1000)
        self.draft_timer.timeout.connect(self.keep_drafts)
        self.draft_timer.start()

    def open_forms(self) -> list:
        from ui.forms.form_base import EntryForm
        return [w for w in (self.tabs.widget(i) for i in range(self.tabs.count())) if isinstance(w, EntryForm)]

    def _track(self, form: QWidget, origin: dict) -> None:
        """An entry form in a tab: kept as a draft while it has unsaved entries, let go when saved."""
        import uuid
        form.draft_id = uuid.uuid4().hex
        form.origin = origin
        form.drafted = None
        form.saved.connect(lambda _id, f=form: self._drop_draft(f))

    def keep_drafts(self) -> None:
        """Every few seconds: each form with unsaved entries is written (when changed), the others'
        drafts deleted."""
        import datetime as dt
        for form in self.open_forms():
            if not hasattr(form, "draft_id"):
                continue
            if not form.dirty():
                self._drop_draft(form)
                continue
            state = form.state()
            if state == form.drafted:
                continue
            data = {**form.origin, "title": form.tab_title(), "state": state,
                    "saved_at": dt.datetime.now().isoformat(timespec="seconds")}
            try:
                drafts.write(self.drafts_folder, form.draft_id, data)
            except OSError as e:  # a full disk must not stop the clerk typing; said in the status bar
                self.statusBar().showMessage(f"草稿未能保存：{e.strerror or e}", 8000)
                continue
            form.drafted = state

    def _drop_draft(self, form: QWidget) -> None:
        if getattr(form, "draft_id", None):
            drafts.remove(self.drafts_folder, form.draft_id)
            form.drafted = None

    def offer_drafts(self) -> int:
        """At start: forms left unsaved by a crash or a power cut are offered back (恢复 / 丢弃).
        The number of forms restored."""
        left = drafts.pending(self.drafts_folder)
        if not left:
            return 0
        box = QMessageBox(self)
        box.setObjectName("drafts")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("恢复未保存的单据")
        box.setText(f"上次关闭前有 {len(left)} 份单据未保存：")
        box.setInformativeText("\n".join(f"{d.title}（{d.saved_at.replace('T', ' ')}）" for d in left))
        restore = box.addButton("恢复(&R)", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("丢弃(&D)", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        box.exec()
        if box.clickedButton() is not restore:
            for d in left:
                d.path.unlink(missing_ok=True)
            return 0
        restored = 0
        for d in left:
            if self.restore_draft(d):
                restored += 1
        return restored

    def restore_draft(self, draft: drafts.Draft) -> bool:
        data = draft.data
        try:
            if data.get("page"):
                self.show_page(data["page"])
                form = self.current_page()
            else:
                prefill = {k: data[k] for k in ("source_id", "source_no") if data.get(k) is not None}
                form = self.new_document(data["doc_type"], **prefill)
            form.restore_state(data["state"])
        except (KeyError, TypeError, ValueError, LookupError) as e:
            QMessageBox.warning(self, "恢复未保存的单据", f"“{draft.title}”无法恢复：{e}")
            draft.path.unlink(missing_ok=True)
            return False
        draft.path.unlink(missing_ok=True)  # the form now carries it, under its own draft
        self.keep_drafts()
        return True

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
        from ui.forms.form_base import EntryForm
        entry = self.entries[key]
        page = self.open_tab(key, entry.title, lambda: entry.factory(self.ctx))
        if isinstance(page, EntryForm) and not hasattr(page, "draft_id"):
            page.mark_clean()
            self._track(page, {"page": key})
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
        """Close a tab; a form with unsaved entries asks 保存 / 不保存 / 取消 first."""
        widget = self.tabs.widget(index)
        if widget is None:
            return
        key = widget.property("tab_key")
        if key == "home":
            return
        if hasattr(widget, "may_close") and not widget.may_close():
            return
        self._drop_draft(widget)
        index = self.tabs.indexOf(widget)
        if index < 0:  # saved on the way out: the document took the form's place
            return
        self.tabs.removeTab(index)
        self._tab_keys.pop(widget.property("tab_key"), None)
        widget.deleteLater()

    def close_current_unasked(self) -> None:
        """Close the current tab without asking about unsaved entries (screenshots, tests)."""
        widget = self.tabs.currentWidget()
        if widget is None or widget.property("tab_key") == "home":
            return
        self._drop_draft(widget)
        self._tab_keys.pop(widget.property("tab_key"), None)
        self.tabs.removeTab(self.tabs.currentIndex())
        widget.deleteLater()

    def close_current(self) -> None:
        """Ctrl+W or Esc. Esc with a completion list open only closes that list."""
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.hide()
            return
        if self.tabs.currentIndex() >= 0:
            self.close_tab(self.tabs.currentIndex())

    def step_tab(self, step: int) -> None:
        """Ctrl+Tab / Ctrl+Shift+Tab: the next or previous tab, round the end."""
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
            page = self.tabs.currentWidget()
            if page is not None and not page.isAncestorOf(QApplication.focusWidget()):
                page.setFocus()
                page.focusNextChild()

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
        form.mark_clean()  # a push-down's pre-filled lines are not the clerk's edits
        self._track(form, {"doc_type": doc_type, **prefill})
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
