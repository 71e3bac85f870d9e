"""Which open invoices a payment settles: those the memo names, one of exactly the amount, a
combination that sums to it (bounded search, oldest first on ties), or one less a bank fee."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain.matching.model import Allocation, OpenCharge

FEE_CAP = Decimal("50.00")  # a bank's transfer fee taken from the payment (BANKS.md)
# Banks charge fees in whole or half yuan (5.00, 10.00, 15.50); a difference in odd fen is a
# partial payment that happens to come near another invoice, not a fee.
FEE_STEP = Decimal("0.50")
COMBO_CAP = 20  # invoices searched for a combination: the oldest of the party
NODE_BUDGET = 20_000  # search steps per line, so one customer with many invoices cannot stall a run
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Fit:
    """Allocations proposed for a payment. `unique`: no other reading of the amount fits as well."""

    allocations: tuple[Allocation, ...]
    fee: Decimal
    weight: float
    unique: bool
    words: str
    kind: str = ""  # exact, combo, fee, named, named_fee, named_partial, overpay, twins, several, partial, none
    advance: Decimal = ZERO  # left unapplied on the customer (2203 预收): never part of the next invoice


def _alloc(charges: Sequence[OpenCharge], opens: dict[str, Decimal]) -> tuple[Allocation, ...]:
    return tuple(Allocation(c.ref, opens[c.ref]) for c in charges)


def _oldest_first(charges: Sequence[OpenCharge], opens: dict[str, Decimal], amount: Decimal) -> tuple[Allocation, ...]:
    out, left = [], amount
    for c in charges:
        if left <= 0:
            break
        take = min(left, opens[c.ref])
        out.append(Allocation(c.ref, take))
        left -= take
    return tuple(out)


def _refs(allocs: Sequence[Allocation]) -> str:
    return ", ".join(a.ref for a in allocs)


def fit(amount: Decimal, charges: Sequence[OpenCharge], opens: dict[str, Decimal], pins: Sequence[str] = ()) -> Fit:
    """`charges` oldest first; `opens` their amounts still open now (ref → amount)."""
    charges = [c for c in charges if opens.get(c.ref, ZERO) > 0]
    pinned = [c for c in charges if c.ref in pins]
    if pinned:
        return _pinned(amount, pinned, opens)
    exact = [c for c in charges if opens[c.ref] == amount]
    if len(exact) == 1:
        return Fit(_alloc(exact, opens), ZERO, 1.0, True, f"金额等于发票 {exact[0].ref} 的未收金额 (exact open amount)",
                   "exact")
    if len(exact) > 1:
        return Fit(_alloc(exact[:1], opens), ZERO, 0.6, False,
                   f"{len(exact)} 张发票未收金额相同 ({_refs(_alloc(exact, opens))}), 需人工确认 (equal candidates)",
                   "twins")
    combos, complete = _combinations(amount, charges[:COMBO_CAP], opens)
    complete = complete and len(charges) <= COMBO_CAP
    if combos:
        allocs = _alloc(combos[0], opens)
        if len(combos) == 1 and complete:
            return Fit(allocs, ZERO, 0.95, True, f"金额等于 {_refs(allocs)} 合计 (combination of open invoices)", "combo")
        return Fit(allocs, ZERO, 0.6, False, f"多种发票组合均等于该金额, 建议最早的 {_refs(allocs)} (several combinations)",
                   "several")
    fee = [c for c in charges if _is_fee(opens[c.ref] - amount)]
    if len(fee) == 1:
        f = opens[fee[0].ref] - amount
        return Fit(_alloc(fee, opens), f, 0.93, True,
                   f"发票 {fee[0].ref} 未收金额减银行手续费 {f} (amount less a bank fee, to 5603)", "fee")
    if len(fee) > 1:
        f = opens[fee[0].ref] - amount
        return Fit(_alloc(fee[:1], opens), f, 0.5, False, f"{len(fee)} 张发票扣手续费后都接近该金额 (fee-deducted, ambiguous)",
                   "fee")
    pair = _pair_less_fee(amount, charges[:COMBO_CAP], opens)
    if pair is not None:
        allocs, f = pair
        return Fit(allocs, f, 0.5, False, f"{_refs(allocs)} 合计减银行手续费 {f}, 需人工确认 (two invoices less a bank fee)",
                   "combo_fee")
    if charges:
        total = sum((opens[c.ref] for c in charges), ZERO)
        if amount < opens[charges[0].ref]:
            return Fit(_oldest_first(charges, opens, amount), ZERO, 0.4, False,
                       "部分付款, 建议按最早发票核销 (partial payment, oldest first)", "partial")
        # Whole invoices, oldest first, as far as the money goes; the rest stays unapplied on the
        # customer (预收) rather than becoming part of the next invoice.
        allocs = _whole_first(charges, opens, amount)
        left = amount - sum((a.amount for a in allocs), ZERO)
        words = (f"超过全部未收金额, 多出 {left} 挂预收 2203 (more than all open invoices: the rest is unapplied)"
                 if amount > total else
                 f"建议核销 {_refs(allocs)}, 余额 {left} 挂预收 2203 待人工确认 (whole invoices oldest first, rest "
                 "unapplied)")
        return Fit(allocs, ZERO, 0.4, False, words, "overpay" if amount > total else "partial", left)
    return Fit((), ZERO, 0.3, False, "该单位无未收发票, 作预收款 2203 (no open invoice: an advance)", "none", amount)


def _pair_less_fee(amount: Decimal, charges: Sequence[OpenCharge], opens: dict[str, Decimal]
                   ) -> tuple[tuple[Allocation, ...], Decimal] | None:
    """Two invoices whose sum less a fee is the amount (only pairs: cheap, and what payers do)."""
    found = None
    for i, a in enumerate(charges):
        for b in charges[i + 1:]:
            if _is_fee(opens[a.ref] + opens[b.ref] - amount):
                if found is not None:
                    return None  # two pairs fit: nothing to propose
                found = ((Allocation(a.ref, opens[a.ref]), Allocation(b.ref, opens[b.ref])),
                         opens[a.ref] + opens[b.ref] - amount)
    return found


def _whole_first(charges: Sequence[OpenCharge], opens: dict[str, Decimal], amount: Decimal) -> tuple[Allocation, ...]:
    out, left = [], amount
    for c in charges:
        if opens[c.ref] <= left:
            out.append(Allocation(c.ref, opens[c.ref]))
            left -= opens[c.ref]
    return tuple(out)


def _is_fee(diff: Decimal) -> bool:
    return ZERO < diff <= FEE_CAP and diff % FEE_STEP == 0


def _pinned(amount: Decimal, pinned: Sequence[OpenCharge], opens: dict[str, Decimal]) -> Fit:
    total = sum((opens[c.ref] for c in pinned), ZERO)
    allocs = _alloc(pinned, opens)
    if amount == total:
        return Fit(allocs, ZERO, 1.0, True, f"金额等于附言所列 {_refs(allocs)} 的未收金额 (named invoices, exact)", "named")
    if _is_fee(total - amount):
        return Fit(allocs, total - amount, 0.95, True,
                   f"附言所列 {_refs(allocs)} 减银行手续费 {total - amount} (named invoices less a bank fee)", "named_fee")
    if amount < total:
        # A part payment of the one invoice it names is no puzzle: it is that invoice's, in part.
        return Fit(_oldest_first(pinned, opens, amount), ZERO, 0.95 if len(pinned) == 1 else 0.6, len(pinned) == 1,
                   f"附言所列 {_refs(allocs)} 的部分付款 (partial payment of named invoices)", "named_partial")
    return Fit(allocs, ZERO, 0.95, True, f"核销附言所列 {_refs(allocs)}, 多付 {amount - total} 挂预收 2203 "
                                         "(more than the named invoices: the rest is unapplied)", "overpay",
               amount - total)


def _combinations(amount: Decimal, charges: Sequence[OpenCharge], opens: dict[str, Decimal]
                  ) -> tuple[list[list[OpenCharge]], bool]:
    """Up to two subsets (two or more invoices) summing to `amount`, found oldest first; and whether
    the search finished within its budget (an unfinished search cannot prove a subset unique)."""
    values = [int(opens[c.ref] * 100) for c in charges]
    target = int(amount * 100)
    suffix = [0] * (len(values) + 1)
    for i in range(len(values) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + values[i]
    found: list[list[int]] = []
    steps = 0
    complete = True

    def walk(i: int, need: int, chosen: list[int]) -> None:
        nonlocal steps, complete
        if len(found) >= 2 or not complete:
            return
        if need == 0:
            if len(chosen) >= 2:
                found.append(list(chosen))
            return
        if i >= len(values) or suffix[i] < need:
            return
        steps += 1
        if steps > NODE_BUDGET:
            complete = False
            return
        if values[i] <= need:
            chosen.append(i)
            walk(i + 1, need - values[i], chosen)
            chosen.pop()
        walk(i + 1, need, chosen)

    if suffix[0] >= target:
        walk(0, target, [])
    return [[charges[i] for i in combo] for combo in found], complete or len(found) >= 2
