"""红字发票 pushed down from an invoice — ours to a customer, or the supplier's to us: per invoiced
item, the returned quantity to credit or an allowance (折让) amount — the use case decides what is
creditable and says so beside the cell."""
from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QWidget

from domain.money import fmt_qty
from storage.queries.pushdown import detail
from ui.context import AppContext
from ui.forms.entry_grid import EntryGrid, GridColumn
from ui.forms.form_base import EntryForm
from ui.forms.problems import Placed
from usecases.dates import new_document_date

COLUMNS = [GridColumn("item", "商品编码", "readonly", 110), GridColumn("name", "商品名称", "readonly", 200),
           GridColumn("invoiced", "开票数量", "readonly_amount", 100), GridColumn("gross", "开票金额", "readonly_amount", 120),
           GridColumn("qty", "退货冲红数量", "qty", 120), GridColumn("amount", "折让金额（含税）", "amount", 150)]


HINTS = {"credit_note": "退货已入库、开票后未冲红的数量填“退货冲红数量”；价格折让填“折让金额”。",
         "purchase_credit_note": "已退回供应商、对方开票后未冲红的数量填“退货冲红数量”；供应商给的折让填“折让金额”。"}


class CreditNoteForm(EntryForm):
    def __init__(self, ctx: AppContext, source_id: int, doc_type: str = "credit_note", parent: QWidget | None = None):
        from domain.doctypes import title_of
        src = detail(ctx.book, source_id)
        super().__init__(ctx, f"下推{title_of(doc_type)}（发票 {src.no}）", parent)
        self.doc_type = doc_type
        self.invoice_no = src.no
        self.field("invoice", "蓝字发票", QLineEdit(src.no, readOnly=True))
        # not the invoice's date: a red invoice follows the return or the agreed discount, made later
        self.date = self.field("date", "日期", QDateEdit(new_document_date(ctx.book), calendarPopup=True,
                                                         displayFormat="yyyy-MM-dd"))
        self.no = self.field("no", "单号", QLineEdit(placeholderText="保存时自动编号"))
        self.grid = EntryGrid(COLUMNS, lambda _k: [], self, can_add=False)
        seen: set[str] = set()
        for ln in src.lines:
            if ln.item_code in seen:
                continue
            seen.add(ln.item_code)
            self.grid.add_line({"item": ln.item_code, "name": ln.item_name, "invoiced": fmt_qty(ln.qty),
                                "gross": f"{ln.gross:,.2f}"})
        self.layout_.addWidget(self.grid, 1)
        self.line_errors = QLabel(objectName="fieldError", wordWrap=True)
        self.line_errors.hide()
        self.layout_.addWidget(self.line_errors)
        self.grid.refused.connect(lambda row, _k, message: self.say_on_lines(f"第 {row + 1} 行：{message}"))
        self.layout_.addWidget(QLabel(HINTS[doc_type], objectName="listStatus"))

    def enter_body(self) -> None:
        self.grid.setFocus()
        self.grid.setCurrentCell(0, self.grid.col("qty"))
        self.grid.editItem(self.grid.currentItem())

    def submit(self) -> int | None:
        from interchange import commands as read
        from usecases import commands as c
        from usecases.dispatch import USE_CASES
        self.grid.clear_errors()
        self.line_errors.hide()
        rows, self._rows = [], []
        for row in range(self.grid.rowCount()):
            for key in ("qty", "amount"):
                text = self.grid.text(row, key).replace(",", "")
                if text:
                    rows.append({"item": self.grid.text(row, "item"), key: text})
                    self._rows.append((row, key))
        cmd = c.RedInvoice(self.date.date().toPython(), self.invoice_no, read.lines_of(rows, read.red_line),
                           self.no.text().strip() or None)
        return self.ctx.run(USE_CASES[self.doc_type], cmd).id

    def show_line_problem(self, placed: Placed) -> bool:
        if placed.line is None or not 1 <= placed.line <= len(getattr(self, "_rows", [])):
            return False
        row, key = self._rows[placed.line - 1]
        self.grid.mark_error(row, key, placed.text())
        previous = self.line_errors.text() if self.line_errors.isVisible() else ""
        self.line_errors.setText("\n".join(filter(None, [previous, placed.text()])))
        self.line_errors.show()
        return True
