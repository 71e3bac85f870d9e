"""Invented names, people, addresses and 统一社会信用代码 for the demo's customers and suppliers."""
from __future__ import annotations

from domain.credit_code import ALPHABET, with_check_digit

from .state import State


def company(st: State, used: set[str], kinds: list[str], legal_form: str = "") -> tuple[dict[str, str], str]:
    """A city and a company name in it not used before: city, 字号, one of `kinds`, legal form."""
    while True:
        city = st.rng.choice(st.names["cities"])
        name = city["name"] + st.rng.choice(st.names["trade_names"]) + st.rng.choice(kinds) + legal_form
        if name not in used:
            used.add(name)
            return city, name


def credit_code(st: State, region: str, used: set[str]) -> str:
    """A valid 统一社会信用代码 of a company (91…) registered in `region`, not used before."""
    while True:
        code = with_check_digit("91" + region + "".join(st.rng.choice(ALPHABET) for _ in range(9)))
        if code not in used:
            used.add(code)
            return code


def person(st: State) -> tuple[str, str]:
    """A contact person's name and mobile number."""
    rng = st.rng
    name = rng.choice(st.names["surnames"]) + rng.choice(st.names["given_names"])
    phone = "1" + rng.choice("3578") + "".join(str(rng.randint(0, 9)) for _ in range(9))
    return name, phone


def address(st: State, city: str) -> str:
    """A street address in `city`."""
    return f"{city}市{st.rng.choice(st.names['roads'])}{st.rng.randint(1, 999)}号"
