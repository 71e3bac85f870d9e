"""统一社会信用代码 (unified social credit code, GB 32100-2015): check digit and validation."""

from __future__ import annotations

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
        return f"must be {LENGTH} characters, not {len(code)}"
    if code != code.upper():
        return "letters must be upper case"
    for char in code:
        if char not in ALPHABET:
            return f"character '{char}' not allowed"
    if code[0] not in FIRST:
        return f"position 1 (登记管理部门码) must be 1–9, A, N or Y, not '{code[0]}'"
    if not code[1:8].isdigit():
        return f"positions 2–8 (机构类别码 and 行政区划码) must be digits, not '{code[1:8]}'"
    expected = _check_digit(code[:-1])
    if code[-1] != expected:
        return f"check digit should be '{expected}'"
    return None


def with_check_digit(first17: str) -> str:
    """The full code for its first 17 characters (for demo data and tests)."""
    if len(first17) != LENGTH - 1:
        raise ValueError(f"need {LENGTH - 1} characters, not {len(first17)}")
    bad = [char for char in first17 if char not in ALPHABET]
    if bad:
        raise ValueError(f"character '{bad[0]}' not allowed")
    return first17 + _check_digit(first17)


def _check_digit(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(_MODULUS - total % _MODULUS) % _MODULUS]
