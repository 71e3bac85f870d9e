"""Money in and out: receipts from customers, payments to suppliers, and their allocations (核销)."""
from __future__ import annotations

from decimal import Decimal

from domain.errors import Problem, Rejected
from domain.money import fmt_thousands, parse_amount
from domain.posting import EventLine
from storage.book import Book
from storage.models import Customer, Document, Supplier
from storage.refs import by_code, cash_account
from usecases import openitems
from usecases.chain import collect
from usecases.docs import new_document, post_voucher
from usecases.results import document_result

NO_ALLOCATIONS = object()  # the key is absent: settle the oldest open items first


@document_result
def receipt(book: Book, no: str | None, date: object, customer: str, amount: object, account: str,
            allocations: object = NO_ALLOCATIONS) -> Document:
    return _money(book, "receipt", "customer", Customer, no, date, customer, amount, account, allocations)


@document_result
def payment(book: Book, no: str | None, date: object, supplier: str, amount: object, account: str,
            allocations: object = NO_ALLOCATIONS) -> Document:
    return _money(book, "payment", "supplier", Supplier, no, date, supplier, amount, account, allocations)


def _money(book: Book, doc_type: str, party: str, model, no, date, code, amount, account, allocations) -> Document:
    with book.unit():
        problems: list[Problem] = []
        who = collect(problems, lambda: by_code(book, model, code, party))
        bank = collect(problems, lambda: cash_account(book, account))
        value = None
        try:
            value = parse_amount(amount)
            if value <= 0:
                problems.append(Problem("field 'amount'", "must be more than 0.00"))
        except ValueError as e:
            problems.append(Problem("field 'amount'", str(e)))
        doc = collect(problems, lambda: new_document(book, doc_type, no, date, **{f"{party}_id": who.id if who else None}))
        if problems:
            raise Rejected(problems)
        doc.amount = value
        doc.account_id = book.account_id(bank)
        doc.status = "done"
        book.session.flush()
        post_voucher(book, doc, [(doc_type, [EventLine({"amount": value}, **{party: who.id}, bank=bank)])], who.name)
        credit = openitems.add_item(book, party, who.id, "credit", doc_type, doc.no, doc.date, value, doc_id=doc.id)
        if allocations is NO_ALLOCATIONS or allocations is None:
            openitems.settle_oldest_first(book, credit, doc.date)
        else:
            _allocate_explicitly(book, credit, party, who.id, allocations, doc)
        return doc


def _allocate_explicitly(book: Book, credit, party: str, party_id: int, allocations: object, doc: Document) -> None:
    if not isinstance(allocations, list):
        raise Rejected("field 'allocations': must be a list of {invoice, amount}")
    problems: list[Problem] = []
    for i, row in enumerate(allocations):
        where = f"allocations[{i}]"
        try:
            if not isinstance(row, dict):
                raise Rejected("must be an object")
            ref = row.get("invoice")
            charge = openitems.find_charge(book, party, party_id, ref) if isinstance(ref, str) else None
            if charge is None:
                raise Rejected(f"field 'invoice': {ref!r} is not an open item of this {party}")
            try:
                amount = parse_amount(row.get("amount"))
            except ValueError as e:
                raise Rejected(f"field 'amount': {e}") from None
            if amount > charge.open:
                raise Rejected(f"field 'amount': {fmt_thousands(amount)} exceeds the {fmt_thousands(charge.open)} "
                               f"still open on {ref}")
            if amount > credit.open:
                raise Rejected(f"field 'amount': allocations exceed the {doc.type}'s {fmt_thousands(doc.amount)}")
            openitems.allocate(book, credit, charge, amount, doc.date)
        except Rejected as e:
            problems += e.located(where).problems
    if problems:
        raise Rejected(problems)


__all__ = ["receipt", "payment", "Decimal"]
