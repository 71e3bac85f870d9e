"""期末结账: the month-end close as one page — the checks with green or red marks, each step's
voucher with its figures, the amounts the recurring vouchers ask, one button to post and lock,
and reopen with a reason. Self-contained: it opens the book it needs through a callable."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from domain.errors import Rejected
from storage.book import Book
from storage.models import Period
from ui.pages.loader import PageLoader

GREEN, RED = QColor("#1a7f37"), QColor("#cf222e")
# The checks of resources/close/50_checks.toml, in words, and the blocking kinds each reports.
CHECKS = (
    ("unposted", "本期凭证全部过账", ("unposted_vouchers",)),
    ("numbering", "凭证编号连续无断号", ("numbering_gap",)),
    ("documents", "业务单据均已生成凭证", ("document_without_voucher",)),
    ("trial_balance", "试算平衡", ("trial_balance",)),
    ("subledgers", "往来、暂估与固定资产明细账与总账相符", ("subledger", "fixed_assets")),
    ("stock", "库存数量与金额无负数、与总账相符", ("negative_stock", "stock")),
)
SUBJECT_ROLE = Qt.ItemDataRole.UserRole


class CloseWizard(QWidget):
    """Emits `subject_requested({"type", "no"})` when a red cause is activated, so the window can
    open that voucher or document; emits `closed(period)` / `reopened(period)` after a change."""

    subject_requested = Signal(dict)
    closed = Signal(str)
    reopened = Signal(str)

    def __init__(self, open_book: Callable[[], Book], period: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.open_book = open_book
        self.title = QLabel("期末结账", objectName="pageTitle")
        self.period_box = QComboBox(objectName="period")
        self.status = QLabel(objectName="periodStatus")
        self.loading = QLabel("正在检查…", objectName="loading")
        self.checks = QListWidget(objectName="checks")
        self.steps = QTreeWidget(objectName="steps")
        self.steps.setHeaderLabels(["步骤 / 科目", "摘要", "借方金额", "贷方金额"])
        for col in (2, 3):
            self.steps.headerItem().setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.amounts_box = QWidget()
        self.amounts_form = QFormLayout(self.amounts_box)
        self.amount_edits: dict[str, QLineEdit] = {}
        self.message = QLabel(objectName="closeMessage", wordWrap=True)
        self.preview_button = QPushButton("刷新预览")
        self.close_button = QPushButton("过账并结账", objectName="closeButton")
        self.reopen_button = QPushButton("反结账…")

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(QLabel("会计期间"))
        head.addWidget(self.period_box)
        head.addWidget(self.status)
        head.addWidget(self.loading)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reopen_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(head)
        layout.addWidget(QLabel("结账检查"))
        layout.addWidget(self.checks, 1)
        self.amounts_label = QLabel("本月需录入的金额（凭证模板）")
        layout.addWidget(self.amounts_label)
        layout.addWidget(self.amounts_box)
        layout.addWidget(QLabel("期末处理凭证预览"))
        layout.addWidget(self.steps, 2)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.preview: dict | None = None
        self._keep_message = False
        self.loader = PageLoader(open_book, self)
        self.loader.loaded.connect(self._arrived)
        self.loader.failed.connect(self._failed)
        self._load_periods(period)
        self.period_box.currentTextChanged.connect(lambda _: self.refresh())
        self.preview_button.clicked.connect(self.refresh)
        self.close_button.clicked.connect(self.post_and_close)
        self.reopen_button.clicked.connect(lambda: self.reopen())
        self.checks.itemActivated.connect(self._activate)
        self.refresh()

    # ---- what the page shows -----------------------------------------------------------------
    @property
    def period(self) -> str:
        return self.period_box.currentText()

    def _load_periods(self, wanted: str | None) -> None:
        with self.open_book() as book:
            rows = list(book.session.execute(select(Period.period, Period.status).order_by(Period.period)))
        self.period_box.blockSignals(True)
        self.period_box.clear()
        self.period_box.addItems([p for p, _ in rows])
        first_open = next((p for p, s in rows if s != "closed"), rows[-1][0] if rows else "")
        self.period_box.setCurrentText(wanted or first_open)
        self.period_box.blockSignals(False)

    def amounts(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.amount_edits.items() if edit.text().strip()}

    def refresh(self, keep_message: bool = False) -> None:
        """Recompute the preview for the period with the amounts entered so far — on a worker, so
        the window never waits for the close's checks; the page shows what it showed until then.
        `keep_message`: the line under the steps says what just happened; the preview leaves it."""
        if not self.period:
            return
        self._keep_message = keep_message
        period, amounts = self.period, self.amounts()
        self.loading.setVisible(True)
        self.loader.load(lambda book: preview_data(book, period, amounts))

    def _arrived(self, data: dict) -> None:
        self.loading.setVisible(self.loader.busy)
        if data["period"] != self.period:
            return
        self.preview = data
        self._amount_fields(data["asked"])
        if data["problems"] is not None:
            self.message.setText("\n".join(data["problems"]))
            return
        closed, plan = data["closed"], data["plan"]
        self.status.setText("已结账" if closed else "未结账")
        self.close_button.setEnabled(not closed)
        self.close_button.setToolTip(f"{self.period} 已结账" if closed else "")
        self.reopen_button.setEnabled(closed)
        self.reopen_button.setToolTip("" if closed else f"{self.period} 尚未结账，无需反结账")
        self._show_checks(plan["blocking"], closed)
        self._show_steps(plan["steps"] if not closed else [], data["names"])
        if not closed and not self._keep_message:
            self.message.setText("可以结账" if not plan["blocking"] else f"{len(plan['blocking'])} 项原因阻止结账")

    def _failed(self, message: str) -> None:
        self.loading.setVisible(False)
        self.message.setText(f"结账预览未能完成：{message}")

    def busy(self) -> bool:
        """Still computing (screenshots wait for it)."""
        return self.loader.busy

    def wait_loaded(self, ms: int = 30_000) -> None:
        """Tests and closing: let a running preview finish and its figures arrive."""
        from PySide6.QtWidgets import QApplication
        self.loader.wait(ms)
        QApplication.processEvents()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.loader.wait()
        super().closeEvent(event)

    def _amount_fields(self, asked: list[tuple[str, str]]) -> None:
        keep = {k: e.text() for k, e in self.amount_edits.items()}
        while self.amounts_form.rowCount():
            self.amounts_form.removeRow(0)
        self.amount_edits = {}
        for key, label in asked:
            edit = QLineEdit(keep.get(key, ""), placeholderText="0.00")
            edit.setObjectName(f"amount:{key}")
            self.amounts_form.addRow(label, edit)
            self.amount_edits[key] = edit
        self.amounts_box.setVisible(bool(asked))
        self.amounts_label.setVisible(bool(asked))

    def _show_checks(self, blocking: list[dict], closed: bool) -> None:
        self.checks.clear()
        if closed:
            self._mark(f"{self.period} 已结账", True)
            return
        shown = set()
        for _, title, kinds in CHECKS:
            found = [b for b in blocking if b["kind"] in kinds]
            shown.update(kinds)
            if not found:
                self._mark(title, True)
            for b in found:
                self._mark(f"{title}：{b['words']}", False, b["subject"])
        for b in blocking:  # causes outside the checks: order of periods, asked amounts, rates
            if b["kind"] not in shown:
                self._mark(b["words"], False, b["subject"])

    def _mark(self, text: str, good: bool, subject: dict | None = None) -> None:
        item = QListWidgetItem(("✓ " if good else "✗ ") + text)
        item.setForeground(QBrush(GREEN if good else RED))
        item.setData(SUBJECT_ROLE, subject)
        self.checks.addItem(item)

    def _show_steps(self, steps: list[dict], names: dict[str, str]) -> None:
        self.steps.clear()
        for s in steps:
            top = QTreeWidgetItem([s["title"], s["summary"], "", ""])
            top.setToolTip(0, s["source"])
            for ln in s["lines"]:
                account = f"{ln['account']} {names.get(ln['account'], '')}".strip()
                debit, credit = shown_sides(ln["debit"], ln["credit"])
                child = QTreeWidgetItem([account, ln["summary"], _blank_zero(debit), _blank_zero(credit)])
                for col in (2, 3):
                    child.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                top.addChild(child)
            self.steps.addTopLevelItem(top)
            top.setExpanded(True)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """步骤/科目 wide enough for its longest account name, 摘要 takes what is left, and 借方/贷方
        equally wide with their figures right under their right-aligned headers."""
        header = self.steps.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        fm = self.steps.fontMetrics()
        margin = 2 * fm.horizontalAdvance("0")
        self.steps.resizeColumnToContents(0)
        self.steps.setColumnWidth(0, self.steps.columnWidth(0) + margin)
        money = max([fm.horizontalAdvance(self.steps.headerItem().text(c)) for c in (2, 3)]
                    + [fm.horizontalAdvance(item.text(c)) for item in self._all_items() for c in (2, 3)])
        for col in (2, 3):
            self.steps.setColumnWidth(col, money + 2 * margin)

    def _all_items(self) -> list[QTreeWidgetItem]:
        tops = [self.steps.topLevelItem(i) for i in range(self.steps.topLevelItemCount())]
        return tops + [top.child(j) for top in tops for j in range(top.childCount())]

    def _activate(self, item: QListWidgetItem) -> None:
        subject = item.data(SUBJECT_ROLE)
        if subject:
            self.subject_requested.emit(subject)

    # ---- what the page does -------------------------------------------------------------------
    def post_and_close(self) -> bool:
        """Post the period's saved vouchers, then run the steps and lock; every refusal shown."""
        from usecases.closing import close_period, parse_amounts
        from usecases.vouchers import post_period
        period = self.period
        try:
            with self.open_book() as book:
                amounts = parse_amounts(self.amounts())
                post_period(book, period)
                written = close_period(book, period, amounts)
        except Rejected as e:
            self.refresh(keep_message=True)
            self.message.setText("\n".join(p.shown() for p in e.problems))
            return False
        self.refresh(keep_message=True)
        self.message.setText(f"{period} 已结账，生成凭证 " + "、".join(f"{v.word}-{v.number}" for v in written))
        self.closed.emit(period)
        return True

    def reopen(self, reason: str | None = None) -> bool:
        """反结账: asks why (the reason is logged), then reverses the close's vouchers."""
        from usecases.closing import reopen_period
        if reason is None:
            reason, accepted = QInputDialog.getText(self, "反结账", f"为什么要重新打开 {self.period}？")
            if not accepted:
                return False
        if not reason.strip():
            self.message.setText("反结账需要填写原因")
            return False
        period = self.period
        try:
            with self.open_book() as book:
                n = reopen_period(book, period, reason)
        except Rejected as e:
            self.message.setText("\n".join(p.shown() for p in e.problems))
            return False
        self.refresh(keep_message=True)
        self.message.setText(f"{period} 已反结账，冲销 {n} 张结账凭证")
        self.reopened.emit(period)
        return True


def preview_data(book: Book, period: str, amounts: dict[str, str]) -> dict:
    """What the page shows for the period: its status, the amounts the templates ask, and the
    close's plan in words (or why there is none). Runs on a worker with its own Book."""
    from usecases.closing import parse_amounts, plan_close
    from usecases.recurring import asked_lines
    status = book.session.get(Period, period)
    out: dict = {"period": period, "closed": status is not None and status.status == "closed",
                 "asked": asked_lines(book), "names": {code: rule.name for code, rule in book.accounts.items()},
                 "plan": None, "problems": None}
    try:
        out["plan"] = plan_close(book, period, parse_amounts(amounts)).as_json(words=True)
    except Rejected as e:
        out["problems"] = [p.shown() for p in e.problems]
    return out


def shown_sides(debit: str, credit: str) -> tuple[str, str]:
    """A negative amount is shown as a positive one on the other side (a credit of −1,080.73 to
    财务费用 reads as a debit of 1,080.73), as an accountant writes it; the voucher is unchanged."""
    if Decimal(credit) < 0 and Decimal(debit) == 0:
        return f"{-Decimal(credit):.2f}", "0.00"
    if Decimal(debit) < 0 and Decimal(credit) == 0:
        return "0.00", f"{-Decimal(debit):.2f}"
    return debit, credit


def _blank_zero(amount: str) -> str:
    return "" if amount == "0.00" else _thousands(amount)


def _thousands(amount: str) -> str:
    whole, _, cents = amount.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}.{cents}"
