"""Goods coming back (退货): how a return splits into its uninvoiced and invoiced parts.

ACCOUNTING.md, returns before invoicing: goods returned from a line that is not yet fully invoiced
come out of its uninvoiced quantity first, at the same amounts as that uninvoiced portion, so
invoicing "all that is still uninvoiced" bills only what the customer kept; the rest was invoiced
and waits for a red invoice. Storage reads what the line already moved on; this module decides.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from domain.amounts import Amounts, take, take_from_pool

ZERO = Decimal("0.00")


class Pool(NamedTuple):
    """A quantity and what it is worth (gross/net/tax; pools of invoiced goods carry no cost)."""

    qty: Decimal = Decimal(0)
    amounts: Amounts = Amounts()


class Returned(NamedTuple):
    """An earlier return line as its split left it: all it took, and the part of that taken from
    the uninvoiced quantity (part_qty, part_gross/net/tax)."""

    qty: Decimal
    amounts: Amounts
    part_qty: Decimal
    part: Amounts


def priced(a: Amounts) -> Amounts:
    """The sale or purchase amounts alone: an invoice's pool is credited at them, never at cost."""
    return a._replace(cost=ZERO)


def after_invoicing(returns: Iterable[Returned]) -> Pool:
    """What returns took of a line's invoiced quantity: each return less its uninvoiced part."""
    qty, amounts = Decimal(0), Amounts()
    for r in returns:
        qty += r.qty - r.part_qty
        amounts += priced(r.amounts - r.part)
    return Pool(qty, amounts)


@dataclass(frozen=True)
class ReturnSplit:
    """One return line's figures: all it takes (`whole`, cost included) and the part of it that
    comes out of the uninvoiced quantity (`part_qty`, `part`); the rest waits for a red invoice."""

    qty: Decimal
    whole: Amounts
    part_qty: Decimal
    part: Amounts

    @property
    def invoiced_qty(self) -> Decimal:
        return self.qty - self.part_qty


def split_return(line: Amounts, line_qty: Decimal, billed: Pool, returned: Pool, qty: Decimal, *,
                 sales: bool, invoiced_left: Pool | None = None) -> ReturnSplit:
    """Split `qty` units returned from a shipped (`sales`) or received line.

    line, line_qty: the outbound/inbound line (an inbound line's cost is its net).
    billed: what of it is invoiced or already returned before invoicing (cost included on the
        sales side, where revenue at invoice moves it; none on the purchase side).
    returned: all earlier returns of the line (their whole amounts, cost included).
    invoiced_left: for a sales line whose invoice lines carry an allowance, what is invoiced and
        not yet returned, net of allowances — the invoiced part is then valued pro rata at what is
        left of it (ACCOUNTING.md, red invoices), so a fully returned line nets to zero.
    """
    part_qty = min(qty, line_qty - billed.qty)
    # the uninvoiced part is a portion of what is not yet billed, as the invoice would have taken it
    part = take(line if sales else priced(line), line_qty, billed.amounts, billed.qty, part_qty) \
        if part_qty > 0 else Amounts()
    whole = take(line, line_qty, returned.amounts, returned.qty, qty)
    if sales and qty > part_qty and invoiced_left is not None:
        rest = take_from_pool(invoiced_left.amounts, invoiced_left.qty, qty - part_qty)
        whole = (part + rest)._replace(cost=whole.cost)
    elif returned.qty + qty < line_qty:  # not the last units: the part from uninvoiced keeps its own rounding
        rest = take(priced(line), line_qty, Amounts(), Decimal(0), qty - part_qty) if qty > part_qty else Amounts()
        whole = (part + rest)._replace(cost=whole.cost)
    if not sales:  # goods came in at their net value and the voucher moves the net
        whole = whole._replace(cost=whole.net)
    # the cost that waits in 1406 (revenue at invoice) is never more than the return takes out of stock
    part = part._replace(cost=min(part.cost, whole.cost) if sales else ZERO)
    return ReturnSplit(qty, whole, part_qty, part)


def invoiced_left(invoiced: Pool, allowed: Amounts, returns: Iterable[Returned]) -> Pool:
    """What of a line is invoiced and not yet returned, net of the allowances on its invoice lines."""
    back = after_invoicing(returns)
    return Pool(invoiced.qty - back.qty, priced(invoiced.amounts - allowed) - back.amounts)


def credit_pool(returns: Iterable[Returned], credited: Pool) -> Pool:
    """Goods of a line returned after invoicing that no red invoice has credited yet."""
    back = after_invoicing(returns)
    return Pool(back.qty - credited.qty, back.amounts - priced(credited.amounts))
