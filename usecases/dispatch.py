"""Which use case books which document type: the one table the importer and the forms share."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.book import Book
from storage.oplog import append
from usecases import assets, banking, cash, purchases, sales, vouchers
from usecases.access import check, covered, is_covered

_BARE: dict[str, Callable[[Book, Any], Any]] = {
    "sales_order": sales.create_sales_order,
    "outbound": sales.ship,
    "invoice": sales.invoice,
    "sales_return": sales.sales_return,
    "credit_note": sales.credit_note,
    "receipt": cash.receipt,
    "purchase_order": purchases.create_purchase_order,
    "inbound": purchases.receive,
    "purchase_invoice": purchases.purchase_invoice,
    "purchase_return": purchases.purchase_return,
    "purchase_credit_note": purchases.purchase_credit_note,
    "payment": cash.payment,
    "voucher": vouchers.manual_voucher,
    "fixed_asset": assets.acquire,
    "asset_disposal": assets.dispose,
    "bank_statement": banking.bank_statement,
}


def _guarded(doc_type: str, use_case: Callable[[Book, Any], Any]) -> Callable[[Book, Any], Any]:
    """Saving a document of `doc_type` needs the action save.<doc_type> (issue 26). Saved on its own
    (a form), it is logged with its number; inside an import the import's one entry stands for it."""
    action = f"save.{doc_type}"

    def save(book: Book, cmd: Any) -> Any:
        if is_covered():
            return use_case(book, cmd)
        check(book, action)
        with covered(action), book.unit():
            result = use_case(book, cmd)
            no = getattr(result, "no", None) or getattr(cmd, "no", None)
            append(book, "save", record=f"{doc_type} {no}" if no else doc_type,
                   detail=getattr(result, "summary", "") or "")
        return result
    save.__name__ = save.__qualname__ = getattr(use_case, "__name__", doc_type)
    save.__doc__ = use_case.__doc__
    return save


USE_CASES: dict[str, Callable[[Book, Any], Any]] = {t: _guarded(t, fn) for t, fn in _BARE.items()}
