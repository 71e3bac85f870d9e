"""Tests for the 统一社会信用代码 check digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.credit_code import ALPHABET, credit_code_problem, normalise_credit_code, with_check_digit
from domain.messages import code_of

FIRST = "123456789ANY"  # 登记管理部门码 as the issue reads GB 32100
DIGITS = "0123456789"
BODY = st.tuples(st.sampled_from(FIRST), st.text(alphabet=DIGITS, min_size=7, max_size=7),
                 st.text(alphabet=ALPHABET, min_size=9, max_size=9)).map("".join)


def test_alphabet_has_31_characters_without_i_o_z_s_v():
    assert len(ALPHABET) == 31
    assert not set("IOZSV") & set(ALPHABET)


@pytest.mark.parametrize(
    "code",
    [
        "91310000MA1K000019",  # the project's sample customer
        "91110000600037341L",  # a real code whose check digit is a letter
        "91350100M000100Y43",  # a real code with M in the body
    ],
)
def test_valid_codes_have_no_problem(code):
    assert credit_code_problem(code) is None


def test_sample_code_with_wrong_check_digit_names_the_right_one():
    assert credit_code_problem("91330100MA2H000001").values == {"expected": "'L'"}


def test_code_of_wrong_length_is_refused():
    assert credit_code_problem("91310000MA1K00001").values == {"length": 18, "got": 17}
    assert credit_code_problem("").values == {"length": 18, "got": 0}


def test_lower_case_letters_are_refused_raw_but_normalised_on_input():
    assert credit_code_problem("91310000ma1k000019").code == "credit_code_upper"
    assert normalise_credit_code("91310000ma1k000019") == "91310000MA1K000019"


@pytest.mark.parametrize("typed", ["９１３１００００ＭＡ１Ｋ０００Ｏ１９".replace("Ｏ", "０"), " 91310000-MA1K-000019 ",
                                   "9131 0000 ma1k 0000 19", "91310000　MA1K000019", "91310000—MA1K000019"])
def test_full_width_spaces_dashes_and_lower_case_are_normalised(typed):
    assert normalise_credit_code(typed) == "91310000MA1K000019"
    assert credit_code_problem(normalise_credit_code(typed)) is None


@pytest.mark.parametrize("code,problem", [
    ("01310000MA1K00001", "credit_code_first"), ("B1310000MA1K00001", "credit_code_first"), ("X1310000MA1K00001", "credit_code_first"),
    ("9A310000MA1K00001", "credit_code_digits"), ("913100M0MA1K00001", "credit_code_digits"),
])
def test_structure_position_1_and_digits_2_to_8(code, problem):
    full = with_check_digit(code)
    assert code_of(credit_code_problem(full)) == problem


@pytest.mark.parametrize("char", ["I", "O", "Z", "S", "V", "-", "９"])
def test_characters_outside_the_alphabet_are_refused(char):
    code = "91310000MA1K00001" + char
    assert credit_code_problem(code).values == {"char": repr(char)}


def test_with_check_digit_completes_the_sample_code():
    assert with_check_digit("91310000MA1K00001") == "91310000MA1K000019"


def test_with_check_digit_refuses_wrong_length_and_characters():
    with pytest.raises(ValueError, match="17"):
        with_check_digit("9131")
    with pytest.raises(ValueError, match="'O'"):
        with_check_digit("91310000MA1K0000O")


@given(BODY)
def test_every_completed_code_is_valid(first17):
    assert credit_code_problem(with_check_digit(first17)) is None


@given(BODY, st.sampled_from(ALPHABET))
def test_any_other_check_digit_is_refused(first17, last):
    code = first17 + last
    assert (credit_code_problem(code) is None) == (code == with_check_digit(first17))


@given(
    BODY,
    st.integers(0, 16),
    st.sampled_from(ALPHABET),
)
def test_changing_any_one_character_is_caught(first17, position, char):
    code = with_check_digit(first17)
    typo = code[:position] + char + code[position + 1 :]
    assert (credit_code_problem(typo) is None) == (typo == code)
