"""统一社会信用代码 (unified social credit code, GB 32100-2015): check digit and validation."""

from __future__ import annotations

from domain.messages import Message

# The standard leaves out I O Z S V, which are too easily read as 1 0 2 5 U.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LENGTH = 18
_MODULUS = len(ALPHABET)  # 31
_WEIGHTS = tuple(pow(3, i, _MODULUS) for i in range(LENGTH - 1))  # 1 3 9 27 19 26 16 17 20 29 …


FIRST = "123456789ANY"  # 登记管理部门码: 1–9 (机构编制, 外交, 司法行政…), A (中央军委), N (农业), Y (其他)
_SEPARATORS = " \t\u3000-‐‑‒–—―－_·.．"


def normalise_credit_code(typed: str) -> str:
    """The code as people type it into the canonical form: full-width characters to ASCII (NFKC),
    spaces and dashes dropped, letters upper case. What is left is checked, not guessed at."""
    import unicodedata

    text = unicodedata.normalize("NFKC", typed)
    return "".join(c for c in text if c not in _SEPARATORS).upper()


def credit_code_problem(code: str) -> str | None:
    """None when code is a valid 18-character credit code, otherwise a short reason."""
    if len(code) != LENGTH:
        return Message("credit_code_length", length=LENGTH, got=len(code))
    if code != code.upper():
        return Message("credit_code_upper")
    for char in code:
        if char not in ALPHABET:
            return Message("credit_code_char", char=repr(char))
    if code[0] not in FIRST:
        return Message("credit_code_first", char=repr(code[0]))
    if not code[1:8].isdigit():
        return Message("credit_code_digits", chars=repr(code[1:8]))
    expected = _check_digit(code[:-1])
    if code[-1] != expected:
        return Message("credit_code_check", expected=repr(expected))
    return None


def with_check_digit(first17: str) -> str:
    """The full code for its first 17 characters (for demo data and tests)."""
    if len(first17) != LENGTH - 1:
        raise ValueError(Message("credit_code_length", length=LENGTH - 1, got=len(first17)))
    bad = [char for char in first17 if char not in ALPHABET]
    if bad:
        raise ValueError(Message("credit_code_char", char=repr(bad[0])))
    return first17 + _check_digit(first17)


def _check_digit(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(_MODULUS - total % _MODULUS) % _MODULUS]
