"""设置: the company and how the book posts (taxpayer, standard, revenue mode and its template set),
and the book itself: open, create, back up, restore."""
from __future__ import annotations

import tomllib
from decimal import Decimal

from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.dialogs.settings_dialogs import LOCATIONS
from ui.widgets.table import fill, read_only_table

TAXPAYER = {"general": "一般纳税人", "small": "小规模纳税人"}
STANDARD = {"small": "小企业会计准则"}
REVENUE = {"shipment": "出库确认收入", "invoice": "开票确认收入"}
SIDE = {"debit": "借", "credit": "贷"}
# a word for every key of domain/posting.AMOUNT_KEYS (a test holds them together)
AMOUNTS = {"gross": "价税合计", "net": "不含税金额", "tax": "税额", "cost": "成本", "amount": "金额",
           "invoice_net": "发票不含税金额", "invoice_tax": "发票税额", "tax_rounding": "税额尾差",
           "variance": "不含税金额与成本之差", "part_cost": "未开票部分成本", "invoiced_cost": "已开票部分成本",
           "accumulated": "累计折旧", "depreciation": "折旧额", "proceeds": "处置收入", "gain": "处置收益",
           "loss": "处置损失"}
DIMS = {"customer": "客户", "supplier": "供应商", "item": "存货"}
EVENTS = {"credit_note_goods": "红字发票（退货）", "credit_note_allowance": "红字发票（折让）"}


def _amount(text: str) -> str:
    return ("红字" if text.startswith("-") else "") + AMOUNTS.get(text.lstrip("-"), text)


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.name = "settings"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 12)
        layout.setSpacing(12)
        layout.addWidget(QLabel("设置", objectName="pageTitle"))
        top = QHBoxLayout()
        top.setSpacing(12)
        self.facts = QFormLayout()
        card = QFrame(objectName="card")
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(QLabel("账套信息", objectName="sectionTitle"))
        card_layout.addLayout(self.facts)
        edits = QHBoxLayout()
        self.company_button = QPushButton("修改公司与税务…")
        self.company_button.clicked.connect(self.edit_company)
        self.mapping_button = QPushButton("商品类别与科目…")
        self.mapping_button.clicked.connect(self.edit_mapping)
        edits.addWidget(self.company_button)
        edits.addWidget(self.mapping_button)
        edits.addStretch(1)
        card_layout.addLayout(edits)
        top.addWidget(card, 3)
        top.addWidget(self._book_card(), 2)
        layout.addLayout(top)
        layout.addWidget(QLabel("凭证模板（过账规则）", objectName="sectionTitle"))
        self.templates = read_only_table(["业务", "摘要", "科目", "方向", "金额", "辅助核算"], self, stretch=5)
        layout.addWidget(self.templates, 1)
        ctx.changed.connect(self.refresh)
        self.refresh()

    def _book_card(self) -> QFrame:
        from ui import book_actions
        card = QFrame(objectName="card")
        col = QVBoxLayout(card)
        col.addWidget(QLabel("账套文件", objectName="sectionTitle"))
        col.addWidget(QLabel(str(self.ctx.book.target), wordWrap=True))
        for text, fn in (("打开其他账套…", book_actions.open_book), ("新建账套…", book_actions.create_book),
                         ("备份账套…", book_actions.backup), ("从备份恢复…", book_actions.restore)):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, f=fn: f(self.window()))
            col.addWidget(button)
        col.addStretch(1)
        return card

    def edit_company(self) -> None:
        from ui.dialogs.settings_dialogs import CompanyDialog
        if CompanyDialog(self.ctx, self).exec():
            self.window().setWindowTitle(f"账房 Zhangfang — {self.ctx.book.settings.get('company', '')}")

    def edit_mapping(self) -> None:
        from ui.dialogs.settings_dialogs import MappingDialog
        MappingDialog(self.ctx, self).exec()

    def refresh(self) -> None:
        from ui.dialogs.settings_dialogs import current_mapping_text
        self.ctx.book.refresh()  # settings another window (or the dialogs) changed
        s = self.ctx.book.settings
        while self.facts.rowCount():
            self.facts.removeRow(0)
        rates = s.get("vat_rates") or "0.13,0.09,0.06,0.03,0.01,0"
        for label, value in (("公司名称", s.get("company", "")),
                             ("纳税人类型", TAXPAYER.get(s.get("taxpayer", ""), s.get("taxpayer", ""))),
                             ("所在地", LOCATIONS.get(s.get("location", ""), s.get("location", "")) or "未设置"),
                             ("会计准则", STANDARD.get(s.get("standard", ""), s.get("standard", ""))),
                             ("收入确认与模板", REVENUE.get(s.get("revenue", ""), s.get("revenue", ""))),
                             ("小型微利", "是（六税两费减半）" if s.get("small_low_profit") == "true" else "否"),
                             ("启用期间", s.get("start_period", "")),
                             ("增值税税率", "、".join(f"{(Decimal(r) * 100).normalize():f}%" for r in rates.split(","))),
                             ("类别科目", current_mapping_text(self.ctx))):
            self.facts.addRow(QLabel(label + "："), QLabel(value))
        rows = []
        text = s.get("posting_templates")
        if text:
            from domain.doctypes import title_of
            for event, spec in tomllib.loads(text).get("events", {}).items():
                for i, line in enumerate(spec.get("lines", [])):
                    name = self.ctx.book.accounts.get(line["account"])
                    account = "结算账户" if line["account"] == "$bank" else f"{line['account']} {name.name if name else ''}"
                    rows.append([EVENTS.get(event, title_of(event)) if i == 0 else "",
                                 spec.get("summary", "") if i == 0 else "", account,
                                 SIDE.get(line["side"], line["side"]), _amount(line.get("amount", "")),
                                 "、".join(DIMS.get(d, d) for d in line.get("dims", []))])
        fill(self.templates, rows)
