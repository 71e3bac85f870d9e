"""One voucher as the 记账凭证 shows it: header, lines with account names and dimensions, the people,
its source document and its reversal."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from storage.book import Book
from storage.models import Account, Customer, Document, Item, Supplier, Voucher, VoucherLine


@dataclass(frozen=True)
class VLine:
    summary: str
    account: str  # "1122 应收账款"
    dims: str  # "客户 C001 华东机电"
    debit: Decimal
    credit: Decimal


@dataclass
class VoucherDetail:
    id: int
    period: str
    word: str
    number: int
    date: dt.date
    summary: str
    attachments: int
    status: str
    total: Decimal
    preparer: str
    reviewer: str
    poster: str
    source_id: int | None
    source: str  # "销售出库单 OUT-…"
    reverses: str
    reversed_by_id: int | None
    lines: list[VLine] = field(default_factory=list)


def voucher_detail(book: Book, voucher_id: int) -> VoucherDetail | None:
    from domain.doctypes import title_of
    s = book.session
    v = s.get(Voucher, voucher_id)
    if v is None:
        return None
    rows = s.execute(select(VoucherLine, Account.code, Account.name, Customer.code, Customer.name, Supplier.code,
                            Supplier.name, Item.code, Item.name)
                     .join(Account, Account.id == VoucherLine.account_id)
                     .outerjoin(Customer, Customer.id == VoucherLine.customer_id)
                     .outerjoin(Supplier, Supplier.id == VoucherLine.supplier_id)
                     .outerjoin(Item, Item.id == VoucherLine.item_id)
                     .where(VoucherLine.voucher_id == v.id).order_by(VoucherLine.seq))
    lines = []
    for ln, acode, aname, ccode, cname, scode, sname, icode, iname in rows:
        dims = " ".join(x for x in (f"客户 {ccode} {cname}" if ccode else "", f"供应商 {scode} {sname}" if scode else "",
                                     f"存货 {icode} {iname}" if icode else "") if x)
        lines.append(VLine(ln.summary, f"{acode} {aname}", dims, ln.debit, ln.credit))
    src = s.get(Document, v.source_id) if v.source_id else None
    orig = s.get(Voucher, v.reverses_id) if v.reverses_id else None
    red = s.scalar(select(Voucher.id).where(Voucher.reverses_id == v.id))
    return VoucherDetail(v.id, v.period, v.word, v.number, v.date, v.summary, v.attachments, v.status, v.total,
                         v.preparer, v.reviewer or "", v.poster or "", src.id if src else None,
                         f"{title_of(src.type)} {src.no}" if src else ("期末结转" if v.source_type == "close" else ""),
                         f"{orig.word}-{orig.number}（{orig.period}）" if orig else "", red, lines)
