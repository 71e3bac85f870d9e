"""Portions of a line: the last takes what remains, and every portion keeps gross = net + tax."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.amounts import Amounts, take, take_from_pool
from domain.money import line_gross, vat_split

D = Decimal


def test_one_unit_of_two_at_seven_seventy_seven_balances():
    # 2 × 7.77 incl. 13%: 15.54 = 13.75 + 1.79; each of gross/net/tax halved alone gives 7.77 ≠ 6.88 + 0.90
    gross = line_gross(D(2), D("7.77"))
    net, tax = vat_split(gross, D("0.13"))
    one = take(Amounts(gross, net, tax), D(2), Amounts(), D(0), D(1))
    assert one.gross == one.net + one.tax == D("7.77")
    rest = take(Amounts(gross, net, tax), D(2), one, D(1), D(1))
    assert one + rest == Amounts(gross, net, tax)


@given(st.integers(1, 10_000_00), st.sampled_from(["0.13", "0.09", "0.06", "0.03", "0.01"]),
       st.lists(st.integers(1, 50), min_size=1, max_size=6))
def test_portions_always_balance_and_sum_to_the_line(fen, rate, parts):
    gross = D(fen) / 100
    net, tax = vat_split(gross, D(rate))
    whole, qty = Amounts(gross, net, tax, D("1.23")), D(sum(parts))
    taken, taken_qty = Amounts(), D(0)
    for p in parts:
        a = take(whole, qty, taken, taken_qty, D(p))
        assert a.gross == a.net + a.tax
        taken, taken_qty = taken + a, taken_qty + p
    assert taken == whole


def test_a_pool_share_balances_too():
    pool = Amounts(D("15.54"), D("13.75"), D("1.79"))
    share = take_from_pool(pool, D(2), D(1))
    assert share.gross == share.net + share.tax
