"""Returns in the demo: goods sent back by customers, red invoices (红字发票) and price allowances (折让)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from demo.post import post
from domain.money import fmt_qty

from .state import State

D = Decimal


def sales_return(st: State, day: dt.date, out_no: str) -> None:
    """A customer sends back part of one line of a delivery; what was invoiced already waits
    for a red invoice."""
    rng = st.rng
    out = st.outbounds[out_no]
    candidates = [ln for ln in out.lines.values() if ln.qty - ln.returned > 0 and not ln.kept]
    if not candidates:
        return
    ln = rng.choice(candidates)
    step = st.products[ln.item].step
    left = ln.qty - ln.returned
    units = int(left / step)
    q = min(left, step * max(1, rng.randint(max(1, units // 10), max(1, units // 2))))
    doc = post(st.book, "sales_return", date=day, outbound=out_no, warehouse=out.warehouse,
               lines=[{"item": ln.item, "qty": fmt_qty(q)}])
    st.count["sales_return"] += 1
    back = doc.lines[0]
    before = back.part_qty  # what was not invoiced yet came out of the uninvoiced quantity
    ln.returned += q
    ln.returned_unbilled += before
    if q > before:  # goods that were invoiced wait for a red invoice
        ln.pool_qty += q - before
        st.at(day + dt.timedelta(days=rng.randint(0, 10)), "credit_note", _credit_goods, out_no, ln.item)


def _credit_goods(st: State, day: dt.date, out_no: str, item: str) -> None:
    """红字发票 for goods returned after invoicing, on the invoices that billed them."""
    ln = st.outbounds[out_no].lines[item]
    for inv in ln.invoices:
        take = min(ln.pool_qty, inv.qty - inv.credited)
        if take <= 0:
            continue
        post(st.book, "credit_note", date=day, invoice=inv.no, lines=[{"item": item, "qty": fmt_qty(take)}])
        st.count["credit_note"] += 1
        inv.credited += take
        ln.pool_qty -= take
        if ln.pool_qty <= 0:
            break


def allowance(st: State, day: dt.date, inv_no: str, item: str, amount: D) -> None:
    """折让: a red invoice for an amount, the goods staying with the customer.

    Allowances and goods sent back after invoicing never meet on one invoice: the red invoice
    for returned goods takes their full invoiced amount, and credit_note refuses red invoices
    above the invoice's amount, so goods returned after an allowance could never be credited."""
    lines = st.sold[inv_no]
    if any(ln.returned > ln.returned_unbilled for ln in lines):
        return
    for ln in lines:
        ln.kept = True
    # the complaint is about the invoice's first line (selling._invoiced sizes it from that line)
    post(st.book, "credit_note", date=day, invoice=inv_no,
         lines=[{"item": item, "amount": f"{amount:.2f}", "line": 1}])
    st.count["credit_note"] += 1
    st.count["allowance"] += 1
