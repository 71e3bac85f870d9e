"""Tests for the 统一社会信用代码 check digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.credit_code import ALPHABET, credit_code_problem, with_check_digit


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
    assert credit_code_problem("91330100MA2H000001") == "check digit should be 'L'"


def test_code_of_wrong_length_is_refused():
    assert credit_code_problem("91310000MA1K00001") == "must be 18 characters, not 17"
    assert credit_code_problem("") == "must be 18 characters, not 0"


def test_lower_case_letters_are_refused():
    assert credit_code_problem("91310000ma1k000019") == "letters must be upper case"


@pytest.mark.parametrize("char", ["I", "O", "Z", "S", "V", "-", "９"])
def test_characters_outside_the_alphabet_are_refused(char):
    code = "91310000MA1K00001" + char
    assert credit_code_problem(code) == f"character '{char}' not allowed"


def test_with_check_digit_completes_the_sample_code():
    assert with_check_digit("91310000MA1K00001") == "91310000MA1K000019"


def test_with_check_digit_refuses_wrong_length_and_characters():
    with pytest.raises(ValueError, match="17 characters"):
        with_check_digit("9131")
    with pytest.raises(ValueError, match="'O' not allowed"):
        with_check_digit("91310000MA1K0000O")


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_every_completed_code_is_valid(first17):
    assert credit_code_problem(with_check_digit(first17)) is None


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17), st.sampled_from(ALPHABET))
def test_any_other_check_digit_is_refused(first17, last):
    code = first17 + last
    assert (credit_code_problem(code) is None) == (code == with_check_digit(first17))


@given(
    st.text(alphabet=ALPHABET, min_size=17, max_size=17),
    st.integers(0, 16),
    st.sampled_from(ALPHABET),
)
def test_changing_any_one_character_is_caught(first17, position, char):
    code = with_check_digit(first17)
    typo = code[:position] + char + code[position + 1 :]
    assert (credit_code_problem(typo) is None) == (typo == code)
