"""Buying in the demo: the weekly replenishment, deliveries, failed inspections and supplier invoices."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from demo.post import post
from domain.money import fmt_qty
from storage.models import StockBalance

from . import billing
from .records import CENT, Supplier
from .state import State

D = Decimal


def on_hand(st: State, item: str, wh: str) -> D:
    """The quantity of an item in a warehouse now."""
    row = st.stock_rows.get((item, wh))
    if row is None:
        row = st.book.session.get(StockBalance, (st.products[item].id, st.warehouses[wh]))
        if row is None:
            return D(0)
        st.stock_rows[(item, wh)] = row
    return row.qty


def weekly(st: State, item: str, wh: str) -> D:
    """Expected weekly demand: the plan's estimate, corrected by what actually shipped."""
    prior = st.weekly[(item, wh)]
    weeks = D(max(1, (st.today - st.start).days)) / 7
    if weeks < 2:
        return prior
    return (prior + st.demand[(item, wh)] / weeks) / 2


def replenish(st: State, day: dt.date) -> None:
    """The weekly purchasing run: order what will run short before the next delivery."""
    wanted: dict[tuple[str, str], list[tuple[str, D, bool]]] = {}
    for wh in st.warehouses:
        for code, p in st.products.items():
            need = weekly(st, code, wh)
            if need <= 0:
                continue
            position = on_hand(st, code, wh) + st.on_order[(code, wh)]
            reorder = max(2 * need, p.hi)  # two weeks, and at least one large order line
            if position < reorder + 3 * need:  # worth topping up when the supplier is ordered from anyway
                wanted.setdefault((p.supplier, wh), []).append(
                    (code, p.round_up(reorder + 6 * need - position), position < reorder))
    for (sup, wh), lines in sorted(wanted.items()):
        if any(short for _, _, short in lines):  # one item runs short: order the supplier's others too
            buy(st, day, st.suppliers[sup], wh, [(code, qty) for code, qty, _ in lines])


def buy(st: State, day: dt.date, sup: Supplier, wh: str, lines: list[tuple[str, D]], rush: bool = False) -> None:
    """A purchase order; its goods arrive in a few days (in two lots now and then), or at once
    when bought in a `rush` for a shipment."""
    rng = st.rng
    rows = []
    for item, qty in lines:
        p = st.products[item]
        price = (p.cost * D(str(round(rng.uniform(0.97, 1.03), 3)))).quantize(CENT)
        rows.append({"item": item, "qty": fmt_qty(qty), "price": f"{price:.2f}"})
        st.on_order[(item, wh)] += qty
    po = post(st.book, "purchase_order", date=day, supplier=sup.code, lines=rows)
    st.count["purchase_order"] += 1
    st.count["rush"] += rush
    if rush:
        _inbound(st, day, po.no, sup, wh, lines)
        return
    arrive = day + dt.timedelta(days=rng.randint(2, 6))
    if len(lines) > 1 and rng.random() < 0.2:  # delivered in two lots
        st.at(arrive, "inbound", _inbound, po.no, sup, wh, lines[0::2])
        st.at(arrive + dt.timedelta(days=rng.randint(2, 7)), "inbound", _inbound, po.no, sup, wh, lines[1::2])
    else:
        st.at(arrive, "inbound", _inbound, po.no, sup, wh, lines)


def _inbound(st: State, day: dt.date, po_no: str, sup: Supplier, wh: str, lines: list[tuple[str, D]]) -> None:
    """Goods arrive; a supplier that does not bill monthly invoices the delivery soon after."""
    rng = st.rng
    doc = post(st.book, "inbound", date=day, order=po_no, warehouse=wh,
               lines=[{"item": i, "qty": fmt_qty(q)} for i, q in lines])
    st.count["inbound"] += 1
    for item, qty in lines:
        st.on_order[(item, wh)] -= qty
    st.inbounds[doc.no] = st.moved(doc, sup.code, wh)
    if rng.random() < 0.03:  # failed incoming inspection: part goes back before the supplier invoices
        st.at(day + dt.timedelta(days=rng.randint(0, 2)), "purchase_return", _purchase_return, doc.no)
    if not sup.monthly:
        st.at(day + dt.timedelta(days=rng.randint(3, 20)), "purchase_invoice", _purchase_invoice, doc.no)


def _purchase_return(st: State, day: dt.date, in_no: str) -> None:
    """Goods failing the incoming inspection go back: part of one line, out of what is not
    invoiced yet, at least a step of it staying."""
    rng = st.rng
    inb = st.inbounds.get(in_no)
    if inb is None:
        return
    candidates = []
    for ln in inb.lines.values():
        step = st.products[ln.item].step
        room = min(ln.uninvoiced - step, on_hand(st, ln.item, inb.warehouse))
        if room >= step:
            candidates.append((ln, room))
    if not candidates:
        return
    ln, room = rng.choice(candidates)
    step = st.products[ln.item].step
    q = min(room, st.products[ln.item].round_up(ln.qty * D(str(round(rng.uniform(0.05, 0.2), 2)))))
    q = (q / step).to_integral_value() * step  # whole steps, at least one: so are room and round_up
    post(st.book, "purchase_return", date=day, inbound=in_no, warehouse=inb.warehouse,
         lines=[{"item": ln.item, "qty": fmt_qty(q)}])
    st.count["purchase_return"] += 1
    ln.returned += q
    ln.returned_unbilled += q


def _purchase_invoice(st: State, day: dt.date, in_no: str) -> None:
    """The supplier's invoice for one delivery: now and then for part of it first; sometimes
    for a few of its deliveries at once."""
    rng = st.rng
    inb = st.inbounds.get(in_no)
    if inb is None or not inb.uninvoiced:
        return  # billed already, with another delivery
    region = st.suppliers[inb.party].region[:2]
    lines, billed = billing.part(rng, inb, st.products) if rng.random() < 0.1 else ([], [])
    if lines:
        doc = post(st.book, "purchase_invoice", date=day, lines=lines, vat_no=st.vat_no(day, region))
        _invoiced(st, doc.no, billed)
        st.at(day + dt.timedelta(days=rng.randint(5, 20)), "purchase_invoice", _purchase_invoice, in_no)
        return
    nos = [in_no]
    if rng.random() < 0.25:  # the supplier bills several deliveries at once
        nos = billing.bundle(inb, st.inbounds.values(), day - dt.timedelta(days=3), 3)
    _bill_inbounds(st, day, nos, region)


def supplier_statement(st: State, day: dt.date, sup: Supplier) -> None:
    """A supplier's monthly invoice for all it delivered before this month."""
    first = day.replace(day=1)
    nos = [no for no, o in st.inbounds.items() if o.party == sup.code and o.date < first and o.uninvoiced]
    if nos:
        _bill_inbounds(st, day, nos, sup.region[:2])


def _bill_inbounds(st: State, day: dt.date, nos: list[str], region: str) -> None:
    """One supplier invoice for all that is not yet invoiced of these inbounds."""
    billed = billing.rest(st.inbounds[no] for no in nos)
    doc = post(st.book, "purchase_invoice", date=day, inbounds=nos, vat_no=st.vat_no(day, region))
    _invoiced(st, doc.no, billed)


def _invoiced(st: State, invoice_no: str, billed: list[billing.Billed]) -> None:
    st.count["purchase_invoice"] += 1
    billing.record(billed, invoice_no)
    for no in [n for n, o in st.inbounds.items() if not o.uninvoiced]:
        del st.inbounds[no]  # nothing more will happen to it
