"""Which entry form a document type takes (typed fresh, or pushed down from a source document)."""
from __future__ import annotations

from ui.context import AppContext
from ui.forms.form_base import EntryForm


def entry_form(ctx: AppContext, doc_type: str, source_id: int | None = None, source_no: str | None = None) -> EntryForm:
    if doc_type in ("receipt", "payment"):
        from ui.forms.money_form import MoneyForm
        return MoneyForm(ctx, doc_type, source_id)
    if doc_type in ("credit_note", "purchase_credit_note") and source_id is not None:
        from ui.forms.credit_note_form import CreditNoteForm
        return CreditNoteForm(ctx, source_id, doc_type)
    from ui.forms.line_form import LineDocumentForm
    return LineDocumentForm(ctx, doc_type, source_id, source_no)
