"""What each sub-command does: open the book, call one use case or report, write the output."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from domain.errors import InvariantBroken, Rejected
from domain.periods import parse_period

if TYPE_CHECKING:  # the engine (SQLAlchemy, Alembic) is imported when a command opens a book, so
    from storage.book import Book  # `--help` and argument errors answer at once


def _target(args) -> str:
    if args.db:
        return args.db
    from ui.default_book import default_book_path
    return str(default_book_path())


def _open(args) -> Book:
    from storage.book import Book
    if args.user is not None and not args.user.strip():
        raise Rejected("--user: a name is required when the option is given")
    book = Book.open(_target(args), args.user)
    try:  # once the book has people, the one acting logs in (issue 26): ui/cli/people_cmds.py
        from ui.cli.login import login
        login(book, args.command or "gui")
    except BaseException:
        book.close()
        raise
    return book


def _write_json(path: str, data: object) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _range(args) -> tuple[str, str]:
    try:
        first, last = parse_period(args.first), parse_period(args.last)
    except ValueError as e:
        raise Rejected(f"--from/--to: {e}") from None
    if first > last:
        raise Rejected(f"--from {first} is after --to {last}")
    return first, last


def init(args) -> int:
    from usecases.setup import init_book
    init_book(_target(args), args.company, args.start, standard=args.standard, revenue=args.revenue,
              user=args.user, taxpayer=args.taxpayer, location=args.location, filing=args.filing,
              tax_id=args.tax_id).close()
    print(f"created book {_target(args)} for {args.company}, first period {args.start}")
    return 0


def import_(args) -> int:
    from interchange.files import import_document
    if not Path(args.file).is_file():  # before the book is opened: a typo creates nothing
        raise Rejected(f"file {args.file} does not exist or is not a file")
    with _open(args) as book:
        counts = import_document(book, args.file)
    print("imported " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing"))
    return 0


def export(args) -> int:
    first, last = _range(args)
    from reports.output import whole_file
    from reports.xlsx import ensure_folder
    with _open(args) as book:
        ensure_folder(args.out)
        # every format streams from the book: memory stays flat however many lines (issue 32)
        with whole_file(args.out) as out:
            if args.format == "json":
                from reports.vouchers import journal_vouchers, write_journal_json
                with open(out, "w", encoding="utf-8") as f:
                    write_journal_json(journal_vouchers(book, first, last), f)
            else:  # one table, streamed to either writer
                from reports.table import Section
                from reports.vouchers import JOURNAL_COLUMNS, journal_rows
                rows = journal_rows(book, first, last)
                if args.format == "csv":
                    from reports.xlsx import write_csv
                    write_csv(Section(JOURNAL_COLUMNS, rows), out)
                else:
                    from reports.tables import journal
                    from reports.xlsx import write
                    write(journal({"company": book.settings.get("company", ""), "from": first, "to": last,
                                   "rows": rows}), out)
    return 0


def post(args) -> int:
    from usecases.vouchers import post_period
    with _open(args) as book:
        n = post_period(book, args.period)
    print(f"posted {n} vouchers of {args.period}")
    return 0


def check(args) -> int:
    from storage.queries.checks import run_checks
    with _open(args) as book:
        results = run_checks(book)
    broken = 0
    for name, findings in results.items():
        print(f"{'ok  ' if not findings else 'FAIL'} invariant {name}")
        for f in findings[:50]:
            print(f"     {f}")
        broken += bool(findings)
    if broken:
        print(f"error: {broken} invariants broken", file=sys.stderr)
        raise InvariantBroken(broken)
    return 0


def demo(args) -> int:
    from demo import generate
    if args.orders < 1 or args.orders > 1_000_000:
        raise Rejected("--orders: from 1 to 1,000,000")
    from storage.oplog import append_now
    from usecases.access import check, covered
    with _open(args) as book:
        check(book, "import")  # a demo business is an import of a kind; its one log entry stands for it
        with covered("demo"):
            summary = generate(book, orders=args.orders, seed=args.seed,
                               progress=lambda done, total, what: print(f"{done}/{total} {what}", flush=True))
        append_now(book, "demo", detail=summary[:500])
    print(summary)
    return 0


def gui(args) -> int:
    from ui.app import display_problem, run
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from ui.platform_check import should_check, xcb_problem
    if should_check() and (missing := xcb_problem()):  # before Qt aborts with its own English words
        print(missing, file=sys.stderr)
        return 1
    size = getattr(args, "size", None)
    if size is None:  # every page at 1280×720, 1366×768 and 1920×1080
        return run(args.db, args.user, getattr(args, "screenshot", None), None)
    try:
        width, height = (int(x) for x in size.lower().split("x"))
    except ValueError:
        raise Rejected(f"--size：应为 宽x高，例如 1366x768，而不是 {size!r}") from None
    return run(args.db, args.user, getattr(args, "screenshot", None), (width, height))


def template(args) -> int:
    from interchange.xlsx_template import write_template
    if not args.out.lower().endswith(".xlsx"):
        raise Rejected(f"--out {args.out}: 模板是 Excel 文件，文件名须以 .xlsx 结尾 (the template is an .xlsx file)")
    write_template(args.out, example=args.example)
    print(f"template written to {args.out}")
    return 0


def backup(args) -> int:
    from storage import db
    from storage.backup import backup_book
    from storage.oplog import append_now
    from usecases.access import check
    with _open(args) as book:  # who backs up is logged: the copy holds everyone's work
        check(book, "backup")
        if not db.is_read_only(book.engine):  # an archive on read-only media keeps no log of its copies
            # logged first, so the copy carries the record of its own making
            append_now(book, "backup", record=f"book {Path(_target(args)).name}", detail=f"to {args.out}")
    backup_book(_target(args), args.out)
    print(f"backed up to {args.out}")
    return 0


def restore(args) -> int:
    from storage import db
    from storage.backup import restore_book, sound
    from usecases.access import check
    target = _target(args)
    # The book being replaced says who may replace it — when it can still say anything: a damaged
    # book (what restore exists for) or one this process may not write is left to restore_book,
    # which refuses or replaces it without opening it as a book.
    if (Path(args.file).is_file() and (db.is_url(target) or (Path(target).is_file() and db.writable(Path(target))
                                                              and sound(Path(target))))):
        with _open(args) as book:
            check(book, "backup")
    kept = restore_book(args.file, target, force=args.force, user=args.user)  # logs itself
    print(f"restored {target} from {args.file}; "
          + (f"the book it replaced is kept as {kept}" if kept else "there was no book to keep"))
    return 0


def migrate_from(args) -> int:
    """A SQLite book onto a server: every row, ids kept; then `check` on both and their trial balances
    compared, so a copy that differs is never taken for the book."""
    from reports.trial_balance import trial_balance
    from storage.backup import migrate_from as copy_all
    from storage.book import Book
    from storage.periods import first_period, last_period
    from storage.queries.checks import run_checks
    if not args.db:
        raise Rejected("migrate-from: --db 须指明目标（一个空的服务器数据库 URL，如 postgresql+psycopg://…）")
    copied = copy_all(args.file, args.db)
    with Book.open(args.file, args.user) as old, Book.open(args.db, args.user) as new:
        after = run_checks(new)
        broken = {name: (bool(found), bool(after.get(name))) for name, found in run_checks(old).items()}
        differ = [name for name, (a, b) in broken.items() if a != b]
        first, last = first_period(old), last_period(old)
        same = trial_balance(old, first, last) == trial_balance(new, first, last)
    if differ or not same:
        print(f"error: migrate-from: 复制后的账套与原账套不一致（{', '.join(differ) or '试算平衡表不同'}）",
              file=sys.stderr)
        return 1
    bad = sum(a for a, _ in broken.values())
    print(f"migrated {sum(copied.values())} rows in {sum(1 for n in copied.values() if n)} tables from "
          f"{args.file}; check: {'ok' if not bad else f'{bad} invariants broken, as in the source'} on both; "
          f"trial balances {first}…{last} equal")
    return 0
