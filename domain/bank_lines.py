"""A bank statement line as read from a bank's export or the interchange document."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class StatementLine:
    """One bank line; `amount` > 0 is money in. `row` is its 1-based row in the file (or line
    number in a document), for messages."""

    row: int
    date: dt.date
    time: dt.time | None
    amount: Decimal
    counterparty: str
    counterparty_account: str
    memo: str
    bank_ref: str | None
    balance: Decimal | None = None
