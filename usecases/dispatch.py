"""Which use case books which document type: the one table the importer and the forms share."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from storage.book import Book
from usecases import assets, banking, cash, purchases, sales, vouchers

USE_CASES: dict[str, Callable[[Book, Any], Any]] = {
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
