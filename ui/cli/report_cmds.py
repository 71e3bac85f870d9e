"""`report …`: check the arguments, build the report, write it as JSON, PDF or Excel."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from domain.errors import Rejected
from domain.periods import parse_date, parse_period

if TYPE_CHECKING:  # imported when a report runs, so `main.py --help` stays instant
    from storage.book import Book


@dataclass(frozen=True)
class Kind:
    build: Callable[[Book, object], dict]
    formats: tuple[str, ...] = ("json", "xlsx", "pdf")


def _periods(args) -> tuple[str, str]:
    if not args.first or not args.last:
        raise Rejected("--from and --to (YYYY-MM) are required")
    try:
        first, last = parse_period(args.first), parse_period(args.last)
    except ValueError as e:
        raise Rejected(f"--from/--to: {e}") from None
    if first > last:
        raise Rejected(f"--from {first} is after --to {last}")
    return first, last


def _dates(args) -> tuple[dt.date, dt.date]:
    if not args.first or not args.last:
        raise Rejected("--from and --to (YYYY-MM-DD) are required")
    try:
        first, last = parse_date(args.first), parse_date(args.last)
    except ValueError as e:
        raise Rejected(f"--from/--to: {e}") from None
    if first > last:
        raise Rejected(f"--from {first} is after --to {last}")
    return first, last


def _customer(book: Book, code):
    from storage.models import Customer
    from storage.refs import by_code
    return by_code(book, Customer, code, "--customer", deactivated_too=True)


def _trial_balance(book, args):
    from reports.trial_balance import trial_balance
    data = trial_balance(book, *_periods(args))
    data["company"] = book.settings.get("company", "")
    return _marked(book, data, *_periods(args))


def _marked(book, data: dict, first: str, last: str) -> dict:
    """已结账, or 未结账 with the unposted vouchers it includes (REPORTS.md v3), for the printout."""
    from storage.queries.periods import data_state
    data["state"] = data_state(book, first, last)
    return data


def _ledger(book, args):
    from reports.ledger import ledger
    if not args.account:
        raise Rejected("--account: an account code is required")
    customer = _customer(book, args.customer) if args.customer else None
    return _marked(book, ledger(book, args.account, *_periods(args), customer=customer), *_periods(args))


def _general_ledger(book, args):
    from reports.general_ledger import general_ledger
    if args.account and args.account not in book.accounts:
        raise Rejected(f"--account: account {args.account!r} does not exist")
    return _marked(book, general_ledger(book, *_periods(args), account=args.account), *_periods(args))


def _statement(book, args):
    from reports.statement import statement
    return statement(book, _customer(book, args.customer), *_dates(args))


def _vouchers(book, args):
    from reports.vouchers import printable
    first, last = _periods(args)
    return {"company": book.settings.get("company", ""), "from": first, "to": last,
            "vouchers": printable(book, first, last)}  # streamed into the PDF, never held whole


def _aging(book, args):
    from reports.aging import aging
    if not args.as_of:
        raise Rejected("--as-of: a date (YYYY-MM-DD) is required")
    try:
        day = parse_date(args.as_of)
    except ValueError as e:
        raise Rejected(f"--as-of: {e}") from None
    from usecases.matching import pending_settlements
    return aging(book, day, pending_settlements(book, day))  # money on its way shown beside each customer


def _balance_sheet(book, args):
    from reports.balance_sheet import balance_sheet
    if not args.period:
        raise Rejected("--period: a period (YYYY-MM) is required")
    try:
        period = parse_period(args.period)
    except ValueError as e:
        raise Rejected(f"--period: {e}") from None
    return balance_sheet(book, period)


def _income_statement(book, args):
    from reports.income_statement import income_statement
    return income_statement(book, *_periods(args))


def _cash_flow(book, args):
    from reports.cash_flow import cash_flow
    return cash_flow(book, *_periods(args))


def _stock(book, args):
    from reports.stock import stock
    return stock(book, *_periods(args))


def _bank_reconciliation(book, args):
    from reports.bank_reconciliation import bank_reconciliation
    if not args.account or not args.period:
        raise Rejected("--account CODE and --period YYYY-MM are required")
    try:
        period = parse_period(args.period)
    except ValueError as e:
        raise Rejected(f"--period: {e}") from None
    return bank_reconciliation(book, args.account, period)


def _vat(book, args):
    from reports.vat import vat
    return vat(book, *_periods(args))


KINDS = {
    "trial-balance": Kind(_trial_balance), "general-ledger": Kind(_general_ledger), "ledger": Kind(_ledger), "statement": Kind(_statement),
    "vouchers": Kind(_vouchers, ("pdf",)), "aging": Kind(_aging), "balance-sheet": Kind(_balance_sheet),
    "income-statement": Kind(_income_statement), "cash-flow": Kind(_cash_flow), "stock": Kind(_stock),
    "vat": Kind(_vat),
}
KINDS["bank-reconciliation"] = Kind(_bank_reconciliation)  # 银行存款余额调节表 (issue 28)


def report(args) -> int:
    from ui.cli.commands import _open
    kind = KINDS[args.name]
    if args.format not in kind.formats:
        raise Rejected(f"--format: report {args.name} is written as {' or '.join(kind.formats)}")
    if getattr(args, "all", False):
        return _all_statements(args)
    with _open(args) as book:
        if args.name in COSTED:  # sales sees prices, not cost (issue 26)
            from usecases.access import check
            check(book, "see_cost")
        data = kind.build(book, args)
        write(args.name, data, args.format, args.out, getattr(args, "per_page", 2) or 2)
    return 0


# Reports that show what goods cost or the margin on them: the permission 查看成本与毛利 (see_cost).
COSTED = frozenset({"stock", "income-statement"})


def write(name: str, data: dict, fmt: str, out: str | Path, per_page: int = 2) -> None:
    """One report to one file in one format."""
    from reports import render
    if fmt == "json":
        Path(out).write_text(json.dumps(render.to_json(name, data), ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "pdf":
        render.to_pdf(name, data, out, per_page=per_page)
    else:
        render.to_xlsx(name, data, out)


def _all_statements(args) -> int:
    """对账单 of every customer with a balance or activity in the range: one PDF (or file) each in --out."""
    from sqlalchemy import select

    from reports.statement import statement
    from storage.models import Customer
    from ui.cli.commands import _open
    if args.name != "statement":
        raise Rejected("--all: only for report statement")
    if args.customer:
        raise Rejected("--all and --customer: give one of them")
    first, last = _dates(args)
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    with _open(args) as book:
        for c in book.session.scalars(select(Customer).order_by(Customer.code)):
            st = statement(book, c, first, last)
            if not st["closing"] and not st["lines"]:
                continue
            write("statement", st, args.format, folder / f"对账单_{c.code}_{last.isoformat()}.{args.format}")
            n += 1
    print(f"wrote {n} statements to {folder}")
    return 0
