"""A page listing one ListSpec: title, search and filters, a paged table sorted in SQL, a totals row,
a count; Enter or double-click opens the row, and what is shown exports to Excel."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from storage.queries.lists import ListQuery, ListSpec
from storage.queries.lookups import choices
from storage.queries.periods import periods
from ui import file_dialogs, prefs
from ui.context import AppContext
from ui.models.paged_table import PagedTableModel
from ui.models.totals_row import TotalsRowModel
from ui.widgets.lookup import LookupEdit

# Column widths fitted to the first page, kept within reason so one long name
# cannot push the other columns off screen nor a two-character header collapse.
MIN_COLUMN = 72
MAX_COLUMN = 320
NO_DATE = QDate(2000, 1, 1)
CREATABLE = {"sales_order", "purchase_order", "receipt", "payment"}
MASTER = {"customer", "supplier", "item", "warehouse", "bank_account", "account"}


def _date_edit() -> QDateEdit:
    edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("不限")  # the minimum date means "no bound"
    edit.setDate(NO_DATE)
    return edit


class ListTable(QTableView):
    """The list's table: Enter opens the current row, like a double-click. Arriving in it (Tab, or
    Enter in the search box) puts the cursor on the first row, so Enter opens it straight away; Tab
    leaves the table and the arrows move within it."""

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        model = self.model()
        if not self.currentIndex().isValid() and model is not None and model.rowCount() > 0:
            first = next((c for c in range(model.columnCount()) if not self.isColumnHidden(c)), 0)
            self.setCurrentIndex(model.index(0, first))
            self.selectRow(0)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.doubleClicked.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class ListPage(QWidget):
    def __init__(self, spec: ListSpec, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.name = spec.name
        self.model = PagedTableModel(spec, ctx.book, self)
        self.title = QLabel(spec.title, objectName="pageTitle")
        self.search = QLineEdit(placeholderText="搜索 编码/名称/助记码…", objectName="search", clearButtonEnabled=True)
        self.search.setMinimumWidth(200)
        self.table = self._make_table()
        self.footer = self._make_footer() if any(c.total for c in spec.columns) else None
        self.status = QLabel(objectName="listStatus")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(self._head())
        layout.addWidget(self.table, 1)
        if self.footer is not None:
            layout.addWidget(self.footer)
        layout.addWidget(self.status)

        self.search.textChanged.connect(self._apply)
        self.search.returnPressed.connect(self.table.setFocus)
        for signal in (self.model.rowsInserted, self.model.modelReset, self.model.layoutChanged):
            signal.connect(self._update_status)
        self.table.doubleClicked.connect(self._open)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        header = self.table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        ctx.changed.connect(self.refresh)
        self._fit_columns()
        self._update_status()

    # ---- building -------------------------------------------------------------------------
    def _head(self) -> QHBoxLayout:
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.title)
        head.addSpacing(12)
        self.status_filter = self.period_filter = self.party_filter = None
        self.date_from = self.date_to = None
        if self.spec.period is not None:
            self.period_filter = QComboBox()
            self.period_filter.addItem("全部期间", None)
            for p, state in periods(self.ctx.book):
                self.period_filter.addItem(p + ("（已结账）" if state == "closed" else ""), p)
            self.period_filter.currentIndexChanged.connect(self._apply)
            head.addWidget(self.period_filter)
        if self.spec.status is not None and self.spec.statuses:
            self.status_filter = QComboBox()
            self.status_filter.addItem("全部状态", None)
            for value, label in self.spec.statuses.items():
                self.status_filter.addItem(label, value)
            self.status_filter.currentIndexChanged.connect(self._apply)
            head.addWidget(self.status_filter)
        if self.spec.date is not None and self.spec.period is None:
            self.date_from, self.date_to = _date_edit(), _date_edit()
            head.addWidget(QLabel("日期"))
            head.addWidget(self.date_from)
            head.addWidget(QLabel("至"))
            head.addWidget(self.date_to)
            self.date_from.dateChanged.connect(self._apply)
            self.date_to.dateChanged.connect(self._apply)
        if self.spec.party_kind is not None:
            self.party_filter = LookupEdit(choices(self.ctx.book, self.spec.party_kind), self,
                                           "客户" if self.spec.party_kind == "customer" else "供应商")
            self.party_filter.setMinimumWidth(150)
            self.party_filter.setClearButtonEnabled(True)
            self.party_filter.chosen.connect(self._apply)
            head.addWidget(self.party_filter)
        head.addStretch(1)
        head.addWidget(self.search)
        if self.spec.doc_type in CREATABLE or self.spec.opens in MASTER:
            new = QPushButton("新增", objectName="primary")
            new.clicked.connect(self.new)
            head.addWidget(new)
        if self.spec.name == "vouchers":
            post = QPushButton("本期审核记账 (F8)")
            post.setToolTip("审核并记账所选期间（未选时为当前期间）全部未记账凭证；本人制单的凭证须由他人审核")
            post.clicked.connect(self.post_period)
            head.addWidget(post)
        export = QPushButton("导出 Excel")
        export.clicked.connect(self._export)
        head.addWidget(export)
        return head

    def _make_table(self) -> QTableView:
        table = ListTable(self)
        table.setModel(self.model)
        table.setTabKeyNavigation(False)
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

    def _make_footer(self) -> QTableView:
        footer = QTableView(self, objectName="totals")
        footer.setModel(TotalsRowModel(self.model, footer))
        footer.horizontalHeader().setVisible(False)
        footer.verticalHeader().setVisible(False)
        footer.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        footer.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        footer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        footer.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        height = self.table.verticalHeader().defaultSectionSize()
        footer.verticalHeader().setDefaultSectionSize(height)
        footer.setFixedHeight(height + 2)
        footer.horizontalHeader().setStretchLastSection(True)
        # The footer follows the table's columns and horizontal scrolling.
        self.table.horizontalHeader().sectionResized.connect(lambda i, _o, w: footer.setColumnWidth(i, w))
        self.table.horizontalScrollBar().valueChanged.connect(footer.horizontalScrollBar().setValue)
        return footer

    def _fit_columns(self) -> None:
        # Widths the program sets (to the contents, to fit a total) are never saved as the user's
        # choice: only a drag is. A list first opened empty is fitted again when rows arrive.
        self._fitting = True
        self._fitted_rows = self.model.rowCount() > 0
        self._fit_to_contents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        saved = prefs.settings().value(f"columns/{self.name}")
        self._chosen = saved is not None
        if saved is not None:
            header.restoreState(saved)
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        # Saved when the user lets go of a column edge (or picks columns), never on the resizes
        # the program or the window makes (fitting, the stretched last column on show).
        header.viewport().installEventFilter(self)
        if self.footer is not None:
            for col in range(self.model.columnCount()):
                self.footer.setColumnWidth(col, header.sectionSize(col))
                self.footer.setColumnHidden(col, header.isSectionHidden(col))
            self._fit_totals()
        self._fitting = False
        self.model.modelReset.connect(self._rows_arrived)

    def _fit_to_contents(self) -> None:
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for col in range(self.model.columnCount()):
            width = header.sectionSize(col) + 24
            header.resizeSection(col, max(MIN_COLUMN, min(MAX_COLUMN, width)))

    def _rows_arrived(self) -> None:
        self._fitting = True
        try:
            if not self._chosen and not self._fitted_rows and self.model.rowCount():
                self._fit_to_contents()
                self._fitted_rows = True
            if self.footer is not None:
                self._fit_totals()
        finally:
            self._fitting = False

    def _fit_totals(self) -> None:
        """A total is wider than the figures above it: widen its column rather than clip it."""
        font = self.footer.font()
        font.setBold(True)
        metrics = QFontMetrics(font)
        header = self.table.horizontalHeader()
        totals = self.footer.model()
        for col in self.model.totals:
            needed = metrics.horizontalAdvance(str(totals.index(0, col).data() or "")) + 28
            if header.sectionSize(col) < needed:
                header.resizeSection(col, needed)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.MouseButtonRelease
                and watched is self.table.horizontalHeader().viewport()):
            self._save_columns()
        return super().eventFilter(watched, event)

    def _save_columns(self) -> None:
        if self._fitting:
            return
        self._chosen = True
        prefs.settings().setValue(f"columns/{self.name}", self.table.horizontalHeader().saveState())

    # ---- the query ------------------------------------------------------------------------
    def current_query(self) -> ListQuery:
        q = self.model.query
        q.search = self.search.text().strip()
        q.status = self.status_filter.currentData() if self.status_filter else None
        q.period = self.period_filter.currentData() if self.period_filter else None
        q.date_from = self._date(self.date_from)
        q.date_to = self._date(self.date_to)
        choice = self.party_filter.choice if self.party_filter else None
        q.party_id = choice.id if choice else None
        return q

    @staticmethod
    def _date(edit: QDateEdit | None) -> dt.date | None:
        if edit is None or edit.date() == NO_DATE:
            return None
        return edit.date().toPython()

    def _apply(self, *_args) -> None:
        self.model.set_query(self.current_query())

    def refresh(self) -> None:
        self.model.refresh()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_status(self, *_args) -> None:
        total, loaded = self.model.total, self.model.rowCount()
        filtered = any((self.search.text().strip(), self.status_filter and self.status_filter.currentData(),
                        self.period_filter and self.period_filter.currentData(),
                        self._date(self.date_from), self._date(self.date_to),
                        self.party_filter and self.party_filter.choice))
        text = f"{'找到' if filtered else '共'} {total:,} 条"
        if self.search.text().strip():
            # a search finds text anywhere in a name or 摘要 (LIKE '%…%'), which no index serves:
            # say so, so a slow answer on a big book is understood, not taken for a hang
            text += "（搜索为逐行查找全部记录）"
        if loaded < total:
            text += f"（已显示 {loaded:,} 条，向下滚动载入更多）"
        self.status.setText(text)

    # ---- menus ----------------------------------------------------------------------------
    def _row_menu(self, pos) -> None:
        menu = QMenu(self)
        index = self.table.indexAt(pos)
        if index.isValid() and self.spec.opens:
            menu.addAction("打开", lambda: self._open(index))
        if self.spec.doc_type in CREATABLE or (self.spec.opens in MASTER):
            menu.addAction("新增", self.new)
        menu.addSeparator()
        menu.addAction("导出 Excel…", self._export)
        menu.addAction("刷新", self.ctx.refresh)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _column_menu(self, pos) -> None:
        """Right-click on the header: choose the columns shown (remembered with their widths)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for col, column in enumerate(self.spec.columns):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(col))
            action.toggled.connect(lambda on, c=col: self.show_column(c, on))
        menu.exec(header.mapToGlobal(pos))

    def show_column(self, col: int, shown: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(col, not shown)
        if self.footer is not None:
            self.footer.setColumnHidden(col, not shown)
        self._save_columns()

    # ---- verbs ----------------------------------------------------------------------------
    def _open(self, index) -> None:
        if not index.isValid():
            return
        key = self.model.key(index.row())
        if self.spec.opens == "document":
            self.ctx.open_document(key)
        elif self.spec.opens == "voucher":
            self.ctx.open_voucher(key)
        elif self.spec.opens in MASTER and self.spec.name != "stock":
            from ui.dialogs.master import edit_master
            edit_master(self.ctx, self.spec.opens, key, self)

    def new(self) -> None:
        if self.spec.doc_type in CREATABLE:
            self.ctx.new_document(self.spec.doc_type)
        elif self.spec.opens in MASTER and self.spec.name != "stock":
            from ui.dialogs.master import edit_master
            edit_master(self.ctx, self.spec.opens, None, self)

    def post(self) -> None:
        """F8 on the voucher list: 本期审核记账."""
        if self.spec.name == "vouchers":
            self.post_period()

    def post_period(self) -> None:
        """The accountant's month: review and post every voucher of the period not yet posted."""
        from domain.errors import Rejected
        from storage.queries.periods import current_period
        from ui.forms.problems import place
        from ui.workers import run_with_progress
        from usecases.vouchers import post_period
        period = (self.period_filter.currentData() if self.period_filter else None) or current_period(self.ctx.book)
        if QMessageBox.question(self, "本期审核记账", f"审核并记账 {period} 全部未记账凭证？") \
                != QMessageBox.StandardButton.Yes:
            return
        spawn = self.ctx.book.spawn

        def work(_progress):  # a month of vouchers: on a worker with its own session
            with spawn() as book:
                try:
                    return post_period(book, period)
                except Rejected as e:  # the refusal's places, in words, shown by run_with_progress
                    raise RuntimeError("\n".join(place(p).text() for p in e.problems[:20])) from None

        def done(count) -> None:
            if count is None:
                return
            self.ctx.refresh()
            QMessageBox.information(self, "本期审核记账", f"{period}：{count} 张凭证已审核记账")

        run_with_progress(self, "本期审核记账", work, done)

    def _export(self) -> None:
        path = file_dialogs.save_file(self, "导出 Excel", f"{self.spec.title}.xlsx", "Excel (*.xlsx)")
        if path:
            self.export_to(path)

    def export_to(self, path: str):
        """Write every row the list shows to `path` on a worker with its own connection to the book."""
        from storage.book import Book
        from ui.export import export_list
        from ui.workers import run_with_progress
        target, user, spec, query = str(self.ctx.book.target), self.ctx.book.user, self.spec, self.current_query()

        def work(progress):
            with Book.open(target, user) as book:  # a thread of its own never shares a connection
                return export_list(book, spec, query, path, progress)

        def done(count):
            if count is not None:
                self.status.setText(f"已导出 {count:,} 行到 {path}")
        return run_with_progress(self, f"正在导出{spec.title}…", work, done)
