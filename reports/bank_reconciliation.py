"""银行存款余额调节表 (BANKS.md version 3): for one bank account and period, the book's balance and the
bank's (the 余额 of its last line in the period), each adjusted by the items in transit on the other
side — what the bank has and the book not yet (lines not booked, or booked after the period, or
marked as not the book's business), and what the book has and the bank not yet (entries on the
account that no bank line records). The two adjusted balances agree when everything is explained.

`report bank-reconciliation --account CODE --period YYYY-MM --format json|xlsx|pdf --out FILE`.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from domain.errors import Rejected
from domain.money import fmt_amount
from domain.periods import period_end, period_start
from reports.table import Col, Document, Row, Section
from storage.book import Book
from storage.models import BankLine, Voucher, VoucherLine
from storage.models import Document as Doc
from storage.queries.balances import cumulative
from storage.refs import cash_account

ZERO = Decimal("0.00")
WHY = {"unprocessed": "未入账", "ignored": "已标记为非本单位业务", "later": "入账于下期"}


def bank_reconciliation(book: Book, account: str, period: str) -> dict:
    try:
        code = cash_account(book, account)
    except Rejected:
        raise Rejected(f"--account: {account!r} is neither a bank account nor a bank ledger account") from None
    account_id = book.account_id(code)
    first, end = period_start(period), period_end(period)
    book_balance = sum((v for (acc, _, _), v in cumulative(book, period).items() if acc == account_id), ZERO)
    lines = list(book.session.scalars(select(BankLine).where(BankLine.account_id == account_id, BankLine.date <= end)
                                      .order_by(BankLine.date, BankLine.time, BankLine.id)))
    with_balance = [ln for ln in lines if ln.balance is not None]
    bank_balance = with_balance[-1].balance if with_balance else None
    doc_dates = dict(book.session.execute(select(Doc.id, Doc.date).where(
        Doc.id.in_([ln.document_id for ln in lines if ln.document_id]))).all()) if lines else {}
    voucher_dates = dict(book.session.execute(select(Voucher.id, Voucher.date).where(
        Voucher.id.in_([ln.voucher_id for ln in lines if ln.voucher_id]))).all()) if lines else {}
    bank_side = []
    for ln in lines:
        booked = doc_dates.get(ln.document_id) or voucher_dates.get(ln.voucher_id)
        why = "unprocessed" if ln.status == "unprocessed" else "ignored" if ln.status == "ignored" else \
            "later" if booked is not None and booked > end else None
        if why:
            bank_side.append({"date": ln.date, "amount": ln.amount, "counterparty": ln.counterparty, "memo": ln.memo,
                              "bank_ref": ln.bank_ref or ln.dedup_key, "why": WHY[why]})
    book_side = _book_not_bank(book, account_id, lines, end)
    bank_in = sum((i["amount"] for i in bank_side if i["amount"] > 0), ZERO)
    bank_out = -sum((i["amount"] for i in bank_side if i["amount"] < 0), ZERO)
    book_in = sum((i["amount"] for i in book_side if i["amount"] > 0), ZERO)
    book_out = -sum((i["amount"] for i in book_side if i["amount"] < 0), ZERO)
    adjusted_book = book_balance + bank_in - bank_out
    adjusted_bank = None if bank_balance is None else bank_balance + book_in - book_out
    return {"account": code, "name": book.accounts[code].name, "period": period, "from": first, "to": end,
            "company": book.settings.get("company", ""), "book_balance": book_balance, "bank_balance": bank_balance,
            "bank_not_book": bank_side, "book_not_bank": book_side,
            "bank_in_not_book": bank_in, "bank_out_not_book": bank_out,
            "book_in_not_bank": book_in, "book_out_not_bank": book_out,
            "adjusted_book": adjusted_book, "adjusted_bank": adjusted_bank,
            "balanced": adjusted_bank is not None and adjusted_book == adjusted_bank}


def _book_not_bank(book: Book, account_id: int, lines: list[BankLine], end: dt.date) -> list[dict]:
    """Entries on the account, from the month of the first bank line on (earlier months were before the
    bank's lines were kept here), that no bank line up to the period's end records."""
    if not lines:
        return []
    linked_docs = [ln.document_id for ln in lines if ln.document_id]
    linked = {v for v in book.session.scalars(select(Doc.voucher_id).where(Doc.id.in_(linked_docs))) if v}
    linked |= {ln.voucher_id for ln in lines if ln.voucher_id}
    rows = book.session.execute(
        select(Voucher.id, Voucher.date, Voucher.word, Voucher.number, Voucher.summary, VoucherLine.debit,
               VoucherLine.credit)
        .join(VoucherLine, VoucherLine.voucher_id == Voucher.id)
        .where(VoucherLine.account_id == account_id, Voucher.date >= lines[0].date.replace(day=1),
               Voucher.date <= end)
        .order_by(Voucher.date, Voucher.id))
    out = []
    for vid, day, word, number, summary, debit, credit in rows:
        if vid in linked or summary == "期初余额":
            continue
        out.append({"date": day, "amount": debit - credit, "voucher": f"{word}-{number}", "summary": summary})
    return out


def as_json(r: dict) -> dict:
    def m(x):
        return None if x is None else fmt_amount(x)

    def item(i: dict) -> dict:
        return {k: (v.isoformat() if isinstance(v, dt.date) else fmt_amount(v) if isinstance(v, Decimal) else v)
                for k, v in i.items()}
    return {"account": r["account"], "name": r["name"], "period": r["period"],
            "book_balance": m(r["book_balance"]), "bank_balance": m(r["bank_balance"]),
            "bank_not_book": [item(i) for i in r["bank_not_book"]],
            "book_not_bank": [item(i) for i in r["book_not_bank"]],
            "bank_in_not_book": m(r["bank_in_not_book"]), "bank_out_not_book": m(r["bank_out_not_book"]),
            "book_in_not_bank": m(r["book_in_not_bank"]), "book_out_not_bank": m(r["book_out_not_bank"]),
            "adjusted_book": m(r["adjusted_book"]), "adjusted_bank": m(r["adjusted_bank"]), "balanced": r["balanced"]}


def document(r: dict) -> Document:
    """The form as a bank clerk knows it: the book's side on the left, the bank's on the right."""
    cols = (Col("项目", "text", 30), Col("日期", "date", 10), Col("摘要 / 对方", "text", 34), Col("金额", "money", 15))

    def items(rows: list[dict], sign: int, words: str) -> list:
        return [(f"    {words}", i["date"], i.get("summary") or " ".join(
            x for x in (i.get("counterparty"), i.get("memo"), i.get("why")) if x), sign * i["amount"]) for i in rows]

    bank_in = [i for i in r["bank_not_book"] if i["amount"] > 0]
    bank_out = [i for i in r["bank_not_book"] if i["amount"] < 0]
    book_in = [i for i in r["book_not_bank"] if i["amount"] > 0]
    book_out = [i for i in r["book_not_bank"] if i["amount"] < 0]
    left = [Row(("企业银行存款日记账余额", None, "", r["book_balance"]), bold=True),
            Row(("加：银行已收、企业未收", None, "", r["bank_in_not_book"])), *items(bank_in, 1, "银行已收"),
            Row(("减：银行已付、企业未付", None, "", r["bank_out_not_book"])), *items(bank_out, -1, "银行已付")]
    right = [Row(("银行对账单余额", None, "" if r["bank_balance"] is not None else "对账单未给余额",
                  r["bank_balance"]), bold=True),
             Row(("加：企业已收、银行未收", None, "", r["book_in_not_bank"])), *items(book_in, 1, "企业已收"),
             Row(("减：企业已付、银行未付", None, "", r["book_out_not_bank"])), *items(book_out, -1, "企业已付")]
    verdict = "调节相符" if r["balanced"] else "调节不符，请核对未达账项"
    return Document("银行存款余额调节表", r.get("company", ""), f"{r['period']}（截至 {r['to']}）",
                    [Section(cols, left, heading="企业账面", sheet="调节表",
                             totals=Row(("调节后的存款余额", None, "", r["adjusted_book"]), bold=True)),
                     Section(cols, right, heading="银行对账单", sheet="调节表(银行)",
                             totals=Row(("调节后的存款余额", None, verdict, r["adjusted_bank"]), bold=True))],
                    info=[f"账户：{r['account']} {r['name']}"], signatures=("会计主管", "出纳", "制表"))
