"""明细账: one account (and its sub-accounts), optionally one customer, with its running balance."""
from __future__ import annotations

from decimal import Decimal

from domain.errors import Rejected
from domain.money import fmt_amount
from domain.periods import period_end, period_start
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
    ids = [book.account_id(c) for c in book.accounts if c.startswith(account)]
    if customer is not None and book.accounts[account].aux != "customer" and not any(
            book.accounts[c].aux == "customer" for c in book.accounts if c.startswith(account)):
        raise Rejected(f"--customer: account {account} is not kept by customer")
    cid = customer.id if customer is not None else None
    start, end = period_start(first), period_end(last)
    balance = opening = net_before(book, ids, start, customer_id=cid)
    lines = []
    for date, word, number, summary, debit, credit, *_ in ledger_lines(book, ids, start, end, customer_id=cid):
        balance += debit - credit
        side, amount = side_of(balance)
        lines.append({"date": date, "voucher": f"{word}-{number}", "summary": summary, "debit": debit,
                      "credit": credit, "side": side, "balance": amount})
    return {"account": account, "name": book.accounts[account].name, "customer": customer.code if customer else None,
            "customer_name": customer.name if customer else None, "from": first, "to": last,
            "company": book.settings.get("company", ""),
            "opening": side_of(opening), "lines": lines, "closing": side_of(balance)}


def as_json(lg: dict) -> dict:
    out = {k: lg[k] for k in ("account", "name", "from", "to")}
    if lg["customer"]:
        out["customer"] = lg["customer"]
    out["opening"] = {"side": lg["opening"][0], "amount": fmt_amount(lg["opening"][1])}
    out["lines"] = [{**ln, "date": ln["date"].isoformat(), "debit": fmt_amount(ln["debit"]),
                     "credit": fmt_amount(ln["credit"]), "balance": fmt_amount(ln["balance"])} for ln in lg["lines"]]
    out["closing"] = {"side": lg["closing"][0], "amount": fmt_amount(lg["closing"][1])}
    return out
