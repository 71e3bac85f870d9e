"""The amounts a document line carries, and taking portions of them as goods move on.

ACCOUNTING.md: a portion's amounts are the line's amounts × portion/whole, rounded to the fen;
the last portion takes what remains, so no clearing account keeps a stray fen.
"""
from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from domain.money import portion

ZERO = Decimal("0.00")


class Amounts(NamedTuple):
    """Tax-inclusive gross, net of VAT, VAT, and inventory cost of a line or a portion of it."""

    gross: Decimal = ZERO
    net: Decimal = ZERO
    tax: Decimal = ZERO
    cost: Decimal = ZERO

    def __add__(self, other: Amounts) -> Amounts:  # type: ignore[override]
        return Amounts(*(a + b for a, b in zip(self, other, strict=True)))

    def __sub__(self, other: Amounts) -> Amounts:
        return Amounts(*(a - b for a, b in zip(self, other, strict=True)))

    def __neg__(self) -> Amounts:
        return Amounts(*(-a for a in self))

    def is_zero(self) -> bool:
        return not any(self)


def take(whole: Amounts, whole_qty: Decimal, taken: Amounts, taken_qty: Decimal, qty: Decimal) -> Amounts:
    """The amounts of `qty` more units of a line of which `taken_qty` already moved on.

    The last units take exactly what remains. Earlier portions never take more than remains
    (rounding on tiny amounts could otherwise push the last portion below zero). Gross and net
    are portioned and tax is their difference, so a portion keeps gross = net + tax.
    """
    remaining = whole - taken
    if taken_qty + qty >= whole_qty:
        return remaining
    gross, net, _, cost = (_clamp(portion(w, qty, whole_qty), r) for w, r in zip(whole, remaining, strict=True))
    tax = _clamp(gross - net, remaining.tax)  # tiny lines: taking tax early would leave the last portion red
    return Amounts(gross, gross - tax, tax, cost)


def take_from_pool(pool: Amounts, pool_qty: Decimal, qty: Decimal) -> Amounts:
    """A pro-rata share of what is left in a pool (e.g. returned goods awaiting a credit note)."""
    if qty >= pool_qty:
        return pool
    gross, net, cost = (portion(a, qty, pool_qty) for a in (pool.gross, pool.net, pool.cost))
    return Amounts(gross, net, gross - net, cost)


def _clamp(value: Decimal, limit: Decimal) -> Decimal:
    if limit >= 0:
        return min(max(value, ZERO), limit)
    return max(min(value, ZERO), limit)
