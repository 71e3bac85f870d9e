"""`close` (with `--amount` and `--preview`), `reopen --reason` and `assets`: the month-end close
from the command line. Light at import: the engine loads when a command opens a book."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from domain.errors import Rejected


def add_flags(name: str, p: argparse.ArgumentParser) -> None:
    if name == "close":
        p.add_argument("--amount", action="append", default=[], metavar="TEMPLATE:ACCOUNT=AMOUNT",
                       help="an amount a voucher template asks for at close, e.g. GZ:560201=32000.00 (repeatable)")
        p.add_argument("--preview", action="store_true",
                       help="write the steps' vouchers and every blocking cause, changing nothing")
        p.add_argument("--format", choices=["json"])
        p.add_argument("--out")
    else:
        p.add_argument("--reason", default="", help="why the closed month is opened again (logged)")


def _write(path: str, data: object) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def close(args) -> int:
    from ui.cli.commands import _open
    from usecases.closing import close_period, parse_amounts, preview_close
    amounts = parse_amounts(args.amount)
    if args.preview:
        if args.format != "json" or not args.out:
            raise Rejected("close --preview: give --format json --out FILE")
        with _open(args) as book:
            plan = preview_close(book, args.period, amounts)
        _write(args.out, plan)
        blocked = len(plan["blocking"])
        print(f"preview of {plan['period']}: {len(plan['steps'])} step vouchers"
              + (f", {blocked} causes block the close" if blocked else ", nothing blocks the close"))
        return 0
    if args.format or args.out:
        raise Rejected("close: --format and --out go with --preview")
    with _open(args) as book:
        written = close_period(book, args.period, amounts)
        made = [f"{v.word}-{v.number} {v.summary}" for v in written]
    print(f"closed {args.period}" + (": " + "; ".join(made) if made else ""))
    return 0


def reopen(args) -> int:
    from ui.cli.commands import _open
    from usecases.closing import reopen_period
    if not args.reason.strip():
        raise Rejected("reopen: --reason is required (why the closed month is opened again; it is logged)")
    with _open(args) as book:
        n = reopen_period(book, args.period, args.reason)
    print(f"reopened {args.period}; {n} closing vouchers reversed")
    return 0


def assets(args) -> int:
    from storage.queries.assets import as_json, register
    from ui.cli.commands import _open
    with _open(args) as book:
        _write(args.out, as_json(register(book, with_disposed=True)))
    return 0


HANDLERS = {"close": close, "reopen": reopen, "assets": assets}
