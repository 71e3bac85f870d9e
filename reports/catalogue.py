"""The one report catalogue (issue 25): per report its name (the CLI's `report NAME`, INTERCHANGE.md),
its Chinese title, the parameters it takes, how its data is built, the formats it is written in and
whether it shows cost (who may see it). The `report` command (ui/cli/report_cmds.py), the report
centre (ui/pages/report_centre.py) and the table renderers (reports/render.py) all read it from here,
so a report is added in one place and the GUI never reaches into the command line for it."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.errors import Rejected, refuse
from domain.messages import Message
from domain.periods import parse_date, parse_period
from reports import tables
from reports.table import Document

if TYPE_CHECKING:  # imported when a report runs, so `main.py --help` stays instant
    from storage.book import Book


@dataclass(frozen=True)
class Params:
    """What a report is asked for, whoever asks: the command line's options, the centre's fields.
    Dates and periods stay text until the report reads them, so a bad one is refused in its words."""
    first: str | None = None  # --from: YYYY-MM, or YYYY-MM-DD for a statement
    last: str | None = None  # --to
    period: str | None = None
    account: str | None = None
    customer: str | None = None
    as_of: str | None = None
    per_page: int = 2  # vouchers per A4 page
    all: bool = False  # statement: every customer, one file each

    @classmethod
    def of(cls, args) -> Params:
        """The parameters out of parsed options (an argparse namespace, or anything with those names)."""
        return cls(**{f: getattr(args, f, None) for f in ("first", "last", "period", "account", "customer",
                                                        "as_of")},
                   per_page=getattr(args, "per_page", 2) or 2, all=bool(getattr(args, "all", False)))


def period_range(args) -> tuple[str, str]:
    return _range(args, parse_period, "期间", "YYYY-MM")


def date_range(args) -> tuple[dt.date, dt.date]:
    return _range(args, parse_date, "日期", "YYYY-MM-DD")


def _range(args, parse, unit: str, shape: str):
    """--from/--to read by `parse`; refused as 起止期间 or 起止日期 (`unit`) in the catalogue's words."""
    if not args.first or not args.last:
        raise Rejected(Message("range_required", unit=unit, shape=shape))
    try:
        first, last = parse(args.first), parse(args.last)
    except ValueError as e:
        raise Rejected(Message("range_invalid", unit=unit, reason=str(e))) from None
    if first > last:
        raise Rejected(Message("range_reversed", unit=unit, first=first, last=last))
    return first, last


def _customer(book: Book, code):
    from storage.models import Customer
    from storage.refs import by_code
    return by_code(book, Customer, code, "--customer", deactivated_too=True)


def _trial_balance(book, args):
    from reports.trial_balance import trial_balance
    data = trial_balance(book, *period_range(args))
    data["company"] = book.settings.get("company", "")
    return _marked(book, data, *period_range(args))


def _marked(book, data: dict, first: str, last: str) -> dict:
    """已结账, or 未结账 with the unposted vouchers it includes (REPORTS.md v3), for the printout."""
    from storage.queries.periods import data_state
    data["state"] = data_state(book, first, last)
    return data


def _ledger(book, args):
    from reports.ledger import ledger
    if not args.account:
        raise refuse("account_code_required", field="account")
    customer = _customer(book, args.customer) if args.customer else None
    return _marked(book, ledger(book, args.account, *period_range(args), customer=customer), *period_range(args))


def _general_ledger(book, args):
    from reports.general_ledger import general_ledger
    if args.account and args.account not in book.accounts:
        raise refuse("not_exist", field="account", what="account", code=repr(args.account))
    return _marked(book, general_ledger(book, *period_range(args), account=args.account), *period_range(args))


def _statement(book, args):
    from reports.statement import statement
    return statement(book, _customer(book, args.customer), *date_range(args))


def _vouchers(book, args):
    from reports.vouchers import printable
    first, last = period_range(args)
    return {"company": book.settings.get("company", ""), "from": first, "to": last,
            "vouchers": printable(book, first, last)}  # streamed into the PDF, never held whole


def _aging(book, args):
    from reports.aging import aging
    if not args.as_of:
        raise refuse("value_required", field="as_of", shape="YYYY-MM-DD")
    try:
        day = parse_date(args.as_of)
    except ValueError as e:
        raise Rejected(str(e)) from None  # the reason names the field (截止日期 …)
    from usecases.matching import pending_settlements
    return aging(book, day, pending_settlements(book, day))  # money on its way shown beside each customer


def _balance_sheet(book, args):
    from reports.balance_sheet import balance_sheet
    if not args.period:
        raise refuse("value_required", field="period", shape="YYYY-MM")
    try:
        period = parse_period(args.period)
    except ValueError as e:
        raise Rejected(str(e)) from None
    return balance_sheet(book, period)


def _income_statement(book, args):
    from reports.income_statement import income_statement
    return income_statement(book, *period_range(args))


def _cash_flow(book, args):
    from reports.cash_flow import cash_flow
    return cash_flow(book, *period_range(args))


def _stock(book, args):
    from reports.stock import stock
    return stock(book, *period_range(args))


def _bank_reconciliation(book, args):
    from reports.bank_reconciliation import bank_reconciliation
    if not args.account or not args.period:
        raise Rejected(Message("account_and_period_required"))
    try:
        period = parse_period(args.period)
    except ValueError as e:
        raise Rejected(str(e)) from None
    return bank_reconciliation(book, args.account, period)


def _vat(book, args):
    from reports.vat import vat
    return vat(book, *period_range(args))



@dataclass(frozen=True)
class Report:
    name: str  # as the command line names it: `report NAME`
    title: str  # as a person reads it (the report centre's list, the file name offered)
    params: tuple[str, ...]  # the fields it takes (the centre shows these; LABELS words them)
    build: Callable[[Book, Params], dict]  # the data, as the JSON, PDF and Excel writers take it
    table: Callable[[dict], Document] | None  # the data as a printable table (PDF, Excel); None: its own PDF
    formats: tuple[str, ...] = ("json", "xlsx", "pdf")
    costed: bool = False  # shows what goods cost or the margin on them: needs 查看成本与毛利 (see_cost)
    in_centre: bool = True  # listed in the report centre


def _bank_table(data: dict) -> Document:
    from reports.bank_reconciliation import document  # its own module, which reads the book
    return document(data)


_PERIODS, _BY_DAY = ("first", "last"), ("first_day", "last_day")

# In the command line's order (its `report NAME` choices); the centre lists them in CENTRE's.
CATALOGUE: dict[str, Report] = {r.name: r for r in (
    Report("trial-balance", "科目余额表", _PERIODS, _trial_balance, tables.trial_balance),
    Report("ledger", "明细账", (*_PERIODS, "account", "customer"), _ledger, tables.ledger),
    Report("statement", "对账单", (*_BY_DAY, "customer"), _statement, tables.statement),
    Report("vouchers", "记账凭证", (*_PERIODS, "per_page"), _vouchers, None, ("pdf",)),
    Report("aging", "账龄分析", ("as_of",), _aging, tables.aging),
    Report("balance-sheet", "资产负债表", ("period",), _balance_sheet, tables.balance_sheet),
    Report("income-statement", "利润表", _PERIODS, _income_statement, tables.income_or_cash, costed=True),
    Report("cash-flow", "现金流量表", _PERIODS, _cash_flow, tables.income_or_cash),
    Report("stock", "收发存汇总表", _PERIODS, _stock, tables.stock, costed=True),
    Report("general-ledger", "总账", (*_PERIODS, "account"), _general_ledger, tables.general_ledger),
    Report("vat", "应交增值税明细表", _PERIODS, _vat, tables.vat),
    # 银行存款余额调节表 (issue 28): on the command line only, for now
    Report("bank-reconciliation", "银行存款余额调节表", ("account", "period"), _bank_reconciliation, _bank_table,
           in_centre=False),
)}
CENTRE = ("balance-sheet", "income-statement", "cash-flow", "trial-balance", "general-ledger", "ledger",
          "statement", "aging", "stock", "vat", "vouchers")
assert set(CENTRE) == {r.name for r in CATALOGUE.values() if r.in_centre}

# Reports that show what goods cost or the margin on them: the permission 查看成本与毛利 (see_cost).
COSTED = frozenset(r.name for r in CATALOGUE.values() if r.costed)
