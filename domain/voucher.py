"""Voucher drafts: what the domain decides before storage numbers and saves a voucher."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from domain.errors import Problem, Rejected, shown
from domain.messages import Message, label

ZERO = Decimal("0.00")
DIMENSIONS = ("customer", "supplier", "item")
_Key = tuple[str, str, int | None, int | None, int | None]  # what merge_lines sums by: account, side, dimensions


@dataclass(frozen=True)
class LineDraft:
    """One voucher line. Red entries keep their side with a negative amount (红字).
    Immutable, like the voucher it goes on: a changed line is a new one (dataclasses.replace)."""

    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    summary: str = ""
    customer: int | None = None
    supplier: int | None = None
    item: int | None = None
    qty: Decimal | None = None

    def dims(self) -> dict[str, int | None]:
        return {"customer": self.customer, "supplier": self.supplier, "item": self.item}


@dataclass(frozen=True)
class VoucherDraft:
    """A voucher as decided, before storage numbers it: its lines are a tuple, so what was
    validated is what is written."""

    summary: str
    lines: Sequence[LineDraft] = ()
    word: str = "记"

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.lines))  # a caller's list cannot change it later

    def totals(self) -> tuple[Decimal, Decimal]:
        return sum((ln.debit for ln in self.lines), ZERO), sum((ln.credit for ln in self.lines), ZERO)


@dataclass(frozen=True)
class AccountRule:
    """What a voucher line needs to know about its account."""

    code: str
    name: str
    is_leaf: bool
    active: bool
    aux: str | None


def check_draft(draft: VoucherDraft, accounts: dict[str, AccountRule]) -> list[Problem]:
    """Every problem of a draft: unknown or non-leaf accounts, missing dimensions, imbalance."""
    problems: list[Problem] = []
    if not draft.lines:
        problems.append(Problem("", Message("voucher_needs_line")))
    for i, ln in enumerate(draft.lines, 1):
        where = f"line {i}"
        rule = accounts.get(ln.account)
        if rule is None:
            problems.append(Problem(where, Message("account_missing", account=shown(ln.account))))
            continue
        if not rule.is_leaf:
            problems.append(Problem(where, Message("account_has_children", account=ln.account, name=rule.name)))
        if not rule.active:
            problems.append(Problem(where, Message("account_deactivated", account=ln.account, name=rule.name)))
        if ln.debit and ln.credit:
            problems.append(Problem(where, Message("debit_and_credit")))
        for dim in DIMENSIONS:
            value = getattr(ln, dim)
            if dim == rule.aux and value is None:
                problems.append(Problem(where, Message("account_needs_aux", account=ln.account, name=rule.name, aux=label(dim))))
            elif dim != rule.aux and value is not None:
                problems.append(Problem(where, Message("account_takes_no_aux", account=ln.account, name=rule.name, aux=label(dim))))
    debit, credit = draft.totals()
    if debit != credit:
        problems.append(Problem("", Message("unbalanced", debit=debit, credit=credit)))
    return problems


def validate_draft(draft: VoucherDraft, accounts: dict[str, AccountRule]) -> None:
    problems = check_draft(draft, accounts)
    if problems:
        raise Rejected(problems)


def merge_lines(lines: list[LineDraft]) -> list[LineDraft]:
    """Sum lines that hit the same account, side and dimensions, keeping first-seen order;
    drop lines that come to nothing (a 0% VAT line writes no tax line)."""
    # per key: its first-seen line and the running debit, credit and qty (summed here and made into
    # one line at the end: a frozen line replaced per line added cost more than the posting around it)
    sums: dict[_Key, list[Any]] = {}  # [first line, debit, credit, qty]
    for ln in lines:
        key: _Key = (ln.account, "debit" if ln.debit else "credit", ln.customer, ln.supplier, ln.item)
        acc = sums.get(key)
        if acc is None:
            sums[key] = acc = [ln, ZERO, ZERO, None]
        acc[1] += ln.debit
        acc[2] += ln.credit
        if ln.qty is not None:
            acc[3] = (acc[3] or Decimal(0)) + ln.qty
    return [LineDraft(first.account, debit, credit, first.summary, first.customer, first.supplier, first.item, qty)
            for first, debit, credit, qty in sums.values() if debit or credit]
