"""Opening balances (期初余额) and opening stock, and the rule that ties them together."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select

from domain.errors import Problem, Rejected, refuse
from domain.messages import Message
from domain.money import line_gross
from domain.periods import parse_date, period_start
from domain.voucher import VoucherDraft, check_draft
from storage.book import Book
from storage.models import (
    Account,
    Customer,
    Item,
    OpeningBalance,
    OpenItem,
    Period,
    StockMove,
    Supplier,
    Warehouse,
)
from storage.refs import by_code
from usecases.access import requires
from usecases.chain import collect
from usecases.commands import OpeningBalances, OpeningLine, OpeningStock
from usecases.stock import stock_row
from usecases.vouchers import resolve_entry

ZERO = Decimal("0.00")


def _guard_open(book: Book, day) -> None:
    start = book.settings["start_period"]
    if day >= period_start(start):
        raise refuse("opening_date_before_start", field="date", start=start, date=day)
    first = book.session.get(Period, start)
    if first is not None and first.status == "closed":
        raise Rejected(Message("first_period_closed", start=start))


@requires("master")
def add_opening_balances(book: Book, cmd: OpeningBalances) -> None:
    """Add the opening column of the first period. The lines must balance among themselves."""
    with book.unit():
        problems: list[Problem] = []
        day = cmd.date
        try:
            _guard_open(book, day)
        except Rejected as e:
            raise Rejected([Problem("field 'date'", p.message) for p in e.problems]) from None
        entries = []
        pnl = set(book.session.scalars(select(Account.code).where(Account.category == "profit_loss")))
        invoices: list[tuple[str | None, dt.date]] = []
        years: list[tuple[Decimal, Decimal]] = []
        for i, row in enumerate(cmd.lines):
            try:
                ln = resolve_entry(book, row.entry)
                if ln.account in pnl and (ln.debit or ln.credit):
                    raise Rejected(f"field 'account': {ln.account} is a 损益 account; a book starts its month with "
                                   "no profit — put the year's profit so far in 3103 (its 本年累计 in ytd_debit / "
                                   "ytd_credit)")
                years.append(_year_figures(row, ln.debit - ln.credit, ln.account in pnl))
                invoices.append(_opening_invoice(row, day))
                entries.append(ln)
            except Rejected as e:
                problems += e.located(f"lines[{i}]").problems
        if problems:
            raise Rejected(problems)
        draft = VoucherDraft("期初余额", entries)
        problems = _reindex(check_draft(draft, book.accounts))
        if problems:
            raise Rejected(problems)
        book.set_setting("opening_date", day.isoformat())
        receivable, payable = book.role("receivable"), book.role("payable")
        for ln, (ref, when), row, (year, _) in zip(draft.lines, invoices, cmd.lines, years, strict=True):
            book.session.add(OpeningBalance(account_id=book.account_id(ln.account), customer_id=ln.customer,
                                            supplier_id=ln.supplier, item_id=ln.item, debit=ln.debit, credit=ln.credit,
                                            year_debit=max(year, ZERO), year_credit=max(-year, ZERO),
                                            ytd_debit=row.ytd_debit or ZERO, ytd_credit=row.ytd_credit or ZERO))
            if ln.account == receivable:
                _opening_item(book, "customer", ln.customer, ln.debit - ln.credit, when, ref, row.due)
            elif ln.account == payable:
                _opening_item(book, "supplier", ln.supplier, ln.credit - ln.debit, when, ref, row.due)
        book.session.flush()


def _year_figures(line: OpeningLine, opening: Decimal, profit_and_loss: bool) -> tuple[Decimal, Decimal]:
    """A line's 年初余额 (debit − credit) and its 本年累计 net, as 用友/金蝶's 期初余额 screen ties them:
    期初 = 年初 + 累计借 − 累计贷. Left out, 年初 is what 期初 and the 本年累计 given imply; given, the
    three must tie. A 损益 account takes only 本年累计 (its 年初 and 期初 are zero)."""
    ytd = (line.ytd_debit or ZERO) - (line.ytd_credit or ZERO)
    given = line.year_debit is not None or line.year_credit is not None
    if profit_and_loss:
        if given:
            raise Rejected("field 'year_opening_debit': a 损益 account has no 年初余额; give its 本年累计 only")
        return ZERO, ytd
    year = (line.year_debit or ZERO) - (line.year_credit or ZERO) if given else opening - ytd
    if year + ytd != opening:
        raise Rejected(f"field 'ytd_debit': 年初 {year:.2f} + 本年累计借方 {line.ytd_debit or ZERO:.2f} − 本年累计贷方 "
                       f"{line.ytd_credit or ZERO:.2f} ≠ 期初 {opening:.2f}（年初余额、本年累计与期初余额不符）")
    return year, ytd


def _reindex(problems: list[Problem]) -> list[Problem]:
    """check_draft says 'line 1'; the interchange file counts its lines from 0."""
    return [Problem(f"lines[{int(p.where[5:]) - 1}]", p.message) if p.where.startswith("line ") else p
            for p in problems]


def _opening_invoice(line: OpeningLine, day: dt.date) -> tuple[str | None, dt.date]:
    """An opening line's open invoice and its date; without them, 'opening' on the opening date."""
    if line.invoice is None:
        return None, day
    on = line.date or day
    if on > day:
        raise Rejected(f"field 'date': invoice {line.invoice} of {on} is after the opening date {day}")
    return line.invoice, on


def _opening_item(book: Book, party: str, party_id: int | None, amount: Decimal, day, ref: str | None = None,
                  due: dt.date | None = None) -> None:
    """A party's opening balance is one open item dated the opening date (the oldest), or one item per
    open invoice given on its lines, aged by the invoice's own date."""
    if not amount or party_id is None:
        return
    side = "charge" if amount > 0 else "credit"
    # An opening item falls due on the due date its line gives (BANKS.md v3: opening items carry their own
    # due date), else as any invoice does: its own date + the party's credit days — not on the opening
    # date, else every opening balance is overdue the day the book starts.
    model = Customer if party == "customer" else Supplier
    days = book.session.scalar(select(model.payment_days).where(model.id == party_id)) or 0
    book.session.add(OpenItem(party=party, party_id=party_id, side=side, kind="opening", ref=ref or "opening",
                              date=day, due=due or day + dt.timedelta(days=days), amount=abs(amount),
                              open=abs(amount)))


@requires("master")
def add_opening_stock(book: Book, lines: Sequence[OpeningStock]) -> None:
    """Stock on hand at the opening date, valued at its unit cost."""
    with book.unit():
        day = parse_date(book.settings["opening_date"])
        _guard_open(book, day)
        problems: list[Problem] = []
        for i, line in enumerate(lines):
            try:
                _add_stock_row(book, line, day)
            except Rejected as e:
                problems += e.located(f"[{i}]").problems
        if problems:
            raise Rejected(problems)


def _add_stock_row(book: Book, line: OpeningStock, day: dt.date) -> None:
    problems: list[Problem] = []
    item = collect(problems, lambda: by_code(book, Item, line.item))
    wh = collect(problems, lambda: by_code(book, Warehouse, line.warehouse))
    if problems:
        raise Rejected(problems)
    value = line_gross(line.qty, line.unit_cost)
    stock = stock_row(book, item, wh)
    stock.qty += line.qty
    stock.value += value
    book.session.add(StockMove(doc_id=None, date=day, item_id=item.id, warehouse_id=wh.id, qty=line.qty, value=value))
    book.session.flush()


def opening_stock_problems(book: Book) -> list[Problem]:
    """Opening stock value per item must equal that item's opening inventory balance."""
    inventory = book.account_id(book.role("inventory"))
    ledger: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for item_id, d, c in book.session.execute(
            select(OpeningBalance.item_id, OpeningBalance.debit, OpeningBalance.credit)
            .where(OpeningBalance.account_id == inventory)):
        ledger[item_id] += d - c
    stock: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for item_id, v in book.session.execute(
            select(StockMove.item_id, func.sum(StockMove.value)).where(StockMove.doc_id.is_(None))
            .group_by(StockMove.item_id)):
        stock[item_id] += v
    codes = dict(book.session.execute(select(Item.id, Item.code)).all())
    return [Problem(f"item {codes[i]}", f"opening stock is worth {stock[i]:.2f} but the opening balance of "
                    f"{book.role('inventory')} for it is {ledger[i]:.2f}")
            for i in sorted(set(ledger) | set(stock)) if ledger[i] != stock[i]]
