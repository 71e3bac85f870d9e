"""What a red invoice may take from its blue line: returned goods from their pool, allowances, tax."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.amounts import Amounts
from domain.errors import Rejected
from domain.money import vat_split
from domain.red_invoice import GoodsCredit, allowance, credit_goods, printed_tax_left, red_printed_tax
from domain.returns import Pool

D = Decimal
BLUE = Pool(D(10), Amounts(D("113.00"), D("100.00"), D("13.00"), D("60.00")))  # revenue at invoice: cost on it
NONE = Amounts()


def test_credit_takes_a_pro_rata_share_of_the_pool():
    pool = Pool(D(4), Amounts(D("45.20"), D("40.00"), D("5.20")))
    c = credit_goods(pool, BLUE, D(0), NONE, D(1))
    assert c == GoodsCredit(D(4), D(1), Amounts(D("11.30"), D("10.00"), D("1.30")), False)


def test_credit_wanting_more_than_the_pool_takes_the_pool_and_leaves_the_shortfall_to_the_caller():
    pool = Pool(D(2), Amounts(D("22.60"), D("20.00"), D("2.60")))
    c = credit_goods(pool, BLUE, D(0), NONE, D(5))
    assert (c.available, c.qty, c.amounts) == (D(2), D(2), pool.amounts)


def test_an_exhausted_pool_credits_nothing():
    c = credit_goods(Pool(D(0), NONE), BLUE, D(0), NONE, D(1))
    assert c == GoodsCredit(D(0), D(0), NONE, False)


def test_a_pool_overdrawn_by_other_invoices_counts_as_nothing_available():
    assert credit_goods(Pool(D(-1), NONE), BLUE, D(0), NONE, D(1)).available == D(0)


def test_a_blue_line_fully_credited_takes_no_more_even_with_goods_in_the_pool():
    pool = Pool(D(3), Amounts(D("33.90"), D("30.00"), D("3.90")))
    c = credit_goods(pool, BLUE, D(10), BLUE.amounts, D(1))
    assert (c.available, c.qty) == (D(0), D(0))


def test_nothing_wanted_any_more_still_reports_what_is_available():
    pool = Pool(D(3), Amounts(D("33.90"), D("30.00"), D("3.90")))
    assert credit_goods(pool, BLUE, D(0), NONE, D(0)) == GoodsCredit(D(3), D(0), NONE, False)


def test_after_an_allowance_a_credit_never_takes_more_than_the_blue_line_has_left():
    # the whole line came back and waits; meanwhile an allowance of 100.00 took most of the line
    pool = Pool(D(10), Amounts(D("113.00"), D("100.00"), D("13.00")))
    red = Amounts(D("100.00"), D("88.50"), D("11.50"))
    c = credit_goods(pool, BLUE, D(0), red, D(10))
    assert c.amounts == Amounts(D("13.00"), D("11.50"), D("1.50"))  # what is left, without the blue line's cost
    assert c.finishes


def test_the_credit_that_takes_the_rest_of_the_line_finishes_it():
    pool = Pool(D(3), Amounts(D("33.90"), D("30.00"), D("3.90")))
    red = Amounts(D("79.10"), D("70.00"), D("9.10"))
    assert credit_goods(pool, BLUE, D(7), red, D(3)).finishes
    assert not credit_goods(pool, BLUE, D(7), red, D(2)).finishes


def test_printed_tax_left_is_the_blue_lines_less_every_red_so_far():
    assert printed_tax_left(D("13.00"), [D("1.30"), D("2.60")], D("0.65")) == D("8.45")
    assert printed_tax_left(D("13.00"), [], D("0.00")) == D("13.00")


def test_a_red_prints_its_own_tax_but_never_more_than_is_left_and_the_last_prints_exactly_that():
    assert red_printed_tax(D("0.89"), D("2.68"), False) == D("0.89")
    assert red_printed_tax(D("0.90"), D("0.89"), False) == D("0.89")  # earlier reds rounded up
    assert red_printed_tax(D("0.89"), D("0.90"), True) == D("0.90")  # the fen left goes with the last


def test_an_allowance_within_what_is_left_passes():
    assert allowance(D("50.00"), D("113.00"), D("33.00"), D("30.00"), 1, "INV-0001") == D("50.00")


def test_an_allowance_may_take_exactly_what_is_left():
    assert allowance(D("1130.00"), D("1130.00"), D("0.00"), D("0.00"), 2, "INV-0001") == D("1130.00")


def test_an_allowance_beyond_what_is_left_is_refused_with_the_exact_message():
    with pytest.raises(Rejected) as e:
        allowance(D("1200.00"), D("1130.00"), D("0.00"), D("0.00"), 2, "INV-0001")
    assert e.value.shown() == "金额: 1,200.00 超过发票 INV-0001 第 2 行剩余的 1,130.00"


def test_goods_waiting_for_their_credit_note_keep_their_room_on_the_line():
    with pytest.raises(Rejected) as e:
        allowance(D("0.01"), D("113.00"), D("56.50"), D("56.50"), 1, "INV-0001")
    assert e.value.codes == ["allowance_exceeds_line"] and e.value.problems[0].message.values["left"] == "0.00"


@pytest.mark.parametrize("gross", [D("0"), D("-1.00")])
def test_an_allowance_is_positive(gross):
    with pytest.raises(Rejected) as e:
        allowance(gross, D("113.00"), D("0"), D("0"), 1, "INV-0001")
    assert e.value.codes == ["allowance_positive"]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 500_000), st.sampled_from(["0.13", "0.09", "0.06", "0.03", "0"]), st.integers(1, 30),
       st.lists(st.integers(1, 30), min_size=1, max_size=8))
def test_crediting_a_returned_line_piecewise_sums_to_the_blue_line(fen, rate, qty, cuts):
    """Every credit balances, the reds never exceed the blue line, and once all the goods are
    credited the reds are exactly the blue line."""
    gross = D(fen) / 100
    net, tax = vat_split(gross, D(rate))
    blue = Pool(D(qty), Amounts(gross, net, tax))
    pool, red, credited = blue, NONE, D(0)
    for cut in cuts:
        c = credit_goods(pool, blue, credited, red, D(cut))
        assert c.amounts.gross == c.amounts.net + c.amounts.tax
        red, credited = red + c.amounts, credited + c.qty
        pool = Pool(pool.qty - c.qty, pool.amounts - c.amounts)
        assert abs(red.gross) <= blue.amounts.gross
    if credited == blue.qty:
        assert red == blue.amounts
