"""Recurring vouchers (凭证模板: 计提工资, 社保, 房租摊销 …) that every close writes.

A line is fixed (`debit` or `credit`), asked at close (`"ask": true` — a debit; `"ask": "credit"`
for the other side), or the one line with neither, which takes whatever balances the template.
"""
from __future__ import annotations

import json

from sqlalchemy import select

from domain.errors import Problem, Rejected
from domain.money import parse_amount
from storage.book import Book
from storage.models import VoucherTemplate

LINE_FIELDS = {"account", "debit", "credit", "ask", "summary"}
TEMPLATE_FIELDS = {"code", "summary", "lines"}


def add_voucher_template(book: Book, row: object) -> VoucherTemplate:
    """One entry of the import document's `voucher_templates` section."""
    with book.unit():
        if not isinstance(row, dict):
            raise Rejected("must be an object")
        problems = [Problem(f"field '{k}'", "is not a field of a voucher template") for k in sorted(set(row) - TEMPLATE_FIELDS)]
        code, summary, lines = row.get("code"), row.get("summary"), row.get("lines")
        if not isinstance(code, str) or not code.strip() or ":" in code or len(code) > 32:
            problems.append(Problem("field 'code'", "a code of at most 32 characters without ':' is required"))
        elif book.session.scalar(select(VoucherTemplate.id).where(VoucherTemplate.code == code)):
            problems.append(Problem("field 'code'", f"voucher template {code} already exists"))
        if not isinstance(summary, str) or not summary.strip():
            problems.append(Problem("field 'summary'", "is required"))
        if not isinstance(lines, list) or len(lines) < 2:
            raise Rejected(problems + [Problem("field 'lines'", "a voucher template needs at least two lines")])
        stored, asked, balancing = [], set(), 0
        for n, ln in enumerate(lines, 1):
            where = f"line {n}"
            if not isinstance(ln, dict):
                problems.append(Problem(where, "must be an object"))
                continue
            problems += [Problem(where, f"field '{k}' is not a field of a template line") for k in sorted(set(ln) - LINE_FIELDS)]
            account = ln.get("account")
            rule = book.accounts.get(account) if isinstance(account, str) else None
            if rule is None:
                problems.append(Problem(where, f"field 'account': account {account!r} does not exist"))
            elif not rule.is_leaf:
                problems.append(Problem(where, f"field 'account': {account} {rule.name} has sub-accounts; name a leaf"))
            elif rule.aux:
                problems.append(Problem(where, f"field 'account': {account} {rule.name} keeps a {rule.aux} per line; "
                                        "a template cannot name one"))
            out = {"account": account}
            ask = ln.get("ask")
            amounts = {k: ln[k] for k in ("debit", "credit") if ln.get(k) not in (None, "")}
            if ask not in (None, False, True, "debit", "credit"):
                problems.append(Problem(where, "field 'ask': true, \"debit\" or \"credit\""))
            elif ask:
                if amounts:
                    problems.append(Problem(where, "an asked line gives no amount"))
                out["ask"] = "credit" if ask == "credit" else "debit"
                if account in asked:
                    problems.append(Problem(where, f"account {account} is asked twice; --amount {code}:{account} "
                                            "could not tell them apart"))
                asked.add(account)
            elif len(amounts) == 1:
                side, value = next(iter(amounts.items()))
                try:
                    out[side] = str(parse_amount(value))
                except ValueError as e:
                    problems.append(Problem(where, f"field '{side}': {e}"))
            elif amounts:
                problems.append(Problem(where, "a line has either a debit or a credit, not both"))
            else:
                balancing += 1
            stored.append(out)
        if not asked and not balancing and not problems:
            debit = sum((parse_amount(x.get("debit", "0")) for x in stored), parse_amount("0"))
            credit = sum((parse_amount(x.get("credit", "0")) for x in stored), parse_amount("0"))
            if debit != credit:
                problems.append(Problem("field 'lines'", f"debits {debit} and credits {credit} do not balance"))
        if balancing > 1:
            problems.append(Problem("field 'lines'", "only one line may take the balance (no amount, not asked)"))
        if problems:
            raise Rejected(problems)
        tpl = VoucherTemplate(code=code, summary=summary.strip(), lines=json.dumps(stored, ensure_ascii=False))
        book.session.add(tpl)
        return tpl
