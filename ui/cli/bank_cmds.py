"""The receivables desk on the command line: `import FILE --bank-account CODE` (a bank's own
export), `match`, `alerts` and `kpi`. Light at import: the engine loads when a command opens a book."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from domain.errors import Rejected


def add_import_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--bank-account", dest="bank_account", metavar="CODE",
                   help="FILE is this bank account's own statement export (.csv, .xls, .xlsx)")


def add_parsers(cmd) -> None:
    p = cmd("match", "match unprocessed bank lines of an account to customers/suppliers and open invoices")
    p.add_argument("--account", required=True, metavar="CODE")
    p.add_argument("--accept", action="store_true", help="turn confident matches into receipts and payments")
    p.add_argument("--format", required=True, choices=["json"])
    p.add_argument("--out", required=True)

    p = cmd("alerts", "the exceptions that need a person (异常预警)")
    p.add_argument("--as-of", dest="as_of", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--format", required=True, choices=["json"])
    p.add_argument("--out", required=True)

    p = cmd("kpi", "the process measures of the book (经营看板)")
    p.add_argument("--from", dest="first", required=True, metavar="YYYY-MM")
    p.add_argument("--to", dest="last", required=True, metavar="YYYY-MM")
    p.add_argument("--format", required=True, choices=["json"])
    p.add_argument("--out", required=True)


def _write(path: str, data: object) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def import_(args) -> int:
    from ui.cli import commands
    if not getattr(args, "bank_account", None):
        return commands.import_(args)
    from interchange.files import import_bank_statement
    with commands._open(args) as book:
        result = import_bank_statement(book, args.file, args.bank_account)
    print(f"imported {result.added} bank lines into {result.account}"
          + (f"; skipped {len(result.skipped)} duplicates" if result.skipped else ""))
    for s in result.skipped:
        print(f"skipped {s}")
    return 0


def match(args) -> int:
    from ui.cli.commands import _open
    from usecases.matching import match_account
    with _open(args) as book:
        data = match_account(book, args.account, accept=args.accept)
    _write(args.out, data)
    by = {s: sum(1 for m in data["matches"] if m["status"] == s) for s in ("accepted", "proposed", "unmatched")}
    print(f"matched {len(data['matches'])} bank lines of {data['account']}: "
          f"{by['accepted']} accepted, {by['proposed']} proposed, {by['unmatched']} unmatched")
    return 0


def alerts(args) -> int:
    from domain.periods import parse_date
    from ui.cli.commands import _open
    from usecases.alerts import raise_alerts
    try:
        as_of = parse_date(args.as_of)
    except (ValueError, TypeError) as e:
        raise Rejected(f"--as-of: {e}") from None
    with _open(args) as book:
        found = raise_alerts(book, as_of)
    _write(args.out, {"as_of": as_of.isoformat(), "alerts": found})
    print(f"{len(found)} alerts as of {as_of}")
    return 0


def kpi(args) -> int:
    from storage.queries.kpi import measures
    from ui.cli.commands import _open, _range
    first, last = _range(args)
    with _open(args) as book:
        data = measures(book, first, last)
    _write(args.out, {"from": first, "to": last, "measures": data})
    print(", ".join(f"{m['name']} {m['value']}" for m in data))
    return 0


HANDLERS = {"import": import_, "match": match, "alerts": alerts, "kpi": kpi}
