"""明细账: one account (and its sub-accounts), optionally one customer, with its running balance."""
from __future__ import annotations

from decimal import Decimal

from domain.errors import Rejected
from domain.money import fmt_amount
from domain.periods import period_end, period_of, period_start, periods_between, prev_period
from storage.book import Book
from storage.queries.balances import ledger_lines, net_before

ZERO = Decimal("0.00")
SOURCE_TYPE = {None: "voucher", "close": "voucher"}


def side_of(net: Decimal) -> tuple[str, Decimal]:
    """借/贷/平 and the amount on that side, as Chinese ledgers print a balance."""
    return ("借", net) if net > 0 else ("贷", -net) if net < 0 else ("平", ZERO)


def ledger(book: Book, account: str, first: str, last: str, customer=None) -> dict:
    if account not in book.accounts:
        raise Rejected(f"--account: account {account!r} does not exist")
    codes = [c for c in book.accounts if c.startswith(account)]
    ids = [book.account_id(c) for c in codes]
    if customer is not None and book.accounts[account].aux != "customer" and not any(
            book.accounts[c].aux == "customer" for c in codes):
        raise Rejected(f"--customer: account {account} is not kept by customer")
    cid = customer.id if customer is not None else None
    start, end = period_start(first), period_end(last)
    balance = opening = net_before(book, ids, start, customer_id=cid)
    # An account kept by customer or supplier, printed for all of them, names each line's party.
    aux = {book.accounts[c].aux for c in codes} & {"customer", "supplier"}
    parties = _party_names(book) if customer is None and aux else None
    # 本年累计 counts from January: the months of the year before the range are summed first.
    ytd = _year_before(book, ids, first, cid)
    lines: list[dict] = []
    months: list[dict] = []
    rows = iter(ledger_lines(book, ids, start, end, customer_id=cid))
    pending = next(rows, None)
    for p in periods_between(first, last):
        if p.endswith("-01"):
            ytd = [ZERO, ZERO]
        debit = credit = ZERO
        while pending is not None and period_of(pending[0]) == p:
            date, word, number, summary, d, c, *_, cust, supp = pending
            balance += d - c
            debit, credit = debit + d, credit + c
            side, amount = side_of(balance)
            line = {"date": date, "voucher": f"{word}-{number}", "summary": summary, "debit": d, "credit": c,
                    "side": side, "balance": amount}
            if parties is not None:
                line["party"] = parties.get(("c", cust)) or parties.get(("s", supp)) or ""
            lines.append(line)
            pending = next(rows, None)
        ytd = [ytd[0] + debit, ytd[1] + credit]
        side, amount = side_of(balance)
        months.append({"period": p, "debit": debit, "credit": credit, "ytd_debit": ytd[0], "ytd_credit": ytd[1],
                       "side": side, "balance": amount, "lines": len(lines)})
    return {"account": account, "name": book.accounts[account].name, "customer": customer.code if customer else None,
            "customer_name": customer.name if customer else None, "from": first, "to": last,
            "company": book.settings.get("company", ""), "by_party": parties is not None,
            "opening": side_of(opening), "lines": lines, "months": months, "closing": side_of(balance)}


def _party_names(book: Book) -> dict[tuple[str, int], str]:
    from sqlalchemy import select

    from storage.models import Customer, Supplier
    out = {("c", i): name for i, name in book.session.execute(select(Customer.id, Customer.name))}
    out.update({("s", i): name for i, name in book.session.execute(select(Supplier.id, Supplier.name))})
    return out


def _year_before(book: Book, ids: list[int], first: str, customer_id: int | None) -> list[Decimal]:
    """Debits and credits of the year's months before `first` (none when it is January)."""
    if first.endswith("-01"):
        return [ZERO, ZERO]
    debit = credit = ZERO
    for _, _, _, _, d, c, *_ in ledger_lines(book, ids, period_start(f"{first[:4]}-01"),
                                             period_end(prev_period(first)), customer_id=customer_id):
        debit, credit = debit + d, credit + c
    return [debit, credit]


def as_json(lg: dict) -> dict:
    out = {k: lg[k] for k in ("account", "name", "from", "to")}
    if lg["customer"]:
        out["customer"] = lg["customer"]
    out["opening"] = {"side": lg["opening"][0], "amount": fmt_amount(lg["opening"][1])}
    out["lines"] = [{**ln, "date": ln["date"].isoformat(), "debit": fmt_amount(ln["debit"]),
                     "credit": fmt_amount(ln["credit"]), "balance": fmt_amount(ln["balance"])} for ln in lg["lines"]]
    out["months"] = [{"period": m["period"], "debit": fmt_amount(m["debit"]), "credit": fmt_amount(m["credit"]),
                      "ytd_debit": fmt_amount(m["ytd_debit"]), "ytd_credit": fmt_amount(m["ytd_credit"]),
                      "side": m["side"], "balance": fmt_amount(m["balance"])} for m in lg["months"]]
    out["closing"] = {"side": lg["closing"][0], "amount": fmt_amount(lg["closing"][1])}
    return out
