"""The demo's customers and suppliers: invented for an empty book, or read from the book's own."""
from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from sqlalchemy import select

from domain.master import parse_customer, parse_supplier
from storage.models import Customer as CustomerRow
from storage.models import Supplier as SupplierRow
from usecases import master

from . import names
from .records import Customer, Supplier
from .state import State

D = Decimal
STYLES = ("punctual", "early", "late", "very_late", "prepay")  # how customers pay, see money.pay_day


def make_suppliers(st: State) -> dict[str, str]:
    """About one supplier per 20 orders, each for a catalogue category; returns code → category."""
    rng = st.rng
    used_names: set[str] = set()
    used_codes: set[str] = set()
    categories = st.names["categories"]
    category = {}
    for i in range(min(30, max(len(categories), st.orders // 20))):
        cat = categories[i % len(categories)]
        city, name = names.company(st, used_names, cat["supplier"])
        contact, phone = names.person(st)
        code = f"S{i + 1:03d}"
        row = {"code": code, "name": name, "tax_id": names.credit_code(st, city["region"], used_codes),
               "payment_days": rng.choice((30, 30, 45, 60)), "contact": contact, "phone": phone,
               "address": names.address(st, city["name"])}
        sup = master.add_supplier(st.book, parse_supplier(row))
        st.suppliers[code] = Supplier(code, sup.id, sup.data.payment_days, city["region"], rng.random() < 0.6)
        category[code] = cat["name"]
    return category


def load_suppliers(st: State) -> None:
    for sup in st.book.session.scalars(select(SupplierRow).where(SupplierRow.active.is_(True))
                                       .order_by(SupplierRow.code)):
        region = sup.tax_id[2:8] if sup.tax_id else "320500"
        st.suppliers[sup.code] = Supplier(sup.code, sup.id, sup.payment_days, region, st.rng.random() < 0.6)


def make_customers(st: State, monthly: D) -> None:
    """About one customer per three orders; a few buy much, most little (Pareto weights).
    `monthly` is the expected gross sales of a month, which credit limits follow."""
    rng = st.rng
    used_names: set[str] = set()
    used_codes: set[str] = set()
    rows = []
    for i in range(min(300, max(20, st.orders // 3))):
        city, name = names.company(st, used_names, st.names["industries"], "有限公司")
        contact, phone = names.person(st)
        code = f"C{i + 1:04d}"
        style = rng.choices(STYLES, (58, 8, 22, 8, 4))[0]
        tax_id = names.credit_code(st, city["region"], used_codes)
        days = 0 if style == "prepay" else rng.choice((30, 30, 45, 60))
        row = {"code": code, "name": name, "tax_id": tax_id, "payment_days": days,
               "contact": contact, "phone": phone, "address": names.address(st, city["name"])}
        weight = min(rng.paretovariate(1.16), 40.0)
        monthly_billed = style != "prepay" and rng.random() < (0.7 if weight > 2 else 0.35)
        st.customers.append(Customer(code, 0, weight, city["warehouse"], days, style, monthly_billed))
        rows.append(row)
    # credit limits follow what a customer buys in a month: generous, tight or none
    total_weight = sum(c.weight for c in st.customers)
    for cust, row in zip(st.customers, rows, strict=True):
        volume = monthly * D(cust.weight / total_weight)
        kind = rng.random()
        if cust.style != "prepay" and kind < 0.75:
            # a tenth are kept on a short leash: their larger orders need the manager's approval
            factor = D(1) if kind < 0.08 else D(rng.choice((3, 4, 6)))
            limit = max(D(50000), (volume * factor * (cust.payment_days + 30) / 30 / 10000)
                        .to_integral_value(ROUND_CEILING) * 10000)
            row["credit_limit"] = f"{limit:.2f}"
        cust.id = master.add_customer(st.book, parse_customer(row)).id


def load_customers(st: State) -> None:
    rng = st.rng
    south = tuple(c["name"] for c in st.names["cities"] if c["warehouse"] == "W02")
    for c in st.book.session.scalars(select(CustomerRow).where(CustomerRow.active.is_(True))
                                     .order_by(CustomerRow.code)):
        wh = "W02" if c.name.startswith(south) and "W02" in st.warehouses else next(iter(st.warehouses))
        st.customers.append(Customer(c.code, c.id, min(rng.paretovariate(1.16), 40.0), wh, c.payment_days,
                                     "punctual" if rng.random() < 0.7 else "late", rng.random() < 0.3))
