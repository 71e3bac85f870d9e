"""Money in and out: receipts from customers, payments to suppliers, and their allocations (核销)."""
from __future__ import annotations

from decimal import Decimal

from domain.errors import Problem, Rejected, refuse, shown
from domain.messages import Message, thing
from domain.money import fmt_thousands
from domain.posting import EventLine
from storage.book import Book
from storage.models import Customer, Document, Supplier
from storage.refs import by_code, cash_account
from usecases import advances, openitems
from usecases.chain import collect
from usecases.commands import Allocation, Money
from usecases.docs import new_document, post_voucher
from usecases.results import document_result

PURCHASES_ROW, CAPEX_ROW = 3, 12  # 现金流量表 (会小企03表): 购买原材料、商品…; 购建固定资产…支付的现金


@document_result
def receipt(book: Book, cmd: Money) -> Document:
    return _money(book, "receipt", "customer", Customer, cmd)


@document_result
def payment(book: Book, cmd: Money) -> Document:
    return _money(book, "payment", "supplier", Supplier, cmd)


def _money(book: Book, doc_type: str, party: str, model, cmd: Money) -> Document:
    with book.unit():
        problems: list[Problem] = []
        who = collect(problems, lambda: by_code(book, model, cmd.party, party))
        bank = collect(problems, lambda: cash_account(book, cmd.account))
        if cmd.amount <= 0:
            problems.append(Problem("field 'amount'", Message("amount_positive")))
        doc = collect(problems, lambda: new_document(book, doc_type, cmd.no, cmd.date,
                                                     **{f"{party}_id": who.id if who else None}))
        if problems:
            raise Rejected(problems)
        value = cmd.amount
        doc.amount = value
        doc.account_id = book.account_id(bank)
        doc.status = "done"
        book.session.flush()
        held = _held_as_advance(book, doc_type, cmd, value)
        extra = advances.receipt_lines(book, bank, who.id, held, doc.no) if held else []
        post_voucher(book, doc, [(doc_type, [EventLine({"amount": value - held}, **{party: who.id}, bank=bank)])],
                     who.name, extra)
        if held:
            openitems.add_item(book, party, who.id, "credit", advances.KIND, doc.no, doc.date, held, doc_id=doc.id,
                               voucher_id=doc.voucher_id)
            value -= held
        credit = openitems.add_item(book, party, who.id, "credit", doc_type, doc.no, doc.date, value, doc_id=doc.id)
        if cmd.allocations is None:
            openitems.settle_oldest_first(book, credit, doc.date)
        else:
            _allocate_explicitly(book, credit, party, who.id, cmd.allocations, doc)
        if doc_type == "payment":
            _capital_share(book, credit, doc)
        return doc


def _held_as_advance(book: Book, doc_type: str, cmd: Money, value: Decimal) -> Decimal:
    """What a matched bank receipt leaves after its allocations, held on 2203 (BANKS.md version 3)."""
    if doc_type != "receipt" or not cmd.to_advances or cmd.allocations is None or advances.account(book) is None:
        return Decimal("0.00")
    return max(value - sum((a.amount for a in cmd.allocations), Decimal("0.00")), Decimal("0.00"))


def _capital_share(book: Book, credit, doc: Document) -> None:
    """The part of a payment that settles assets bought on credit is 购建固定资产 (row 12) on the
    现金流量表, not buying goods (row 3): its lines alone (Dr 220201) cannot tell them apart."""
    from sqlalchemy import select

    from storage.cash_flows import move
    from storage.models import Allocation, OpenItem
    from storage.sql import total
    paid = book.session.scalar(select(total(Allocation.amount)).join(OpenItem, OpenItem.id == Allocation.charge_id)
                               .where(Allocation.credit_id == credit.id, OpenItem.kind == "fixed_asset"))
    if paid and doc.voucher_id is not None:
        move(book, doc.voucher_id, PURCHASES_ROW, CAPEX_ROW, paid)


def _allocate_explicitly(book: Book, credit, party: str, party_id: int, allocations: tuple[Allocation, ...],
                         doc: Document) -> None:
    problems: list[Problem] = []
    for i, row in enumerate(allocations):
        try:
            charge = openitems.find_charge(book, party, party_id, row.invoice)
            if charge is None:
                raise refuse("not_open_item", field="invoice", invoice=shown(row.invoice), party=thing(party))
            if row.amount > charge.open:
                raise refuse("amount_exceeds_open", field="amount", amount=fmt_thousands(row.amount),
                             open=fmt_thousands(charge.open), invoice=row.invoice)
            if row.amount > credit.open:
                raise refuse("allocations_exceed", field="amount", what=doc.type, amount=fmt_thousands(doc.amount))
            openitems.allocate(book, credit, charge, row.amount, doc.date)
        except Rejected as e:
            problems += e.located(f"allocations[{i}]").problems
    if problems:
        raise Rejected(problems)


__all__ = ["receipt", "payment", "Decimal"]
