"""Importing an interchange document (INTERCHANGE.md): all or nothing, every problem with its place.

Each row and document goes through the same use case the GUI calls, inside its own savepoint, so
one bad row is reported without hiding the next; if anything was refused, the whole file is
rolled back and the book is exactly as before.
"""
from __future__ import annotations

from collections.abc import Callable

from domain.doctypes import import_fields
from domain.errors import Problem, Rejected
from domain.master import (
    parse_account,
    parse_bank_account,
    parse_customer,
    parse_item,
    parse_supplier,
    parse_warehouse,
)
from storage.book import Book
from usecases import assets, cash, master, opening, purchases, sales, vouchers

FORMAT = "zhangfang-interchange/1"
SECTIONS = ("settings", "accounts", "customers", "suppliers", "items", "warehouses", "bank_accounts",
            "opening_balances", "opening_stock", "voucher_templates", "documents")

_MASTER: dict[str, tuple[Callable, Callable]] = {
    "accounts": (parse_account, master.add_account),
    "customers": (parse_customer, master.add_customer),
    "suppliers": (parse_supplier, master.add_supplier),
    "warehouses": (parse_warehouse, master.add_warehouse),
    "bank_accounts": (parse_bank_account, master.add_bank_account),
}

_FIELDS = import_fields()


def _apply(doc: dict) -> Callable[[Book], object]:
    t, g = doc["type"], doc.get
    calls: dict[str, Callable[[Book], object]] = {
        "sales_order": lambda b: sales.create_sales_order(b, g("no"), g("date"), g("customer"), g("lines")),
        "outbound": lambda b: sales.ship(b, g("no"), g("date"), g("order"), g("warehouse"), g("lines")),
        "invoice": lambda b: sales.invoice(b, g("no"), g("date"), g("lines"), g("outbounds"), g("vat_no"), g("vat_code")),
        "receipt": lambda b: cash.receipt(b, g("no"), g("date"), g("customer"), g("amount"), g("account"),
                                          g("allocations", cash.NO_ALLOCATIONS)),
        "sales_return": lambda b: sales.sales_return(b, g("no"), g("date"), g("outbound"), g("warehouse"), g("lines")),
        "credit_note": lambda b: sales.credit_note(b, g("no"), g("date"), g("invoice"), g("lines")),
        "purchase_order": lambda b: purchases.create_purchase_order(b, g("no"), g("date"), g("supplier"), g("lines")),
        "inbound": lambda b: purchases.receive(b, g("no"), g("date"), g("order"), g("warehouse"), g("lines")),
        "purchase_invoice": lambda b: purchases.purchase_invoice(b, g("no"), g("date"), g("lines"), g("inbounds"),
                                                                 g("vat_no"), g("vat_code")),
        "payment": lambda b: cash.payment(b, g("no"), g("date"), g("supplier"), g("amount"), g("account"),
                                          g("allocations", cash.NO_ALLOCATIONS)),
        "purchase_return": lambda b: purchases.purchase_return(b, g("no"), g("date"), g("inbound"), g("warehouse"),
                                                               g("lines")),
        "fixed_asset": lambda b: assets.acquire(b, g("no"), g("date"), g("name"), g("category"), g("cost"), g("tax"),
                                                g("life_months"), g("residual_rate"), g("expense_account"),
                                                g("account"), g("supplier")),
        "asset_disposal": lambda b: assets.dispose(b, g("no"), g("date"), g("asset"), g("proceeds"), g("account")),
        "voucher": lambda b: vouchers.manual_voucher(b, g("date"), g("summary"), g("lines"), g("word"),
                                                     g("attachments", 0)),
    }
    return calls[t]


def import_data(book: Book, data: object) -> dict[str, int]:
    """Apply an interchange document; returns how many rows of each section were loaded."""
    if not isinstance(data, dict):
        raise Rejected("the file must hold one JSON object")
    problems: list[Problem] = []
    if data.get("format", FORMAT) != FORMAT:
        problems.append(Problem("format", f"{data.get('format')!r} is not {FORMAT!r}"))
    for key in data:
        if key not in SECTIONS and key != "format":
            problems.append(Problem(key, f"is not a known section ({', '.join(SECTIONS)})"))
    if problems:
        raise Rejected(problems)
    counts: dict[str, int] = {}
    with book.unit():
        for section in SECTIONS:
            if section in data:
                problems += _section(book, section, data[section], counts)
        if ("opening_balances" in data or "opening_stock" in data) and not problems:  # no follow-on noise
            problems += [Problem(f"opening_stock {p.where}", p.message) for p in opening.opening_stock_problems(book)]
        if problems:
            raise Rejected(problems)
    return counts


def _section(book: Book, section: str, rows: object, counts: dict[str, int]) -> list[Problem]:
    if section == "settings":  # month-end taxes (issue 17): one object, not a list
        from usecases.setup import update_settings
        return _guarded(book, section, lambda: update_settings(book, rows), counts, 1)
    if section == "opening_balances":
        if not isinstance(rows, dict) or not isinstance(rows.get("lines"), list):
            return [Problem(section, "needs 'date' and a list of 'lines'")]
        return _guarded(book, section, lambda: opening.add_opening_balances(book, rows.get("date"), rows["lines"]),
                        counts, len(rows["lines"]))
    if not isinstance(rows, list):
        return [Problem(section, "must be a list")]
    if section == "opening_stock":
        return _guarded(book, section, lambda: opening.add_opening_stock(book, rows), counts, len(rows))
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        problems += _guarded(book, _where(section, i, row), lambda row=row: _row(book, section, row), counts, 1,
                             section)
    return problems


def _row(book: Book, section: str, row: object) -> None:
    if section in _MASTER:
        parse, add = _MASTER[section]
        add(book, parse(row))
    elif section == "items":
        master.add_item(book, parse_item(row, book.vat_rates))
    elif section == "voucher_templates":
        from usecases.recurring import add_voucher_template
        add_voucher_template(book, row)
    else:
        _document(book, row)


def _document(book: Book, doc: object) -> None:
    if not isinstance(doc, dict) or doc.get("type") not in _FIELDS:
        raise Rejected(f"field 'type': must be one of {', '.join(_FIELDS)}")
    unknown = sorted(set(doc) - _FIELDS[doc["type"]] - {"type"})
    if unknown:
        raise Rejected([Problem(f"field '{k}'", f"is not a field of {doc['type']}") for k in unknown])
    _apply(doc)(book)


def _where(section: str, i: int, row: object) -> str:
    if not isinstance(row, dict):
        return f"{section}[{i}]"
    if section == "documents":
        label = " ".join(str(x) for x in (row.get("type"), row.get("no") or row.get("summary") or "") if x)
        return f"{section}[{i}] ({label})"
    return f"{section}[{i}] ({row.get('code')})" if row.get("code") else f"{section}[{i}]"


def _guarded(book: Book, where: str, fn, counts: dict[str, int], n: int, section: str | None = None) -> list[Problem]:
    """Run one step in a savepoint; a refusal becomes located problems and undoes only that step."""
    try:
        with book.unit():
            fn()
    except Rejected as e:
        return e.located(where).problems
    key = section or where
    counts[key] = counts.get(key, 0) + n
    return []
