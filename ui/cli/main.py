"""The command line (INTERCHANGE.md): sub-commands, exit codes 0/2/3/1 (75: busy, try again), and `error:` lines."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from domain.errors import InvariantBroken, Rejected
from ui.cli.handlers import HANDLERS

EXIT_OK, EXIT_UNEXPECTED, EXIT_REJECTED, EXIT_CHECK = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """Bad arguments are rejected input (exit 2 with an `error:` line), as argparse does anyway."""

    def error(self, message: str):  # type: ignore[override]
        from domain.errors import Problem
        from ui.cli.arg_errors import usage_message
        raise Rejected(Problem(self.prog, usage_message(message)))


def _common(p: argparse.ArgumentParser, top: bool) -> None:
    # Accepted before or after the sub-command; the sub-command's copy must not reset the other.
    default = None if top else argparse.SUPPRESS
    p.add_argument("--db", default=default, help="the book: a SQLite file or a database URL (default: your default book)")
    p.add_argument("--user", default=default, help="who acts (preparer, reviewer, closer); default: the OS user")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=_prog(), description="账房 Zhangfang — business flow and books as one. "
                     "Without a sub-command the desktop app opens.")
    _common(parser, True)
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and the book schema, then exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def cmd(name: str, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        _common(p, False)
        return p

    p = cmd("init", "create a new, empty book")
    p.add_argument("--company", required=True)
    p.add_argument("--start", required=True, metavar="YYYY-MM")
    p.add_argument("--standard", default="small", choices=["small"])
    p.add_argument("--revenue", default="shipment", choices=["shipment", "invoice"])
    # month-end taxes (issue 17): 一般纳税人 or 小规模纳税人, and where the company is (城建税 rate)
    p.add_argument("--taxpayer", default="general", choices=["general", "small"])
    p.add_argument("--location", default="city", choices=["city", "county", "other"])
    # version 3: 按月 or 按季申报 (default: quarterly for a small-scale taxpayer, monthly for a general one)
    p.add_argument("--filing", default=None, choices=["monthly", "quarterly"])
    p.add_argument("--tax-id", default=None, metavar="统一社会信用代码", help="the company's own credit code (18 characters)")

    p = cmd("import", "load an interchange file (.json, or .xlsx for master data and openings); all or nothing")
    p.add_argument("file")
    # The receivables desk (issue 18): bank exports, match, alerts, kpi — ui/cli/bank_cmds.py
    from ui.cli import bank_cmds
    bank_cmds.add_import_flags(p)
    bank_cmds.add_parsers(cmd)

    p = cmd("export", "export data")
    p.add_argument("what", choices=["vouchers"])
    _range(p)
    p.add_argument("--format", required=True, choices=["json", "csv", "xlsx"])
    p.add_argument("--out", required=True)

    p = cmd("report", "write a report")
    from reports.catalogue import CATALOGUE  # every report, one catalogue (issue 25)
    p.add_argument("name", choices=list(CATALOGUE))
    p.add_argument("--period", metavar="YYYY-MM")
    p.add_argument("--all", action="store_true", help="statement: every customer with a balance, one file each in --out")
    p.add_argument("--per-page", dest="per_page", type=int, choices=[2, 3], default=2, help="vouchers per A4")
    p.add_argument("--from", dest="first")
    p.add_argument("--to", dest="last")
    p.add_argument("--account")
    p.add_argument("--customer")
    p.add_argument("--as-of", dest="as_of")
    p.add_argument("--format", required=True, choices=["json", "xlsx", "pdf"])
    p.add_argument("--out", required=True)

    for name, help_ in (("post", "review and post every saved voucher of a period"),
                        ("close", "month-end close: 期末处理 steps, checks, 结转损益, lock"),
                        ("reopen", "undo a month-end close (logged)")):
        p = cmd(name, help_)
        p.add_argument("--period", required=True, metavar="YYYY-MM")
        if name in ("close", "reopen"):  # the 期末处理 steps (issue 17): ui/cli/close_cmds.py
            from ui.cli.close_cmds import add_flags
            add_flags(name, p)

    p = cmd("assets", "the fixed-asset register (cost, accumulated depreciation, net)")
    p.add_argument("--format", required=True, choices=["json"])
    p.add_argument("--out", required=True)

    cmd("check", "verify every invariant of the books")

    p = cmd("demo", "fill the book with a realistic, reproducible business")
    p.add_argument("--orders", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)

    p = cmd("template", "write the master-data Excel template that `import` reads")
    p.add_argument("what", choices=["master"])
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    p.add_argument("--example", action="store_true", help="one filled row per master sheet, to see the format")

    p = cmd("gui", "open the desktop app")
    p.add_argument("--screenshot", metavar="DIR", help="save a PNG of every main page to DIR and exit")
    p.add_argument("--size", metavar="WxH", default=None,
                   help="the screenshots' window size, e.g. 1366x768 (default: each of 1280x720, 1366x768 and "
                        "1920x1080, named 1280x720-01-home.png …)")

    from ui.cli import people_cmds  # people and the operation log (issue 26)
    people_cmds.add_parsers(cmd)

    p = cmd("backup", "a consistent copy of the book")
    p.add_argument("--out", required=True)
    p = cmd("restore", "put a backup copy back as the book")
    p.add_argument("file")
    p.add_argument("--force", metavar="COMPANY",
                   help="replace the book with another company's backup: give that company's name exactly")
    # moving a SQLite book onto a database server (issue 25): ui/cli/commands.py migrate_from
    p = cmd("migrate-from", "copy every table of a SQLite book into the empty book --db (a database URL)")
    p.add_argument("file", help="the SQLite book to copy (it is only read)")
    return parser


def _prog() -> str:
    """`main.py` from a checkout, `zhangfang` when installed or bundled."""
    invoked = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "main.py" if invoked == "main.py" else "zhangfang"


class _Version(argparse.Action):
    """`--version`: printed and exit 0, like --help; the schema line needs no book."""

    def __call__(self, parser, namespace, values, option_string=None):
        from ui.about import version_line
        print(version_line())
        parser.exit()


def gui_main() -> int:
    """`zhangfang-gui`: the desktop app, with the same --db/--user the command line takes."""
    return main(["gui", *sys.argv[1:]])


def _range(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="first", required=True, metavar="YYYY-MM")
    p.add_argument("--to", dest="last", required=True, metavar="YYYY-MM")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
        handler = HANDLERS[args.command or "gui"]
        return handler(args) or EXIT_OK
    except Rejected as e:
        for p in e.problems:
            print(f"error: {p}", file=sys.stderr)
        return EXIT_REJECTED
    except InvariantBroken:
        return EXIT_CHECK
    except KeyboardInterrupt:
        print("error: 已中断", file=sys.stderr)
        return EXIT_UNEXPECTED
    except Exception as e:  # noqa: BLE001 - a lock, a full disk, a read-only or damaged file: in words
        from storage.failures import EXIT_BUSY, explain
        failure = explain(e)
        if failure is not None:
            print(f"error: {failure.message}", file=sys.stderr)
            return EXIT_BUSY if failure.retry_later else EXIT_REJECTED
        if isinstance(e, OSError):  # a path the user gave that cannot be read or written
            print(f"error: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
            return EXIT_REJECTED
        return _unexpected(e)


def _unexpected(e: Exception) -> int:
    """The last line of defence: say what happened, exit 1."""
    import traceback
    traceback.print_exc(file=sys.stderr)
    print(f"error: unexpected {type(e).__name__}: {e}", file=sys.stderr)
    return EXIT_UNEXPECTED
