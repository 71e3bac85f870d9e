"""账龄分析: what each customer owes by age — open invoices (and opening items) by days past their due
date (BANKS.md version 3: invoice date + the customer's credit days; not yet due counts as 0-30),
shipped-not-invoiced goods by outbound date (when revenue is booked at shipment), unapplied receipts
apart, and — when given — what confident proposals of waiting bank lines would settle (`pending`)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from domain.money import fmt_amount
from storage.book import Book
from storage.models import Customer
from storage.queries.receivables import open_items_as_of, shipped_not_invoiced

ZERO = Decimal("0.00")
BUCKETS = (("0-30", 30), ("31-60", 60), ("61-90", 90), ("91-180", 180), ("181-365", 365), (">365", None))
# By due date (REPORTS.md v3): days past the invoice date + the customer's credit days (an opening
# item is due on its own date); what is not yet due apart.
DUE_BUCKETS = (("未到期", 0), ("逾期1-30天", 30), ("逾期31-60天", 60), ("逾期61-90天", 90), ("逾期91-180天", 180),
               ("逾期180天以上", None))


def due_bucket(days_overdue: int) -> int:
    return next(i for i, (_, upto) in enumerate(DUE_BUCKETS) if upto is None or days_overdue <= upto)


def bucket(days: int) -> int:
    return next(i for i, (_, upto) in enumerate(BUCKETS) if upto is None or days <= upto)


def aging(book: Book, as_of: dt.date, pending: dict[tuple[int, str], Decimal] | None = None) -> dict:
    amounts: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO] * len(BUCKETS))
    overdue: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO] * len(DUE_BUCKETS))
    unapplied: dict[int, Decimal] = defaultdict(lambda: ZERO)
    waiting: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (pid, _), amount in (pending or {}).items():
        waiting[pid] += amount
    customers = {c.id: c for c in book.session.scalars(select(Customer))}

    def due(party: int, day: dt.date, opening: bool) -> int:
        days = 0 if opening else customers[party].payment_days or 0
        return due_bucket((as_of - (day + dt.timedelta(days=days))).days)

    for o in open_items_as_of(book, "charge", as_of):
        # INTERCHANGE.md: `amounts` by days since the invoice date; `overdue` by days past the due date
        amounts[o.party_id][bucket(max(0, (as_of - o.date).days))] += o.open
        if o.due is not None:
            overdue[o.party_id][due_bucket((as_of - o.due).days)] += o.open
        else:
            overdue[o.party_id][due(o.party_id, o.date, o.ref == "opening" or o.kind == "opening")] += o.open
    if book.revenue_mode == "shipment":  # the goods are in 1122 from the day they left
        for u in shipped_not_invoiced(book, None, as_of):
            amounts[u.party_id][bucket((as_of - u.date).days)] += u.amount
            overdue[u.party_id][due(u.party_id, u.date, False)] += u.amount
    for o in open_items_as_of(book, "credit", as_of):
        unapplied[o.party_id] += o.open
    rows = []
    for cid in sorted(set(amounts) | set(unapplied), key=lambda i: customers[i].code):
        a, u = amounts[cid], unapplied[cid]
        if not any(a) and not u:
            continue
        row = {"customer": customers[cid].code, "name": customers[cid].name, "total": sum(a, ZERO) - u,
               "amounts": list(a), "unapplied": u, "overdue": list(overdue[cid])}
        if pending is not None:  # money on its way: confident proposals of bank lines not yet confirmed
            row["pending"] = min(waiting[cid], max(ZERO, sum(a, ZERO) - u))
        rows.append(row)
    totals = {"total": sum((r["total"] for r in rows), ZERO),
              "amounts": [sum((r["amounts"][i] for r in rows), ZERO) for i in range(len(BUCKETS))],
              "unapplied": sum((r["unapplied"] for r in rows), ZERO),
              "overdue": [sum((r["overdue"][i] for r in rows), ZERO) for i in range(len(DUE_BUCKETS))]}
    if pending is not None:
        totals["pending"] = sum((r["pending"] for r in rows), ZERO)
    return {"as_of": as_of, "company": book.settings.get("company", ""), "buckets": [b for b, _ in BUCKETS],
            "due_buckets": [b for b, _ in DUE_BUCKETS], "rows": rows, "totals": totals}


def as_json(ag: dict) -> dict:
    def conv(r: dict) -> dict:
        return {k: [fmt_amount(x) for x in v] if k in ("amounts", "overdue") else fmt_amount(v)
                if isinstance(v, Decimal) else v for k, v in r.items()}
    return {"as_of": ag["as_of"].isoformat(), "buckets": ag["buckets"], "due_buckets": ag["due_buckets"],
            "rows": [conv(r) for r in ag["rows"]], "totals": conv(ag["totals"])}
