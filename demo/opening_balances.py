"""The demo's opening balances: bank, cash, fixed assets, receivables, stock, payables and payroll."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from domain.money import fmt_qty, line_gross
from interchange.commands import opening_balances, opening_stock
from usecases import opening

from . import money
from .month_end import cents, round_to, salaries
from .records import CENT, ZERO
from .state import CASH, State

D = Decimal


def add_opening(st: State) -> None:
    """Balances of a business that has run for years, scaled to the expected monthly sales; what
    customers owed at the start is paid in the first months."""
    rng, book, monthly = st.rng, st.book, st.monthly
    stock_rows, item_value = _stock(st)
    lines = []
    bank = round_to(max(D(500000), monthly * D("1.2")), 10000) + cents(rng)
    lines.append({"account": st.bank, "debit": f"{bank:.2f}"})
    lines.append({"account": CASH, "debit": f"{D(rng.randint(5000, 20000)) + cents(rng):.2f}"})
    fixed = round_to(max(D(300000), monthly * D("0.8")), 1000)
    lines.append({"account": "1601", "debit": f"{fixed:.2f}"})
    st.depreciation = round_to(fixed * D("0.008"), 1)  # straight line, about ten years
    lines.append({"account": "1602", "credit": f"{(fixed * D(str(round(rng.uniform(0.15, 0.4), 2)))).quantize(CENT):.2f}"})
    total_w = sum(c.weight for c in st.customers)
    for c in st.customers:
        if c.style != "prepay" and rng.random() < 0.3:
            owed = max(D(2000), monthly * D(c.weight / total_w) * D(str(round(rng.uniform(0.3, 1.2), 2))))
            lines.append({"account": "1122", "customer": c.code, "debit": f"{owed.quantize(CENT):.2f}"})
    for code in sorted(item_value):
        lines.append({"account": "1405", "item": code, "debit": f"{item_value[code]:.2f}"})
    for s in st.suppliers.values():
        if rng.random() < 0.4:
            owed = max(D(3000), monthly * D("0.6") / len(st.suppliers) * D(str(round(rng.uniform(0.3, 1.0), 2))))
            lines.append({"account": "220201", "supplier": s.code, "credit": f"{owed.quantize(CENT):.2f}"})
    st.salary_due = salaries(st)[2]
    lines.append({"account": "2211", "credit": f"{st.salary_due:.2f}"})
    debit = sum((D(ln.get("debit", "0")) for ln in lines), ZERO)
    credit = sum((D(ln.get("credit", "0")) for ln in lines), ZERO)
    lines.append({"account": "3001", "credit": f"{debit - credit:.2f}"})
    opening.add_opening_balances(book, opening_balances({"date": book.settings["opening_date"], "lines": lines}))
    if stock_rows:
        opening.add_opening_stock(book, opening_stock(stock_rows))
    for ln in lines:
        if ln["account"] == "1122":
            cust = st.by_code[ln["customer"]]
            st.at(st.start + dt.timedelta(days=rng.randint(3, 40)), "receipt", money.receipt, cust, "opening", None)


def _stock(st: State) -> tuple[list[dict[str, str]], dict[str, D]]:
    """Opening stock rows, and their value per item: a few weeks of sales of most items."""
    rng = st.rng
    rows: list[dict[str, str]] = []
    value: dict[str, D] = {}
    for p in st.products.values():
        if rng.random() < 0.12:
            continue  # not every item is in stock on the first day
        unit_cost = (p.cost / (1 + p.rate)).quantize(CENT, ROUND_HALF_UP)
        for wh in st.warehouses:
            weekly = st.weekly[(p.code, wh)]
            if weekly <= 0 or (wh != "W01" and rng.random() < 0.3):
                continue
            # a few weeks of sales, and never less than a large order line (the purchasing rule)
            qty = p.round_up(max(weekly * D(str(round(rng.uniform(2.5, 5.0), 2))),
                                 p.hi + weekly * D(str(round(rng.uniform(1.5, 3.0), 2)))))
            rows.append({"item": p.code, "warehouse": wh, "qty": fmt_qty(qty), "unit_cost": f"{unit_cost:.2f}"})
            value[p.code] = value.get(p.code, ZERO) + line_gross(qty, unit_cost)
    return rows, value
