"""Importing an interchange document (INTERCHANGE.md): all or nothing, every problem with its place.

Each row and document goes through the same use case the GUI calls, inside its own savepoint, so
one bad row is reported without hiding the next; if anything was refused, the whole file is
rolled back and the book is exactly as before.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import nullcontext

from domain.doctypes import import_fields
from domain.errors import Problem, Rejected, shown
from domain.master import (
    parse_account,
    parse_bank_account,
    parse_customer,
    parse_item,
    parse_supplier,
    parse_warehouse,
)
from interchange import commands, references
from interchange import manual_duplicates as vouchers_q
from storage.book import Book
from storage.heap import fewer_collections
from storage.oplog import append
from usecases import (
    account_mapping,
    assets,
    banking,
    master,
    opening,
    opening_documents,
)
from usecases.access import allowed, check, covered
from usecases.dispatch import USE_CASES
from usecases.recurring import add_voucher_template
from usecases.setup import update_settings

FORMAT = "zhangfang-interchange/1"
SECTIONS = ("settings", "accounts", "categories", "account_mapping", "customers", "suppliers", "items", "warehouses",
            "bank_accounts",
            "opening_balances", "opening_stock", "opening_documents", "voucher_templates", "documents")

_MASTER: dict[str, tuple[Callable, Callable]] = {
    "customers": (parse_customer, master.add_customer),
    "suppliers": (parse_supplier, master.add_supplier),
    "warehouses": (parse_warehouse, master.add_warehouse),
    "bank_accounts": (parse_bank_account, master.add_bank_account),
}

_FIELDS = import_fields()

# What the objects inside a document or an opening section accept; anything else is refused by name.
_PRICED = frozenset({"item", "qty", "price", "tax_rate", "price_includes_tax"})
_MOVED = frozenset({"item", "qty"})
_RED = frozenset({"item", "qty", "amount", "line"})
LINE_FIELDS: dict[str, frozenset[str]] = {
    "sales_order": _PRICED, "purchase_order": _PRICED, "outbound": _MOVED, "inbound": _MOVED,
    "sales_return": _MOVED, "purchase_return": _MOVED, "invoice": frozenset({"outbound", "item", "qty"}),
    "purchase_invoice": frozenset({"inbound", "item", "qty"}), "credit_note": _RED, "purchase_credit_note": _RED,
    "voucher": frozenset({"account", "debit", "credit", "customer", "supplier", "item", "summary"}),
}
ALLOCATION_FIELDS = frozenset({"invoice", "amount"})
OPENING_FIELDS = frozenset({"date", "lines"})
OPENING_LINE_FIELDS = frozenset({"account", "debit", "credit", "customer", "supplier", "item", "summary", "invoice",
                                 "date", "due", "year_opening_debit", "year_opening_credit", "ytd_debit", "ytd_credit"})
OPENING_STOCK_FIELDS = frozenset({"item", "warehouse", "qty", "unit_cost"})
MAX_DEPTH = 8  # document → lines → line → value is four; nothing in the contract goes deeper
MAX_TEXT = 1000  # characters of any one text value (a summary, a name, an address)
ATTACHMENTS_MAX = 9999


def _stock(book: Book, rows: list) -> tuple:
    """`opening_stock` read; rows that do not read are refused with their items and warehouses looked up."""
    try:
        return commands.opening_stock(rows)
    except Rejected as unread:
        raise Rejected(unread.problems + references.unresolved_stock(book, rows)) from None


def _opening_documents(book: Book, rows: list) -> tuple:
    """`opening_documents` read; rows that do not read are refused with what they name looked up too."""
    try:
        return commands.opening_documents(rows)
    except Rejected as unread:
        raise Rejected(unread.problems + references.unresolved_opening_documents(book, rows)) from None


def post_document(book: Book, doc: dict) -> object:
    """Read a document row into its command and hand the command to its use case. A row that does not
    read is refused with its references checked too, so one refusal names every problem."""
    t = doc["type"]
    try:
        cmd = commands.READERS[t](doc)
    except Rejected as unread:
        raise Rejected(unread.problems + references.unresolved(book, t, doc)) from None
    return USE_CASES[t](book, cmd)




def _permitted(book: Book, data: dict) -> None:
    """An import is allowed to whoever may import (导入); anyone else only for what they may save
    themselves: a salesperson's file of sales orders, a cashier's receipts (issue 26). Checked before
    anything is written, so a refusal names the first action missing and is logged."""
    if allowed(book, "import"):
        return
    needed: list[str] = []
    for section in SECTIONS:
        if section not in data:
            continue
        if section == "documents" and isinstance(data[section], list):
            needed += sorted({f"save.{d.get('type')}" for d in data[section]
                              if isinstance(d, dict) and d.get("type") in USE_CASES})
        else:
            needed.append("settings" if section in ("settings", "categories", "account_mapping", "voucher_templates")
                          else "master")
    for action in dict.fromkeys(needed):
        check(book, action)


def import_data(book: Book, data: object, progress: Callable[[int, int, str], None] | None = None, *,
                require_format: bool = False) -> dict[str, int]:
    """Apply an interchange document; returns how many rows of each section were loaded.
    `progress(done, total, section)` is called before each row; whatever it raises (a cancel)
    rolls the whole import back."""
    if not isinstance(data, dict):
        raise Rejected("the file must hold one JSON object")
    problems: list[Problem] = []
    if data.get("format", FORMAT) != FORMAT:
        problems.append(Problem("format", f"{data.get('format')!r} is not {FORMAT!r}"))
    for key in data:
        if key not in SECTIONS and key != "format":
            problems.append(Problem(key, f"is not a known section ({', '.join(SECTIONS)})"))
    if require_format and "format" not in data:  # a file: any JSON object would otherwise pass for a document
        problems.append(Problem("format", f"is missing; an interchange document begins \"format\": \"{FORMAT}\""
                                "（缺少 format 字段）"))
    if problems:
        raise Rejected(problems)
    problems = vet(data)
    if problems:
        raise Rejected(problems)
    # accounts under 5001/5401 that this document's own mapping names may be added before it
    mapped = frozenset(account_mapping.mapped_codes(data.get("account_mapping"))
                       | account_mapping.mapped_codes(data.get("categories")))
    _permitted(book, data)
    with fewer_collections(), covered("import"):
        try:  # most files are right: apply them without a savepoint per row (see _apply)
            return _apply(book, data, mapped, progress, careful=False)
        except _RunCarefully:
            return _apply(book, data, mapped, progress, careful=True)


class _RunCarefully(Exception):
    """A row was refused on the fast path, where a refused row cannot be undone alone."""


def _apply(book: Book, data: dict, mapped: frozenset[str], progress: Callable[[int, int, str], None] | None,
           careful: bool) -> dict[str, int]:
    """One pass over the file in one transaction. Careful, each row runs in its own savepoint, so a
    refused row is undone alone and every later row is still tried: every problem is found. Not
    careful, rows run without savepoints (a savepoint per row cost a third of posting a document), and
    the first refusal abandons the pass — the caller rolls back and runs again carefully. A file
    without problems is thus applied once; one with problems costs a pass more, and is reported as
    fully as before."""
    counts: dict[str, int] = {}
    problems: list[Problem] = []
    with book.unit(), (book.optimistic() if not careful else nullcontext()):
        for section in SECTIONS:
            if section in data:
                problems += _section(book, section, data[section], counts, mapped, progress)
        if {"accounts", "categories", "account_mapping", "items"} & set(data) and not problems:
            problems += account_mapping.unmapped_problems(book)
        if ("opening_balances" in data or "opening_stock" in data) and not problems:  # no follow-on noise
            problems += [Problem(f"opening_stock {p.where}", p.message) for p in opening.opening_stock_problems(book)]
        if ("opening_balances" in data or "opening_documents" in data) and not problems:
            problems += opening_documents.opening_document_problems(book)
        if ("opening_balances" in data or "documents" in data) and not problems:  # cards held at the opening
            problems += assets.opening_card_problems(book)
        if problems:
            raise Rejected(problems)
        append(book, "import", detail=", ".join(f"{n} {k}" for k, n in counts.items()) or "nothing")
    return counts


def _section(book: Book, section: str, rows: object, counts: dict[str, int],
             mapped: frozenset[str] = frozenset(), progress: Callable[[int, int, str], None] | None = None
             ) -> list[Problem]:
    if section == "settings":  # month-end taxes (issue 17): one object, not a list
        return _guarded(book, section, lambda: update_settings(book, commands.settings(rows)), counts, 1)
    if section == "opening_balances":
        if not isinstance(rows, dict) or not isinstance(rows.get("lines"), list):
            return [Problem(section, "needs 'date' and a list of 'lines'")]
        return _guarded(book, section, lambda: opening.add_opening_balances(book, commands.opening_balances(rows)),
                        counts, len(rows["lines"]))
    if not isinstance(rows, list):
        return [Problem(section, "must be a list")]
    if section == "opening_stock":
        return _guarded(book, section, lambda: opening.add_opening_stock(book, _stock(book, rows)), counts, len(rows))
    if section == "opening_documents":
        return _guarded(book, section, lambda: opening_documents.add_opening_documents(
            book, _opening_documents(book, rows)), counts,
                        len(rows))
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        if progress is not None:
            progress(i, len(rows), section)
        problems += _guarded(book, _where(section, i, row), lambda row=row: _row(book, section, row, counts, mapped),
                             counts, 1, section)
    return problems


def _row(book: Book, section: str, row: object, counts: dict[str, int], mapped: frozenset[str] = frozenset()) -> None:
    if section == "accounts":  # may split 5001/5401 when this document's own mapping names the leaf
        master.add_account(book, parse_account(row), mapped)
    elif section in ("categories", "account_mapping"):
        account_mapping.set_category_accounts(book, commands.category_accounts(row))
    elif section in _MASTER:
        parse, add = _MASTER[section]
        add(book, parse(row))
    elif section == "items":
        master.add_item(book, parse_item(row, book.vat_rates))
    elif section == "voucher_templates":
        try:
            template = commands.voucher_template(row)
        except Rejected as unread:
            raise Rejected(unread.problems + references.unresolved_template(book, row)) from None
        add_voucher_template(book, template)
    else:
        _document(book, row, counts)


def _document(book: Book, doc: object, counts: dict[str, int]) -> None:
    if not isinstance(doc, dict) or doc.get("type") not in _FIELDS:
        raise Rejected(f"field 'type': must be one of {', '.join(_FIELDS)}")
    unknown = sorted(set(doc) - _FIELDS[doc["type"]] - {"type"})
    if unknown:
        raise Rejected([Problem("", f"field {shown(k)} is not known (the fields of {doc['type']} are "
                                    f"{', '.join(sorted(_FIELDS[doc['type']]))})") for k in unknown])
    if doc["type"] == "voucher":
        _vet_voucher(book, doc)
    done = post_document(book, doc)
    if isinstance(done, banking.StatementImport) and done.skipped:  # seen before: never booked twice
        counts.setdefault("documents", 0)  # listed first when the counts are printed
        counts["bank lines skipped as duplicates"] = counts.get("bank lines skipped as duplicates", 0) + len(done.skipped)


def _vet_voucher(book: Book, doc: dict) -> None:
    """`attachments` is a count of paper slips; and a manual voucher already booked is not booked again.

    The duplicate rule: a manual voucher with the same date, summary and lines (account, debit,
    credit, customer, supplier, item — in any order) as a manual voucher already in the book that is
    not reversed is the same voucher imported twice, and is refused naming the one booked. Two truly
    separate identical expenses on one day differ in their summary (e.g. 手续费 1, 手续费 2)."""
    n = doc.get("attachments", 0)
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= ATTACHMENTS_MAX:
        raise Rejected(f"field 'attachments': {shown(n)} is not a number of slips from 0 to {ATTACHMENTS_MAX}")
    clash = vouchers_q.same_manual_voucher(book, doc.get("date"), doc.get("summary"), doc.get("lines"))
    if clash:
        raise Rejected(f"this voucher is already booked as {clash} (same date, summary and lines); "
                       "a file imported twice is not booked twice")


def _where(section: str, i: int, row: object) -> str:
    if not isinstance(row, dict):
        return f"{section}[{i}]"
    if section == "documents":
        label = " ".join(_label(x) for x in (row.get("type"), row.get("no") or row.get("summary") or "") if x)
        return f"{section}[{i}] ({label})"
    return f"{section}[{i}] ({_label(row.get('code'))})" if row.get("code") else f"{section}[{i}]"


def _label(x: object) -> str:
    """A number or code as a place shows it: plain when it is short printable text, quoted short otherwise."""
    if isinstance(x, str) and len(x) <= 40 and x.isprintable():
        return x
    text = x if isinstance(x, str) else repr(x)
    return shown(text[:20] + "…" if len(text) > 20 else text)


def _guarded(book: Book, where: str, fn, counts: dict[str, int], n: int, section: str | None = None) -> list[Problem]:
    """Run one step in a savepoint; a refusal becomes located problems and undoes only that step."""
    try:
        with book.unit():
            fn()
            if book.tainted:
                raise _RunCarefully  # a unit inside failed and was caught: its writes are still here
    except Rejected as e:
        if not book.savepoints:
            raise _RunCarefully from e
        return e.located(where).problems
    key = section or where
    counts[key] = counts.get(key, 0) + n
    return []


# ---- vetting the raw document: values no use case should ever see ---------------------------------

def vet(data: dict) -> list[Problem]:
    """Every value that is not what JSON text of the contract can be: keys given twice, NaN and numbers
    of thousands of digits, control characters, lone surrogates, text of megabytes, nesting too
    deep, and fields nobody reads. Each problem names its place and quotes at most 80 characters."""
    problems: list[Problem] = []
    _walk(data, None, 0, problems)
    if problems:
        return problems
    for section, rows in data.items():
        if section == "opening_balances" and isinstance(rows, dict):
            _unknown(rows, OPENING_FIELDS, section, problems)
            for i, row in enumerate(rows.get("lines") or [] if isinstance(rows.get("lines"), list) else []):
                _unknown(row, OPENING_LINE_FIELDS, f"{section} lines[{i}]", problems)
        elif section == "opening_documents" and isinstance(rows, list):
            for i, row in enumerate(rows):
                _unknown(row, opening_documents.FIELDS, f"{section} [{i}]", problems)
                lines = row.get("lines") if isinstance(row, dict) else None
                for n, ln in enumerate(lines if isinstance(lines, list) else [], 1):
                    _unknown(ln, opening_documents.LINE_FIELDS, f"{section} [{i}] line {n}", problems)
        elif section == "opening_stock" and isinstance(rows, list):
            for i, row in enumerate(rows):
                _unknown(row, OPENING_STOCK_FIELDS, f"{section} [{i}]", problems)
        elif section == "documents" and isinstance(rows, list):
            for i, doc in enumerate(rows):
                if isinstance(doc, dict):
                    where = _where(section, i, doc)
                    lines = doc.get("lines") if doc.get("type") in LINE_FIELDS else None
                    for n, ln in enumerate(lines if isinstance(lines, list) else [], 1):
                        _unknown(ln, LINE_FIELDS[doc["type"]], f"{where} line {n}", problems)
                    allocs = doc.get("allocations")
                    for n, a in enumerate(allocs if isinstance(allocs, list) else [], 1):
                        _unknown(a, ALLOCATION_FIELDS, f"{where} allocation {n}", problems)
    return problems


def _unknown(row: object, known: frozenset[str], where: str, problems: list[Problem]) -> None:
    if isinstance(row, dict):
        problems += [Problem(where, f"field {shown(k)} is not known") for k in row if k not in known]


# Where a value sits, kept as the chain of keys that leads to it (parent's chain, depth, key, value) and
# written out only for a value with a problem: a file of thousands of rows has none, and naming every
# value's place as it was walked cost more than the walk.
_At = tuple | None


def _walk(node: object, at: _At, depth: int, problems: list[Problem]) -> None:
    if depth > MAX_DEPTH:
        problems.append(Problem(_place(at), "is nested too deeply"))
        return
    if isinstance(node, dict):
        problems += [Problem(_place(at), f"field {shown(k)} is given twice") for k in getattr(node, "twice", ())]
        for k, v in node.items():
            if _suspect(k):
                where = _place(at)
                _text(k, f"{where} key" if where else "key", problems)
            _walk(v, (at, depth, k, v), depth + 1, problems)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _walk(v, (at, depth, i, v), depth + 1, problems)
    elif isinstance(node, str):
        if _suspect(node):
            _text(node, _place(at), problems)
    elif isinstance(node, float) and node != node:
        problems.append(Problem(_place(at), "NaN is not a number; numbers are JSON strings"))
    elif not isinstance(node, bool | int | float) and node is not None:
        problems.append(Problem(_place(at), f"{node!r}; numbers are JSON strings"))


def _place(at: _At) -> str:
    if at is None:
        return ""
    parent, depth, key, value = at
    return _inner(_place(parent), depth, key, value)


def _inner(where: str, depth: int, key: object, value: object) -> str:
    """The place of a value: `documents[3] (outbound OUT-2) line 1 field 'qty'`, as the use cases say it."""
    if depth == 0:
        return str(key)
    if depth == 1 and isinstance(key, int):
        return _where(where, key, value)
    if isinstance(key, int):
        return f"{where.removesuffix(' lines')} line {key + 1}" if where.endswith(" lines") else f"{where}[{key}]"
    if key == "lines" and isinstance(value, list):
        return f"{where} lines"
    return f"{where} field {shown(key)}"


# What _text looks for, found in one pass: control characters and lone surrogates.
_ODD = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _suspect(text: object) -> bool:
    """Whether a text may hold something _text refuses (most hold nothing: one regex search decides)."""
    return isinstance(text, str) and (len(text) > MAX_TEXT or _ODD.search(text) is not None)


def _text(text: object, where: str, problems: list[Problem]) -> None:
    if not isinstance(text, str):
        return
    if len(text) > MAX_TEXT:
        problems.append(Problem(where, f"text of {len(text):,} characters is longer than {MAX_TEXT:,}: {shown(text)}"))
    bad = next((c for c in text if "\ud800" <= c <= "\udfff"), None)
    if bad is not None:
        problems.append(Problem(where, f"holds a lone surrogate (\\u{ord(bad):04x}), not text: {shown(text)}"))
    bad = next((c for c in text if ord(c) < 32 or 127 <= ord(c) < 160), None)
    if bad is not None:
        problems.append(Problem(where, f"holds a control character (U+{ord(bad):04X}): {shown(text)}"))
