"""What a red invoice (红字发票) may take from its blue invoice line, on either side.

ACCOUNTING.md, red invoices: red on a line never exceeds what remains of that blue line
(增值税红字发票不得超过蓝字发票剩余可冲红金额); returned goods are credited from the pool of goods
returned after invoicing and not yet credited; an allowance is capped by the line's remaining gross.
Storage reads the blue line, the pool and the reds so far; these functions decide.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from domain.amounts import Amounts, take_from_pool
from domain.errors import refuse
from domain.money import fmt_thousands
from domain.returns import Pool, priced

ZERO = Decimal("0.00")


class GoodsCredit(NamedTuple):
    """Returned goods credited on one blue line.

    available: what the line could credit at all (≥ 0; a shortfall message adds these up).
    qty, amounts: what this red invoice credits on it now (0 and nothing when it cannot).
    finishes: it takes all that is left of the blue line, so it prints all the tax left.
    """

    available: Decimal
    qty: Decimal
    amounts: Amounts
    finishes: bool


def credit_goods(pool: Pool, blue: Pool, credited_qty: Decimal, red: Amounts, wanted: Decimal) -> GoodsCredit:
    """Credit up to `wanted` returned units on one blue line.

    pool: goods of the line's outbound/inbound line returned after invoicing, not yet credited.
    blue: the blue invoice line's qty and amounts; credited_qty: goods its invoice's red invoices
    credited on it so far; red: all they took from it (goods and allowances).
    The units are valued pro rata at the pool (the last take what remains of it), and never at
    more than is left of the blue line.
    """
    available = min(pool.qty, blue.qty - credited_qty)
    if wanted <= 0 or available <= 0:
        return GoodsCredit(max(available, Decimal(0)), Decimal(0), Amounts(), False)
    qty = min(wanted, available)
    amounts = take_from_pool(pool.amounts, pool.qty, qty)
    left = priced(blue.amounts - red)
    if amounts.gross > left.gross:  # an allowance took part of the line since these goods came back
        amounts = left
    return GoodsCredit(available, qty, amounts, amounts.gross == left.gross)


def printed_tax_left(blue_printed: Decimal, reds_printed: Iterable[Decimal], allowances_tax: Decimal) -> Decimal:
    """The tax printed on a blue line less what its red invoices printed so far (goods credited at
    their printed tax, allowances at theirs): what the last red invoice of the line may print."""
    return blue_printed - sum(reds_printed, ZERO) - allowances_tax


def red_printed_tax(printed: Decimal, tax_left: Decimal, finishes: bool) -> Decimal:
    """The tax a goods red invoice prints: its own, never more than the blue line's printed tax
    left; the one that finishes the line prints exactly that, so the line's reds net to its blue."""
    return tax_left if finishes else min(printed, tax_left)


def allowance(gross: Decimal, blue_gross: Decimal, red_gross: Decimal, pending: Decimal, line_seq: int,
              invoice_no: str) -> Decimal:
    """An allowance's tax-inclusive amount on one blue line, refused when not positive or above what
    is left of the line's gross. `pending`: what is already spoken for on the line besides the reds —
    allowances earlier on the same red invoice, and (sales) goods returned that still wait for their
    credit note, whose red will need that room."""
    if gross <= 0:
        raise refuse("allowance_positive", field="amount")
    left = blue_gross - red_gross - pending
    if gross > left:
        raise refuse("allowance_exceeds_line", field="amount", gross=fmt_thousands(gross), left=fmt_thousands(left),
                     line=line_seq, invoice=invoice_no)
    return gross
