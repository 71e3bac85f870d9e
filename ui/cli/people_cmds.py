"""People and the operation log on the command line (issue 26, INTERCHANGE.md version 3):
`user add|list|passwd|disable|enable|roles|review-by-other`, `log`, and the login every command
does once a book has people."""
from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

from domain.errors import Rejected


def add_parsers(cmd) -> None:
    p = cmd("user", "the people of the book: add, list, passwd, disable, enable, roles, review-by-other")
    p.add_argument("action", choices=["add", "list", "passwd", "disable", "enable", "roles", "review-by-other"])
    p.add_argument("value", nargs="?", help="review-by-other: on or off")
    p.add_argument("--name")
    p.add_argument("--role", help="role codes, comma-separated: " + "sales warehouse purchasing cashier "
                   "accountant supervisor owner admin")
    p.add_argument("--password-stdin", dest="password_stdin", action="store_true",
                   help="read the person's password from the first line of stdin")
    p.add_argument("--format", choices=["json"])
    p.add_argument("--out")

    p = cmd("log", "the operation log (操作日志): who did what, when, on which record")
    p.add_argument("--from", dest="first", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="last", metavar="YYYY-MM-DD")
    p.add_argument("--action", metavar="WORD")
    p.add_argument("--record", metavar="TEXT")
    p.add_argument("--format", required=True, choices=["json", "xlsx", "pdf"])
    p.add_argument("--out", required=True)
    p.add_argument("--by", dest="by_user", metavar="NAME",
                   help="only what NAME did, NAME being someone other than the one acting (--user)")
    p.add_argument("--all", dest="everyone", action="store_true",
                   help="everyone's entries (default: the acting --user's own, as the contract says)")

    p = cmd("tasks", "the work waiting for the acting person's roles (the home page's inbox)")
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--format", required=True, choices=["json"])
    p.add_argument("--out", required=True)


def _new_password(args) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise Rejected("--password-stdin: the new password is read from stdin (no terminal to ask)")
    first = getpass.getpass("新密码 (new password): ")
    if getpass.getpass("再输一遍 (again): ") != first:
        raise Rejected("the two passwords differ")
    return first


def user(args) -> int:
    from ui.cli.commands import _open
    from usecases import people
    need_name = args.action in ("add", "passwd", "disable", "enable", "roles")
    if need_name and not (args.name or "").strip():
        raise Rejected(f"user {args.action}: --name is required")
    if args.action in ("add", "roles") and not args.role:
        raise Rejected(f"user {args.action}: --role is required (e.g. --role accountant,cashier)")
    with _open(args) as book:
        if args.action == "add":
            row = people.add_person(book, args.name, args.role, _new_password(args))
            print(f"added {row.name}: {row.role_names}")
        elif args.action == "list":
            rows = [r.as_json() for r in people.list_people(book)]
            if args.out:
                Path(args.out).write_text(json.dumps({"users": rows}, ensure_ascii=False, indent=1), encoding="utf-8")
            for r in rows:
                print(f"{r['name']}\t{r['role_names']}" + ("\t已停用" if r["disabled"] else ""))
        elif args.action == "passwd":
            people.set_password(book, args.name, _new_password(args))
            print(f"password of {args.name} changed")
        elif args.action in ("disable", "enable"):
            people.set_disabled(book, args.name, args.action == "disable")
            print(f"{args.name} {args.action}d")
        elif args.action == "roles":
            row = people.set_roles(book, args.name, args.role)
            print(f"{row.name}: {row.role_names}")
        else:
            from usecases.setup import set_review_by_other
            if args.value not in ("on", "off"):
                raise Rejected("user review-by-other: on or off (制单人与审核人不能为同一人)")
            set_review_by_other(book, args.value == "on")
            print(f"review by another person: {args.value}")
    return 0


def log(args) -> int:
    import datetime as dt

    from storage.oplog import search
    from ui.cli.commands import _open
    from usecases.access import check

    def day(text: str | None, flag: str) -> dt.date | None:
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise Rejected(f"{flag}: {text!r} is not a date YYYY-MM-DD") from None
    first, last = day(args.first, "--from"), day(args.last, "--to")
    with _open(args) as book:
        check(book, "log")
        rows = search(book, first, last, user=_whose_log(args, book), action=args.action, record=args.record)
        company = book.settings.get("company", "")
    if args.format == "json":
        Path(args.out).write_text(json.dumps({"from": args.first, "to": args.last, "entries": rows},
                                             ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        from reports.oplog import log_document
        doc = log_document(rows, company, args.first, args.last)
        if args.format == "xlsx":
            from reports.xlsx import write
            write(doc, args.out)
        else:
            from reports.pdf import render
            render(doc, args.out)
    print(f"{len(rows)} entries written to {args.out}")
    return 0


def _whose_log(args, book) -> str | None:
    """Whose entries `log` writes (INTERCHANGE.md: `log [--user NAME]` is NAME's log): `--by NAME`
    someone else's; `--all` everyone's; otherwise the acting person's (`--user`, or the OS user once
    the book has people). A book without people and no --user gives everyone's, as before."""
    from usecases.people import has_people
    if args.by_user:
        return args.by_user
    if args.everyone:
        return None
    if args.user is not None:
        return args.user
    return book.user if has_people(book) else None


def tasks(args) -> int:
    import datetime as dt

    from ui.cli.commands import _open
    from usecases.tasks import counts, tasks_for
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else dt.date.today()
    except ValueError:
        raise Rejected(f"--as-of: {args.as_of!r} is not a date YYYY-MM-DD") from None
    with _open(args) as book:
        found = tasks_for(book, book.user, as_of)
        data = {"user": book.user, "as_of": as_of.isoformat(), "counts": counts(found),
                "tasks": [t.as_json() for t in found]}
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(found)} tasks for {data['user']}: " + (", ".join(f"{n} {k}" for k, n in data["counts"].items()) or "none"))
    return 0


HANDLERS = {"user": user, "log": log, "tasks": tasks}
