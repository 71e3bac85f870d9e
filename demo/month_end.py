"""The demo's manual vouchers (rent, payroll, expenses, depreciation, bank charges) and month-end close."""
from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from demo.post import post
from domain.periods import period_end
from usecases import closing, vouchers

from .records import CENT, ZERO
from .state import CASH, State

D = Decimal
ACCOUNTANTS = ("会计", "主管")  # who posts and closes: the first that is not the preparer


def month_start(st: State, day: dt.date, period: str) -> None:
    """Rent for the month and the petty cash."""
    rent = round_to(max(D(18000), st.monthly * D("0.02")), 100)
    _transfer(st, day, f"支付{period}房租", "5602", st.bank, rent)
    _transfer(st, day, "提取备用金", CASH, st.bank, D("5000.00"))


def pay_salaries(st: State, day: dt.date) -> None:
    """Last month's payroll leaves the bank."""
    if st.salary_due <= 0:
        return
    _transfer(st, day, "发放上月工资", "2211", st.bank, st.salary_due)
    st.salary_due = ZERO


def expense(st: State, day: dt.date, summary: str, account: str, paid_from: str, share: float) -> None:
    """An expense of about `share` of a month's sales (at least 500), cash ones under 5,000."""
    amount = _about(st, max(D(500), st.monthly * D(str(share))))
    if paid_from == CASH:
        amount = min(amount, D("4800.00"))
    _transfer(st, day, summary, account, paid_from, amount)


def month_end(st: State, day: dt.date, period: str) -> None:
    """Payroll and depreciation accrued, the bank's charges and interest."""
    admin, sales_, _ = salaries(st)
    admin, sales_ = _about(st, admin), _about(st, sales_)
    _voucher(st, day, f"计提{period}工资", [{"account": "5602", "debit": f"{admin:.2f}", "summary": "管理人员工资"},
                                           {"account": "5601", "debit": f"{sales_:.2f}", "summary": "销售人员工资"},
                                           {"account": "2211", "credit": f"{admin + sales_:.2f}"}])
    st.salary_due += admin + sales_
    _transfer(st, day, "计提折旧", "5602", "1602", st.depreciation)
    _transfer(st, day, "银行手续费", "5603", st.bank, D(st.rng.randint(80, 600)) + cents(st.rng))
    _transfer(st, day, "银行存款利息收入", st.bank, "5603", D(st.rng.randint(200, 2500)) + cents(st.rng))


def close(st: State, period: str) -> None:
    """Another person posts the month's vouchers and closes the month."""
    closer = st.book.acting(next(u for u in ACCOUNTANTS if u != st.book.user))
    try:
        vouchers.post_period(closer, period)
        # closed on the third day after the month ends, as a small team does (not on today's clock,
        # which would make every demo month look closed years late on the dashboard)
        closing.close_period(closer, period, at=dt.datetime.combine(period_end(period) + dt.timedelta(days=3),
                                                                   dt.time(17, 0)))
    finally:
        closer.close()
    st.book.refresh()  # the preparer's session must not keep serving rows from before the close
    st.closed += 1


def salaries(st: State) -> tuple[D, D, D]:
    """A month's payroll: administration, sales, total."""
    staff = min(80, 8 + int(st.per_month / 10))
    admin = (D(staff * 4) * D(8600)).quantize(CENT) / 10
    sales_ = (D(staff * 6) * D(9200)).quantize(CENT) / 10
    return admin, sales_, admin + sales_


def round_to(x: D, unit: int) -> D:
    """`x` rounded to a multiple of `unit` yuan, as a sum of money."""
    return ((x / unit).to_integral_value(ROUND_HALF_UP) * unit).quantize(CENT)


def cents(rng: random.Random) -> D:
    """Some fen, so that made-up sums do not all look round."""
    return D(rng.randint(0, 99)) / 100


def _transfer(st: State, day: dt.date, summary: str, debit: str, credit: str, amount: D) -> None:
    _voucher(st, day, summary, [{"account": debit, "debit": f"{amount:.2f}"},
                                {"account": credit, "credit": f"{amount:.2f}"}])


def _voucher(st: State, day: dt.date, summary: str, lines: list[dict[str, str]]) -> None:
    post(st.book, "voucher", date=day, summary=summary, lines=lines, attachments=st.rng.randint(1, 3))
    st.count["voucher"] += 1


def _about(st: State, base: D) -> D:
    """`base` give or take a tenth."""
    return (base * D(str(round(st.rng.uniform(0.9, 1.1), 3)))).quantize(CENT)
