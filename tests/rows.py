"""The use cases called with interchange rows, the way an imported file reaches them.

Most business-rule tests were written against the interchange shape (`{"item": "A001", "qty": "3"}`)
and many assert the place of a refusal ("line 1 field 'qty'"). Going through the same reader the
importer uses keeps them testing what a file or a form sees; tests of the typed commands themselves
call `usecases.*` directly.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from interchange.importer import post_document
from usecases import vouchers as _vouchers

NO_ALLOCATIONS = object()  # leave the key out: the oldest open invoices first


def post(book: Any, doc_type: str, **fields: Any) -> Any:
    doc = {k: v for k, v in fields.items() if v is not None or k == "allocations"}
    if doc.get("allocations") is NO_ALLOCATIONS:
        del doc["allocations"]
    return post_document(book, {"type": doc_type, **doc})


def _moved(doc_type: str, source: str):
    return lambda b, no, date, src, warehouse, lines: post(b, doc_type, no=no, date=date, warehouse=warehouse,
                                                           lines=lines, **{source: src})


def _billed(doc_type: str, sources: str):
    def bill(b, no, date, lines=None, nos=None, vat_no=None, vat_code=None, **kw):
        return post(b, doc_type, no=no, date=date, lines=lines, vat_no=vat_no, vat_code=vat_code,
                    **{sources: kw.get(sources, nos)})
    return bill


def _money(doc_type: str, party: str):
    return lambda b, no, date, who, amount, account, allocations=NO_ALLOCATIONS: post(
        b, doc_type, no=no, date=date, amount=amount, account=account, allocations=allocations, **{party: who})


sales = SimpleNamespace(
    create_sales_order=lambda b, no, date, customer, lines, approved_by=None: post(
        b, "sales_order", no=no, date=date, customer=customer, lines=lines, approved_by=approved_by),
    ship=_moved("outbound", "order"),
    invoice=_billed("invoice", "outbounds"),
    sales_return=_moved("sales_return", "outbound"),
    credit_note=lambda b, no, date, invoice, lines: post(b, "credit_note", no=no, date=date, invoice=invoice,
                                                         lines=lines),
)
purchases = SimpleNamespace(
    create_purchase_order=lambda b, no, date, supplier, lines: post(
        b, "purchase_order", no=no, date=date, supplier=supplier, lines=lines),
    receive=_moved("inbound", "order"),
    purchase_invoice=_billed("purchase_invoice", "inbounds"),
    purchase_return=_moved("purchase_return", "inbound"),
    purchase_credit_note=lambda b, no, date, invoice, lines: post(
        b, "purchase_credit_note", no=no, date=date, invoice=invoice, lines=lines),
)
cash = SimpleNamespace(receipt=_money("receipt", "customer"), payment=_money("payment", "supplier"),
                       NO_ALLOCATIONS=NO_ALLOCATIONS)


def manual_voucher(b: Any, date: Any, summary: Any, lines: Any, word: Any = None, attachments: Any = 0) -> Any:
    return post(b, "voucher", date=date, summary=summary, lines=lines, word=word, attachments=attachments)


vouchers = SimpleNamespace(**{**{k: getattr(_vouchers, k) for k in dir(_vouchers) if not k.startswith("_")},
                              "manual_voucher": manual_voucher})
