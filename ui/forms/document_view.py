"""A saved document: its header, lines and totals, its chain (上查 upstream, 下查 downstream), its
voucher one click away, and 下推 to the next step pre-filled with what is still open."""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from domain.doctypes import title_of
from domain.money import fmt_qty, fmt_thousands
from storage.queries.lists import DOC_STATUS
from storage.queries.pushdown import detail, settlements
from ui.context import AppContext
from ui.forms.availability import enable, push_reason, return_reason, voucher_link_reason
from ui.models.paged_table import RIGHT
from ui.widgets.table import fill, read_only_table

# what a document pushes down to (下推), and when there is anything left to push
PUSH = {"sales_order": "outbound", "outbound": "invoice", "invoice": "receipt",
        "purchase_order": "inbound", "inbound": "purchase_invoice", "purchase_invoice": "payment"}
RETURN_OF = {"outbound": "sales_return", "inbound": "purchase_return", "invoice": "credit_note",
             "purchase_invoice": "purchase_credit_note"}
LINE_HEADERS = ["商品编码", "商品名称", "单位", "数量", "含税单价", "税率", "不含税金额", "税额", "价税合计"]


class DocumentView(QWidget):
    def __init__(self, ctx: AppContext, doc_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.doc_id = doc_id
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 12)
        layout.setSpacing(10)
        head = QHBoxLayout()
        self.title = QLabel(objectName="docTitle")
        head.addWidget(self.title)
        self.status = QLabel(objectName="docStatus")
        head.addWidget(self.status)
        head.addStretch(1)
        from ui.shortcuts import tip
        self.voucher_button = QPushButton(toolTip=tip("open_voucher"))
        self.voucher_button.clicked.connect(self.open_voucher)
        head.addWidget(self.voucher_button)
        self.return_button = QPushButton()
        self.return_button.clicked.connect(self.push_return)
        head.addWidget(self.return_button)
        self.push_button = QPushButton(objectName="primary", toolTip=tip("push_down"))
        self.push_button.clicked.connect(self.push_down)
        head.addWidget(self.push_button)
        layout.addLayout(head)
        card = QFrame(objectName="card")
        self.facts = QFormLayout(card)
        self.facts.setHorizontalSpacing(16)
        body = QHBoxLayout()
        body.addWidget(card, 3)
        chain = QFrame(objectName="card")
        self.chain = QVBoxLayout(chain)
        body.addWidget(chain, 2)
        layout.addLayout(body)
        self.lines = read_only_table(LINE_HEADERS, self, stretch=1, numeric=(3, 4, 6, 7, 8))
        layout.addWidget(self.lines, 1)
        self.settled_title = QLabel("核销明细", objectName="sectionTitle")
        layout.addWidget(self.settled_title)
        self.settled = read_only_table(["单据", "日期", "核销金额"], self, stretch=0, numeric=(2,))
        layout.addWidget(self.settled, 1)
        self.totals = QLabel(objectName="sectionTitle")
        layout.addWidget(self.totals)
        ctx.changed.connect(self.refresh)
        self.refresh()

    def tab_title(self) -> str:
        return self.d.no if self.d else "单据"

    def refresh(self) -> None:
        d = self.d = detail(self.ctx.book, self.doc_id)
        if d is None:
            self.title.setText("单据已不存在")
            return
        self.title.setText(f"{title_of(d.type)}  {d.no}")
        progress = {"sales_order": "执行", "purchase_order": "执行", "outbound": "开票", "inbound": "开票"}
        self.status.setText(f"{progress[d.type]}：{DOC_STATUS.get(d.status, d.status)}" if d.type in progress else "")
        while self.facts.rowCount():
            self.facts.removeRow(0)
        party = "客户" if d.party_kind == "customer" else "供应商"
        facts = [("日期", d.date.isoformat()), (party, f"{d.party_code}  {d.party_name}"),
                 ("金额", fmt_thousands(d.amount))]
        if d.warehouse:
            facts.append(("仓库", d.warehouse))
        if d.bank:
            facts.append(("结算账户", d.bank))
        if d.vat_no:
            facts.append(("发票号码", d.vat_no))
        if d.approved_by:
            facts.append(("信用审批", d.approved_by))
        facts.append(("制单", d.created_by))
        for label, value in facts:
            self.facts.addRow(QLabel(label + "："), QLabel(value))
        self._fill_chain()
        self.voucher_button.setText(f"凭证 {d.voucher_no}" if d.voucher_id else "无凭证")
        enable(self.voucher_button, voucher_link_reason(d), "打开这张单据的凭证")
        back = RETURN_OF.get(d.type)
        self.return_button.setVisible(back is not None)
        if back is not None:
            self.return_button.setText(f"下推{title_of(back)}")
            enable(self.return_button, return_reason(self.ctx.book, d, back), f"按本单新建{title_of(back)}")
        target = PUSH.get(d.type)
        self.push_button.setVisible(target is not None)
        if target is not None:
            self.push_button.setText(f"下推{title_of(target)}")
            enable(self.push_button, push_reason(self.ctx.book, d, target), f"用未执行的部分新建{title_of(target)}")
        rows = [[ln.item_code, ln.item_name, ln.unit, fmt_qty(ln.qty), fmt_thousands(ln.price) if ln.price else "",
                 f"{(ln.tax_rate * 100).normalize():f}%", ln.net, ln.tax, ln.gross] for ln in d.lines]
        fill(self.lines, rows)
        for r in range(self.lines.rowCount()):
            for c in (3, 4):
                self.lines.item(r, c).setTextAlignment(RIGHT)
        money = d.type in ("receipt", "payment")
        self.lines.setVisible(not money)
        self.settled.setVisible(money)
        self.settled_title.setVisible(money)
        if money:
            done = settlements(self.ctx.book, d.id)
            left = d.amount - sum((a for _, _, a in done), Decimal(0))
            fill(self.settled, [[ref, day.isoformat(), amount] for ref, day, amount in done]
                 + ([["未核销（预收/预付）", "", left]] if left else []))
        net = sum((ln.net for ln in d.lines), Decimal(0))
        tax = sum((ln.tax for ln in d.lines), Decimal(0))
        self.totals.setText(f"不含税金额 {fmt_thousands(net)}　　税额 {fmt_thousands(tax)}　　价税合计 "
                            f"{fmt_thousands(d.amount)}" if d.lines else f"金额 {fmt_thousands(d.amount)}")

    def _fill_chain(self) -> None:
        while self.chain.count():
            item = self.chain.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for title, links in (("上查（来源）", self.d.upstream), ("下查（后续）", self.d.downstream)):
            self.chain.addWidget(QLabel(title, objectName="sectionTitle"))
            if not links:
                self.chain.addWidget(QLabel("无", objectName="listStatus"))
            for doc_id, doc_type, no in links:
                button = QPushButton(f"{title_of(doc_type)} {no}", objectName="link")
                button.clicked.connect(lambda _c=False, i=doc_id: self.ctx.open_document(i))
                self.chain.addWidget(button)
        self.chain.addStretch(1)

    def open_voucher(self) -> None:
        if self.d and self.d.voucher_id:
            self.ctx.open_voucher(self.d.voucher_id)

    def push_return(self) -> None:
        back = RETURN_OF.get(self.d.type) if self.d else None
        if back is not None:
            self.ctx.new_document(back, source_id=self.d.id, source_no=self.d.no)

    def push_down(self) -> None:
        """下推 (Ctrl+D): only when the button offers it (there is something left to push)."""
        target = PUSH.get(self.d.type) if self.d else None
        if target is not None and self.push_button.isEnabled():
            self.ctx.new_document(target, source_id=self.d.id, source_no=self.d.no)
