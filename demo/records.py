"""What the demo simulation remembers of its products, parties and moved goods."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

D = Decimal
ZERO = D("0.00")
CENT = D("0.01")


@dataclass
class Product:
    """An item as the simulation sells and buys it."""

    code: str
    id: int
    unit: str
    rate: D
    price: D  # list price, tax-inclusive
    cost: D  # purchase price, tax-inclusive
    supplier: str
    lo: D  # the quantity of an order line: lo … hi in steps of `step`
    hi: D
    step: D
    weight: float  # how often it is ordered, relative to the other items

    def qty(self, rng: random.Random) -> D:
        steps = int((self.hi - self.lo) / self.step)
        return self.lo + self.step * rng.randint(0, steps)

    @property
    def mean_qty(self) -> D:
        return (self.lo + self.hi) / 2

    def round_up(self, qty: D) -> D:
        """A purchase quantity: whole lots of the step, at least one step."""
        lot = self.step * (10 if self.step >= 1 and self.hi >= 50 else 1)
        return max(lot, (qty / lot).to_integral_value(ROUND_CEILING) * lot)


@dataclass
class Customer:
    """A customer, how much it buys and how it pays."""

    code: str
    id: int
    weight: float
    warehouse: str
    payment_days: int
    style: str  # punctual | early | late | very_late | prepay
    monthly: bool = False  # 月结: billed once a month for all its deliveries, else per delivery


@dataclass
class Supplier:
    """A supplier and how it bills."""

    code: str
    id: int
    payment_days: int
    region: str
    monthly: bool = True  # sends one invoice a month for the month's deliveries, else one per delivery


@dataclass
class Invoiced:
    """An invoice that billed (part of) a line, and how much of that a red invoice took back."""

    no: str
    qty: D
    credited: D = ZERO


@dataclass
class Line:
    """One item on an outbound or inbound and what became of it downstream."""

    item: str
    qty: D
    invoiced: D = ZERO
    returned: D = ZERO
    returned_unbilled: D = ZERO  # returns taken out of the uninvoiced quantity
    invoices: list[Invoiced] = field(default_factory=list)
    pool_qty: D = ZERO  # returned after invoicing, waiting for a red invoice
    kept: bool = False  # an allowance was granted on it: the customer keeps these goods

    @property
    def uninvoiced(self) -> D:
        return self.qty - self.invoiced - self.returned_unbilled

    def bill(self, invoice_no: str, qty: D) -> None:
        self.invoiced += qty
        self.invoices.append(Invoiced(invoice_no, qty))


@dataclass
class Moved:
    """An outbound or inbound as the simulation remembers it."""

    kind: str  # outbound | inbound
    no: str
    date: dt.date
    party: str
    warehouse: str
    lines: dict[str, Line]

    @property
    def uninvoiced(self) -> bool:
        return any(ln.uninvoiced > 0 for ln in self.lines.values())
