"""The standard's three statements, the ledger, the statement of account and aging, to the fen."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from domain.periods import period_end
from reports.aging import aging
from reports.balance_sheet import balance_sheet
from reports.cash_flow import cash_flow
from reports.income_statement import income_statement
from reports.ledger import ledger
from reports.statement import statement
from storage.models import Customer, Period
from storage.queries.balances import cumulative
from tests.rows import manual_voucher
from usecases.closing import close_period, reopen_period
from usecases.vouchers import post_period

D = Decimal


def rows(report, column=0):
    return {r.row: r.values[column] for r in report["rows"]}


def test_balance_sheet_of_the_worked_example(worked):
    bs = balance_sheet(worked, "2026-11")
    end, start = rows(bs, 0), rows(bs, 1)
    assert end[1] == D("550000.00") and start[1] == D("500000.00")
    assert end[4] == D("29100.00") and start[4] == D("11300.00")
    assert end[9] == D("24000.00") and end[12] == D("24000.00")
    assert end[36] == D("7800.00")  # output VAT on INV-0001
    assert end[51] == D("24000.00")  # the open 损益 balances: 60,000.00 sales − 36,000.00 cost
    assert end[30] == end[53] == D("603100.00") and bs["difference"] == 0


def test_income_statement_leaves_out_the_close_but_keeps_close_steps(worked):
    post_period(worked, "2026-11")
    close_period(worked, "2026-11")  # accrues 城建税 7% of the VAT (a close step), then 结转损益
    inc = rows(income_statement(worked, "2026-11", "2026-11"), 1)
    assert inc[1] == D("60000.00") and inc[2] == D("36000.00")
    assert inc[3] == inc[6] == D("546.00")  # 税金及附加, 其中 城市维护建设税
    assert inc[21] == inc[30] == inc[32] == D("23454.00")
    assert rows(balance_sheet(worked, "2026-11"))[51] == D("23454.00")
    reopen_period(worked, "2026-11")  # the reversals of the close steps and of 结转损益 net out
    again = rows(income_statement(worked, "2026-11", "2026-11"), 1)
    assert again[32] == D("24000.00") and again[3] == 0


def test_cash_flow_row_22_is_closing_cash_and_the_receipt_is_row_1(worked):
    cf = cash_flow(worked, "2026-11", "2026-11")
    period = rows(cf, 1)
    assert period[1] == D("50000.00") and period[7] == period[20] == D("50000.00")
    assert period[21] == D("500000.00") and period[22] == D("550000.00") and cf["difference"] == 0


def test_cash_flow_splits_a_manual_voucher_and_ignores_transfers(worked):
    manual_voucher(worked, "2026-11-25", "工资和房租", [
        {"account": "2211", "debit": "1000.00"}, {"account": "5602", "debit": "500.00"},
        {"account": "1002", "credit": "1500.00"}])
    manual_voucher(worked, "2026-11-26", "提现", [{"account": "1001", "debit": "300.00"},
                                               {"account": "1002", "credit": "300.00"}])
    period = rows(cash_flow(worked, "2026-11", "2026-11"), 1)
    assert period[4] == D("1000.00") and period[6] == D("500.00")
    assert period[20] == D("48500.00") and period[22] == D("548500.00")


def test_ledger_runs_its_balance_with_sides(worked):
    customer = worked.session.scalar(select(Customer).where(Customer.code == "C001"))
    lg = ledger(worked, "1122", "2026-11", "2026-11", customer)
    assert lg["opening"] == ("借", D("11300.00"))
    assert [(x["voucher"], x["side"], x["balance"]) for x in lg["lines"]] == [
        ("记-1", "借", D("79100.00")), ("记-3", "借", D("29100.00"))]
    vat = ledger(worked, "2221", "2026-11", "2026-11")
    assert vat["closing"] == ("贷", D("7800.00"))
    assert ledger(worked, "1405", "2026-11", "2026-11")["lines"][-1]["side"] == "借"


def test_statement_as_of_its_to_date_adds_up_to_its_own_closing(worked):
    customer = worked.session.scalar(select(Customer).where(Customer.code == "C001"))
    st = statement(worked, customer, dt.date(2026, 11, 1), dt.date(2026, 11, 10))  # before RC-0001
    assert st["closing"] == D("79100.00")
    assert {o["invoice"]: o["open"] for o in st["open_invoices"]} == {"opening": D("11300.00"),
                                                                     "INV-0001": D("67800.00")}
    assert sum(o["open"] for o in st["open_invoices"]) == st["closing"]
    later = statement(worked, customer, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert {o["invoice"]: o["open"] for o in later["open_invoices"]} == {"INV-0001": D("29100.00")}


def _periods(book):
    return list(book.session.scalars(select(Period.period).order_by(Period.period)))


def test_demo_book_balances_and_its_cash_ties_every_month(demo):
    for p in _periods(demo):
        bs = balance_sheet(demo, p)
        assert bs["difference"] == 0, f"{p}: row 30 − row 53 = {bs['difference']}"
        cf = cash_flow(demo, p, p)
        year, month = rows(cf, 0), rows(cf, 1)
        assert month[22] == year[22] == cf["closing_cash"], p
        assert rows(bs, 0)[1] == cf["closing_cash"], p


def test_demo_aging_totals_are_the_receivable_balances(demo):
    receivable = demo.account_id("1122")
    for p in _periods(demo)[:3]:
        day = period_end(p)
        ag = aging(demo, day)
        by_customer = {r["customer"]: r["total"] for r in ag["rows"]}
        codes = dict(demo.session.execute(select(Customer.id, Customer.code)).all())
        want: dict[str, Decimal] = {}
        for (acc, cid, _), v in cumulative(demo, p).items():
            if acc == receivable and v:
                want[codes[cid]] = want.get(codes[cid], D("0.00")) + v
        assert {k: v for k, v in by_customer.items() if v} == {k: v for k, v in want.items() if v}, p


@pytest.mark.parametrize("period", ["2026-09"])
def test_demo_income_statement_of_a_closed_month_is_not_zero(demo, period):
    assert demo.session.get(Period, period).status == "closed"
    inc = rows(income_statement(demo, period, period), 1)
    assert inc[1] > 0 and inc[32] == inc[30] - inc[31]


def test_a_person_may_put_a_vouchers_cash_on_another_row_and_it_stays(worked):
    from storage.cash_flows import override
    v = manual_voucher(worked, "2026-11-25", "支付借款利息", [{"account": "5603", "debit": "200.00"},
                                                         {"account": "1002", "credit": "200.00"}])
    assert rows(cash_flow(worked, "2026-11", "2026-11"), 1)[6] == D("200.00")
    override(worked, v.id, 17)
    cf = cash_flow(worked, "2026-11", "2026-11")
    month = rows(cf, 1)
    assert month[6] == 0 and month[17] == D("200.00") and month[19] == D("-200.00")
    assert month[22] == cf["closing_cash"] == D("549800.00")
    with pytest.raises(Exception, match="row 7"):
        override(worked, v.id, 7)  # a total row takes no money of its own


def test_books_from_before_the_cash_flow_rows_are_filled_in(worked):
    from sqlalchemy import delete

    from storage.cash_flows import backfill
    from storage.models import CashFlow
    before = rows(cash_flow(worked, "2026-11", "2026-11"), 1)
    with worked.unit():
        worked.session.execute(delete(CashFlow))
    assert rows(cash_flow(worked, "2026-11", "2026-11"), 1)[1] == 0
    with worked.engine.begin() as conn:
        assert backfill(conn) == 1  # RC-0001
    worked.session.commit()
    assert rows(cash_flow(worked, "2026-11", "2026-11"), 1) == before


def test_a_reversal_takes_back_the_rows_its_voucher_was_given(worked):
    from storage.cash_flows import override
    from usecases.vouchers import reverse
    v = manual_voucher(worked, "2026-11-25", "支付借款利息", [{"account": "5603", "debit": "200.00"},
                                                         {"account": "1002", "credit": "200.00"}])
    override(worked, v.id, 17)
    reverse(worked, v.id, dt.date(2026, 11, 28))
    month = rows(cash_flow(worked, "2026-11", "2026-11"), 1)
    assert month[17] == 0 and month[6] == 0 and month[22] == D("550000.00")


def test_check_catches_cash_flow_rows_that_no_longer_add_up(worked):
    from sqlalchemy import update

    from storage.models import CashFlow
    from storage.queries.checks import run_checks
    name = "13 cash-flow rows = each voucher's change in cash"
    assert run_checks(worked)[name] == []
    with worked.unit():
        worked.session.execute(update(CashFlow).values(amount=CashFlow.amount + D("0.01")))
    assert run_checks(worked)[name] == ["voucher 2026-11 记-3: cash moved 50000.00 but its cash-flow rows say 50000.01"]
