"""Selling in the demo: orders, shipments (some in parts), and invoices per delivery or per month."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from demo.post import post
from domain.money import fmt_qty
from storage.models import Document
from usecases.results import Posted

from . import billing, buying, money, returns
from .records import CENT, Customer
from .state import State

D = Decimal
APPROVER = "经理"  # approves sales orders over the customer's credit limit
VAT_REGION = "32"  # the company's own tax region, on the 发票 it issues


def order(st: State, day: dt.date, cust: Customer) -> None:
    """A sales order of one to five items, shipped at once or in parts; a prepaying customer
    pays first."""
    rng = st.rng
    n_lines = rng.choices((1, 2, 3, 4, 5), (40, 30, 17, 9, 4))[0]
    codes = list(st.products)
    weights = [p.weight for p in st.products.values()]
    picked: list[str] = []
    for _ in range(n_lines * 3):
        code = rng.choices(codes, weights)[0]
        if code not in picked:
            picked.append(code)
        if len(picked) == n_lines:
            break
    discount = D(rng.choice(("1.00", "1.00", "0.98", "0.95", "0.92", "0.90", "1.03")))
    lines = []
    for code in picked:
        p = st.products[code]
        price = (p.price * discount).quantize(CENT, ROUND_HALF_UP)
        lines.append({"item": code, "qty": fmt_qty(p.qty(rng)), "price": f"{price:.2f}"})
    so = _sales_order(st, day, cust, lines)
    st.orders_done += 1
    st.report(st.orders_done, f"{day:%Y-%m} 销售订单")
    ship_day = day + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5)))
    if cust.style == "prepay":  # 款到发货: the customer pays first, the goods follow
        amount = (so.amount / 100).to_integral_value(ROUND_CEILING) * 100
        money.receive(st, day, cust, amount, [])
        ship_day = day + dt.timedelta(days=rng.randint(1, 3))
    plan = _split(st, cust, [(ln["item"], D(ln["qty"])) for ln in lines])
    for k, part in enumerate(plan):
        st.at(ship_day, "ship", _ship, so.no, cust, part)
        ship_day += dt.timedelta(days=rng.randint(3, 12) if k == 0 else rng.randint(5, 15))


def _sales_order(st: State, day: dt.date, cust: Customer, lines: list[dict[str, str]]) -> Posted:
    # The manager stands by: the order names its approver, and keeps the name only when it was over
    # the customer's credit limit (domain/credit.py) — so no order is refused, undone and made again.
    doc = post(st.book, "sales_order", date=day, customer=cust.code, lines=lines, approved_by=APPROVER)
    if doc.approved_by:
        st.count["approved"] += 1
    st.count["sales_order"] += 1
    return doc


def _split(st: State, cust: Customer, lines: list[tuple[str, D]]) -> list[list[tuple[str, D]]]:
    """Most orders ship at once; some in two or three outbounds, a line's quantity split
    among them or the line shipped whole with one of them."""
    rng = st.rng
    k = 1 if cust.style == "prepay" else rng.choices((1, 2, 3), (82, 14, 4))[0]
    if k == 1:
        return [lines]
    plan: list[list[tuple[str, D]]] = [[] for _ in range(k)]
    for item, qty in lines:
        step = st.products[item].step
        units = int(qty / step)
        if units >= k and rng.random() < 0.7:
            cuts = sorted(rng.sample(range(1, units), k - 1))
            parts = [step * (b - a) for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
            for i, q in enumerate(parts):
                plan[i].append((item, q))
        else:
            plan[rng.choice((0, 0, 1) if k == 2 else (0, 0, 1, 2))].append((item, qty))
    return [p for p in plan if p]


def _ship(st: State, day: dt.date, so_no: str, cust: Customer, lines: list[tuple[str, D]]) -> None:
    """An outbound from the customer's warehouse; what is short is bought in a rush first."""
    rng, wh = st.rng, cust.warehouse
    for item, qty in lines:
        short = qty - buying.on_hand(st, item, wh)
        if short > 0:  # rush order: bought and received the same day
            p = st.products[item]
            buying.buy(st, day, st.suppliers[p.supplier], wh,
                       [(item, p.round_up(short + p.hi + 2 * buying.weekly(st, item, wh)))], rush=True)
    doc = post(st.book, "outbound", date=day, order=so_no, warehouse=wh,
               lines=[{"item": i, "qty": fmt_qty(q)} for i, q in lines])
    st.count["outbound"] += 1
    st.outbounds[doc.no] = st.moved(doc, cust.code, wh)
    st.uninvoiced_by.setdefault(cust.code, []).append(doc.no)
    for item, qty in lines:
        st.demand[(item, wh)] += qty
    if cust.style == "prepay":
        st.at(day, "invoice", _invoice, doc.no)
    elif not cust.monthly:
        lag = rng.choice((rng.randint(0, 2), rng.randint(0, 2), rng.randint(3, 10), rng.randint(11, 30)))
        st.at(day + dt.timedelta(days=lag), "invoice", _invoice, doc.no)
    if rng.random() < st.p_return:
        st.at(day + dt.timedelta(days=rng.randint(1, 20)), "sales_return", returns.sales_return, doc.no)


def _invoice(st: State, day: dt.date, out_no: str) -> None:
    """The invoice for one delivery: now and then for part of it first; every line spelled
    out; or whole outbounds, sometimes several of the customer's at once."""
    rng = st.rng
    out = st.outbounds[out_no]
    if not out.uninvoiced:
        return
    cust = st.by_code[out.party]
    r = rng.random()
    lines, billed = billing.part(rng, out, st.products) if r < 0.15 else ([], [])
    if lines:  # part now, the rest on a later invoice
        doc = post(st.book, "invoice", date=day, lines=lines, vat_no=st.vat_no(day, VAT_REGION))
        st.at(day + dt.timedelta(days=rng.randint(5, 25)), "invoice", _invoice, out_no)
    elif r < 0.35:  # every line spelled out
        billed = billing.rest([out])
        lines = [{"outbound": out_no, "item": item, "qty": fmt_qty(q)} for _, item, q in billed]
        doc = post(st.book, "invoice", date=day, lines=lines, vat_no=st.vat_no(day, VAT_REGION))
    else:  # whole outbounds, sometimes several of the customer's on one invoice
        nos = [out_no]
        if rng.random() < 0.5:
            nos = billing.bundle(out, (st.outbounds[no] for no in st.uninvoiced_by.get(cust.code, [])), day, 4)
        _bill_outbounds(st, day, cust, nos)
        return
    _invoiced(st, day, cust, doc, billed)


def bill_month(st: State, day: dt.date, cust: Customer) -> None:
    """月结: one invoice for every delivery of the customer not yet invoiced."""
    nos = [no for no in st.uninvoiced_by.get(cust.code, []) if st.outbounds[no].uninvoiced]
    if nos:
        _bill_outbounds(st, day, cust, nos)


def _bill_outbounds(st: State, day: dt.date, cust: Customer, nos: list[str]) -> None:
    billed = billing.rest(st.outbounds[no] for no in nos)
    doc = post(st.book, "invoice", date=day, outbounds=nos, vat_no=st.vat_no(day, VAT_REGION))
    _invoiced(st, day, cust, doc, billed)


def _invoiced(st: State, day: dt.date, cust: Customer, doc: Document, billed: list[billing.Billed]) -> None:
    """Remember what an invoice billed; the customer will pay it, and may complain (折让)."""
    rng = st.rng
    st.count["invoice"] += 1
    billing.record(billed, doc.no)
    st.sold[doc.no] = [o.lines[item] for o, item, _ in billed]
    st.uninvoiced_by[cust.code] = [n for n in st.uninvoiced_by.get(cust.code, []) if st.outbounds[n].uninvoiced]
    st.at(money.pay_day(st, day, cust), "receipt", money.receipt, cust, doc.no, None)
    if rng.random() < st.p_allowance:  # 折让: a quality complaint settled by a price reduction
        first = doc.lines[0]
        amount = (first.gross * D(str(round(rng.uniform(0.02, 0.08), 3)))).quantize(D(1))
        if amount > 0:
            st.at(day + dt.timedelta(days=rng.randint(3, 20)), "allowance", returns.allowance, doc.no,
                  st.item_codes[first.item_id], amount)
