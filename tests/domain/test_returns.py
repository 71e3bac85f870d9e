"""Returns split into what comes out of the uninvoiced quantity and what waits for a red invoice."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.amounts import Amounts, take
from domain.money import line_gross, vat_split
from domain.returns import Pool, Returned, credit_pool, invoiced_left, split_return

D = Decimal
# 10 × 11.30 incl. 13 %, left the warehouse at 6.00 a unit
LINE = Amounts(D("113.00"), D("100.00"), D("13.00"), D("60.00"))


def invoiced(n: int) -> Pool:
    """The first n of LINE's 10 units invoiced, as billing portions them."""
    return Pool(D(n), take(LINE, D(10), Amounts(), D(0), D(n)))


def balanced(a: Amounts) -> bool:
    return a.gross == a.net + a.tax


def test_return_within_the_uninvoiced_quantity_comes_wholly_out_of_it():
    # 5 of 10 shipped come back, 3 invoiced: the 7 uninvoiced cover all 5, nothing waits for a credit note
    s = split_return(LINE, D(10), invoiced(3), Pool(), D(5), sales=True)
    assert (s.part_qty, s.invoiced_qty) == (D(5), D(0))
    assert s.part == Amounts(D("56.50"), D("50.00"), D("6.50"), D("30.00"))
    assert s.whole == s.part


def test_return_beyond_the_uninvoiced_quantity_leaves_the_rest_for_a_credit_note():
    # 5 of 10 back, 8 invoiced: 2 from uninvoiced (the last of it, taking exactly what remains), 3 wait
    s = split_return(LINE, D(10), invoiced(8), Pool(), D(5), sales=True)
    assert (s.part_qty, s.invoiced_qty) == (D(2), D(3))
    assert s.part == Amounts(D("22.60"), D("20.00"), D("2.60"), D("12.00"))
    assert s.whole == Amounts(D("56.50"), D("50.00"), D("6.50"), D("30.00"))


def test_return_of_fully_invoiced_goods_has_no_uninvoiced_part():
    s = split_return(LINE, D(10), invoiced(10), Pool(), D(4), sales=True)
    assert s.part_qty == D(0)
    assert s.part == Amounts()
    assert s.whole == Amounts(D("45.20"), D("40.00"), D("5.20"), D("24.00"))


def test_one_of_three_at_seven_seventy_seven_keeps_gross_equal_net_plus_tax():
    gross = line_gross(D(3), D("7.77"))  # 23.31
    net, tax = vat_split(gross, D("0.13"))  # 20.63 + 2.68
    line = Amounts(gross, net, tax, D("15.00"))
    first = split_return(line, D(3), Pool(), Pool(), D(1), sales=True)
    assert first.part == Amounts(D("7.77"), D("6.88"), D("0.89"), D("5.00"))
    rest = split_return(line, D(3), Pool(D(1), first.part), Pool(D(1), first.whole), D(2), sales=True)
    assert first.whole + rest.whole == line  # the last units take exactly what remains: no stray fen
    assert balanced(rest.whole) and balanced(rest.part)


def test_the_cost_left_in_1406_is_never_more_than_the_return_takes_from_stock():
    # the part's cost is a portion of what is not yet billed; the return's of what is not yet returned
    line = Amounts(D("30.00"), D("26.55"), D("3.45"), D("10.00"))
    s = split_return(line, D(3), Pool(D(1), Amounts(D("10.00"), D("8.85"), D("1.15"), D("3.33"))),
                     Pool(D(1), Amounts(D("10.00"), D("8.85"), D("1.15"), D("3.34"))), D(2), sales=True)
    assert s.part.cost <= s.whole.cost


def test_purchase_return_moves_the_net_and_keeps_no_part_cost():
    line = Amounts(D("113.00"), D("100.00"), D("13.00"), D("100.00"))  # an inbound's cost is its net
    s = split_return(line, D(10), Pool(D(8), take(line._replace(cost=D(0)), D(10), Amounts(), D(0), D(8))),
                     Pool(), D(5), sales=False)
    assert (s.part_qty, s.part.cost) == (D(2), D(0))
    assert s.whole.cost == s.whole.net == D("50.00")


def test_after_an_allowance_the_invoiced_part_is_valued_at_what_is_left_of_it():
    # all 10 invoiced, an allowance of 11.30 took 10.00 + 1.30: returns share the 101.70 left
    allowed = Amounts(D("11.30"), D("10.00"), D("1.30"))
    left = invoiced_left(invoiced(10), allowed, [])
    assert left == Pool(D(10), Amounts(D("101.70"), D("90.00"), D("11.70")))
    first = split_return(LINE, D(10), invoiced(10), Pool(), D(5), sales=True, invoiced_left=left)
    assert first.whole == Amounts(D("50.85"), D("45.00"), D("5.85"), D("30.00"))
    back = [Returned(first.qty, first.whole, first.part_qty, first.part)]
    left = invoiced_left(invoiced(10), allowed, back)
    second = split_return(LINE, D(10), invoiced(10), Pool(D(5), first.whole), D(5), sales=True, invoiced_left=left)
    # a fully returned line nets to exactly the blue line less its allowance
    assert (first.whole + second.whole)._replace(cost=D(0)) == LINE._replace(cost=D(0)) - allowed
    assert first.whole.cost + second.whole.cost == LINE.cost


def test_credit_pool_is_what_came_back_after_invoicing_less_what_was_credited():
    back = [Returned(D(5), Amounts(D("56.50"), D("50.00"), D("6.50"), D("30.00")), D(2),
                     Amounts(D("22.60"), D("20.00"), D("2.60"), D("12.00"))),
            Returned(D(1), Amounts(D("11.30"), D("10.00"), D("1.30"), D("6.00")), D(0), Amounts())]
    pool = credit_pool(back, Pool(D(1), Amounts(D("11.30"), D("10.00"), D("1.30"), D("9.99"))))
    # credited cost plays no part: a red invoice credits sale amounts
    assert pool == Pool(D(3), Amounts(D("33.90"), D("30.00"), D("3.90")))


def test_a_credit_pool_fully_credited_is_empty():
    back = [Returned(D(3), Amounts(D("33.90"), D("30.00"), D("3.90"), D("18.00")), D(0), Amounts())]
    pool = credit_pool(back, Pool(D(3), Amounts(D("33.90"), D("30.00"), D("3.90"))))
    assert pool.qty == 0 and pool.amounts.is_zero()


RATES = st.sampled_from(["0.13", "0.09", "0.06", "0.03", "0.01", "0"])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 500_000), RATES, st.integers(0, 1_000_00), st.integers(1, 40), st.data())
def test_returning_a_whole_line_in_pieces_ties_out_to_the_fen(fen, rate, cost_fen, qty, data):
    """Whatever was invoiced first and however the returns are cut: each return balances, its two
    parts add up to its quantity, the returns sum to the line, and the uninvoiced parts plus the
    invoice sum to the line too (the line ends fully billed, nothing left to invoice)."""
    gross = D(fen) / 100
    net, tax = vat_split(gross, D(rate))
    line, n = Amounts(gross, net, tax, D(cost_fen) / 100), D(qty)
    inv_qty = D(data.draw(st.integers(0, qty)))
    billed = Pool(inv_qty, take(line, n, Amounts(), D(0), inv_qty)) if inv_qty else Pool()
    inv_amounts = billed.amounts
    returned, left = Pool(), qty
    while left:
        q = D(data.draw(st.integers(1, left)))
        s = split_return(line, n, billed, returned, q, sales=True)
        assert balanced(s.whole) and balanced(s.part)
        assert s.part_qty + s.invoiced_qty == q and s.part_qty >= 0 and s.invoiced_qty >= 0
        billed = Pool(billed.qty + s.part_qty, billed.amounts + s.part)
        returned = Pool(returned.qty + q, returned.amounts + s.whole)
        left -= int(q)
    assert returned == Pool(n, line)
    assert billed.qty == n
    assert (billed.amounts - inv_amounts)._replace(cost=D(0)) + inv_amounts._replace(cost=D(0)) \
        == line._replace(cost=D(0))
