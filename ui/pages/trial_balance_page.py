"""科目余额表 for a period range picked from the book's periods (reports/trial_balance.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from reports.trial_balance import trial_balance
from storage.queries.periods import current_period, periods
from ui.context import AppContext
from ui.widgets.table import fill, read_only_table

HEADERS = ["科目编码", "科目名称", "期初借方", "期初贷方", "本期借方", "本期贷方", "期末借方", "期末贷方",
           "本年累计借方", "本年累计贷方"]
COLS = ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit", "ytd_debit",
        "ytd_credit")


class TrialBalancePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.name = "trial_balance"
        self.first, self.last = QComboBox(), QComboBox()
        current = current_period(ctx.book)
        for p, _ in periods(ctx.book):
            self.first.addItem(p, p)
            self.last.addItem(p, p)
        for box in (self.first, self.last):
            box.setCurrentIndex(max(0, box.findData(current)))
            box.currentIndexChanged.connect(self.refresh)
        head = QHBoxLayout()
        head.addWidget(QLabel("科目余额表", objectName="pageTitle"))
        head.addSpacing(12)
        head.addWidget(QLabel("期间"))
        head.addWidget(self.first)
        head.addWidget(QLabel("至"))
        head.addWidget(self.last)
        head.addStretch(1)
        self.table = read_only_table(HEADERS, self, stretch=1, numeric=(2, 3, 4, 5, 6, 7, 8, 9))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        ctx.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        first, last = self.first.currentData(), self.last.currentData()
        if not first or not last:
            return
        if first > last:
            first, last = last, first
        tb = trial_balance(self.ctx.book, first, last)
        rows = [[r["code"], ("　" * (r["level"] - 1)) + r["name"], *[r[c] for c in COLS]] for r in tb["rows"]]
        rows.append(["合计", "", *[tb["totals"][c] for c in COLS]])
        bold = {i for i, r in enumerate(tb["rows"]) if r["level"] == 1} | {len(rows) - 1}
        fill(self.table, rows, bold)
