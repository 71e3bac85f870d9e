"""Opening what a task or an exception is about (issue 26): its document or voucher when it names
one, else the page where its work is done."""
from __future__ import annotations

from ui.context import AppContext
from ui.subjects import open_subject

# Subjects that are not one document: the page where they are dealt with.
PAGE_OF_SUBJECT = {"period": "close_wizard", "item": "stock", "customer": "customers", "supplier": "suppliers",
                   "bank_line": "matching", "bank_account": "matching", "opening": "vouchers"}


def open_alert(ctx: AppContext, subject: dict, page: str | None = None) -> None:
    """The subject's document or voucher; else `page`, or the page its kind of subject is dealt with."""
    kind, no = subject.get("type"), str(subject.get("no") or "")
    period = None
    if kind == "voucher" and " " in no:  # "2026-11 记-3": the period, then the voucher's word and number
        period, no = no.split(" ", 1)
    if kind != "period" and open_subject(ctx, {"type": kind, "no": no}, period):
        return
    ctx.show_page(page or PAGE_OF_SUBJECT.get(kind or "", "dashboard"))
