"""The month-end decisions without a database: VAT transfer, surcharges by place, taxpayer and
date, straight-line depreciation, 结转损益 and the one-line summary of a blocked close."""
from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal as D
from pathlib import Path

import pytest

from domain import close_steps as cs

RESOURCES = Path(__file__).parents[2] / "resources"
RULES = cs.load_surcharge_rules(tomllib.loads((RESOURCES / "tax/surcharges.toml").read_text(encoding="utf-8")))
TAXES = ("urban_maintenance", "education", "local_education")
NOV_2026 = dt.date(2026, 11, 30)


def lines(ls):
    return [(ln.account, ln.debit, ln.credit) for ln in ls]


def charged(vat, sales, location="city", taxpayer="general", slp=False, day=NOV_2026):
    return {s.tax: s.amount for s in cs.surcharges(D(vat), D(sales), location, taxpayer, slp, day, RULES, TAXES)}


def test_the_steps_load_in_their_order_each_with_a_source():
    docs = [tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted((RESOURCES / "close").glob("*.toml"))]
    steps = cs.load_steps(docs)
    assert tuple(s.step for s in steps) == cs.STEPS
    assert all(s.source.strip() and s.title.strip() for s in steps)
    with pytest.raises(ValueError, match="'taxes_due'"):
        cs.load_steps([{"step": "taxes_due", "order": 1, "title": "x", "summary": "x", "source": "x"}])


def test_output_above_input_is_transferred_to_unpaid_vat():
    # 进项 4,730.00 (debit) and 销项 7,217.07 (credit): 222101 is 2,487.07 on the credit side
    balance = D("4730.00") - D("7217.07")
    assert lines(cs.vat_transfer(balance, "22210104", "222102", "转出")) == [
        ("22210104", D("2487.07"), D("0.00")), ("222102", D("0.00"), D("2487.07"))]


def test_input_above_output_stays_as_carried_credit_and_is_used_next_month():
    # November: 进项 9,100.00 against 销项 1,300.00 — 7,800.00 留抵, no voucher
    assert cs.vat_transfer(D("9100.00") - D("1300.00"), "22210104", "222102", "转出") == []
    # December: 销项 13,000.00 less the 7,800.00 carried in: 5,200.00 is owed
    december = D("7800.00") - D("13000.00")
    assert lines(cs.vat_transfer(december, "22210104", "222102", "转出")) == [
        ("22210104", D("5200.00"), D("0.00")), ("222102", D("0.00"), D("5200.00"))]


def test_surcharges_in_a_city_a_county_and_elsewhere():
    # VAT 10,400.00, sales 150,000.00 (over the exemption): 7% / 5% / 1%, then 3% and 2%
    assert charged("10400.00", "150000.00") == {"urban_maintenance": D("728.00"), "education": D("312.00"),
                                                "local_education": D("208.00")}
    assert charged("10400.00", "150000.00", "county")["urban_maintenance"] == D("520.00")
    assert charged("10400.00", "150000.00", "other")["urban_maintenance"] == D("104.00")


def test_each_surcharge_is_rounded_to_the_fen():
    # 1,234.57 × 7% = 86.4199; × 3% = 37.0371; × 2% = 24.6914
    assert charged("1234.57", "100000.01") == {"urban_maintenance": D("86.42"), "education": D("37.04"),
                                               "local_education": D("24.69")}


def test_education_surcharges_are_exempt_in_a_month_of_sales_up_to_100000():
    assert charged("7800.00", "60000.00") == {"urban_maintenance": D("546.00")}  # the worked example
    assert charged("7800.00", "100000.00") == {"urban_maintenance": D("546.00")}  # the limit itself
    assert set(charged("7800.00", "100000.01")) == set(TAXES)


def test_small_scale_and_small_low_profit_pay_half_in_2026_and_full_from_2028():
    # small-scale, VAT 1,500.00 on sales of 150,000.00: 105.00 / 45.00 / 30.00, halved
    assert charged("1500.00", "150000.00", taxpayer="small") == {
        "urban_maintenance": D("52.50"), "education": D("22.50"), "local_education": D("15.00")}
    assert charged("10400.00", "150000.00", slp=True)["urban_maintenance"] == D("364.00")
    assert charged("1500.00", "150000.00", taxpayer="small", day=dt.date(2028, 1, 31)) == {
        "urban_maintenance": D("105.00"), "education": D("45.00"), "local_education": D("30.00")}


def test_no_vat_no_surcharges_and_a_date_without_rates_is_refused():
    assert charged("0.00", "500000.00") == {}
    with pytest.raises(ValueError, match="no urban_maintenance rate in force on 1980-01-31"):
        charged("100.00", "500000.00", day=dt.date(1980, 1, 31))


def test_surcharge_lines_name_the_rate_and_the_halving():
    found = cs.surcharges(D("1500.00"), D("150000.00"), "city", "small", False, NOV_2026, RULES, TAXES)
    ls = cs.surcharge_lines(found, {"urban_maintenance": ("城市维护建设税", "540302", "222104"),
                                    "education": ("教育费附加", "540303", "222105"),
                                    "local_education": ("地方教育附加", "540304", "222106")})
    assert lines(ls)[:2] == [("540302", D("52.50"), D("0.00")), ("222104", D("0.00"), D("52.50"))]
    assert ls[0].summary == "计提城市维护建设税 1500.00×7%×50%（减半）"


def test_straight_line_from_the_month_after_acquisition_until_the_residual():
    bought = dt.date(2026, 11, 10)
    # 10,000.00, residual 5% (500.00), 7 months: 9,500.00 / 7 = 1,357.142… → 1,357.14 a month
    assert cs.straight_line(D("10000.00"), D("0.05"), 7, bought, "2026-11", D(0)) == 0
    assert cs.straight_line(D("10000.00"), D("0.05"), 7, bought, "2026-12", D(0)) == D("1357.14")
    # the seventh month takes what remains: 9,500.00 − 6 × 1,357.14 = 1,357.16
    assert cs.straight_line(D("10000.00"), D("0.05"), 7, bought, "2027-06", D("8142.84")) == D("1357.16")
    assert cs.straight_line(D("10000.00"), D("0.05"), 7, bought, "2027-07", D("9500.00")) == 0


def test_profit_and_loss_per_dimension_value_and_the_year_end_carry():
    balances = [cs.PLBalance("5001", "credit", D("-100000.00")), cs.PLBalance("5401", "debit", D("60000.00"), item=7),
                cs.PLBalance("5401", "debit", D("0.00"), item=8), cs.PLBalance("540302", "debit", D("546.00"))]
    got = lines(cs.profit_and_loss(balances, "3103", "结转损益"))
    assert got == [("5001", D("100000.00"), D("0.00")), ("5401", D("0.00"), D("60000.00")),
                   ("540302", D("0.00"), D("546.00")), ("3103", D("0.00"), D("100000.00")),
                   ("3103", D("60546.00"), D("0.00"))]
    assert cs.profit_and_loss(balances, "3103", "结转损益")[1].item == 7
    assert lines(cs.year_end(D("-39454.00"), "3103", "310401", "结转本年利润")) == [
        ("3103", D("39454.00"), D("0.00")), ("310401", D("0.00"), D("39454.00"))]


def test_a_blocked_close_is_summarised_in_one_line():
    names = [f"记-{n}" for n in range(1, 269)]
    assert cs.summarise(names, "vouchers are not posted") == "268 vouchers are not posted: 记-1 … 记-10 and 258 more"
    assert cs.summarise(names[:3], "vouchers are not posted") == "3 vouchers are not posted: 记-1, 记-2, 记-3"
