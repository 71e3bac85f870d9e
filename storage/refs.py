"""Finding master data and documents by the codes and numbers people type."""
from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, select

from domain.errors import refuse, shown
from storage.book import Book
from storage.models import BankAccount, Customer, Document, Item, Supplier, Warehouse

_LABELS = {Customer: "customer", Supplier: "supplier", Item: "item", Warehouse: "warehouse"}


def by_code(book: Book, model, code: object, field: str | None = None, *, deactivated_too: bool = False):
    """The master row a code names, for a new document (a deactivated one is refused) or, with
    `deactivated_too`, for reading (a 停用 customer still owes what it owes and gets its statement)."""
    label = _LABELS[model]
    if not isinstance(code, str) or not code:
        raise refuse("code_required", field=field or label, what=label)
    row = book.pinned((model, code), lambda: book.session.scalar(select(model).where(model.code == code)))
    if row is None:
        raise refuse("not_exist", field=field or label, what=label, code=shown(code))
    if not row.active and not deactivated_too:
        raise refuse("deactivated", field=field or label, what=label, code=code)
    return row


@cache
def _by_number() -> Select:
    """Built once: building the select cost more than running it."""
    return select(Document).where(Document.type == bindparam("type"), Document.no == bindparam("no"))


def document(book: Book, doc_type: str, no: object, field: str) -> Document:
    if not isinstance(no, str) or not no:
        raise refuse("doc_no_required", field=field, what=doc_type)
    # The upstream document was written by an earlier unit, or earlier in this one (new_document pins
    # it): what this unit has pending (the document being made) is flushed once, with all its
    # fields, rather than early by this lookup. Documents are never renumbered or deleted.
    with book.session.no_autoflush:
        doc = book.pinned((Document, (doc_type, no)),
                          lambda: book.session.scalar(_by_number(), {"type": doc_type, "no": no}))
    if doc is None:
        raise refuse("not_exist", field=field, what=doc_type, code=no)
    return doc


def cash_account(book: Book, code: object) -> str:
    """The ledger account of a receipt or payment: a bank-account code or a cash/bank leaf."""
    if not isinstance(code, str) or not code:
        raise refuse("cash_account_required", field="account")
    # kept for the unit of work, found or not (a bank account added meanwhile is pinned by its use case)
    bank = book.pinned((BankAccount, code),
                       lambda: book.session.scalar(select(BankAccount).where(BankAccount.code == code)))
    if bank is not None:
        return book.account_code(bank.account_id)
    rule = book.accounts.get(code)
    if rule is None or not code.startswith(("1001", "1002", "1012")):
        raise refuse("not_cash_account", field="account", code=shown(code))
    if not rule.is_leaf:
        raise refuse("cash_account_not_leaf", field="account", code=code)
    return code
