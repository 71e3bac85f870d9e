"""Money in the demo: customers paying (in full, in part, too much, late) and the supplier payment run."""
from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import select

from demo.post import post
from domain.periods import period_end
from storage.models import Customer as CustomerRow
from storage.models import OpenItem

from .records import ZERO, Customer
from .state import CASH, State

D = Decimal


def pay_day(st: State, day: dt.date, cust: Customer) -> dt.date:
    """When a customer pays an invoice of `day`, by its habit."""
    rng, days = st.rng, cust.payment_days
    offset = {"punctual": lambda: days + rng.randint(-7, 5), "early": lambda: rng.randint(3, max(4, days // 2)),
              "late": lambda: days + rng.randint(10, 40), "very_late": lambda: days + rng.randint(45, 120),
              "prepay": lambda: rng.randint(0, 5)}[cust.style]()
    return day + dt.timedelta(days=max(0, offset))


def receipt(st: State, day: dt.date, cust: Customer, ref: str, amount: D | None) -> None:
    """A customer pays an invoice (or its opening balance): in full, in part, too much, or
    everything that is due at once. `amount` is the rest of a part payment."""
    rng = st.rng
    still = _open(st, cust.id, ref)
    if still <= 0:
        return
    if amount is not None:  # the rest of a part payment
        receive(st, day, cust, min(amount, still), [{"invoice": ref, "amount": f"{min(amount, still):.2f}"}])
        return
    r = rng.random()
    if r < 0.5:  # the amount of the invoice, left to settle the oldest open items
        receive(st, day, cust, still, None)
    elif r < 0.7:  # the invoice, named
        receive(st, day, cust, still, [{"invoice": ref, "amount": f"{still:.2f}"}])
    elif r < 0.82 and still > 200:  # part now, the rest later
        part = (still * D(str(round(rng.uniform(0.3, 0.8), 2)))).quantize(D(100))
        part = min(max(part, D(100)), still - 1)
        receive(st, day, cust, part, [{"invoice": ref, "amount": f"{part:.2f}"}])
        st.at(day + dt.timedelta(days=rng.randint(10, 40)), "receipt", receipt, cust, ref, still - part)
    elif r < 0.9:  # a round sum above what is due: the rest waits unapplied for the next invoice
        over = (still / 1000).to_integral_value(ROUND_CEILING) * 1000 + rng.choice((0, 1000, 5000))
        if over == still:
            over += 1000
        receive(st, day, cust, over, None)
    else:  # everything open up to today, invoice by invoice
        open_items = _open_items(st, cust.id, day)
        total = sum((a for _, a in open_items), ZERO)
        if total > 0:
            receive(st, day, cust, total, [{"invoice": r_, "amount": f"{a:.2f}"} for r_, a in open_items])


def receive(st: State, day: dt.date, cust: Customer, amount: D, allocations: list[dict[str, str]] | None) -> None:
    """Money from a customer, small sums now and then in cash; None: the book applies it."""
    account = CASH if amount <= 5000 and st.rng.random() < 0.3 else st.bank
    if allocations is None:
        post(st.book, "receipt", date=day, customer=cust.code, amount=f"{amount:.2f}", account=account)
    else:
        post(st.book, "receipt", date=day, customer=cust.code, amount=f"{amount:.2f}", account=account,
             allocations=allocations)
    st.count["receipt"] += 1


def payment_run(st: State, day: dt.date) -> None:
    """The monthly payment run: each supplier is paid what falls due within the next days,
    invoice by invoice; now and then only part of it, when money is short."""
    rng = st.rng
    due: dict[int, list[tuple[str, D]]] = {}
    for party_id, ref, amount in st.book.session.execute(
            select(OpenItem.party_id, OpenItem.ref, OpenItem.open).where(
                OpenItem.party == "supplier", OpenItem.side == "charge", OpenItem.open > 0,
                OpenItem.due <= day + dt.timedelta(days=5)).order_by(OpenItem.party_id, OpenItem.date, OpenItem.id)):
        due.setdefault(party_id, []).append((ref, amount))
    for code in sorted(st.suppliers):
        items = due.get(st.suppliers[code].id)
        if not items:
            continue
        total = sum((a for _, a in items), ZERO)
        r = rng.random()
        if r < 0.7:
            post(st.book, "payment", date=day, supplier=code, amount=f"{total:.2f}", account=st.bank,
                 allocations=[{"invoice": ref, "amount": f"{a:.2f}"} for ref, a in items])
        elif r < 0.85 or total <= 2000:  # left to settle the oldest first
            post(st.book, "payment", date=day, supplier=code, amount=f"{total:.2f}", account=st.bank)
        else:  # about half now, the rest at the next run
            post(st.book, "payment", date=day, supplier=code,
                 amount=f"{max(D(100), (total / 2).quantize(D(100))):.2f}", account=st.bank)
        st.count["payment"] += 1


def _open(st: State, customer_id: int, ref: str) -> D:
    """What is still open of a customer's invoice (or opening balance)."""
    value = st.book.session.scalar(select(OpenItem.open).where(
        OpenItem.party == "customer", OpenItem.party_id == customer_id, OpenItem.side == "charge",
        OpenItem.ref == ref).order_by(OpenItem.id).limit(1))
    return value if value is not None else ZERO


def _open_items(st: State, customer_id: int, day: dt.date) -> list[tuple[str, D]]:
    """A customer's open invoices up to `day`, oldest first."""
    return [(ref, amount) for ref, amount in st.book.session.execute(
        select(OpenItem.ref, OpenItem.open).where(
            OpenItem.party == "customer", OpenItem.party_id == customer_id, OpenItem.side == "charge",
            OpenItem.open > 0, OpenItem.date <= day).order_by(OpenItem.date, OpenItem.id))]


def unbooked_bank_lines(st: State, seed: int) -> None:
    """After the run: customers who paid in the last days of the last month, on the bank's statement
    and not yet booked — what an accountant finds in 银行对账 after importing her bank's export. Some
    name their invoice in the memo, some write their name without 有限公司, one pays two invoices at
    once. The run itself is untouched (its own random stream is not used)."""
    rng = random.Random(seed * 7919 + 1)
    last = period_end(st.periods[-1])
    due = list(st.book.session.execute(
        select(OpenItem.ref, OpenItem.open, OpenItem.date, CustomerRow.name).join(CustomerRow, CustomerRow.id == OpenItem.party_id)
        .where(OpenItem.party == "customer", OpenItem.kind == "invoice", OpenItem.open > 0, OpenItem.date <= last)
        .order_by(OpenItem.date, OpenItem.ref).limit(max(6, st.orders // 25))))
    rows = []
    for n, (ref, amount, billed, name) in enumerate(due, 1):
        memo = rng.choice(("货款", f"货款 {ref}", f"付{ref}", ""))
        paid = max(billed, last - dt.timedelta(days=rng.randint(0, 6)))  # never before the invoice
        rows.append({"date": paid.isoformat(), "amount": f"{amount:.2f}",
                     "counterparty": name.replace("有限公司", "") if n % 3 == 0 else name, "reference": memo,
                     "bank_ref": f"DEMO{last:%Y%m}{n:05d}"})
    if rows:
        with st.book.unit():
            post(st.book, "bank_statement", account=st.bank, lines=rows)
        st.count["bank_line"] += len(rows)
