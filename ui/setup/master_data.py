"""The new book's master data (issue 30): the Excel template to download (`template master`'s writer),
an import button, and every refused row shown in place — sheet, row, field and reason beside the file —
with nothing imported (the importer is all or nothing)."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain.errors import Rejected
from ui.setup.problems_model import ProblemsModel

# The template's header row holds field names; a person knows them by their labels.
LABELS = {"code": "编码", "name": "名称", "tax_id": "统一社会信用代码", "credit_limit": "信用额度",
          "payment_days": "账期(天)", "contact": "联系人", "phone": "电话", "address": "地址", "spec": "规格",
          "unit": "单位", "tax_rate": "税率", "price": "含税单价", "category": "商品类别", "account": "科目",
          "bank_name": "开户行", "number": "账号", "parent": "上级科目", "aux": "辅助核算", "revenue": "收入科目",
          "cost": "成本科目", "item": "商品", "warehouse": "仓库", "qty": "数量", "unit_cost": "单位成本",
          "customer": "客户", "supplier": "供应商", "debit": "借方", "credit": "贷方"}
_PLACE = re.compile(r"^sheet (?P<sheet>\S+)(?: row (?P<row>\d+))?(?: \((?P<code>[^)]*)\))?"
                    r"(?: field '(?P<field>[^']+)')?\s*$")


def placed(where: str) -> tuple[str, str, str]:
    """'sheet 客户 row 5 (C002) field 'name'' → ('客户', '5', '名称')."""
    match = _PLACE.match(where)
    if not match:
        return "", "", where
    field = match["field"] or ""
    return match["sheet"], match["row"] or "", LABELS.get(field, field)


class MasterDataPanel(QWidget):
    """Download the template, import it; `imported(counts)` after a file went in whole."""

    imported = Signal(dict)

    def __init__(self, book, run: Callable | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.book = book
        self.run = run or (lambda usecase, *a, **k: usecase(book, *a, **k))
        layout = QVBoxLayout(self)
        intro = QLabel("客户、供应商、商品、仓库可以一次导入：下载 Excel 模板，按表头填写（每个工作表一类），再导入。"
                       "有错误的行会在下方逐行列出，整个文件不导入，改正后重新导入即可。也可以跳过，以后在 基础资料 中逐条新增。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        buttons = QHBoxLayout()
        self.template_button = QPushButton("下载 Excel 模板…")
        self.template_button.clicked.connect(self.ask_template)
        self.import_button = QPushButton("导入基础资料…")
        self.import_button.clicked.connect(self.ask_import)
        buttons.addWidget(self.template_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.file_label = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.file_label)
        layout.addWidget(self.status)
        self.problems = ProblemsModel(("工作表", "行", "字段", "原因"))
        self.table = QTableView()
        self.table.setModel(self.problems)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setVisible(False)
        layout.addWidget(self.table, 1)
        self.counts: dict[str, int] = {}

    def ask_template(self) -> None:
        from ui import file_dialogs
        path = file_dialogs.save_file(self, "保存 Excel 模板", "基础资料模板.xlsx", "Excel 文件 (*.xlsx)")
        if path:
            self.save_template(path)

    def save_template(self, path: str | Path) -> Path:
        from interchange.xlsx_template import write_template
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        write_template(path, example=True)
        self.status.setText(f"模板已保存：{path}（每个工作表带一行示例，可改写或删去）")
        self.status.setStyleSheet("")
        return path

    def ask_import(self) -> None:
        from ui import file_dialogs
        path = file_dialogs.open_file(self, "导入基础资料", "Excel 模板或账房导入文件 (*.xlsx *.json)")
        if path:
            self.import_path(path)

    def import_path(self, path: str | Path) -> bool:
        """Import the file whole, or show every refused row beside it and import nothing."""
        from interchange.files import import_document
        self.file_label.setText(f"文件：{path}")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            counts = self.run(import_document, str(path))
        except Rejected as e:
            rows = [(*placed(p.where), p.message) for p in e.problems]
            self.problems.set_rows(rows)
            self.table.setVisible(True)
            self.status.setText(f"有 {len(rows)} 处错误，整个文件没有导入；请在 Excel 中改正这些行后重新导入。")
            self.status.setStyleSheet("color: #b00020; font-weight: bold")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.problems.set_rows([])
        self.table.setVisible(False)
        self.counts = counts
        names = {"customers": "客户", "suppliers": "供应商", "items": "商品", "warehouses": "仓库",
                 "bank_accounts": "银行账户", "accounts": "会计科目", "opening_balances": "期初余额行",
                 "opening_stock": "期初库存"}
        told = "，".join(f"{names.get(k, k)} {n} 条" for k, n in counts.items()) or "（文件中没有内容）"
        self.status.setText(f"已导入：{told}")
        self.status.setStyleSheet("color: #1b7f3b; font-weight: bold")
        self.imported.emit(counts)
        return True
