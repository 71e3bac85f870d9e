"""Version 3 tax rules (ACCOUNTING.md): input VAT as printed, the surcharge exemptions judged on the
invoices' printed net, the small-scale exemption and quarterly filing."""
from __future__ import annotations

from decimal import Decimal as D

from usecases.closing import month_sales, preview_close
from usecases.vouchers import post_period


def sale(n, price, qty, invoiced=None):
    so, out, inv = f"SO-{n}", f"OUT-{n}", f"INV-{n}"
    return [{"type": "sales_order", "no": so, "date": "2026-11-02", "customer": "C001",
             "lines": [{"item": "A001", "qty": str(qty), "price": price}]},
            {"type": "outbound", "no": out, "date": "2026-11-03", "order": so, "warehouse": "W01",
             "lines": [{"item": "A001", "qty": str(qty)}]},
            {"type": "invoice", "no": inv, "date": "2026-11-05",
             "lines": [{"outbound": out, "item": "A001", "qty": str(invoiced or qty)}]}]


def surcharge_accounts(book, period):
    post_period(book, period)
    plan = preview_close(book, period)
    step = next((s for s in plan["steps"] if s["step"] == "surcharges"), None)
    return {ln["account"] for ln in step["lines"]} if step else set()


def test_a_month_invoicing_exactly_100000_pays_no_education_surcharges(book, zf):
    """2 of 3 × 47.88 invoiced: 95.76, printed net 84.74 (the portion rule's net is 84.75); and
    112,904.24 whole, net 99,915.26 — the invoices print 100,000.00 of sales: exempt (≤ 100,000.00)."""
    zf.docs(book, *sale(1, "47.88", 3, invoiced=2), *sale(2, "112904.24", 1))
    assert month_sales(book, "2026-11") == D("100000.00")
    book.user = "主管"
    assert surcharge_accounts(book, "2026-11") == {"540302", "222104"}  # 城建税 only
