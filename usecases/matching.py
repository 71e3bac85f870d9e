"""Matching a bank account's unprocessed lines, and what people do with the results: accept the
confident ones as receipts/payments (through the cash use cases, the only way to make one), confirm
or reassign a proposal (and learn the account and the name), book a line as fee, interest or refund."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from domain.errors import Rejected
from domain.matching.engine import KEYED_DAYS, match_lines
from domain.matching.evidence import compact
from domain.matching.model import Allocation, Keyed, Knowledge, Line, Match, OpenCharge, Party
from domain.matching.names import normalize
from domain.money import fmt_amount
from storage.book import Book
from storage.models import (
    BankLine,
    BankPayer,
    Customer,
    Document,
    DocumentLine,
    OpenItem,
    PartyEvidence,
    Period,
    Supplier,
)
from usecases import cash, vouchers
from usecases import commands as cmd
from usecases.access import requires
from usecases.banking import target
from usecases.results import document_result

ZERO = Decimal("0.00")
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


def _knowledge(book: Book, party: str, account_id: int | None = None, days: tuple | None = None) -> Knowledge:
    k = Knowledge()
    for kind, pid, value in book.session.execute(select(PartyEvidence.kind, PartyEvidence.party_id,
                                                        PartyEvidence.value).where(
            PartyEvidence.kind.in_(("account", "fee")), PartyEvidence.party == party)):
        if kind == "account":
            k.accounts.setdefault(value, set()).add(pid)
        else:
            k.fee_parties.add(pid)
    for pid, payer in book.session.execute(select(BankPayer.party_id, BankPayer.payer).where(BankPayer.party == party)):
        k.payers.setdefault(payer, set()).add(pid)
    if party == "customer":
        k.orders = orders_not_invoiced(book)
    company = book.settings.get("company", "").strip()
    k.own_names = frozenset({company} if company else ())
    if account_id is not None and days:
        k.keyed = keyed_by_hand(book, party, account_id, *days)
    return k


def orders_not_invoiced(book: Book) -> dict[str, tuple[int, str]]:
    """Sales orders no invoice line comes from yet: money quoting one is an advance (BANKS.md v3)."""
    inv_line, out_line, order_line = aliased(DocumentLine), aliased(DocumentLine), aliased(DocumentLine)
    invoice = aliased(Document)
    invoiced = (select(order_line.doc_id)
                .join(out_line, out_line.src_line_id == order_line.id)
                .join(inv_line, inv_line.src_line_id == out_line.id)
                .join(invoice, and_(invoice.id == inv_line.doc_id, invoice.type == "invoice")))
    rows = book.session.execute(select(Document.customer_id, Document.no).where(
        Document.type == "sales_order", Document.customer_id.is_not(None), Document.status != "closed",
        Document.id.not_in(invoiced)))
    return {compact(no): (pid, no) for pid, no in rows}


def keyed_by_hand(book: Book, party: str, account_id: int, first: dt.date, last: dt.date) -> list[Keyed]:
    """Receipts (payments) booked to this bank account by hand — no bank line points at them — dated
    within the matching window of the lines: a line equal to one of them is its bank record."""
    doc_type = "receipt" if party == "customer" else "payment"
    who = Document.customer_id if party == "customer" else Document.supplier_id
    rows = book.session.execute(
        select(Document.id, who, Document.no, Document.date, Document.amount)
        .where(Document.type == doc_type, Document.account_id == account_id, who.is_not(None),
               Document.date >= first - dt.timedelta(days=KEYED_DAYS),
               Document.date <= last + dt.timedelta(days=KEYED_DAYS))).all()
    # a receipt keyed for money that came in several transfers stays keyed for what no line covers yet
    taken = _linked_amounts(book, [r[0] for r in rows])
    return [Keyed(pid, no, date, amount - taken.get(doc_id, ZERO)) for doc_id, pid, no, date, amount in rows
            if amount - taken.get(doc_id, ZERO) > 0]


def _linked_amounts(book: Book, doc_ids: list[int]) -> dict[int, Decimal]:
    """What the bank lines linked to each document already cover (money in or out, as a positive sum)."""
    if not doc_ids:
        return {}
    out: dict[int, Decimal] = {}
    for doc_id, amount in book.session.execute(select(BankLine.document_id, BankLine.amount)
                                               .where(BankLine.document_id.in_(doc_ids))):
        out[doc_id] = out.get(doc_id, ZERO) + abs(amount)
    return out


def run(book: Book, account: object) -> tuple[list[Line], list[Match]]:
    """The engine's conclusions for every unprocessed line of the account (nothing is written): the
    lines as plain values, for a page to show after this read has ended. A line of a closed period
    is never offered as 可自动入账: it says how to proceed instead."""
    lines, matches = _waiting(book, account)
    by_id = {ln.id: ln for ln in lines}
    out = []
    for m in matches:
        closed = closed_words(book, by_id[m.line_id].date)
        out.append(replace(m, status="proposed" if m.status == "accepted" else m.status, reason=f"{m.reason}; {closed}")
                   if closed else m)
    return [Line(ln.id, ln.date, ln.amount, ln.counterparty, ln.counterparty_account, ln.memo) for ln in lines], out


# Why a line is not booked automatically, in a few words for the window's column (the reason says it all).
_WHY = (("已结账", "所属期间已结账"), ("已手工录入", "关联手工收款单"),
        ("证据也指向", "证据指向多个单位"), ("someone pays", "代付，首次出现需确认"),
        ("fee: a proposal", "手续费需确认一次"), ("equal candidates", "多张发票金额相同"),
        ("several combinations", "多种组合"), ("partial payment", "部分付款"), ("look-alike", "相似单位名称"),
        ("branch", "分支机构付款"), ("fuzzy", "户名仅近似"), ("one character off", "户名差一字"),
        ("paying for another", "疑似代付"), ("less a bank fee, ambiguous", "手续费不确定"),
        ("two invoices less a bank fee", "两张发票减手续费"), ("rest unapplied", "多付挂预收"),
        ("more than all open", "多付挂预收"), ("an advance", "预收款"), ("no customer or supplier", "未找到往来单位"),
        ("account shared", "账号多家共用"), ("name shared", "户名多家共用"))


def why_not_auto(m: Match) -> str:
    """The short cause a line waits for a person ('' for a line that is booked automatically)."""
    if m.status == "accepted":
        return ""
    if m.party_id is None and m.account:
        return f"非客户款项，建议记 {m.account}"
    for key, words in _WHY:
        if key in m.reason and words:
            return words
    return "证据不足，需人工确认"


def open_date_for(book: Book, day: dt.date) -> dt.date:
    """Where a line of a closed period is booked instead: the first day of the first open period after it."""
    row = book.session.scalar(select(Period).where(Period.period > f"{day:%Y-%m}", Period.status != "closed")
                              .order_by(Period.period).limit(1))
    if row is None:
        raise Rejected(f"no open period after {day:%Y-%m}: open the next month first")
    return dt.date.fromisoformat(f"{row.period}-01")


def _waiting(book: Book, account: object, as_of: dt.date | None = None) -> tuple[list[BankLine], list[Match]]:
    t = target(book, account)
    q = select(BankLine).where(BankLine.account_id == t.account_id, BankLine.status == "unprocessed")
    if as_of is not None:
        q = q.where(BankLine.date <= as_of)
    lines = list(book.session.scalars(q.order_by(BankLine.date, BankLine.id)))
    matches: list[Match] = []
    for kind, (party, model) in _PARTY.items():
        side = [ln for ln in lines if (ln.amount > 0) == (kind == "receipt")]
        if side:
            days = (min(ln.date for ln in side), max(ln.date for ln in side))
            matches += match_lines([Line(ln.id, ln.date, ln.amount, ln.counterparty, ln.counterparty_account, ln.memo)
                                    for ln in side], _parties(book, party, model), _charges(book, party),
                                   _knowledge(book, party, t.account_id, days), kind)
    order = {ln.id: i for i, ln in enumerate(lines)}
    matches.sort(key=lambda m: order[m.line_id])
    return lines, matches


def closed_words(book: Book, day: dt.date) -> str | None:
    """What to do with a line of a closed period (BANKS.md version 3), or None when its period is open."""
    period = f"{day:%Y-%m}"
    row = book.session.get(Period, period)
    if row is None or row.status != "closed":
        return None
    return (f"所属期间 {period} 已结账: 反结账 (reopen --period {period}) 后入账, 或在当前开放期间入账并保留银行日期 {day} "
            f"(period {period} is closed: reopen it, or book the line in the open period keeping the bank date)")


CONFIDENT = 0.8  # a proposal this sure counts as money on its way when alerts call an invoice overdue


def pending_settlements(book: Book, as_of: dt.date) -> dict[tuple[int, str], Decimal]:
    """What the waiting bank lines (dated up to as_of) would settle by their confident matches, per
    (customer, invoice): an invoice so covered is not overdue, the money is only waiting (BANKS.md v3)."""
    out: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    accounts = book.session.scalars(select(BankLine.account_id).where(
        BankLine.status == "unprocessed", BankLine.amount > 0, BankLine.date <= as_of).distinct()).all()
    for account_id in accounts:
        _, matches = _waiting(book, book.account_code(account_id), as_of)
        for m in matches:
            if m.kind == "receipt" and m.party_id is not None and m.confidence >= CONFIDENT and not m.linked:
                for a in m.allocations:
                    out[(m.party_id, a.ref)] += a.amount
    return dict(out)


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
            if m.linked and m.status == "accepted":
                if accept:
                    link(book, ln, m.kind, m.linked)
                else:
                    status, reason = "proposed", f"{reason}; 可自动关联 (--accept links it)"
            elif m.status in ("accepted", "proposed") and (closed := closed_words(book, ln.date)):
                status, reason = "proposed", f"{reason}; {closed}"
            elif m.status == "accepted":
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
            "line": ln.id, "receipt": m.linked, "account_proposed": m.account, "evidence": m.evidence,
            "unapplied": fmt_amount(m.advance)}


def link(book: Book, ln: BankLine, kind: str, no: str) -> Document:
    """The line is the bank's record of a receipt (payment) keyed by hand: point it there, book nothing."""
    doc_type = "receipt" if kind == "receipt" else "payment"
    doc = book.session.scalar(select(Document).where(Document.type == doc_type, Document.no == no))
    if doc is None:
        raise Rejected(f"{doc_type} {no} does not exist")
    # BANKS.md v3: the cashier may have keyed one receipt for money the bank shows as several transfers
    # (a part payment each): each line takes its part, never more than the receipt leaves uncovered
    left = doc.amount - _linked_amounts(book, [doc.id]).get(doc.id, ZERO)
    if doc.account_id != ln.account_id:
        raise Rejected(f"{doc_type} {no} 的收付款账户不是本银行账户（this line's account）")
    if left <= 0:
        raise Rejected(f"{doc_type} {no} is already linked to another bank line（已全部关联银行流水）")
    if abs(ln.amount) > left:
        raise Rejected(f"{doc_type} {no} 尚未关联的金额 {fmt_amount(left)} 小于本笔流水 {fmt_amount(abs(ln.amount))}"
                       f"（{fmt_amount(doc.amount)} in all）：多出的部分请另行确认入账")
    ln.document_id, ln.status = doc.id, "matched"
    return doc


@document_result
def link_line(book: Book, line_id: int, no: str) -> Document:
    """A person links a waiting line to the receipt (payment) keyed by hand that it records."""
    with book.unit():
        ln = _line(book, line_id)
        return link(book, ln, "receipt" if ln.amount > 0 else "payment", no)


def _book(book: Book, ln: BankLine, kind: str, party_id: int | None, allocations, fee: Decimal, ledger: str,
          on: dt.date | None = None) -> None:
    """One receipt (payment) for the line, through the cash use case, and the fee's voucher; `on`: the
    date to book on when the bank date's period is closed (the line keeps the bank's date)."""
    if ln.status != "unprocessed":
        raise Rejected(f"bank line {ln.bank_ref or ln.id} is already {ln.status}")
    party, model = _PARTY[kind]
    who = book.session.get(model, party_id)
    if who is None:
        raise Rejected(f"no {party} to book bank line {ln.bank_ref or ln.id} to")
    gross = abs(ln.amount) + fee
    allocs = tuple(cmd.Allocation(a.ref, a.amount) for a in allocations)
    make = cash.receipt if kind == "receipt" else cash.payment
    # what the allocations leave (an overpayment, an advance) is held on 2203 预收账款 (BANKS.md v3)
    doc = make(book, cmd.Money(on or ln.date, who.code, gross, ledger, allocs, to_advances=kind == "receipt"))
    if on is not None and on != ln.date:
        book.session.get(Document, doc.id).memo = f"银行日期 {ln.date} (bank date; its period was closed)"
    ln.document_id = doc.id
    if fee:
        v = vouchers.manual_voucher(book, cmd.ManualVoucher(on or ln.date, f"银行手续费 {doc.no} {who.name}", (
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
            fee: Decimal = Decimal("0.00"), on: dt.date | None = None) -> Document:
    """Book a line as a receipt (money in) or payment (money out) of the named party, with the
    given allocations (None: oldest first), and learn the counterparty's account and name. `on`: book
    it on that date of an open period when the bank date's period is closed (the bank date is kept)."""
    with book.unit():
        ln = _line(book, line_id)
        kind = "receipt" if ln.amount > 0 else "payment"
        party, model = _PARTY[kind]
        who = book.session.scalar(select(model).where(model.code == party_code))
        if who is None:
            raise Rejected(f"{party} {party_code!r} does not exist")
        ledger = book.account_code(ln.account_id)
        twin = [k for k in keyed_by_hand(book, party, ln.account_id, ln.date, ln.date)
                if k.party_id == who.id and k.amount == abs(ln.amount)]
        if twin:
            raise Rejected(f"{twin[0].no} ({twin[0].date}, {fmt_amount(twin[0].amount)}) was keyed by hand for this "
                           f"money: link the line to it instead of booking it again (已手工入账, 请关联)")
        if on is None and (closed := closed_words(book, ln.date)):
            raise Rejected(closed)
        if allocations is None:
            make = cash.receipt if kind == "receipt" else cash.payment
            doc = make(book, cmd.Money(on or ln.date, who.code, abs(ln.amount) + fee, ledger))
            if on is not None and on != ln.date:
                book.session.get(Document, doc.id).memo = f"银行日期 {ln.date} (bank date; its period was closed)"
            ln.document_id, ln.status = doc.id, "matched"
        else:
            _book(book, ln, kind, who.id, [Allocation(r, a) for r, a in allocations], fee, ledger, on)
        learn(book, party, who.id, who.name, ln.counterparty, ln.counterparty_account, fee=fee > 0)
        return book.session.get(Document, ln.document_id)


def learn(book: Book, party: str, party_id: int, name: str, counterparty: str, account: str, *,
          fee: bool = False) -> None:
    """Remember what a person confirmed: the account (an account later seen on a second party stops
    counting for either), the payer when it is not the party itself (代付, kept in bank_payers with how
    often it was confirmed), and that this party's payments arrive less a bank fee."""
    now = dt.datetime.now()
    values = [("account", account.strip())]
    if counterparty.strip() and normalize(counterparty) != normalize(name):
        values.append(("alias", counterparty.strip()))
        _learn_payer(book, party, party_id, counterparty.strip(), account.strip(), now)
    if fee:
        values.append(("fee", "1"))
    for kind, value in values:
        if value and book.session.scalar(select(PartyEvidence.id).where(
                PartyEvidence.kind == kind, PartyEvidence.party == party, PartyEvidence.party_id == party_id,
                PartyEvidence.value == value)) is None:
            book.session.add(PartyEvidence(kind=kind, party=party, party_id=party_id, value=value[:200],
                                           confirmed_by=book.user, confirmed_at=now))


def _learn_payer(book: Book, party: str, party_id: int, payer: str, account: str, now: dt.datetime) -> None:
    row = book.session.scalar(select(BankPayer).where(BankPayer.party == party, BankPayer.party_id == party_id,
                                                      BankPayer.payer == payer[:200]))
    if row is None:
        book.session.add(BankPayer(party=party, party_id=party_id, payer=payer[:200], account=account[:64],
                                   confirmations=1, confirmed_by=book.user, first_confirmed_at=now,
                                   last_confirmed_at=now))
    else:
        row.confirmations += 1
        row.last_confirmed_at, row.confirmed_by = now, book.user
        row.account = account[:64] or row.account


def payers_of(book: Book, party: str, party_id: int) -> list[tuple[str, str, int]]:
    """The payers confirmed for a party: (payer, account, times confirmed), most confirmed first."""
    return [(r.payer, r.account, r.confirmations) for r in book.session.scalars(
        select(BankPayer).where(BankPayer.party == party, BankPayer.party_id == party_id)
        .order_by(BankPayer.confirmations.desc(), BankPayer.payer))]


# What a non-customer credit is booked to (BANKS.md version 3; domain/matching/credits.py proposes them).
OTHER_ACCOUNTS = {"tax_refund": "1221", "deposit_refund": "1221", "loan": "2001", "subsidy": "5301", "bill": "1121"}
OTHER_WORDS = {"tax_refund": "退税", "deposit_refund": "保证金退回", "loan": "贷款发放", "subsidy": "政府补助",
               "bill": "银行承兑汇票托收", "transfer": "账户间划转", "other": "其他收支"}


@requires("save.receipt")
def book_as(book: Book, line_id: int, kind: str, party_code: str | None = None, account: str | None = None) -> None:
    """Book a line that is no receipt of an invoice: 'fee' or 'interest' to 财务费用, 'refund' back
    to a customer's (money out) or from a supplier's (money in) account, a non-customer credit
    ('tax_refund', 'deposit_refund', 'loan', 'subsidy', 'bill', 'transfer' — the other bank account —
    or 'other' with an account) to its own account, 'ignore' books nothing (not the book's business)."""
    with book.unit():
        ln = _line(book, line_id)
        if kind == "ignore":
            ln.status = "ignored"
            return
        ledger = book.account_code(ln.account_id)
        amount = abs(ln.amount)
        bank = cmd.Entry(ledger, **{("debit" if ln.amount > 0 else "credit"): amount})
        side = "credit" if ln.amount > 0 else "debit"
        if kind in ("fee", "interest"):
            # Interest income is a credit to 财务费用 (小企业会计准则 has no separate interest-income account).
            other = cmd.Entry(fee_account(book), **{side: amount})
            summary = "银行利息" if kind == "interest" else "银行手续费"
        elif kind == "refund":
            if not party_code:
                raise Rejected("a refund names the customer (money out) or supplier (money in)")
            dim, role = ("customer", "receivable") if ln.amount < 0 else ("supplier", "payable")
            other = cmd.Entry(book.role(role), **{dim: party_code, side: amount})
            summary = "退款"
        elif kind in OTHER_ACCOUNTS or kind in ("transfer", "other"):
            code = account or OTHER_ACCOUNTS.get(kind)
            if not code:
                raise Rejected(f"{OTHER_WORDS[kind]}: name the account it goes to (e.g. the other bank account)")
            if code == ledger:
                raise Rejected(f"account {code} is this bank account itself")
            other = cmd.Entry(_leaf(book, code), **{side: amount})
            summary = OTHER_WORDS[kind]
        else:
            raise Rejected(f"{kind!r} is not one of fee, interest, refund, tax_refund, deposit_refund, loan, subsidy, "
                           "bill, transfer, other, ignore")
        v = vouchers.manual_voucher(book, cmd.ManualVoucher(ln.date, f"{summary} {ln.counterparty}".strip(),
                                                            (bank, other)))
        ln.voucher_id, ln.status = v.id, "booked"


def _leaf(book: Book, code: str) -> str:
    """The account itself when it is a leaf, else its first leaf (a book keeping 1221 in sub-accounts)."""
    if code not in book.accounts:
        raise Rejected(f"account {code} does not exist")
    if book.accounts[code].is_leaf:
        return code
    leaves = sorted(c for c, r in book.accounts.items() if c.startswith(code) and r.is_leaf)
    if not leaves:
        raise Rejected(f"account {code} has no leaf to post to")
    return leaves[0]


def _line(book: Book, line_id: int) -> BankLine:
    ln = book.session.get(BankLine, line_id)
    if ln is None:
        raise Rejected(f"bank line {line_id} does not exist")
    if ln.status != "unprocessed":
        raise Rejected(f"bank line {ln.bank_ref or ln.id} is already {ln.status}")
    return ln
