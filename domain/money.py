"""Money and quantity arithmetic: parsing, rounding, VAT split, portions, formatting and 大写."""

from __future__ import annotations

import re
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

from domain.messages import Message

FEN = Decimal("0.01")
QTY_PLACES = 4  # quantities and unit costs are stored as integers scaled by 10**4

Number = str | int | Decimal

_QTY_SCALE = 10**QTY_PLACES
_AMOUNT_CAP = Decimal(10) ** 12  # 大写 has no 万亿; nothing a small business books comes near it
AMOUNT_LIMIT = _AMOUNT_CAP  # what one line or document may hold, with room for a year's sums in storage
_FEN_CAP = 10**14
_QTY_CAP = Decimal(10) ** 9
_PRICE_PLACES = 6  # unit prices may be finer than the fen (e.g. 0.000123 per gram)
_RATE_PLACES = 4
_PLACES_WORDS = {2: "two", 4: "four", 6: "six"}
_KINDS = {"float": "小数（浮点数）", "bool": "是/否", "list": "列表", "dict": "对象", "NoneType": "空值"}

# Python's Decimal() also takes "1_000", "１２" and surrounding junk; JSON numbers-as-strings never do.
# Nor an exponent ("1e5" is not how anyone writes 100,000 units), a sign "+", a bare "5." or spaces
# around it (issue 27): a figure is digits, optionally a point and more digits, optionally negative.
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")

# 40 digits keep qty (13 digits) × price (18 digits) exact, and put every quotient far enough from
# a half-fen boundary that rounding it once more to the fen is the same as rounding the exact value.
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow])


def q2(x: Decimal) -> Decimal:
    """Round to the fen, halves away from zero (2.675 → 2.68, −2.675 → −2.68)."""
    with localcontext(_CONTEXT):
        rounded = x.quantize(FEN, rounding=ROUND_HALF_UP)
    return _no_negative_zero(rounded)


def _no_negative_zero(x: Decimal) -> Decimal:
    # Decimal keeps the sign of zero, and "-0.00" must never reach a report or a JSON file.
    return abs(x) if x.is_zero() else x


# --- parsing -------------------------------------------------------------------------------


def parse_amount(text: Number, *, allow_negative: bool = False) -> Decimal:
    """An amount from its JSON string ("1130.00", "5", "-3.5"), quantized to the fen."""
    value = _number(text, "amounts")
    if abs(value) >= _AMOUNT_CAP:
        raise ValueError(Message("amount_too_large", value=f"'{text}'"))
    if value < 0 and not allow_negative:
        raise ValueError(Message("amount_negative", value=f"'{text}'"))
    _check_places(value, text, 2)
    return q2(value)


def parse_qty(text: Number, *, allow_zero: bool = False) -> Decimal:
    """A quantity, exact (at most four decimals); positive, or also zero with allow_zero."""
    value = _number(text, "quantities")
    if abs(value) >= _QTY_CAP:
        raise ValueError(Message("qty_absurd", value=f"'{text}'"))
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(Message("qty_not_negative" if allow_zero else "qty_positive", value=f"'{text}'"))
    _check_places(value, text, QTY_PLACES)
    return _plain(value, QTY_PLACES)


def parse_rate(text: Number) -> Decimal:
    """A VAT rate as a fraction ("0.13"): at least 0, below 1, at most four decimals."""
    value = _number(text, "rates")
    if not 0 <= value < 1:
        raise ValueError(Message("rate_range", value=f"'{text}'"))
    _check_places(value, text, _RATE_PLACES)
    return _plain(value, _RATE_PLACES)


def parse_price(text: Number) -> Decimal:
    """A unit price: at least 0, at most six decimals."""
    value = _number(text, "prices")
    if abs(value) >= _AMOUNT_CAP:
        raise ValueError(Message("price_too_large", value=f"'{text}'"))
    if value < 0:
        raise ValueError(Message("price_negative", value=f"'{text}'"))
    _check_places(value, text, _PRICE_PLACES)
    return _plain(value, _PRICE_PLACES)


def _number(text: object, plural: str) -> Decimal:
    # bool is an int, and a float has already lost the fen before it gets here.
    if isinstance(text, bool) or not isinstance(text, str | int | Decimal):
        raise ValueError(Message("number_must_be_text", kind=_KINDS.get(type(text).__name__, "其他类型")))
    if isinstance(text, str) and not _NUMBER.fullmatch(text):
        raise ValueError(Message("not_a_number", value=f"'{text}'"))
    try:
        value = Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal can hold
        raise ValueError(Message("not_a_number", value=f"'{text}'")) from None
    if not value.is_finite():
        raise ValueError(Message("not_a_number", value=f"'{text}'"))
    return value


def _check_places(value: Decimal, text: object, places: int) -> None:
    if _places(value) > places:
        raise ValueError(Message("too_many_decimals", value=f"'{text}'", places=places))


def _places(value: Decimal) -> int:
    """Decimals the value really needs: "1.50" needs one, "1.000" none, "1E+3" none."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int), "only finite values have places"
    significant = len(digits)
    while significant and digits[significant - 1] == 0:
        significant -= 1
    if not significant:
        return 0
    return max(0, -(exponent + len(digits) - significant))


def _plain(value: Decimal, max_places: int) -> Decimal:
    """The same value without an exponent ("1E+2" → 100) or zeros past max_places."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent > 0:
        value = _rescale(value, 0)
    elif exponent < -max_places:
        value = _rescale(value, max_places)
    return _no_negative_zero(value)


def _rescale(value: Decimal, places: int) -> Decimal:
    # Only called where the value is exact at `places`, so the rounding mode never matters.
    with localcontext(_CONTEXT):
        return value.quantize(Decimal(1).scaleb(-places))


# --- storage: integer fen and scaled quantities -------------------------------------------


def to_fen(amount: Decimal) -> int:
    """The amount as integer fen; refuses fractions of a fen rather than losing them."""
    return _to_scaled(amount, 2)


def from_fen(fen: int) -> Decimal:
    """Integer fen back to yuan, with exactly two decimals."""
    return _from_scaled(fen, 2)


def to_qty_units(qty: Decimal) -> int:
    """A quantity (or unit cost) as an integer of 10**-4 units; refuses more than four decimals."""
    return _to_scaled(qty, QTY_PLACES)


def from_qty_units(units: int) -> Decimal:
    """Stored 10**-4 units back to a Decimal with four decimals."""
    return _from_scaled(units, QTY_PLACES)


def _to_scaled(value: Decimal, places: int) -> int:
    # int() on a float would quietly accept 0.1 + 0.2; storage takes only exact values.
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"cannot store {value!r}: not a finite Decimal")
    if _places(value) > places:
        raise ValueError(f"cannot store {value}: more than {_PLACES_WORDS[places]} decimals")
    with localcontext(_CONTEXT):
        return int(value.scaleb(places))


def _from_scaled(units: int, places: int) -> Decimal:
    if isinstance(units, bool) or not isinstance(units, int):
        raise ValueError(f"stored value {units!r} is not an integer")
    return Decimal(f"{units}e-{places}")  # exact, whatever the size


# --- formatting ----------------------------------------------------------------------------


def fmt_qty(qty: Decimal) -> str:
    """A quantity without trailing zeros or exponent: "60", "2.5", "0.0001"."""
    text = format(qty, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_amount(amount: Decimal) -> str:
    """An amount for JSON: plain, always two decimals ("67800.00")."""
    return format(q2(amount), "f")


def fmt_thousands(amount: Decimal) -> str:
    """An amount for reports, with thousands separators ("67,800.00", "-1,234.50")."""
    # Round with q2 first: format() would round half-even on its own.
    return format(q2(amount), ",f")


# --- arithmetic ------------------------------------------------------------------------------


def line_gross(qty: Decimal, price: Decimal) -> Decimal:
    """The line amount qty × price, rounded once, at the end, to the fen."""
    with localcontext(_CONTEXT):
        return q2(qty * price)


def vat_split(gross: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """(net, tax) of a tax-inclusive amount; the tax takes the rounding, so net + tax == gross."""
    _check_rate(rate)
    with localcontext(_CONTEXT):
        net = q2(gross / (1 + rate))  # half-up rounds away from zero, so red amounts mirror blue
    return net, gross - net


def net_to_gross(net: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """(gross, tax) of a tax-exclusive amount: tax = q2(net × rate), gross = net + tax."""
    _check_rate(rate)
    with localcontext(_CONTEXT):
        tax = q2(net * rate)
    return net + tax, tax


def _check_rate(rate: Decimal) -> None:
    if not 0 <= rate < 1:
        raise ValueError(f"VAT rate {rate} must be at least 0 and below 1")


def portion(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """amount × part / whole to the fen; the whole of it when part == whole (no stray fen)."""
    if not whole > 0:
        raise ValueError(f"cannot take a portion of a whole of {whole}")
    if part == whole:
        return amount
    with localcontext(_CONTEXT):
        return q2(amount * part / whole)  # multiply first: the product is exact, one division rounds


def portions(amount: Decimal, parts: list[Decimal]) -> list[Decimal]:
    """amount split pro rata over parts; the last portion takes what remains, so they sum to amount.

    Every portion but the last is portion(amount, part, sum(parts)), except that portions never
    overshoot: rounding many tiny shares up (0.05 over ten parts) would otherwise leave the last
    one negative. A zero part gets exactly zero, so the remainder goes to the last non-zero part.
    """
    whole = _whole(parts)
    sign = -1 if amount < 0 else 1
    left = abs(amount)  # work on the magnitude so red amounts split exactly as blue ones
    last = max(i for i, part in enumerate(parts) if part)
    shares: list[Decimal] = []
    for i, part in enumerate(parts):
        share = left if i == last else min(left, portion(abs(amount), part, whole))
        left -= share
        shares.append(_no_negative_zero(sign * share))
    return shares


def _whole(parts: list[Decimal]) -> Decimal:
    if any(part < 0 for part in parts):
        raise ValueError("portions need parts of zero or more")
    whole = sum(parts, Decimal(0))
    if not whole > 0:
        raise ValueError("portions need at least one part above zero")
    return whole


# --- 大写 (capital numerals for vouchers and cheques) --------------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES_IN_GROUP = ("仟", "佰", "拾", "")
_GROUP_UNITS = ("亿", "万", "")


def daxie(amount: Decimal) -> str:
    """The amount in capital numerals as vouchers write it (会计基础工作规范 §52: 整 after 元 or
    角, never after 分): 1005.50 → 壹仟零伍元伍角整, −0.05 → 负伍分, 100 → 壹佰元整."""
    if not amount.is_finite():
        raise ValueError(f"cannot write {amount} in capital numerals")
    fen = to_fen(q2(amount))
    if abs(fen) >= _FEN_CAP:
        raise ValueError(f"amount {amount} is too large for capital numerals")
    sign = "负" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(cents, 10)
    return sign + _yuan_words(yuan, cents) + _cents_words(yuan, jiao, fen_digit)


def _yuan_words(yuan: int, cents: int) -> str:
    if yuan:
        return _integer_words(yuan) + "元"
    # Below one yuan the 元 is left out (伍分), unless nothing at all is left (零元整).
    return "" if cents else "零元"


def _cents_words(yuan: int, jiao: int, fen: int) -> str:
    if not jiao and not fen:
        return "整"
    words = _DIGITS[jiao] + "角" if jiao else ("零" if yuan else "")  # 壹元零伍分, but 伍分
    return words + (_DIGITS[fen] + "分" if fen else "整")  # 伍角整, but 伍角陆分


def _integer_words(number: int) -> str:
    """Up to 9999亿: one 零 for any run of zeros inside the number, none at the end of a group."""
    words: list[str] = []
    zero_pending = False
    for group, unit in zip(_groups(number), _GROUP_UNITS, strict=True):
        for digit, place in zip(f"{group:04d}", _PLACES_IN_GROUP, strict=True):
            if digit == "0":
                zero_pending = bool(words)  # zeros before the first digit are not written
                continue
            if zero_pending:
                words.append("零")
                zero_pending = False
            words.append(_DIGITS[int(digit)] + place)
        if group:
            words.append(unit)  # an all-zero group writes no 万, only the bridging 零
    return "".join(words)


def _groups(number: int) -> tuple[int, int, int]:
    yi, rest = divmod(number, 10**8)
    wan, ones = divmod(rest, 10**4)
    return yi, wan, ones
