"""VAT rates as dated data (resources/tax/vat.toml): which rates a taxpayer may charge on a date, and
how a tax-inclusive amount splits — a reduced levy (减按) divides by its base rate, not its own."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from domain.messages import Message
from domain.money import _CONTEXT, q2

CATEGORIES = ("taxable", "zero-rated", "exempt", "not-subject")
TAXPAYERS = ("general", "small")
TAXPAYER_NAMES = {"general": "general taxpayer (一般纳税人)", "small": "small-scale taxpayer (小规模纳税人)"}


@dataclass(frozen=True)
class VatRate:
    rate: Decimal
    base: Decimal
    category: str
    taxpayers: frozenset[str]
    start: dt.date
    end: dt.date | None
    source: str
    levy: bool = False  # a 征收率: a general taxpayer's sale at it is 简易计税

    def in_force(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class SimpleMethod:
    """Where a general taxpayer's 简易计税 output VAT goes instead of 销项税额."""
    account: str
    name: str
    parent: str
    replaces: str


@dataclass(frozen=True)
class VatTable:
    rates: tuple[VatRate, ...]
    simple_method: SimpleMethod | None = None

    def is_simple(self, rate: Decimal, taxpayer: str) -> bool:
        """Whether a sale at `rate` is 简易计税: a general taxpayer charging a levy rate (3%, 5%, 3% at 2% …)."""
        return (taxpayer == "general" and self.simple_method is not None
                and any(r.rate == rate and r.levy for r in self.rates))

    def base(self, rate: Decimal) -> Decimal:
        """The rate that divides the gross: the rate itself, or the full rate of a reduced levy."""
        return next((r.base for r in self.rates if r.rate == rate), rate)

    def problem(self, rate: Decimal, taxpayer: str | None, day: dt.date) -> str | None:
        """Why `rate` may not be charged on `day` (by `taxpayer` on a sale; None: on a purchase)."""
        known = [r for r in self.rates if r.rate == rate]
        shown = f"{(rate * 100).normalize():f}%"
        if not known:
            return Message("not_a_vat_rate", rate=shown)
        mine = [r for r in known if taxpayer is None or taxpayer in r.taxpayers]
        if not mine:
            return Message("rate_not_for_taxpayer", rate=shown, taxpayer={"general": "一般纳税人", "small": "小规模纳税人"}
                           .get(taxpayer or "", taxpayer))
        if not any(r.in_force(day) for r in mine):
            spans = "；".join(f"{r.start}–{r.end or ''}" for r in mine)
            return Message("rate_not_in_force_on", rate=shown, date=day, spans=spans)
        return None

    def ever(self, taxpayer: str | None, first: dt.date, last: dt.date) -> tuple[Decimal, ...]:
        """Rates the taxpayer may charge on some day between first and last (an item's default rate)."""
        return tuple(sorted({r.rate for r in self.rates
                             if (taxpayer is None or taxpayer in r.taxpayers)
                             and r.start <= last and (r.end is None or first <= r.end)}))


def parse_vat_table(data: dict[str, Any]) -> VatTable:
    rates = []
    for row in data["rate"]:
        rate = Decimal(row["rate"])
        category = row["category"]
        if category not in CATEGORIES or not set(row["taxpayers"]) <= set(TAXPAYERS) or not row.get("source"):
            raise ValueError(f"vat.toml: bad entry {row}")
        rates.append(VatRate(rate, Decimal(row.get("base", row["rate"])), category, frozenset(row["taxpayers"]),
                             dt.date.fromisoformat(row["from"]),
                             dt.date.fromisoformat(row["to"]) if row.get("to") else None, row["source"],
                             bool(row.get("levy", False))))
    simple = data.get("simple_method")
    method = SimpleMethod(simple["account"], simple["name"], simple["parent"], simple["replaces"]) if simple else None
    return VatTable(tuple(rates), method)


def split(gross: Decimal, rate: Decimal, base: Decimal | None = None) -> tuple[Decimal, Decimal]:
    """(net, tax) of a tax-inclusive amount: tax = round(gross / (1 + base) × rate), net = gross − tax.
    With base == rate this is the plain split net = round(gross / (1 + rate)), tax = gross − net."""
    base = rate if base is None else base
    with localcontext(_CONTEXT):
        if base == rate:
            net = q2(gross / (1 + rate))
            return net, gross - net
        tax = q2(gross * rate / (1 + base))
    return gross - tax, tax
