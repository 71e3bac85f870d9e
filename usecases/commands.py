"""What a clerk asks the books to do, as typed values: the commands the use cases take.

A command holds exact numbers (`Decimal`), real dates and the codes people type; it never holds the
text it was read from. Reading text — a JSON file, an xlsx sheet, a grid cell — is an adapter's job
(`interchange/commands.py`), which refuses what does not parse with the place it came from. What
needs the book (does the customer exist, is the quantity still open, is the period closed) is the
use case's job. So a form and an import reach the same rules through the same command.

Every command is frozen: once read it is a fact about the request, and a use case that wanted to
"fix" it would hide the difference between what was asked and what was booked.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from domain.bank_lines import StatementLine

# ---- lines ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MovedLine:
    """Goods that move against an upstream document (an outbound against its order, a return)."""

    item: str
    qty: Decimal


@dataclass(frozen=True)
class PricedLine:
    """An order line. No price: the item's list price; no rate: the item's VAT rate."""

    item: str
    qty: Decimal
    price: Decimal | None = None
    tax_rate: Decimal | None = None
    price_includes_tax: bool = True


@dataclass(frozen=True)
class BilledLine:
    """What an invoice bills of one outbound (or inbound): `source` is that document's number."""

    source: str | None
    item: str
    qty: Decimal


@dataclass(frozen=True)
class RedLine:
    """A red-invoice line: returned goods (`qty`) or an allowance (`amount`, 折让) on invoice line
    `line` when the item is on several lines. The use case refuses a line that gives both or neither."""

    item: str
    qty: Decimal | None = None
    amount: Decimal | None = None
    line: int | None = None


@dataclass(frozen=True)
class Allocation:
    """Money settled against one open invoice (核销)."""

    invoice: str
    amount: Decimal


@dataclass(frozen=True)
class Entry:
    """A ledger line as an accountant types it: a debit or a credit (red allowed), dimensions by code."""

    account: str
    debit: Decimal | None = None
    credit: Decimal | None = None
    customer: str | None = None
    supplier: str | None = None
    item: str | None = None
    summary: str = ""


# ---- documents ------------------------------------------------------------------------------
# `no` None: the book numbers the document (prefix-YYYYMM-0001).


@dataclass(frozen=True)
class Order:
    """A sales order (`party` a customer) or a purchase order (a supplier)."""

    date: dt.date
    party: str
    lines: tuple[PricedLine, ...]
    no: str | None = None
    approved_by: str | None = None  # the manager who let a sales order exceed the credit limit


@dataclass(frozen=True)
class Movement:
    """Goods that move against the document before them: an outbound against its sales order, an
    inbound against its purchase order, a return against its outbound or inbound (`source`)."""

    date: dt.date
    source: str
    warehouse: str
    lines: tuple[MovedLine, ...]
    no: str | None = None


@dataclass(frozen=True)
class Invoice:
    """A sales or purchase invoice: either `lines`, or whole `sources` (outbound/inbound numbers)."""

    date: dt.date
    lines: tuple[BilledLine, ...] | None = None
    sources: tuple[str, ...] | None = None
    no: str | None = None
    vat_no: str | None = None
    vat_code: str | None = None


@dataclass(frozen=True)
class RedInvoice:
    """A red invoice (红字发票) on a blue invoice of either side."""

    date: dt.date
    invoice: str
    lines: tuple[RedLine, ...]
    no: str | None = None


@dataclass(frozen=True)
class Money:
    """A receipt from a customer or a payment to a supplier. `allocations` None: settle the oldest
    open invoices first; an empty tuple: leave the money unapplied."""

    date: dt.date
    party: str
    amount: Decimal
    account: str
    allocations: tuple[Allocation, ...] | None = None
    no: str | None = None
    # BANKS.md version 3: what a matched bank receipt leaves unapplied (an overpayment, an advance) is
    # the customer's 预收账款 2203, not a credit on 1122 (used with explicit allocations)
    to_advances: bool = False


@dataclass(frozen=True)
class ManualVoucher:
    date: dt.date
    summary: str
    lines: tuple[Entry, ...]
    word: str = "记"
    attachments: int = 0


@dataclass(frozen=True)
class OpeningLine:
    """An opening balance line; on 1122/2202 it may name the open invoice it stands for and its date."""

    entry: Entry
    invoice: str | None = None
    date: dt.date | None = None
    # version 3, a book opened mid-year: 年初余额 and 本年累计 (None: not given)
    year_debit: Decimal | None = None
    year_credit: Decimal | None = None
    ytd_debit: Decimal | None = None
    ytd_credit: Decimal | None = None
    # version 3: the open invoice's own due date (None: its date + the party's credit days)
    due: dt.date | None = None


@dataclass(frozen=True)
class OpeningBalances:
    date: dt.date
    lines: tuple[OpeningLine, ...]


@dataclass(frozen=True)
class OpeningDocument:
    """An inbound not yet invoiced by its supplier, or an outbound not yet invoiced to its customer,
    carried into a book started mid-year. `unit_costs` (an outbound's) pair with `lines`; None: the
    opening average cost of the item in the warehouse. `date` None: the opening date."""

    type: str
    no: str
    party: str
    warehouse: str
    lines: tuple[PricedLine, ...]
    unit_costs: tuple[Decimal | None, ...]
    date: dt.date | None = None


@dataclass(frozen=True)
class FixedAsset:
    """A fixed asset bought (固定资产): paid from `account`, or owed to `supplier` through 220201;
    depreciated straight-line over `life_months` down to `residual_rate` of its cost."""

    date: dt.date
    name: str
    category: str
    cost: Decimal
    life_months: int
    expense_account: str
    account: str
    tax: Decimal = Decimal("0.00")
    residual_rate: Decimal = Decimal("0")
    supplier: str | None = None
    no: str | None = None
    # version 3: an asset held at the opening — no voucher; its depreciation so far and months used
    opening: bool = False
    accumulated: Decimal = Decimal("0.00")
    months_used: int = 0


@dataclass(frozen=True)
class AssetDisposal:
    """A fixed asset sold or scrapped; `proceeds` (0: none) come into `account`; `tax` is the output
    VAT on the sale (version 3), included in the proceeds."""

    date: dt.date
    asset: str
    proceeds: Decimal = Decimal("0.00")
    account: str | None = None
    no: str | None = None
    tax: Decimal = Decimal("0.00")
    # the VAT rate of the sale (version 3): 13% where the asset's input VAT was deducted, 3% levied at 2%
    # (简易计税, 222109) otherwise; the tax is worked from the proceeds unless `tax` gives it as printed
    rate: Decimal | None = None


@dataclass(frozen=True)
class BankStatement:
    """Lines of a bank account's statement (`account`: a bank-account code or a 1001/1002 leaf)."""

    account: str
    lines: tuple[StatementLine, ...]


@dataclass(frozen=True)
class OpeningStock:
    """Goods on hand in a warehouse at the opening date, valued at `unit_cost` each."""

    item: str
    warehouse: str
    qty: Decimal
    unit_cost: Decimal


@dataclass(frozen=True)
class TemplateLine:
    """A recurring voucher's line: a fixed `debit` or `credit`, an amount asked at close (`ask` "debit"
    or "credit"), or neither — the one line that takes whatever balances the template."""

    account: str
    debit: Decimal | None = None
    credit: Decimal | None = None
    ask: str | None = None
    summary: str = ""


@dataclass(frozen=True)
class VoucherTemplate:
    """凭证模板: a voucher every close writes (计提工资, 房租摊销 …), named by `code`."""

    code: str
    summary: str
    lines: tuple[TemplateLine, ...]


@dataclass(frozen=True)
class CategoryAccounts:
    """An item category's revenue (under 5001) and/or cost (under 5401) account: its postings' leaf."""

    category: str
    revenue: str | None = None
    cost: str | None = None


@dataclass(frozen=True)
class Settings:
    """The company settings the month-end taxes depend on; None leaves a setting as it is.
    `taxpayer` 'general' | 'small', `location` 'city' | 'county' | 'other' (城建税 7 % / 5 % / 1 %)."""

    taxpayer: str | None = None
    location: str | None = None
    small_low_profit: bool | None = None  # 小型微利: 六税两费减半
