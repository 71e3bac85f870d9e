"""The version 3 invariants (ACCOUNTING.md, version 3 rules): a mid-year opening's year figures tie,
and a small-scale taxpayer's closed filing periods under the limit took the VAT exemption."""
from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal

from sqlalchemy import func, select

from domain.book_settings import quarter_months
from storage.book import RESOURCES, Book
from storage.models import Account, OpeningBalance, Period, Voucher

ZERO = Decimal("0.00")


def v3_findings(book: Book) -> dict[str, list[str]]:
    return {
        "14 opening 期初 = 年初 + 本年累计 per line; 损益 lines carry 本年累计 only": year_figure_findings(book),
        "15 a small-scale period under the limit took the VAT exemption": exemption_findings(book),
        "18 简易计税 sales are on 222109": simple_vat_findings(book),
    }


def year_figure_findings(book: Book) -> list[str]:
    out = []
    q = (select(Account.code, Account.category, OpeningBalance.debit, OpeningBalance.credit, OpeningBalance.year_debit,
                OpeningBalance.year_credit, OpeningBalance.ytd_debit, OpeningBalance.ytd_credit)
         .join(Account, Account.id == OpeningBalance.account_id))
    for code, category, d, c, yd, yc, td, tc in book.session.execute(q):
        if category == "profit_loss":
            if d or c or yd or yc:
                out.append(f"opening {code}: a 损益 account holds a 期初 or 年初 balance")
        elif (yd - yc) + (td - tc) != d - c:
            out.append(f"opening {code}: 年初 {yd - yc} + 本年累计 {td - tc} ≠ 期初 {d - c}")
    return out


def exemption_findings(book: Book) -> list[str]:
    if book.settings.get("taxpayer") != "small":
        return []
    from storage.queries.vat_sales import month_sales
    from storage.queries.vat_sales import small_vat_between as _small_vat_between
    rule = tomllib.loads((RESOURCES / "close" / "35_small_exemption.toml").read_text(encoding="utf-8"))
    start, end = dt.date.fromisoformat(rule["valid_from"]), dt.date.fromisoformat(rule["valid_to"])
    quarterly = book.settings.get("filing", "monthly") == "quarterly"
    out = []
    for period, in book.session.execute(select(Period.period).where(Period.status == "closed").order_by(Period.period)):
        months = quarter_months(period) if quarterly else [period]
        if period != months[-1] or not start <= dt.date.fromisoformat(period + "-01") <= end:
            continue
        limit = Decimal(rule["quarterly_sales_up_to" if quarterly else "monthly_sales_up_to"])
        if month_sales(book, months[0], months[-1]) > limit or not _small_vat_between(book, months):
            continue
        taken = book.session.scalar(select(Voucher.id).where(
            Voucher.period == period, Voucher.source_type == "close_step", Voucher.summary.like("%免征增值税%"),
            Voucher.reverses_id.is_(None)).limit(1))
        if taken is None:
            out.append(f"period {period}: sales within {limit} but the VAT exemption was not taken")
    return out


def simple_vat_findings(book: Book) -> list[str]:
    """A general taxpayer's invoices at a levy rate put exactly their printed tax on 222109 简易计税
    (ACCOUNTING.md, version 3), and a red invoice of levy-rate lines only puts none on 销项税额."""
    if book.taxpayer != "general":
        return []
    from storage.models import Document, DocumentLine, VoucherLine
    from storage.sql import total
    from storage.vat import load_vat_table, printed_tax
    table = load_vat_table()
    method = table.simple_method
    levies = sorted({r.rate for r in table.rates if r.levy})
    if method is None or not levies or method.account not in book.accounts:
        return []  # never used: a book made before version 3 kept its levy-rate sales on 销项税额
    simple_id = book.account_id(method.account)
    # from the first document that used 222109 on: an older book's earlier levy-rate sales stay where
    # the rules of their day put them
    first = book.session.scalar(
        select(func.min(Voucher.source_id)).join(VoucherLine, VoucherLine.voucher_id == Voucher.id)
        .where(VoucherLine.account_id == simple_id, Voucher.source_type.in_(("invoice", "credit_note"))))
    if first is None:
        return []
    out = []
    expected = ZERO  # a blue invoice prints each line's tax from its gross alone
    for gross, rate in book.session.execute(
            select(DocumentLine.gross, DocumentLine.tax_rate).join(Document, Document.id == DocumentLine.doc_id)
            .where(Document.type == "invoice", DocumentLine.tax_rate.in_(levies), Document.id >= first)):
        expected += printed_tax(gross, rate)
    d, c = book.session.execute(
        select(total(VoucherLine.debit), total(VoucherLine.credit))
        .join(Voucher, Voucher.id == VoucherLine.voucher_id)
        .where(VoucherLine.account_id == simple_id, Voucher.source_type == "invoice")).one()
    booked = (c or ZERO) - (d or ZERO)
    if booked != expected:
        out.append(f"{method.account} {method.name}: 发票按征收率计算的税额为 {expected:.2f}，其凭证记入 {booked:.2f}")
    if method.replaces in book.accounts:  # red invoices whose every line is at a levy rate
        other = select(DocumentLine.doc_id).where(DocumentLine.tax_rate.not_in(levies))
        q = (select(Document.no).join(Voucher, Voucher.id == Document.voucher_id)
             .join(VoucherLine, VoucherLine.voucher_id == Voucher.id)
             .where(Document.type == "credit_note", Document.id >= first, Document.id.not_in(other),
                    VoucherLine.account_id == book.account_id(method.replaces))
             .group_by(Document.no).having(func.sum(VoucherLine.credit) != 0))
        out += [f"credit_note {no}: 按征收率开具的红字发票记入了 {method.replaces} 销项税额" for no in
                book.session.scalars(q)]
    return out
