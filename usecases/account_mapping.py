"""Revenue and cost accounts by item category (用友/金蝶's 存货科目/收入科目设置; ACCOUNTING.md,
"The chart the user changes").

The posting templates name 5001 and 5401. A company that wants its revenue and cost of sales per
product line adds sub-accounts under them (500101 电机收入 …) and maps each item category to a
leaf; every posting to 5001/5401 then goes to the leaf of its item's category. The mapping is kept
with the book (setting `account_mapping`, JSON {category: {"revenue": code, "cost": code}}).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from sqlalchemy import select

from domain.errors import Problem, Rejected
from domain.posting import EventLine
from storage.book import Book
from storage.models import Item
from usecases.access import in_bulk, requires
from usecases.commands import CategoryAccounts

# The kinds a category maps, and the template account each one splits.
KINDS = {"revenue": "5001", "cost": "5401"}
SETTING = "account_mapping"


def mapping(book: Book) -> dict[str, dict[str, str]]:
    return json.loads(book.settings.get(SETTING) or "{}")


def mapped_codes(rows: object) -> set[str]:
    """The account codes an import document's mapping rows name (so their accounts may be added)."""
    out = set()
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict):
            out |= {str(row[k]) for k in KINDS if isinstance(row.get(k), str | int)}
    return out


@requires("settings")
def set_category_accounts(book: Book, cmd: CategoryAccounts) -> None:
    """One mapping row of an import: {"category": "电机", "revenue": "500101", "cost": "540101"}
    (either account may be left out), merged into the book's mapping."""
    category, wanted = _checked(book, cmd)
    with book.unit():
        current = mapping(book)
        current[category] = {**current.get(category, {}), **wanted}
        _store(book, current)


def _checked(book: Book, cmd: CategoryAccounts) -> tuple[str, dict[str, str]]:
    """A mapping row's category and accounts; each account a leaf under the template account it
    splits, every problem named by its field."""
    category = cmd.category.strip()
    if not category or len(category) > 40:
        raise Rejected([Problem("field 'category'", "is required: the item category's name (up to 40 characters)")])
    problems, wanted = [], {}
    for kind, parent in KINDS.items():
        code = getattr(cmd, kind)
        if code is None:
            continue
        rule = book.accounts.get(code)
        if rule is None or not code.startswith(parent):
            problems.append(Problem(f"field '{kind}'", f"{code[:40]!r} is not an account under {parent}"))
        elif not rule.is_leaf:
            problems.append(Problem(f"field '{kind}'", f"{code} has sub-accounts; map to a leaf"))
        else:
            wanted[kind] = code
    if not wanted and not problems:
        problems.append(Problem("field 'revenue'", "a mapping names a revenue and/or a cost account"))
    if problems:
        raise Rejected(problems)
    return category, wanted


HISTORY = "account_mapping_history"  # [{"through": last document id under it, "rules": {...}}], oldest first


def _store(book: Book, rules: dict[str, dict[str, str]]) -> None:
    """The new mapping; the one it replaces is kept with the last document posted under it, so a red
    entry of an earlier document (a return, a red invoice) reverses into the accounts it went to."""
    old = mapping(book)
    if old and old != rules:
        from sqlalchemy import func

        from storage.models import Document
        book.session.flush()
        through = book.session.scalar(select(func.max(Document.id))) or 0
        history = json.loads(book.settings.get(HISTORY) or "[]")
        if not history or history[-1]["through"] < through:  # no document between two edits: one entry
            history.append({"through": through, "rules": old})
            book.set_setting(HISTORY, json.dumps(history, ensure_ascii=False, sort_keys=True))
    if not in_bulk():  # logged with what it was: one entry per change of the mapping
        from storage.oplog import append
        append(book, "settings", record=f"setting {SETTING}", before={SETTING: mapping(book)}, after={SETTING: rules})
    book.set_setting(SETTING, json.dumps(rules, ensure_ascii=False, sort_keys=True))


def mapping_for(book: Book, doc_id: int | None) -> dict[str, dict[str, str]]:
    """The mapping a document was posted under (the current one for a new document)."""
    if doc_id is not None:
        for h in json.loads(book.settings.get(HISTORY) or "[]"):
            if doc_id <= h["through"]:
                return h["rules"]
    return mapping(book)


def unmapped_problems(book: Book) -> list[Problem]:
    """Where a split template account would leave a posting no leaf: an item whose category has no
    account under it."""
    split = {kind: parent for kind, parent in KINDS.items() if parent in book.accounts
             and not book.accounts[parent].is_leaf}
    if not split:
        return []
    rules = mapping(book)
    out = []
    for code, category in book.session.execute(select(Item.code, Item.category).where(Item.active)
                                                .order_by(Item.code)):
        for kind, parent in split.items():
            if kind not in rules.get(category or "", {}):
                out.append(Problem(f"item {code}", f"category {category or '(none)'} has no {kind} account under "
                                                   f"{parent} in the account mapping"))
    return out


def router(book: Book) -> Callable[[str, EventLine], str] | None:
    """How a template account becomes a leaf for one document line; None when nothing is split
    (the usual book pays nothing for this)."""
    split = {parent: kind for kind, parent in KINDS.items()
             if parent in book.accounts and not book.accounts[parent].is_leaf}
    if not split:
        return None
    rules = mapping(book)

    def route(account: str, line: EventLine) -> str:
        kind = split.get(account)
        if kind is None:
            return account
        item = book.pinned(("item_row", line.item), lambda: book.session.get(Item, line.item)) if line.item else None
        in_force = rules if line.source is None else mapping_for(book, line.source)
        code = in_force.get((item.category if item else None) or "", {}).get(kind)
        if code is not None and not (code in book.accounts and book.accounts[code].is_leaf):
            code = rules.get((item.category if item else None) or "", {}).get(kind)  # that leaf is gone
        if code is None:
            what = f"item {item.code} (category {item.category or '(none)'})" if item else "this line (no item)"
            raise Rejected(f"{what} has no {kind} account under {account} in the account mapping")
        return code
    return route


NEW_ACCOUNT_NAMES = {"revenue": "{category}收入", "cost": "{category}成本"}


@requires("settings")
def save_mapping(book: Book, rows: Sequence[CategoryAccounts]) -> None:
    """设置 → 商品类别与科目: the whole mapping as edited, in one unit. An account code under 5001/5401
    that does not exist yet is created, named after its category (500103 → 配件收入), so a company
    can split its revenue without first adding accounts it may not add alone. Refused as a whole,
    each problem naming its line and field, when a row is wrong or an item's category is left
    without an account under a split account."""
    from domain.master import AccountData
    from usecases.master import add_account
    problems: list[Problem] = []
    rules: dict[str, dict[str, str]] = {}
    with book.unit():
        for n, row in enumerate(rows, 1):
            try:
                for kind, parent in KINDS.items():
                    code = getattr(row, kind) or ""
                    if code and code not in book.accounts and code.startswith(parent) and len(code) == len(parent) + 2:
                        with book.unit():
                            name = NEW_ACCOUNT_NAMES[kind].format(category=row.category.strip() or code)
                            add_account(book, AccountData(code=code, name=name, parent=parent), frozenset({code}))
                category, wanted = _checked(book, row)
                rules[category] = {**rules.get(category, {}), **wanted}
            except Rejected as e:
                problems += e.located(f"line {n}").problems
        if not problems:
            _store(book, rules)
            problems += unmapped_problems(book)
        if problems:
            raise Rejected(problems)
