"""What a person confirms on the matching screen is learned: the payer's account and name. An
account later confirmed for a second customer stops counting for either."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from storage.models import BankLine, Document, PartyEvidence
from usecases.matching import book_as, confirm, match_account

ACCOUNT = "6222000011112222"


def invoice(zf, book, n: int, customer: str, qty: str) -> None:
    zf.docs(book,
            {"type": "sales_order", "no": f"SO-{n}", "date": "2026-11-02", "customer": customer,
             "lines": [{"item": "A001", "qty": qty, "price": "1130.00"}]},
            {"type": "outbound", "no": f"OUT-{n}", "date": "2026-11-03", "order": f"SO-{n}", "warehouse": "W01",
             "lines": [{"item": "A001", "qty": qty}]},
            {"type": "invoice", "no": f"INV-{n}", "date": "2026-11-04", "outbounds": [f"OUT-{n}"]})


def bank(zf, book, ref: str, amount: str, who: str, account: str = ACCOUNT) -> int:
    zf.docs(book, {"type": "bank_statement", "account": "100201", "lines": [
        {"date": "2026-11-20", "amount": amount, "counterparty": who, "counterparty_account": account, "bank_ref": ref}]})
    return book.session.scalar(select(BankLine.id).where(BankLine.bank_ref == ref))


def statuses(book) -> dict[str, str]:
    return {m["bank_ref"]: m["status"] for m in match_account(book, "100201", accept=True)["matches"]}


def test_confirmed_account_and_alias_are_learned_until_a_second_customer_uses_the_account(book, zf):
    invoice(zf, book, 1, "C003", "1")
    invoice(zf, book, 2, "C003", "2")
    invoice(zf, book, 3, "C003", "3")
    first = bank(zf, book, "B1", "1130.00", "张伟")
    assert statuses(book) == {"B1": "unmatched"}  # a person's name says nothing
    doc = confirm(book, first, "C003", [("INV-1", Decimal("1130.00"))])
    assert (doc.type, doc.amount) == ("receipt", Decimal("1130.00"))
    learned = {(e.kind, e.value) for e in book.session.scalars(select(PartyEvidence))}
    assert learned == {("account", ACCOUNT), ("alias", "张伟")}

    bank(zf, book, "B2", "2260.00", "王芳")  # same account, another person: the account speaks
    assert statuses(book) == {"B2": "accepted"}
    assert book.session.scalar(select(Document.amount).where(Document.type == "receipt").order_by(
        Document.id.desc()).limit(1)) == Decimal("2260.00")

    # The same account pays for C001 (its opening balance); once confirmed, it proves nothing.
    other = bank(zf, book, "B3", "500.00", "赵六")
    confirm(book, other, "C001")
    bank(zf, book, "B4", "3390.00", "孙七")  # INV-3 of C003 exactly, but the account no longer says whose
    [m] = match_account(book, "100201", accept=True)["matches"]
    assert m["status"] == "unmatched" and "不作为依据" in m["reason"]


def test_lines_booked_as_fee_interest_or_ignored_leave_matching(book, zf):
    fee = bank(zf, book, "F1", "-15.00", "", "")
    interest = bank(zf, book, "I1", "2.50", "中国工商银行", "")
    book_as(book, fee, "fee")
    book_as(book, interest, "interest")
    assert match_account(book, "100201")["matches"] == []
    assert zf.balance(book, "5603") == Decimal("12.50")
    assert zf.balance(book, "100201") == Decimal("500000.00") - Decimal("12.50")


def test_money_out_pays_the_suppliers_bill(book, zf):
    zf.docs(book,
            {"type": "purchase_order", "no": "PO-1", "date": "2026-11-02", "supplier": "S001",
             "lines": [{"item": "B002", "qty": "100", "price": "5.65"}]},
            {"type": "inbound", "no": "IN-1", "date": "2026-11-03", "order": "PO-1", "warehouse": "W01",
             "lines": [{"item": "B002", "qty": "100"}]},
            {"type": "purchase_invoice", "no": "PI-1", "date": "2026-11-04", "inbounds": ["IN-1"]})
    bank(zf, book, "P1", "-565.00", "苏州精工部件厂", "")
    [m] = match_account(book, "100201", accept=True)["matches"]
    assert (m["status"], m["supplier"], m["customer"], m["allocations"]) == \
        ("accepted", "S001", None, [{"invoice": "PI-1", "amount": "565.00"}])
    payment = book.session.scalar(select(Document).where(Document.type == "payment"))
    assert payment.amount == Decimal("565.00")
    assert zf.balance(book, "220201", supplier="S001") == Decimal("0.00")
