"""The codes and numbers a document row names, looked up when the row could not be read.

A row with a typing mistake never reaches its use case, which is where references are checked. So
that one refusal still names every problem of the document (INTERCHANGE: one `error:` line per
problem) — a bad quantity on line 1 *and* an unknown item on line 2 — the importer asks this table
which references the row makes and looks each up with the same finders the use cases use, so the
words and places are the ones the use case would have given.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.errors import Problem, Rejected
from storage.book import Book
from storage.models import Customer, Item, Supplier, Warehouse
from storage.refs import by_code, cash_account, document
from usecases import assets
from usecases.opening_documents import place
from usecases.recurring import account_problem

Row = dict[str, Any]
Lookup = Callable[[Book, object], object]


def _code(model: type, field: str | None = None) -> Lookup:
    return lambda book, value: by_code(book, model, value, field)


def _doc(doc_type: str, field: str) -> Lookup:
    return lambda book, value: document(book, doc_type, value, field)


# document type → the header fields it names and how each is found
_HEADER: dict[str, dict[str, Lookup]] = {
    "sales_order": {"customer": _code(Customer)},
    "purchase_order": {"supplier": _code(Supplier)},
    "outbound": {"order": _doc("sales_order", "order"), "warehouse": _code(Warehouse)},
    "inbound": {"order": _doc("purchase_order", "order"), "warehouse": _code(Warehouse)},
    "sales_return": {"outbound": _doc("outbound", "outbound"), "warehouse": _code(Warehouse)},
    "purchase_return": {"inbound": _doc("inbound", "inbound"), "warehouse": _code(Warehouse)},
    "credit_note": {"invoice": _doc("invoice", "invoice")},
    "purchase_credit_note": {"invoice": _doc("purchase_invoice", "invoice")},
    "receipt": {"customer": _code(Customer, "customer"), "account": cash_account},
    "payment": {"supplier": _code(Supplier, "supplier"), "account": cash_account},
    "bank_statement": {"account": cash_account},
}
# ... and what each of its lines names
_LINE: dict[str, dict[str, Lookup]] = {
    "invoice": {"outbound": _doc("outbound", "outbound")},
    "purchase_invoice": {"inbound": _doc("inbound", "inbound")},
    "voucher": {"customer": _code(Customer), "supplier": _code(Supplier), "item": _code(Item)},
}
_WITH_ITEMS = frozenset({"sales_order", "purchase_order", "outbound", "inbound", "sales_return", "purchase_return",
                         "invoice", "purchase_invoice", "credit_note", "purchase_credit_note"})


def unresolved(book: Book, doc_type: str, doc: Row) -> list[Problem]:
    """Every reference of the row that does not resolve, in the use case's words and places."""
    problems: list[Problem] = []
    if doc_type == "fixed_asset":  # its accounts and supplier depend on each other
        texts = [v if isinstance(v, str) else "" for v in (doc.get("expense_account"), doc.get("account"))]
        supplier = doc.get("supplier")
        assets.where_from(book, texts[0], texts[1], supplier if isinstance(supplier, str) else None, problems)
    for field, find in _HEADER.get(doc_type, {}).items():
        problems += _missing(book, find, doc.get(field))
    lines = doc.get("lines")
    on_lines = dict(_LINE.get(doc_type, {}))
    if doc_type in _WITH_ITEMS:
        on_lines["item"] = _code(Item)
    for n, row in enumerate(lines if isinstance(lines, list) else [], 1):
        if not isinstance(row, dict):
            continue
        for field, find in on_lines.items():
            value = row.get(field)
            if isinstance(value, str) and value:  # what is missing or not text the reader has named already
                problems += _at(f"line {n}", _missing(book, find, value))
    return problems


def _at(where: str, problems: list[Problem]) -> list[Problem]:
    """The problems under an outer place, keeping their own (the field they name)."""
    return Rejected(problems).located(where).problems if problems else []


def _missing(book: Book, find: Lookup, value: object) -> list[Problem]:
    try:
        find(book, value)
    except Rejected as e:
        return e.problems
    return []


def unresolved_stock(book: Book, rows: list[object]) -> list[Problem]:
    """The items and warehouses `opening_stock` rows name that the book does not have, at "[i]"."""
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        if isinstance(row, dict):
            for field, model in (("item", Item), ("warehouse", Warehouse)):
                problems += _at(f"[{i}]", _missing(book, _code(model), row.get(field)))
    return problems


def unresolved_template(book: Book, row: object) -> list[Problem]:
    """The accounts a voucher template's lines name that no line can take, at "line N"."""
    lines = row.get("lines") if isinstance(row, dict) else None
    problems: list[Problem] = []
    for n, ln in enumerate(lines if isinstance(lines, list) else [], 1):
        account = ln.get("account") if isinstance(ln, dict) else None
        why = account_problem(book, account) if isinstance(account, str) else None
        if why:
            problems.append(Problem(f"line {n}", f"field 'account': {why}"))
    return problems


def unresolved_opening_documents(book: Book, rows: list[object]) -> list[Problem]:
    """The party, warehouse and items `opening_documents` rows name that the book does not have."""
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or row.get("type") not in ("inbound", "outbound"):
            continue
        party = (Supplier, "supplier") if row["type"] == "inbound" else (Customer, "customer")
        found = [p for model, field in (party, (Warehouse, "warehouse"))
                 for p in _missing(book, _code(model), row.get(field))]
        lines = row.get("lines")
        for n, ln in enumerate(lines if isinstance(lines, list) else [], 1):
            item = ln.get("item") if isinstance(ln, dict) else None
            if isinstance(item, str) and item:
                found += _at(f"line {n}", _missing(book, _code(Item), item))
        no = row.get("no")
        problems += Rejected(found).located(place(i, no)).problems if found else []
    return problems
