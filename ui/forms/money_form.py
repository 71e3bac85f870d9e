"""Receipts and payments: the party, the amount in the amount widget, the bank or cash account; pushed
down from an invoice it is pre-filled with what is still owed and matched to that invoice (核销)."""
from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QLineEdit, QWidget

from domain.doctypes import title_of
from storage.queries.lookups import choices
from storage.queries.pushdown import detail, open_amount
from ui.context import AppContext
from ui.forms.form_base import EntryForm
from ui.widgets.amount_edit import AmountEdit
from ui.widgets.lookup import LookupEdit
from usecases.dates import new_document_date

PARTY = {"receipt": "customer", "payment": "supplier"}


class MoneyForm(EntryForm):
    def __init__(self, ctx: AppContext, doc_type: str, source_id: int | None = None, parent: QWidget | None = None):
        self.doc_type = doc_type
        self.party_kind = "customer" if doc_type == "receipt" else "supplier"
        src = detail(ctx.book, source_id) if source_id else None
        self.invoice_no = src.no if src else None
        title = f"下推{title_of(doc_type)}（发票 {src.no}）" if src else f"新增{title_of(doc_type)}"
        super().__init__(ctx, title, parent)
        book = ctx.book
        self.party = self.field(self.party_kind, "客户" if self.party_kind == "customer" else "供应商",
                                LookupEdit(choices(book, self.party_kind)))
        self.date = self.field("date", "日期", QDateEdit(new_document_date(book, source_id), calendarPopup=True, displayFormat="yyyy-MM-dd"))
        self.no = self.field("no", "单号", QLineEdit(placeholderText="保存时自动编号"))
        self.amount = self.field("amount", "金额", AmountEdit(allow_negative=False))
        self.account = self.field("account", "结算账户", LookupEdit(choices(book, "bank"), placeholder="银行账户或现金科目"))
        banks = choices(book, "bank")
        if banks:
            self.account.set_choice(banks[0])
        self.field("invoice", "核销发票", QLineEdit(self.invoice_no or "", readOnly=True,
                                                   placeholderText="不指定时按账龄先后自动核销"))
        if src is not None:
            self.party.set_code(src.party_code)
            self.amount.setValue(open_amount(book, src.id))
        self.layout_.addStretch(1)

    def enter_body(self) -> None:
        """Enter in the last field saves (Enter in any other field moves on)."""
        self.save()

    def submit(self) -> int | None:
        from interchange import commands as read
        from usecases.dispatch import USE_CASES
        amount = self.amount.value()
        text = "" if amount is None else format(amount, "f")
        if self.amount.problem():
            text = self.amount.text()
        doc = {"no": self.no.text().strip() or None, "date": self.date.date().toPython(),
               PARTY[self.doc_type]: self.party.code(), "amount": text, "account": self.account.code()}
        if self.invoice_no and amount is not None:
            doc["allocations"] = [{"invoice": self.invoice_no, "amount": text}]
        return self.ctx.run(USE_CASES[self.doc_type], read.READERS[self.doc_type](doc)).id
