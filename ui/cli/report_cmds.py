"""`report …`: check the arguments, build the report, write it as JSON, PDF or Excel. What each
report is and how it is built is in the one catalogue, reports/catalogue.py."""
from __future__ import annotations

from pathlib import Path

from domain.errors import Rejected
from reports.catalogue import CATALOGUE, COSTED, Params, date_range
from reports.render import write

__all__ = ["COSTED", "report", "write"]


def report(args) -> int:
    from ui.cli.commands import _open
    kind = CATALOGUE[args.name]
    if args.format not in kind.formats:
        raise Rejected(f"--format: report {args.name} is written as {' or '.join(kind.formats)}")
    if getattr(args, "all", False):
        return _all_statements(args)
    with _open(args) as book:
        if kind.costed:  # sales sees prices, not cost (issue 26)
            from usecases.access import check
            check(book, "see_cost")
        params = Params.of(args)
        data = kind.build(book, params)
        write(args.name, data, args.format, args.out, params.per_page)
    return 0


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
    first, last = date_range(args)
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
