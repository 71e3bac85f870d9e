"""What an invoice takes of moved goods (outbounds or inbounds): part of them, or all that is left."""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from decimal import Decimal

from domain.money import fmt_qty

from .records import Moved, Product

D = Decimal
Billed = tuple[Moved, str, D]  # a delivery, an item on it, the quantity invoiced


def part(rng: random.Random, moved: Moved, products: dict[str, Product]) -> tuple[list[dict[str, str]], list[Billed]]:
    """Invoice lines for part of a delivery: 30–80 % of each line with more than a step left,
    in whole steps, at least one step left for a later invoice."""
    lines: list[dict[str, str]] = []
    billed: list[Billed] = []
    for item, ln in moved.lines.items():
        step = products[item].step
        if ln.uninvoiced <= step:
            continue
        units = int(ln.uninvoiced / step)
        q = min(step * rng.randint(max(1, units * 3 // 10), max(1, units * 8 // 10)), ln.uninvoiced - step)
        lines.append({moved.kind: moved.no, "item": item, "qty": fmt_qty(q)})
        billed.append((moved, item, q))
    return lines, billed


def rest(moved: Iterable[Moved]) -> list[Billed]:
    """All that is not yet invoiced of these deliveries."""
    return [(o, item, ln.uninvoiced) for o in moved for item, ln in o.lines.items() if ln.uninvoiced > 0]


def bundle(first: Moved, others: Iterable[Moved], latest: dt.date, most: int) -> list[str]:
    """`first` and, up to `most` in all, other deliveries to or from the same party, made by
    `latest` and not wholly invoiced: what one invoice bills together."""
    nos = [first.no]
    for o in others:
        if o.no != first.no and o.party == first.party and o.date <= latest and o.uninvoiced and len(nos) < most:
            nos.append(o.no)
    return nos


def record(billed: list[Billed], invoice_no: str) -> None:
    """Remember what an invoice took."""
    for o, item, q in billed:
        o.lines[item].bill(invoice_no, q)
