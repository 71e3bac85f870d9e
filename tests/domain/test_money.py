"""Tests for money and quantity arithmetic: parsing, rounding, VAT, portions, formats, 大写."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.messages import code_of
from domain.money import (
    FEN,
    QTY_PLACES,
    daxie,
    fmt_amount,
    fmt_qty,
    fmt_thousands,
    from_fen,
    from_qty_units,
    line_gross,
    net_to_gross,
    parse_amount,
    parse_price,
    parse_qty,
    parse_rate,
    portion,
    portions,
    q2,
    to_fen,
    to_qty_units,
    vat_split,
)

amounts = st.decimals(min_value=D("-999999999999.99"), max_value=D("999999999999.99"), places=2)
rates = st.sampled_from([D("0"), D("0.01"), D("0.03"), D("0.06"), D("0.09"), D("0.13"), D("0.1234")])
parts = st.decimals(min_value=D("0"), max_value=D("1000000"), places=QTY_PLACES)


# --- q2 ---------------------------------------------------------------------------------------


def test_constants():
    assert FEN == D("0.01")
    assert QTY_PLACES == 4


def test_q2_rounds_half_up():
    assert q2(D("2.675")) == D("2.68")
    assert q2(D("2.665")) == D("2.67")  # half-even would give 2.66
    assert q2(D("2.6749999")) == D("2.67")


def test_q2_rounds_negative_halves_away_from_zero():
    assert q2(D("-2.675")) == D("-2.68")


def test_q2_never_returns_negative_zero():
    assert str(q2(D("-0.004"))) == "0.00"


def test_q2_keeps_huge_values_exact():
    assert q2(D("12345678901234567890123456789.005")) == D("12345678901234567890123456789.01")


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1130.00", "1130.00"),
        ("5", "5.00"),
        ("3.5", "3.50"),
        (7, "7.00"),
        (D("2.1"), "2.10"),
        ("1.000", "1.00"),
        ("-0", "0.00"),
    ],
)
def test_parse_amount_gives_two_places(text, expected):
    assert str(parse_amount(text)) == expected


def test_parse_amount_allows_negative_when_asked():
    assert parse_amount("-3.5", allow_negative=True) == D("-3.50")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12.345", "too_many_decimals"),
        ("1e-3", "not_a_number"),  # no exponents (issue 27: "1e5" was read as 100,000)
        ("1e2", "not_a_number"),
        (" 12.30 ", "not_a_number"),
        (" +5. ", "not_a_number"),
        ("+5", "not_a_number"),
        ("5.", "not_a_number"),
        ("abc", "not_a_number"),
        ("", "not_a_number"),
        ("1,130.00", "not_a_number"),
        ("1_000", "not_a_number"),
        ("１２", "not_a_number"),
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
        (D("NaN"), "not_a_number"),
        ("-1.00", "amount_negative"),
        ("100000000000000000000", "amount_too_large"),
        ("1000000000000", "amount_too_large"),
        ("1e99999999999999999999", "not_a_number"),
    ],
)
def test_parse_amount_refuses_with_reason(text, message):
    with pytest.raises(ValueError) as caught:
        parse_amount(text)
    assert code_of(caught.value) == message


def test_parse_amount_caps_red_amounts_too():
    with pytest.raises(ValueError, match="金额 '-1000000000000' 过大"):
        parse_amount("-1000000000000", allow_negative=True)


@pytest.mark.parametrize("value", [1.5, 0.1, True, None, [1]])
def test_parse_amount_refuses_anything_but_strings_ints_and_decimals(value):
    with pytest.raises(ValueError, match="必须以文字给出"):
        parse_amount(value)


def test_parse_amount_accepts_the_largest_amount():
    assert parse_amount("999999999999.99") == D("999999999999.99")


def test_parse_qty_keeps_the_value_exact():
    assert str(parse_qty("2.5")) == "2.5"
    assert str(parse_qty("60")) == "60"
    assert str(parse_qty("0.0001")) == "0.0001"


def test_parse_qty_writes_zeros_out_and_refuses_exponents():
    assert str(parse_qty("2.50000")) == "2.5000"
    with pytest.raises(ValueError, match="'1e5' 不是数字"):
        parse_qty("1e5")  # issue 27: read as 100,000 units


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2.12345", "too_many_decimals"),
        ("0", "qty_positive"),
        ("-1", "qty_positive"),
        ("1000000000", "qty_absurd"),
        ("abc", "not_a_number"),
    ],
)
def test_parse_qty_refuses_with_reason(text, message):
    with pytest.raises(ValueError) as caught:
        parse_qty(text)
    assert code_of(caught.value) == message


def test_parse_qty_allows_zero_when_asked_but_never_negative():
    assert parse_qty("0", allow_zero=True) == 0
    with pytest.raises(ValueError, match="不能为负数"):
        parse_qty("-0.5", allow_zero=True)


def test_parse_qty_refuses_floats():
    with pytest.raises(ValueError, match="必须以文字给出"):
        parse_qty(2.5)


def test_parse_rate_accepts_fractions_below_one():
    assert parse_rate("0.13") == D("0.13")
    assert parse_rate("0") == 0
    assert parse_rate("0.0125") == D("0.0125")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1", "rate_range"),
        ("13", "rate_range"),
        ("-0.01", "rate_range"),
        ("0.12345", "too_many_decimals"),
    ],
)
def test_parse_rate_refuses_with_reason(text, message):
    with pytest.raises(ValueError) as caught:
        parse_rate(text)
    assert code_of(caught.value) == message


def test_parse_price_allows_six_decimals():
    assert parse_price("0.000123") == D("0.000123")
    assert parse_price("1130.00") == D("1130.00")
    assert parse_price("0") == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.0000001", "too_many_decimals"),
        ("-1", "price_negative"),
        ("10000000000000", "price_too_large"),
    ],
)
def test_parse_price_refuses_with_reason(text, message):
    with pytest.raises(ValueError) as caught:
        parse_price(text)
    assert code_of(caught.value) == message


# --- storage ---------------------------------------------------------------------------------


def test_to_fen_is_exact():
    assert to_fen(D("67800.00")) == 6780000
    assert to_fen(D("-0.01")) == -1
    assert to_fen(D("1E+3")) == 100000
    assert to_fen(D("999999999999.99")) == 99999999999999


def test_to_fen_refuses_fractions_of_a_fen():
    with pytest.raises(ValueError, match="more than two decimals"):
        to_fen(D("0.005"))


def test_to_fen_refuses_floats():
    with pytest.raises(ValueError, match="not a finite Decimal"):
        to_fen(0.1)  # type: ignore[arg-type]


def test_from_fen_has_exactly_two_places():
    assert str(from_fen(6780000)) == "67800.00"
    assert str(from_fen(0)) == "0.00"
    assert str(from_fen(-5)) == "-0.05"


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_fen_round_trips(fen):
    assert to_fen(from_fen(fen)) == fen


@given(amounts)
def test_amount_round_trips_through_fen(amount):
    assert from_fen(to_fen(amount)) == amount


def test_qty_units_are_scaled_by_ten_thousand():
    assert to_qty_units(D("2.5")) == 25000
    assert to_qty_units(D("0.0001")) == 1
    assert str(from_qty_units(600000)) == "60.0000"


def test_to_qty_units_refuses_more_than_four_places():
    with pytest.raises(ValueError, match="more than four decimals"):
        to_qty_units(D("0.00001"))


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_qty_units_round_trip(units):
    assert to_qty_units(from_qty_units(units)) == units


# --- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qty", "text"),
    [
        ("60.0000", "60"),
        ("2.5000", "2.5"),
        ("0.0001", "0.0001"),
        ("1E+2", "100"),
        ("0.0000", "0"),
        ("-0", "0"),
        ("-2.50", "-2.5"),
        ("123456789.1234", "123456789.1234"),
    ],
)
def test_fmt_qty_is_plain_without_trailing_zeros(qty, text):
    assert fmt_qty(D(qty)) == text


def test_fmt_amount_always_has_two_decimals():
    assert fmt_amount(D("67800")) == "67800.00"
    assert fmt_amount(D("1E+3")) == "1000.00"
    assert fmt_amount(D("-0.5")) == "-0.50"
    assert fmt_amount(D("-0.00")) == "0.00"


def test_fmt_thousands_groups_digits():
    assert fmt_thousands(D("67800")) == "67,800.00"
    assert fmt_thousands(D("-1234.5")) == "-1,234.50"
    assert fmt_thousands(D("999999999999.99")) == "999,999,999,999.99"
    assert fmt_thousands(D("0")) == "0.00"


def test_fmt_thousands_rounds_half_up_not_half_even():
    assert fmt_thousands(D("0.125")) == "0.13"


# --- line amounts and VAT --------------------------------------------------------------------


def test_line_gross_of_worked_example():
    assert line_gross(D("60"), D("1130.00")) == D("67800.00")


def test_line_gross_of_huge_qty_and_tiny_price_is_exact():
    # 123456789.1234 × 0.000123 = 15185.1850621782 exactly
    assert line_gross(D("123456789.1234"), D("0.000123")) == D("15185.19")
    assert line_gross(D("123456789.1234"), D("0.0000405")) == D("5000.00")  # 4999.9999594977


def test_vat_split_of_worked_example():
    assert vat_split(D("67800.00"), D("0.13")) == (D("60000.00"), D("7800.00"))


def test_vat_split_tax_takes_the_rounding():
    net, tax = vat_split(D("100.00"), D("0.13"))
    assert (net, tax) == (D("88.50"), D("11.50"))  # 100 / 1.13 = 88.4955…
    net, tax = vat_split(D("0.01"), D("0.13"))
    assert (net, tax) == (D("0.01"), D("0.00"))


def test_vat_split_of_odd_values_sums_back_to_gross():
    for gross in ("1.01", "33.33", "1234567.89", "0.07"):
        for rate in ("0.13", "0.09", "0.06", "0.03"):
            net, tax = vat_split(D(gross), D(rate))
            assert net + tax == D(gross)


def test_vat_split_at_zero_rate_has_no_tax():
    assert vat_split(D("55.55"), D("0")) == (D("55.55"), D("0.00"))


def test_vat_split_of_red_amount_mirrors_blue():
    assert vat_split(D("-67800.00"), D("0.13")) == (D("-60000.00"), D("-7800.00"))
    assert vat_split(D("-100.00"), D("0.13")) == (D("-88.50"), D("-11.50"))


def test_vat_split_refuses_rates_outside_zero_to_one():
    with pytest.raises(ValueError, match="rate"):
        vat_split(D("100"), D("-1"))


def test_net_to_gross_adds_rounded_tax():
    assert net_to_gross(D("60000.00"), D("0.13")) == (D("67800.00"), D("7800.00"))
    assert net_to_gross(D("88.46"), D("0.13")) == (D("99.96"), D("11.50"))  # 11.4998 → 11.50
    assert net_to_gross(D("-88.46"), D("0.13")) == (D("-99.96"), D("-11.50"))


@given(amounts, rates)
def test_vat_split_net_plus_tax_is_gross(gross, rate):
    net, tax = vat_split(gross, rate)
    assert net + tax == gross
    assert net == q2(net) and tax == q2(tax)


@given(amounts, rates)
def test_vat_split_is_symmetric_for_red_amounts(gross, rate):
    net, tax = vat_split(gross, rate)
    assert vat_split(-gross, rate) == (-net, -tax)


# --- portions --------------------------------------------------------------------------------


def test_portion_is_rounded_share():
    assert portion(D("36000.00"), D("1"), D("3")) == D("12000.00")
    assert portion(D("100.00"), D("1"), D("3")) == D("33.33")
    assert portion(D("100.00"), D("2"), D("3")) == D("66.67")


def test_portion_of_the_whole_is_the_amount_exactly():
    assert portion(D("24000.00"), D("40"), D("40")) == D("24000.00")
    assert portion(D("0.005"), D("7"), D("7")) == D("0.005")  # not even rounded


def test_portion_with_huge_whole_is_exact():
    # 999999999999.99 × 1 / 3 = 333333333333.33 (and not the 28-digit default context's guess)
    assert portion(D("999999999999.99"), D("1"), D("3")) == D("333333333333.33")
    assert portion(D("0.01"), D("0.0001"), D("999999999.9999")) == D("0.00")


def test_portion_refuses_a_whole_of_zero():
    with pytest.raises(ValueError, match="whole"):
        portion(D("10"), D("0"), D("0"))


def test_portions_last_takes_the_remainder():
    assert portions(D("100.00"), [D(1), D(1), D(1)]) == [D("33.33"), D("33.33"), D("33.34")]


def test_portions_of_red_amount_mirror_blue():
    assert portions(D("-100.00"), [D(1), D(1), D(1)]) == [D("-33.33"), D("-33.33"), D("-33.34")]


def test_portions_agree_with_portion_except_the_last():
    split = portions(D("1000.00"), [D("3"), D("7"), D("11")])
    assert split[:2] == [portion(D("1000.00"), D("3"), D("21")), portion(D("1000.00"), D("7"), D("21"))]
    assert sum(split) == D("1000.00")


def test_portions_never_overshoot_on_tiny_amounts():
    split = portions(D("0.05"), [D(1)] * 10)
    assert sum(split) == D("0.05")
    assert all(share >= 0 for share in split)


def test_portions_give_zero_parts_nothing():
    assert portions(D("100.00"), [D(1), D(1), D(1), D(0)]) == [D("33.33"), D("33.33"), D("33.34"), D("0.00")]


def test_portions_refuse_empty_zero_or_negative_parts():
    for bad in ([], [D(0), D(0)], [D(2), D(-1)]):
        with pytest.raises(ValueError, match="part"):
            portions(D("10.00"), bad)


@given(amounts, st.lists(parts, min_size=1, max_size=20).filter(lambda ps: sum(ps) > 0))
def test_portions_always_sum_to_the_amount(amount, shares_of):
    split = portions(amount, shares_of)
    assert sum(split) == amount
    assert len(split) == len(shares_of)
    assert all(share == q2(share) for share in split)
    assert all(share * amount >= 0 for share in split)  # never the opposite sign


# --- 大写 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("100.00", "壹佰元整"),
        ("10.00", "壹拾元整"),
        ("0.00", "零元整"),
        ("1005.50", "壹仟零伍元伍角整"),
        ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("50000.00", "伍万元整"),
        ("10000.00", "壹万元整"),
        ("100000000.00", "壹亿元整"),
    ],
)
def test_daxie_reference_amounts(amount, words):
    assert daxie(D(amount)) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [("0.05", "伍分"), ("0.50", "伍角整"), ("0.56", "伍角陆分"), ("0.01", "壹分")],
)
def test_daxie_below_one_yuan_has_no_leading_zero_yuan(amount, words):
    assert daxie(D(amount)) == words


def test_daxie_jiao_without_fen_ends_with_zheng_as_vouchers_require():
    assert daxie(D("1005.50")) == "壹仟零伍元伍角整"
    assert daxie(D("10.50")) == "壹拾元伍角整"
    assert daxie(D("10.56")).endswith("陆分")  # never 整 after 分


@pytest.mark.parametrize(
    ("amount", "words"),
    [("1.05", "壹元零伍分"), ("10.05", "壹拾元零伍分"), ("12000.01", "壹万贰仟元零壹分")],
)
def test_daxie_fen_without_jiao_writes_one_zero(amount, words):
    assert daxie(D(amount)) == words


def test_daxie_twelve_thousand_and_one_fen_has_single_zero():
    assert daxie(D("12000.01")) == "壹万贰仟元零壹分"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1010100.01", "壹佰零壹万零壹佰元零壹分"),
        ("100010.00", "壹拾万零壹拾元整"),
        ("1000001.00", "壹佰万零壹元整"),
        ("10100001.00", "壹仟零壹拾万零壹元整"),
        ("10500.00", "壹万零伍佰元整"),
    ],
)
def test_daxie_zeros_collapse_and_bridge_groups(amount, words):
    assert daxie(D(amount)) == words


def test_daxie_all_zero_wan_group_writes_no_wan():
    assert daxie(D("100000001.00")) == "壹亿零壹元整"


def test_daxie_full_wan_group_after_yi_needs_no_zero():
    assert daxie(D("110000000.00")) == "壹亿壹仟万元整"


def test_daxie_wan_group_starting_with_zero_is_bridged():
    assert daxie(D("101000000")) == "壹亿零壹佰万元整"


def test_daxie_largest_amount():
    assert daxie(D("999999999999.99")) == "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("-1005.50", "负壹仟零伍元伍角整"),
        ("-0.05", "负伍分"),
        ("-100.00", "负壹佰元整"),
        ("-12000.01", "负壹万贰仟元零壹分"),
    ],
)
def test_daxie_red_amounts_start_with_fu(amount, words):
    assert daxie(D(amount)) == words


def test_daxie_rounds_to_the_fen_first():
    assert daxie(D("0.055")) == "陆分"
    assert daxie(D("99.995")) == "壹佰元整"
    assert daxie(D("-0.004")) == "零元整"  # rounds to zero, which has no sign


def test_daxie_refuses_a_trillion_and_more():
    with pytest.raises(ValueError, match="too large"):
        daxie(D("1000000000000"))
    with pytest.raises(ValueError, match="too large"):
        daxie(D("-999999999999.995"))


def test_daxie_refuses_nan():
    with pytest.raises(ValueError):
        daxie(D("NaN"))


@given(amounts)
def test_daxie_never_writes_a_double_or_dangling_zero(amount):
    words = daxie(amount)
    assert "零零" not in words
    for unit in ("万", "亿", "元", "角", "分"):
        assert "零" + unit not in words or words == "零元整"
    assert words.endswith(("整", "分"))
    assert not words.endswith("分整")
