"""Column types that keep money and quantities exact: integers on disk, Decimal in memory.

SQLite has no decimal type and SQLAlchemy's Numeric goes through float there, so amounts are
stored as integer fen and quantities/rates/prices as integers with a fixed scale.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger
from sqlalchemy.types import TypeDecorator

_NUMBERS = (Decimal, int)


class Scaled(TypeDecorator):
    """A Decimal stored as an integer multiple of 10**-places."""

    impl = BigInteger
    cache_ok = True
    places = 2

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, _NUMBERS):  # a tuple: `Decimal | int` would build a union per call
            raise TypeError(f"{type(self).__name__} takes Decimal, not {type(value).__name__}")
        # every amount written passes here: int() and one exact comparison cost a third of
        # Decimal(value) and to_integral_value(), with the same answer
        scaled = Decimal(value).scaleb(self.places) if type(value) is not Decimal else value.scaleb(self.places)
        if not scaled.is_finite():
            raise ValueError(f"{value} is not a number")
        whole = int(scaled)
        if whole != scaled:
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return whole

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.places).quantize(Decimal(1).scaleb(-self.places))


class Fen(Scaled):
    """Money: integer fen (分)."""

    places = 2
    cache_ok = True


class Qty(Scaled):
    """Quantities and unit costs: 4 decimal places."""

    places = 4
    cache_ok = True


class Rate(Scaled):
    """VAT rates: 4 decimal places (0.0050 for 0.5%)."""

    places = 4
    cache_ok = True


class Price(Scaled):
    """Unit prices: 6 decimal places, because small unit prices carry more than fen precision."""

    places = 6
    cache_ok = True
