"""The demo's plan: the orders spread over the months, and each month's recurring business."""
from __future__ import annotations

import datetime as dt

from domain.periods import period_end, period_start

from . import buying, money, month_end, selling
from .calendar import business_days
from .state import CASH, State


def plan(st: State) -> None:
    """Queue every order on a business day (a month getting its share, give or take 15 %, and
    a customer by its weight), each month's calendar, and the purchasing run every Monday."""
    rng = st.rng
    weights = [rng.uniform(0.85, 1.15) for _ in st.periods]
    shares = [st.orders * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])[:st.orders - sum(counts)]:
        counts[i] += 1
    cum, total = [], 0.0
    for c in st.customers:
        total += c.weight
        cum.append(total)
    for period, n in zip(st.periods, counts, strict=True):
        days = business_days(period)
        for _ in range(n):
            cust = rng.choices(st.customers, cum_weights=cum)[0]
            st.at(rng.choice(days), "order", selling.order, cust)
        _month(st, period)
    day = st.start
    while day <= st.end:  # weekly purchasing run, Mondays, and on the first day
        if day == st.start or day.weekday() == 0:
            st.at(day, "replenish", buying.replenish)
        day += dt.timedelta(days=1)


def _month(st: State, period: str) -> None:
    """The month's recurring entries: rent, petty cash, payroll, utilities, freight, fees,
    depreciation; monthly billing both ways, and the payment run."""
    first, last = period_start(period), period_end(period)
    st.at(first, "month_start", month_end.month_start, period)
    st.at(first.replace(day=10), "expense", month_end.pay_salaries)
    st.at(first.replace(day=15), "expense", month_end.expense, "支付水电费", "5602", st.bank, 0.004)
    st.at(first.replace(day=18), "expense", month_end.expense, "报销办公用品", "5602", CASH, 0.0008)
    st.at(first.replace(day=20), "expense", month_end.expense, "支付运输费", "5601", st.bank, 0.012)
    st.at(last, "month_end", month_end.month_end, period)
    for cust in st.customers:  # 月结 customers are billed for the month's deliveries near its end
        if cust.monthly:
            st.at(first.replace(day=st.rng.randint(25, 28)), "invoice", selling.bill_month, cust)
    for code in sorted(st.suppliers):  # suppliers on monthly statements bill last month's deliveries
        sup = st.suppliers[code]
        if sup.monthly and period != st.periods[0]:
            st.at(first.replace(day=st.rng.randint(1, 8)), "purchase_invoice", buying.supplier_statement, sup)
    st.at(first.replace(day=25), "payment", money.payment_run)
