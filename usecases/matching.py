"""Matching a bank account's unprocessed lines, and what people do with the results: accept the
confident ones as receipts/payments (through the cash use cases, the only way to make one), confirm
or reassign a proposal (and learn the account and the name), book a line as fee, interest or refund."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from domain.errors import Rejected
from domain.matching.engine import match_lines
from domain.matching.model import Allocation, Knowledge, Line, Match, OpenCharge, Party
from domain.matching.names import normalize
from domain.money import fmt_amount
from storage.book import Book
from storage.models import BankLine, Customer, Document, DocumentLine, OpenItem, PartyEvidence, Supplier
from usecases import cash, vouchers
from usecases import commands as cmd
from usecases.access import requires
from usecases.banking import target
from usecases.results import document_result

FEE_ACCOUNT = "5603"  # 财务费用: bank fees and interest income (小企业会计准则)
_PARTY = {"receipt": ("customer", Customer), "payment": ("supplier", Supplier)}


def _parties(book: Book, party: str, model) -> list[Party]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for pid, value in book.session.execute(select(PartyEvidence.party_id, PartyEvidence.value).where(
            PartyEvidence.kind == "alias", PartyEvidence.party == party)):
        aliases[pid].append(value)
    return [Party(r.id, r.code, r.name, r.tax_id, tuple(aliases[r.id]))
            for r in book.session.scalars(select(model).where(model.active.is_(True)))]


def _charges(book: Book, party: str) -> list[OpenCharge]:
    """Open charges of every customer (supplier), with the invoice's 发票号码 and its orders' numbers."""
    inv_line, src_line, order_line = aliased(DocumentLine), aliased(DocumentLine), aliased(DocumentLine)
    order = aliased(Document)
    orders: dict[int, set[str]] = defaultdict(set)
    q = (select(inv_line.doc_id, order.no)
         .join(src_line, src_line.id == inv_line.src_line_id)
         .join(order_line, order_line.id == src_line.src_line_id)
         .join(order, order.id == order_line.doc_id)
         .join(OpenItem, and_(OpenItem.doc_id == inv_line.doc_id, OpenItem.party == party, OpenItem.open > 0)))
    for doc_id, no in book.session.execute(q):
        orders[doc_id].add(no)
    rows = book.session.execute(
        select(OpenItem.party_id, OpenItem.ref, OpenItem.date, OpenItem.open, OpenItem.doc_id, Document.vat_no)
        .outerjoin(Document, Document.id == OpenItem.doc_id)
        .where(OpenItem.party == party, OpenItem.side == "charge", OpenItem.open > 0))
    return [OpenCharge(r.party_id, r.ref, r.date, r.open, r.vat_no, tuple(sorted(orders.get(r.doc_id, ()))))
            for r in rows]


def _knowledge(book: Book, party: str) -> Knowledge:
    k = Knowledge()
    for pid, value in book.session.execute(select(PartyEvidence.party_id, PartyEvidence.value).where(
            PartyEvidence.kind == "account", PartyEvidence.party == party)):
        k.accounts.setdefault(value, set()).add(pid)
    return k


def run(book: Book, account: object) -> tuple[list[Line], list[Match]]:
    """The engine's conclusions for every unprocessed line of the account (nothing is written): the
    lines as plain values, for a page to show after this read has ended."""
    lines, matches = _waiting(book, account)
    return [Line(ln.id, ln.date, ln.amount, ln.counterparty, ln.counterparty_account, ln.memo) for ln in lines], matches


def _waiting(book: Book, account: object) -> tuple[list[BankLine], list[Match]]:
    t = target(book, account)
    lines = list(book.session.scalars(select(BankLine).where(
        BankLine.account_id == t.account_id, BankLine.status == "unprocessed").order_by(BankLine.date, BankLine.id)))
    matches: list[Match] = []
    for kind, (party, model) in _PARTY.items():
        side = [ln for ln in lines if (ln.amount > 0) == (kind == "receipt")]
        if side:
            matches += match_lines([Line(ln.id, ln.date, ln.amount, ln.counterparty, ln.counterparty_account, ln.memo)
                                    for ln in side], _parties(book, party, model), _charges(book, party),
                                   _knowledge(book, party), kind)
    order = {ln.id: i for i, ln in enumerate(lines)}
    matches.sort(key=lambda m: order[m.line_id])
    return lines, matches


def match_account(book: Book, account: object, *, accept: bool = False) -> dict:
    """`match --account CODE [--accept]`: the INTERCHANGE.md shape; with `accept`, each accepted
    match becomes a receipt (payment) with its allocations, and a fee voucher when a fee was taken."""
    if accept:
        from usecases.access import check
        check(book, "save.receipt")
    with book.unit():
        t = target(book, account)
        lines, matches = _waiting(book, account)
        by_id = {ln.id: ln for ln in lines}
        out = []
        for m in matches:
            ln = by_id[m.line_id]
            status, reason = m.status, m.reason
            if m.status == "accepted":
                if accept:
                    try:
                        with book.unit():
                            _book(book, ln, m.kind, m.party_id, m.allocations, m.fee, t.ledger_code)
                    except Rejected as e:
                        status, reason = "proposed", f"{reason}; 无法自动入账 (not booked): {e}"
                else:
                    status, reason = "proposed", f"{reason}; 可自动入账 (--accept books it)"
            out.append(_as_json(book, ln, m, status, reason))
        return {"account": str(account), "matches": out}


def _as_json(book: Book, ln: BankLine, m: Match, status: str, reason: str) -> dict:
    party, model = _PARTY.get(m.kind, ("customer", Customer))
    code = book.session.get(model, m.party_id).code if m.party_id else None
    return {"bank_ref": ln.bank_ref or ln.dedup_key, "date": ln.date.isoformat(), "amount": fmt_amount(ln.amount),
            "counterparty": ln.counterparty,
            "customer": code if party == "customer" else None,
            "supplier": code if party == "supplier" else None,
            "allocations": [{"invoice": a.ref, "amount": fmt_amount(a.amount)} for a in m.allocations],
            "fee": fmt_amount(m.fee), "confidence": round(m.confidence, 3), "status": status, "reason": reason,
            "line": ln.id}


def _book(book: Book, ln: BankLine, kind: str, party_id: int | None, allocations, fee: Decimal, ledger: str) -> None:
    """One receipt (payment) for the line, through the cash use case, and the fee's voucher."""
    if ln.status != "unprocessed":
        raise Rejected(f"bank line {ln.bank_ref or ln.id} is already {ln.status}")
    party, model = _PARTY[kind]
    who = book.session.get(model, party_id)
    if who is None:
        raise Rejected(f"no {party} to book bank line {ln.bank_ref or ln.id} to")
    gross = abs(ln.amount) + fee
    allocs = tuple(cmd.Allocation(a.ref, a.amount) for a in allocations)
    make = cash.receipt if kind == "receipt" else cash.payment
    doc = make(book, cmd.Money(ln.date, who.code, gross, ledger, allocs))
    ln.document_id = doc.id
    if fee:
        v = vouchers.manual_voucher(book, cmd.ManualVoucher(ln.date, f"银行手续费 {doc.no} {who.name}", (
            cmd.Entry(fee_account(book), debit=fee), cmd.Entry(ledger, credit=fee))))
        ln.voucher_id = v.id
    ln.status = "matched"


def fee_account(book: Book) -> str:
    """5603, or its first leaf when the book keeps 财务费用 in sub-accounts."""
    leaves = sorted(c for c, r in book.accounts.items() if c.startswith(FEE_ACCOUNT) and r.is_leaf)
    return FEE_ACCOUNT if FEE_ACCOUNT in leaves or not leaves else leaves[0]


# ---- what a person does on the matching screen ---------------------------------------------------

@requires("save.receipt")
@document_result
def confirm(book: Book, line_id: int, party_code: str, allocations: list[tuple[str, Decimal]] | None = None,
            fee: Decimal = Decimal("0.00")) -> Document:
    """Book a line as a receipt (money in) or payment (money out) of the named party, with the
    given allocations (None: oldest first), and learn the counterparty's account and name."""
    with book.unit():
        ln = _line(book, line_id)
        kind = "receipt" if ln.amount > 0 else "payment"
        party, model = _PARTY[kind]
        who = book.session.scalar(select(model).where(model.code == party_code))
        if who is None:
            raise Rejected(f"{party} {party_code!r} does not exist")
        ledger = book.account_code(ln.account_id)
        if allocations is None:
            make = cash.receipt if kind == "receipt" else cash.payment
            doc = make(book, cmd.Money(ln.date, who.code, abs(ln.amount) + fee, ledger))
            ln.document_id, ln.status = doc.id, "matched"
        else:
            _book(book, ln, kind, who.id, [Allocation(r, a) for r, a in allocations], fee, ledger)
        learn(book, party, who.id, who.name, ln.counterparty, ln.counterparty_account)
        return book.session.get(Document, ln.document_id)


def learn(book: Book, party: str, party_id: int, name: str, counterparty: str, account: str) -> None:
    """Remember what a person confirmed: the account (an account later seen on a second party stops
    counting for either) and the payer's name when it differs from the party's own."""
    now = dt.datetime.now()
    values = [("account", account.strip())]
    if counterparty.strip() and normalize(counterparty) != normalize(name):
        values.append(("alias", counterparty.strip()))
    for kind, value in values:
        if value and book.session.scalar(select(PartyEvidence.id).where(
                PartyEvidence.kind == kind, PartyEvidence.party == party, PartyEvidence.party_id == party_id,
                PartyEvidence.value == value)) is None:
            book.session.add(PartyEvidence(kind=kind, party=party, party_id=party_id, value=value[:200],
                                           confirmed_by=book.user, confirmed_at=now))


@requires("save.receipt")
def book_as(book: Book, line_id: int, kind: str, party_code: str | None = None) -> None:
    """Book a line that is no receipt of an invoice: 'fee' or 'interest' to 财务费用, 'refund' back
    to a customer's (money out) or from a supplier's (money in) account, 'ignore' books nothing."""
    with book.unit():
        ln = _line(book, line_id)
        if kind == "ignore":
            ln.status = "ignored"
            return
        ledger = book.account_code(ln.account_id)
        amount = abs(ln.amount)
        bank = cmd.Entry(ledger, **{("debit" if ln.amount > 0 else "credit"): amount})
        if kind in ("fee", "interest"):
            # Interest income is a credit to 财务费用 (小企业会计准则 has no separate interest-income account).
            other = cmd.Entry(fee_account(book), **{("credit" if ln.amount > 0 else "debit"): amount})
            summary = "银行利息" if kind == "interest" else "银行手续费"
        elif kind == "refund":
            if not party_code:
                raise Rejected("a refund names the customer (money out) or supplier (money in)")
            dim, role = ("customer", "receivable") if ln.amount < 0 else ("supplier", "payable")
            other = cmd.Entry(book.role(role), **{dim: party_code, ("credit" if ln.amount > 0 else "debit"): amount})
            summary = "退款"
        else:
            raise Rejected(f"{kind!r} is not one of fee, interest, refund, ignore")
        v = vouchers.manual_voucher(book, cmd.ManualVoucher(ln.date, f"{summary} {ln.counterparty}".strip(),
                                                            (bank, other)))
        ln.voucher_id, ln.status = v.id, "booked"


def _line(book: Book, line_id: int) -> BankLine:
    ln = book.session.get(BankLine, line_id)
    if ln is None:
        raise Rejected(f"bank line {line_id} does not exist")
    if ln.status != "unprocessed":
        raise Rejected(f"bank line {ln.bank_ref or ln.id} is already {ln.status}")
    return ln
