"""Creating a book: chart of accounts preset, periods, posting templates, settings."""
from __future__ import annotations

import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path

from sqlalchemy import func, select

from domain.book_settings import FILINGS, LOCATIONS, TAXPAYERS, default_filing
from domain.errors import Problem, Rejected, refuse, shown
from domain.messages import Message
from domain.periods import parse_period, period_end, prev_period
from storage.book import RESOURCES, Book
from storage.models import Account, Customer, Document, Item, OpeningBalance, Supplier, Voucher
from storage.periods import create_periods
from usecases.access import in_bulk, requires
from usecases.commands import Settings

STANDARDS = {"small": "small.toml"}
REVENUE_SETS = {"shipment": "revenue_at_shipment.toml", "invoice": "revenue_at_invoice.toml"}


def init_book(target: str | Path, company: str, start: str, *, standard: str = "small",
              revenue: str = "shipment", user: str | None = None, taxpayer: str = "general",
              location: str = "city", filing: str | None = None, tax_id: str | None = None) -> Book:
    """Create a new, empty book (or fill an empty file). Refuses a book that already holds one."""
    problems = []
    if not company or not company.strip():
        problems.append("--company: the company name is required")
    if tax_id:  # the company's own 统一社会信用代码 (the new-book wizard, issue 30); printed nowhere yet
        from domain.credit_code import normalise_credit_code
        from usecases.new_company import credit_code_reason
        tax_id = normalise_credit_code(tax_id)
        if credit_code_reason(tax_id):
            problems.append(f"--tax-id: 统一社会信用代码 {tax_id} 无效：{credit_code_reason(tax_id)}")
    try:
        start = parse_period(start)
    except ValueError as e:
        problems.append(f"--start: {e}")
    if standard not in STANDARDS:
        problems.append(f"--standard: {standard!r} is not one of {', '.join(STANDARDS)}")
    if revenue not in REVENUE_SETS:
        problems.append(f"--revenue: {revenue!r} is not one of {', '.join(REVENUE_SETS)}")
    if taxpayer not in TAXPAYERS:
        problems.append(f"--taxpayer: {taxpayer!r} is not one of {', '.join(TAXPAYERS)}")
    if location not in LOCATIONS:
        problems.append(f"--location: {location!r} is not one of {', '.join(LOCATIONS)}")
    filing = filing or default_filing(taxpayer)
    if filing not in FILINGS:
        problems.append(f"--filing: {filing!r} is not one of {', '.join(FILINGS)}")
    if problems:
        raise Rejected(problems)
    _create_private(target)
    book = Book.open(target, user, create=True)
    try:
        if _holds_data(book):
            raise Rejected(Message("book_holds_company", target=target, company=book.settings.get("company", "?")))
        with book.unit():
            _load_chart(book, RESOURCES / "charts" / STANDARDS[standard], taxpayer)
            templates = (RESOURCES / "posting" / REVENUE_SETS[revenue]).read_text(encoding="utf-8")
            for key, value in {"company": company.strip(), "standard": standard, "revenue": revenue,
                               "start_period": start, "opening_date": period_end(prev_period(start)).isoformat(),
                               "taxpayer": taxpayer, "location": location, "small_low_profit": "false",
                               "filing": filing, **({"tax_id": tax_id} if tax_id else {}),
                               "posting_templates": templates}.items():
                book.set_setting(key, value)
            create_periods(book, start, 12)
    except BaseException:
        book.close()
        raise
    return book


def _create_private(target: str) -> None:
    """A new book file is its owner's alone (0600); an existing one keeps the mode it has."""
    from storage import db
    if not db.is_url(str(target)) and not Path(target).exists():
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        db.create_private(Path(target))


def _holds_data(book: Book) -> bool:
    s = book.session
    if book.settings:
        return True
    return any(s.scalar(select(func.count()).select_from(m)) for m in
               (Account, Customer, Supplier, Item, Document, Voucher, OpeningBalance))


def _load_chart(book: Book, path: Traversable, taxpayer: str = "general") -> None:
    """The preset chart; accounts marked for one taxpayer type only (the 应交增值税 columns of
    财会〔2016〕22号 are a general taxpayer's) are left out of the other's books."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    by_code: dict[str, Account] = {}
    for row in data["accounts"]:
        if row.get("taxpayer", taxpayer) != taxpayer:
            continue
        parent = by_code.get(row.get("parent", ""))
        acc = Account(code=row["code"], name=row["name"], side=row["side"], category=row["category"],
                      aux=row.get("aux"), level=parent.level + 1 if parent else 1, is_leaf=True, active=True,
                      parent_id=parent.id if parent else None)
        if parent is not None:
            parent.is_leaf = False
        book.session.add(acc)
        book.session.flush()
        by_code[acc.code] = acc
    book.forget()


@requires("settings")
def update_settings(book: Book, cmd: Settings) -> dict[str, str]:
    """Taxpayer type, location, 小型微利 — the settings the close's taxes read."""
    with book.unit():
        problems: list[Problem] = []
        if cmd.taxpayer is not None and cmd.taxpayer not in TAXPAYERS:
            problems.append(Problem("field 'taxpayer'", Message("not_one_of", value=shown(cmd.taxpayer), choices="、".join(TAXPAYERS))))
        elif cmd.taxpayer is not None and cmd.taxpayer != book.taxpayer:
            # The chart differs (a small-scale book has no 应交增值税 columns) and so do the rates,
            # so the type is chosen once, when the book is created.
            raise refuse("taxpayer_fixed", field="taxpayer", where="settings",
                         taxpayer={"general": "一般纳税人", "small": "小规模纳税人"}.get(book.taxpayer, book.taxpayer))
        if cmd.location is not None and cmd.location not in LOCATIONS:
            problems.append(Problem("field 'location'", Message("not_one_of", value=shown(cmd.location), choices="、".join(LOCATIONS))))
        if problems:
            raise Rejected(problems)
        values = {k: v for k, v in (("taxpayer", cmd.taxpayer), ("location", cmd.location)) if v is not None}
        if cmd.small_low_profit is not None:
            values["small_low_profit"] = "true" if cmd.small_low_profit else "false"
        before = {k: book.settings.get(k) for k in values}
        for key, value in values.items():
            book.set_setting(key, value)
        changed = [k for k in values if before[k] != values[k]]
        if changed and not in_bulk():
            from storage.oplog import append
            append(book, "settings", record="settings", before={k: before[k] for k in changed},
                   after={k: values[k] for k in changed})
        return values


@requires("settings")
def save_company_settings(book: Book, company: str, settings: Settings) -> None:
    """设置 → 公司与税务: the company's name (as printed on every report) and the month-end settings
    (location, 小型微利), in one unit: a refusal keeps the old values, each problem names its field."""
    name = company.strip()
    problems = []
    if not name:
        problems.append(Problem("field 'company'", Message("is_required")))
    elif len(name) > 100:
        problems.append(Problem("field 'company'", Message("too_long", max=100)))
    with book.unit():
        try:
            update_settings(book, settings)
        except Rejected as e:
            problems += e.problems
        if problems:
            raise Rejected(problems)
        book.set_setting("company", name)


# 制单人与审核人不能为同一人 (issue 26): on unless the book says otherwise.
REVIEW_BY_OTHER = "review_by_other"


def review_by_other(book: Book) -> bool:
    return book.settings.get(REVIEW_BY_OTHER, "on") != "off"


def set_review_by_other(book: Book, on: bool) -> None:
    from storage.oplog import append
    from usecases.access import check
    check(book, "settings")
    with book.unit():
        before = review_by_other(book)
        book.set_setting(REVIEW_BY_OTHER, "on" if on else "off")
        append(book, "settings", record=f"setting {REVIEW_BY_OTHER}", before={REVIEW_BY_OTHER: before},
               after={REVIEW_BY_OTHER: on})


def own_review_hint(book: Book) -> str:
    """What a refusal to review one's own voucher adds when the book has one person only: the
    setting that allows it, and where it is."""
    from usecases.access import people
    active = [p for p in people(book).values() if not p.disabled]
    if len(active) != 1:  # without people the message stays as it always was
        return ""
    return ("；本账套只有一位用户时，可在 设置 → 用户与权限 取消勾选「制单人与审核人不能为同一人」"
            "（命令行：user review-by-other off）")
