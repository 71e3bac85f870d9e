"""Manual vouchers and the voucher workflow: saved → reviewed → posted, and red reversals."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from domain.errors import Problem, Rejected, refuse, shown
from domain.messages import STATUS, Message
from domain.periods import parse_period
from domain.voucher import ZERO, LineDraft, VoucherDraft
from storage import oplog
from storage.book import Book
from storage.ledger import WrittenVoucher, write_voucher
from storage.models import AuditLog, Customer, Item, Period, Supplier, Voucher
from storage.refs import by_code
from usecases import openitems
from usecases.access import requires
from usecases.commands import Entry, ManualVoucher
from usecases.results import voucher_result
from usecases.setup import own_review_hint, review_by_other

# Accounts a sub-ledger keeps (受控科目): only documents move them, or stock and the ledger disagree.
CONTROLLED_ROLES = ("inventory", "output_vat_pending", "goods_received_not_invoiced")
WORDS = ("记", "收", "付", "转")


@voucher_result
def manual_voucher(book: Book, cmd: ManualVoucher) -> WrittenVoucher:
    """A voucher typed by an accountant (expenses, fees, salaries). Lines on the receivable or
    payable account become open items of their customer or supplier."""
    with book.unit():
        problems: list[Problem] = []
        if cmd.word not in WORDS:
            problems.append(Problem("field 'word'", Message("not_one_of", value=shown(cmd.word), choices="、".join(WORDS))))
        if not cmd.summary.strip():
            problems.append(Problem("field 'summary'", Message("is_required")))
        if len(cmd.lines) < 2:
            raise Rejected(problems + [Problem("field 'lines'", Message("voucher_needs_two_lines"))])
        text = cmd.summary.strip()
        controlled = {book.role(r) for r in CONTROLLED_ROLES}
        entries = []
        for n, entry in enumerate(cmd.lines, 1):
            try:
                entries.append(_manual_line(book, entry, controlled, text))
            except Rejected as e:
                problems += e.located(f"line {n}").problems
        if problems:
            raise Rejected(problems)
        draft = VoucherDraft(text, entries, cmd.word)
        voucher = write_voucher(book, draft, cmd.date, attachments=cmd.attachments)
        _open_items(book, voucher, draft, cmd.date)
        return voucher


def _manual_line(book: Book, entry: Entry, controlled: set[str], summary: str) -> LineDraft:
    ln = resolve_entry(book, entry, summary)
    if ln.account in controlled:
        raise refuse("account_kept_by_documents", field="account", account=ln.account)
    if not ln.debit and not ln.credit:
        raise Rejected(Message("debit_or_credit"))
    return ln


def resolve_entry(book: Book, entry: Entry, summary: str = "") -> LineDraft:
    """A ledger line with its dimensions found by code; the voucher's summary when it has none."""
    problems: list[Problem] = []
    dims: dict[str, int | None] = {}
    for dim, model in (("customer", Customer), ("supplier", Supplier), ("item", Item)):
        code = getattr(entry, dim)
        if code:
            try:
                dims[dim] = by_code(book, model, code).id
            except Rejected as e:
                problems += e.problems
    if problems:
        raise Rejected(problems)
    return LineDraft(account=entry.account, debit=entry.debit if entry.debit is not None else ZERO,
                     credit=entry.credit if entry.credit is not None else ZERO,
                     summary=entry.summary or summary, **dims)


def _open_items(book: Book, voucher: WrittenVoucher, draft: VoucherDraft, day: dt.date) -> None:
    receivable, payable = book.role("receivable"), book.role("payable")
    ref = f"{voucher.period} {voucher.word}-{voucher.number}"  # 记-1 recurs every month
    for ln in draft.lines:
        if ln.account == receivable:
            item = openitems.add_item(book, "customer", ln.customer, "charge", "voucher", ref, day,
                                      ln.debit - ln.credit, voucher_id=voucher.id)
        elif ln.account == payable:
            item = openitems.add_item(book, "supplier", ln.supplier, "charge", "voucher", ref, day,
                                      ln.credit - ln.debit, voucher_id=voucher.id)
        else:
            continue
        if item.side == "credit":
            openitems.settle_oldest_first(book, item, day)
        else:
            openitems.apply_unapplied(book, item, day)


@requires("post")
def post_period(book: Book, period: str) -> int:
    """The accountant's batch: review and post every voucher of the period not yet posted.
    A voucher cannot be reviewed by the person who prepared it."""
    with book.unit():
        try:
            period = parse_period(period)
        except ValueError as e:
            raise Rejected(Problem("field 'period'", e.args[0])) from None
        if book.session.get(Period, period) is None:
            raise Rejected(Message("period_missing", period=period))
        pending = list(book.session.scalars(select(Voucher).where(Voucher.period == period, Voucher.status != "posted")
                                            .order_by(Voucher.word, Voucher.number)))
        own = [v for v in pending if v.status == "saved" and v.preparer == book.user] if review_by_other(book) else []
        if own:  # one line, however many: 'N vouchers were prepared by X: 记-1 … 记-10 and M more'
            from domain.close_steps import summarise_words
            raise Rejected(Problem(f"period {period}", Message(
                "same_preparer_many", vouchers=summarise_words([f"{v.word}-{v.number}" for v in own], "张凭证"),
                user=book.user, hint=own_review_hint(book))))
        now = dt.datetime.now()
        for v in pending:
            if v.status == "saved":
                v.reviewer = book.user
            v.status, v.poster = "posted", book.user
        book.session.add(AuditLog(at=now, user=book.user, action="post",
                                  detail=f"{period}: {len(pending)} vouchers posted"))
        return len(pending)


@requires("review")
@voucher_result
def review(book: Book, voucher_id: int) -> Voucher:
    """审核: someone other than the preparer confirms a saved voucher."""
    with book.unit():
        v = _voucher(book, voucher_id)
        if v.status != "saved":
            raise Rejected(Message("voucher_status_not", voucher=f"{v.word}-{v.number}", status=STATUS[v.status],
                                   wanted=STATUS["saved"]))
        if v.preparer == book.user and review_by_other(book):
            raise Rejected(Message("same_preparer", voucher=f"{v.word}-{v.number}", user=book.user,
                                   hint=own_review_hint(book)))
        v.status, v.reviewer = "reviewed", book.user
        oplog.append(book, "review", record=f"voucher {v.period} {v.word}-{v.number}",
                     before={"status": "saved"}, after={"status": "reviewed"})
        return v


@requires("review")
@voucher_result
def unreview(book: Book, voucher_id: int) -> Voucher:
    """取消审核: back to saved, by the reviewer, as long as it is not posted."""
    with book.unit():
        v = _voucher(book, voucher_id)
        if v.status != "reviewed":
            raise Rejected(Message("voucher_status_not", voucher=f"{v.word}-{v.number}", status=STATUS[v.status],
                                   wanted=STATUS["reviewed"]))
        v.status, v.reviewer = "saved", None
        oplog.append(book, "unreview", record=f"voucher {v.period} {v.word}-{v.number}",
                     before={"status": "reviewed"}, after={"status": "saved"})
        return v


@requires("reverse")
@voucher_result
def reverse(book: Book, voucher_id: int, day: dt.date) -> WrittenVoucher:
    """红字冲销 of a voucher on a date in an open period; the original stays as it was."""
    with book.unit():
        v = _voucher(book, voucher_id)
        if book.session.scalar(select(Voucher.id).where(Voucher.reverses_id == v.id)):
            raise Rejected(Message("voucher_reversed", voucher=f"{v.word}-{v.number}"))
        if v.reverses_id is not None:
            raise Rejected(Message("voucher_is_reversal", voucher=f"{v.word}-{v.number}"))
        if v.source_id is not None:
            raise Rejected(Message("voucher_of_document", voucher=f"{v.word}-{v.number}"))
        red = reverse_voucher(book, v, day)
        book.session.add(AuditLog(at=dt.datetime.now(), user=book.user, action="reverse",
                                  detail=f"{v.period} {v.word}-{v.number} by {red.period} {red.word}-{red.number}"))
        return red


def _voucher(book: Book, voucher_id: int) -> Voucher:
    v = book.session.get(Voucher, voucher_id)
    if v is None:
        raise Rejected(Message("voucher_missing", id=voucher_id))
    return v


def reverse_voucher(book: Book, voucher: Voucher, day: dt.date, status: str = "saved",
                    reviewer: str | None = None) -> WrittenVoucher:
    """A red voucher (红字冲销): the same lines with negative amounts."""
    lines = [LineDraft(account=book.account_code(ln.account_id), debit=-ln.debit, credit=-ln.credit,
                       summary=f"冲销 {voucher.word}-{voucher.number} {ln.summary}"[:200], customer=ln.customer_id,
                       supplier=ln.supplier_id, item=ln.item_id, qty=-ln.qty if ln.qty is not None else None)
             for ln in voucher.lines]
    draft = VoucherDraft(f"冲销 {voucher.word}-{voucher.number} {voucher.summary}"[:200], lines, voucher.word)
    return write_voucher(book, draft, day, source_type=voucher.source_type if voucher.source_type in ("close", "close_step") else None,
                         status=status, preparer=book.user if status == "saved" else "系统", reviewer=reviewer,
                         reverses_id=voucher.id)


