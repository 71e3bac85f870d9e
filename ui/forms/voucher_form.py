"""Manual voucher entry (录入凭证): 凭证字, date, 附单据数, lines of 摘要/科目/借方/贷方 with account
completion, and a live indicator of whether debits and credits balance."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from domain.money import fmt_thousands
from storage.queries.lookups import choices
from ui.context import AppContext
from ui.forms.entry_grid import EntryGrid, GridColumn
from ui.forms.form_base import EntryForm
from ui.forms.problems import Placed
from ui.widgets.amount_edit import parse
from usecases.dates import new_document_date

COLUMNS = [GridColumn("summary", "摘要", "text", 240), GridColumn("account", "科目编码", "lookup", 120),
           GridColumn("name", "科目名称", "readonly", 170), GridColumn("dim", "客户/供应商", "lookup", 150),
           GridColumn("debit", "借方金额", "amount", 130), GridColumn("credit", "贷方金额", "amount", 130)]
ZERO = Decimal("0.00")


class VoucherForm(EntryForm):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, "录入凭证", parent)
        self.name = "voucher_entry"
        book = ctx.book
        self._choices = {"account": [c for c in choices(book, "account") if c.leaf],
                         "dim": choices(book, "customer") + choices(book, "supplier")}
        self.word = QComboBox()
        self.word.addItems(["记", "收", "付", "转"])
        self.field("word", "凭证字", self.word)
        self.date = self.field("date", "日期", QDateEdit(new_document_date(book), calendarPopup=True, displayFormat="yyyy-MM-dd"))
        # typed, not clicked: the style's spin arrows drew as a bare stroke, and nobody clicks 12 times
        self.attachments = self.field("attachments", "附单据数", QSpinBox(
            minimum=0, maximum=999, buttonSymbols=QSpinBox.ButtonSymbols.NoButtons))
        self.summary = self.field("summary", "摘要", QLineEdit(placeholderText="凭证摘要，分录摘要留空时沿用"), span=3)
        self.grid = EntryGrid(COLUMNS, lambda key: self._choices[key], self)
        self.grid.add_line()
        self.grid.line_changed.connect(self._changed)
        self.grid.refused.connect(lambda row, _k, message: self.say_on_lines(f"第 {row + 1} 行：{message}"))
        self.layout_.addWidget(self.grid, 1)
        self.line_errors = QLabel(objectName="fieldError", wordWrap=True)
        self.line_errors.hide()
        self.layout_.addWidget(self.line_errors)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Enter 下一格 · 借贷平衡后 Ctrl+S 保存", objectName="listStatus"))
        bar.addStretch(1)
        self.debit_total, self.credit_total = QLabel("0.00"), QLabel("0.00")
        self.balance = QLabel()
        for text, w in (("借方合计：", self.debit_total), ("贷方合计：", self.credit_total)):
            bar.addWidget(QLabel(text))
            bar.addWidget(w)
            bar.addSpacing(12)
        bar.addWidget(self.balance)
        self.layout_.addLayout(bar)
        self._changed(-1)

    def reset(self) -> None:
        """Saved: an empty voucher for the next one, keeping 凭证字 and date."""
        self.grid.setRowCount(0)
        self.grid.add_line()
        self.grid.add_line()
        self.summary.clear()
        self.attachments.setValue(0)
        self._changed(-1)
        self.mark_clean()

    def enter_body(self) -> None:
        self.grid.setFocus()
        self.grid.setCurrentCell(0, 0)
        self.grid.editItem(self.grid.currentItem())

    def _sum(self, key: str) -> Decimal:
        total = ZERO
        for r in range(self.grid.rowCount()):
            try:
                total += parse(self.grid.text(r, key)) or ZERO
            except ValueError:
                pass
        return total

    def _changed(self, row: int) -> None:
        if row >= 0:
            code = self.grid.text(row, "account")
            acc = next((c for c in self._choices["account"] if c.code == code), None)
            self.grid.blockSignals(True)
            self.grid.set_text(row, "name", acc.name if acc else "")
            if not self.grid.text(row, "summary") and self.summary.text().strip() and code:
                self.grid.set_text(row, "summary", self.summary.text().strip())
            self.grid.blockSignals(False)
        debit, credit = self._sum("debit"), self._sum("credit")
        self.debit_total.setText(fmt_thousands(debit))
        self.credit_total.setText(fmt_thousands(credit))
        if debit == credit and debit:
            self.balance.setText("借贷平衡 ✓")
            self.balance.setObjectName("balanceOk")
        else:
            self.balance.setText(f"差额 {fmt_thousands(debit - credit)}" if debit or credit else "尚无金额")
            self.balance.setObjectName("balanceOff")
        self.balance.style().unpolish(self.balance)
        self.balance.style().polish(self.balance)

    def balanced(self) -> bool:
        return self.balance.objectName() == "balanceOk"

    def submit(self) -> int | None:
        from interchange import commands as read
        from usecases import vouchers
        from usecases.commands import ManualVoucher
        self.grid.clear_errors()
        self.line_errors.hide()
        lines, self._rows = [], []
        for row in self.grid.filled_rows("account"):
            line = {"account": self.grid.text(row, "account"), "summary": self.grid.text(row, "summary")}
            for side in ("debit", "credit"):
                text = self.grid.text(row, side).replace(",", "")
                if text:
                    line[side] = text
            dim = self.grid.text(row, "dim")
            if dim:
                aux = self.ctx.book.accounts.get(line["account"])
                line["supplier" if aux is not None and aux.aux == "supplier" else "customer"] = dim
            lines.append(line)
            self._rows.append(row)
        cmd = ManualVoucher(self.date.date().toPython(), self.summary.text(), read.entries(lines),
                            word=self.word.currentText(), attachments=self.attachments.value())
        v = self.ctx.run(vouchers.manual_voucher, cmd)
        return v.id

    def show_line_problem(self, placed: Placed) -> bool:
        if placed.line is None or not 1 <= placed.line <= len(getattr(self, "_rows", [])):
            return False
        row = self._rows[placed.line - 1]
        key = placed.field if placed.field in {c.key for c in COLUMNS} else "account"
        self.grid.mark_error(row, key, placed.text())
        previous = self.line_errors.text() if self.line_errors.isVisible() else ""
        self.line_errors.setText("\n".join(filter(None, [previous, placed.text()])))
        self.line_errors.show()
        return True
