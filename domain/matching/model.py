"""The values the matching engine reads and returns."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Party:
    """A customer (money in) or supplier (money out) with what identifies it."""

    id: int
    code: str
    name: str
    tax_id: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpenCharge:
    """An open invoice (or the opening balance, ref 'opening') of a party, oldest first by date."""

    party_id: int
    ref: str
    date: dt.date
    open: Decimal
    vat_no: str | None = None
    orders: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    """A bank line to match; `amount` > 0 is money in."""

    id: int
    date: dt.date
    amount: Decimal
    counterparty: str = ""
    counterparty_account: str = ""
    memo: str = ""


@dataclass(frozen=True)
class Allocation:
    ref: str
    amount: Decimal


@dataclass(frozen=True)
class Match:
    """What the engine concluded about one line.

    status: 'accepted' (safe to book), 'proposed' (a person confirms) or 'unmatched'.
    `party_id` None with an `account`: not a customer's money — proposed to that account.
    fee:    the bank fee taken from the payment (allocations = amount + fee), booked to 5603.
    kind:   'receipt', 'payment', or a hint for an unmatched line: 'interest', 'fee', 'refund', ''.
    linked: the no of a receipt (payment) already keyed by hand that this line is the bank's record
            of — the line is linked to it, never booked again (BANKS.md version 3).
    """

    line_id: int
    party_id: int | None
    allocations: tuple[Allocation, ...]
    fee: Decimal
    confidence: float
    status: str
    reason: str
    kind: str = ""
    linked: str | None = None
    account: str | None = None  # a non-customer credit's proposed account (5603, 1221, 2001, 5301…)
    evidence: str = ""  # the evidence class that decided: exact_name, invoice_no, account, fuzzy, interest…
    advance: Decimal = Decimal(0)  # what is left unapplied on the customer (2203 预收)


@dataclass(frozen=True)
class Keyed:
    """A receipt (payment) booked by hand to the same bank account, not yet linked to a bank line."""

    party_id: int
    no: str
    date: dt.date
    amount: Decimal


@dataclass
class Knowledge:
    """What confirmations taught: counterparty account → the parties it was seen on; and the
    receipts (payments) already keyed by hand that a bank line may be the record of."""

    accounts: dict[str, set[int]] = field(default_factory=dict)
    keyed: list[Keyed] = field(default_factory=list)
    payers: dict[str, set[int]] = field(default_factory=dict)  # a payer's name → parties it was confirmed for
    orders: dict[str, tuple[int, str]] = field(default_factory=dict)  # compact order no → (party, no), not invoiced
    fee_parties: set[int] = field(default_factory=set)  # parties whose payments were confirmed less a fee
    own_names: frozenset[str] = frozenset()  # the company's own name(s): a transfer between its accounts
