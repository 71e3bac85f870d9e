"""Recurring vouchers (凭证模板: 计提工资, 社保, 房租摊销 …) that every close writes.

A line is fixed (`debit` or `credit`), asked at close (`"ask": true` — a debit; `"ask": "credit"`
for the other side), or the one line with neither, which takes whatever balances the template.
"""
from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select

from domain.errors import Problem, Rejected
from storage.book import Book
from storage.models import VoucherTemplate
from usecases.access import requires
from usecases.commands import TemplateLine
from usecases.commands import VoucherTemplate as Template
from usecases.results import Saved

ZERO = Decimal("0.00")


@requires("settings")
def add_voucher_template(book: Book, cmd: Template) -> Saved[Template]:
    """One entry of the import document's `voucher_templates` section."""
    with book.unit():
        problems: list[Problem] = []
        if book.session.scalar(select(VoucherTemplate.id).where(VoucherTemplate.code == cmd.code)):
            problems.append(Problem("field 'code'", f"voucher template {cmd.code} already exists"))
        if not cmd.summary.strip():
            problems.append(Problem("field 'summary'", "is required"))
        asked: set[str] = set()
        for n, ln in enumerate(cmd.lines, 1):
            where = f"line {n}"
            why = account_problem(book, ln.account)
            if why:
                problems.append(Problem(where, f"field 'account': {why}"))
            if ln.ask and ln.account in asked:
                problems.append(Problem(where, f"account {ln.account} is asked twice; --amount {cmd.code}:{ln.account} "
                                        "could not tell them apart"))
            if ln.ask:
                asked.add(ln.account)
        balancing = sum(1 for ln in cmd.lines if not ln.ask and ln.debit is None and ln.credit is None)
        if not problems:
            why = never_balances([_stored(ln) for ln in cmd.lines])
            if why:
                problems.append(Problem("field 'lines'", why))
        if balancing > 1:
            problems.append(Problem("field 'lines'", "only one line may take the balance (no amount, not asked)"))
        if problems:
            raise Rejected(problems)
        tpl = VoucherTemplate(code=cmd.code, summary=cmd.summary.strip(),
                              lines=json.dumps([_stored(ln) for ln in cmd.lines], ensure_ascii=False))
        book.session.add(tpl)
        book.session.flush()
        return Saved(tpl.id, cmd)


def account_problem(book: Book, account: str) -> str | None:
    """Why a template line cannot name `account` (None: it can): a template line has no customer or
    supplier to give an account that keeps one, and may not touch what documents keep (the close
    would write what a manual voucher may not)."""
    from usecases.vouchers import CONTROLLED_ROLES
    rule = book.accounts.get(account)
    if rule is None:
        return f"account {account!r} does not exist"
    if not rule.is_leaf:
        return f"{account} {rule.name} has sub-accounts; name a leaf"
    if not rule.active:
        return f"{account} {rule.name} is deactivated"
    if rule.aux:
        return f"{account} {rule.name} keeps a {rule.aux} per line; a template cannot name one"
    if account in {book.role(r) for r in CONTROLLED_ROLES}:
        return (f"{account} {rule.name} is kept by documents (stock, invoices); 受控科目只能由单据记账，"
                "凭证模板不能记入")
    return None


def never_balances(lines: list[dict[str, str]]) -> str | None:
    """Why a template's lines can never make a balanced voucher (None: some amounts balance it).
    A line that takes the balance always balances it; otherwise both sides need a line, and fixed
    lines alone must already balance."""
    if any(not ln.get("ask") and "debit" not in ln and "credit" not in ln for ln in lines):
        return None
    debit = sum((Decimal(ln.get("debit", "0")) for ln in lines), ZERO)
    credit = sum((Decimal(ln.get("credit", "0")) for ln in lines), ZERO)
    asked_debit = any(ln.get("ask") and ln.get("ask") != "credit" for ln in lines)
    asked_credit = any(ln.get("ask") == "credit" for ln in lines)
    if not asked_debit and not asked_credit:
        if debit != credit:
            return f"debits {debit} and credits {credit} do not balance（借贷不平）"
        return None
    if not (debit or asked_debit) or not (credit or asked_credit):
        side = "credit（贷方）" if not (credit or asked_credit) else "debit（借方）"
        return f"no line on the {side} side: no amount entered at close can balance it（模板借贷永远不平）"
    if not asked_debit and debit < credit or not asked_credit and credit < debit:
        return (f"fixed debits {debit} and credits {credit}: the asked lines can only widen the gap"
                "（模板借贷永远不平）")
    return None


def _stored(ln: TemplateLine) -> dict[str, str]:
    """A line as the book keeps it (the close reads this JSON)."""
    out = {"account": ln.account}
    if ln.ask:
        out["ask"] = ln.ask
    elif ln.debit is not None:
        out["debit"] = str(ln.debit)
    elif ln.credit is not None:
        out["credit"] = str(ln.credit)
    return out


def asked_lines(book: Book) -> list[tuple[str, str]]:
    """Every amount the active templates ask at close: ("GZ:5602", "GZ 计提工资 · 5602 管理费用")."""
    out = []
    for tpl in book.session.scalars(select(VoucherTemplate).where(VoucherTemplate.active.is_(True))
                                    .order_by(VoucherTemplate.code)):
        for ln in json.loads(tpl.lines):
            if ln.get("ask"):
                rule = book.accounts.get(ln["account"])
                out.append((f"{tpl.code}:{ln['account']}",
                            f"{tpl.code} {tpl.summary} · {ln['account']} {rule.name if rule else ''}".strip()))
    return out
