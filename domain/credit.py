"""A customer's credit limit (信用额度): what counts against it, and whether an order may pass.

Storage reads the receivable balance and the orders; these functions decide on the figures.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.errors import Rejected
from domain.money import fmt_thousands

ZERO = Decimal("0.00")


def exposure(receivable: Decimal, shipped_not_invoiced: Decimal, unshipped: Decimal, revenue_mode: str) -> Decimal:
    """Owed and on order: the open receivable, uninvoiced shipments and what open orders have still
    to ship. Under revenue at shipment the receivable already holds uninvoiced shipments (they were
    booked to 1122 when they left), so they count only under revenue at invoice."""
    owed = receivable + (shipped_not_invoiced if revenue_mode == "invoice" else ZERO)
    return owed + unshipped


def over_limit(limit: Decimal | None, owed: Decimal, amount: Decimal) -> bool:
    """An order is over the limit when what is owed and on order plus the order exceeds it;
    reaching the limit exactly is still within it. No limit: never over."""
    return limit is not None and owed + amount > limit


@dataclass(frozen=True)
class CreditVerdict:
    """What the credit check decided for one order.

    refusal: the message an order over its limit without an approval is refused with (None: allowed).
    approved_by: who the order records as letting it through — only when it was over the limit,
    so an approval given needlessly leaves no trace on the order.
    """

    refusal: str | None
    approved_by: str | None


def check_order(customer: str, limit: Decimal | None, owed: Decimal, amount: Decimal,
                approved_by: str | None) -> CreditVerdict:
    """The credit check of a sales order of `amount` for a customer owing `owed` (exposure above)."""
    if not over_limit(limit, owed, amount):
        return CreditVerdict(None, None)
    assert limit is not None  # over_limit is False without a limit
    if not approved_by:
        return CreditVerdict(f"customer {customer} credit limit {fmt_thousands(limit)} exceeded: "
                             f"owed and on order {fmt_thousands(owed)} + this order {fmt_thousands(amount)}; "
                             "needs a manager's approval", None)
    return CreditVerdict(None, approved_by)


class OverCreditLimit(Rejected):
    """An order refused only for want of a manager's approval: a caller that can get one (a form asks
    for a name, the demo has its manager) tells it apart by type, never by the message's words."""
