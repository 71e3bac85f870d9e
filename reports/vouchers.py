"""The voucher journal (序时账) as data: what `export vouchers` writes."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from sqlalchemy import select

from domain.money import fmt_amount, fmt_qty
from reports.output import checkpoint
from reports.table import Col
from storage.book import Book
from storage.models import Account, Customer, Document, Item, Supplier, Voucher, VoucherLine


def journal(book: Book, first: str, last: str) -> list[dict]:
    return list(journal_vouchers(book, first, last))


def journal_vouchers(book: Book, first: str, last: str, batch: int = 5000) -> Iterator[dict]:
    """The vouchers of `export vouchers --format json` (INTERCHANGE.md), one at a time, from one
    query over their lines read in batches: memory stays flat however long the range."""
    v, ln = Voucher, VoucherLine
    q = (select(v.id, v.period, v.word, v.number, v.date, v.status, v.summary, v.source_id, v.source_type,
                Document.type, Document.no, v.preparer, v.reviewer,
                ln.id, ln.summary, Account.code, Account.name, ln.debit, ln.credit,
                Customer.code, Supplier.code, Item.code, ln.qty)
         .outerjoin(ln, ln.voucher_id == v.id).outerjoin(Account, Account.id == ln.account_id)
         .outerjoin(Document, Document.id == v.source_id).outerjoin(Customer, Customer.id == ln.customer_id)
         .outerjoin(Supplier, Supplier.id == ln.supplier_id).outerjoin(Item, Item.id == ln.item_id)
         .where(v.period >= first, v.period <= last).order_by(v.period, v.word, v.number, ln.seq)
         .execution_options(yield_per=batch))
    current: dict | None = None
    current_id = None
    for (vid, period, word, number, date, status, vsum, source_id, source_type, dtype, dno, preparer, reviewer,
         line_id, summary, code, name, debit, credit, cust, supp, item, qty) in book.session.execute(q):
        if vid != current_id:
            if current is not None:
                yield current
            source = ({"type": dtype, "no": dno} if source_id is not None
                      else {"type": source_type, "no": f"{period}"} if source_type else None)
            current_id = vid
            current = {"period": period, "word": word, "number": number, "date": date.isoformat(),
                       "status": status, "summary": vsum, "source": source, "preparer": preparer,
                       "reviewer": reviewer, "lines": []}
        if line_id is not None:
            current["lines"].append({  # type: ignore[index]
                "summary": summary, "account": code, "account_name": name,
                "debit": fmt_amount(debit), "credit": fmt_amount(credit),
                "customer": cust, "supplier": supp, "item": item,
                "qty": fmt_qty(qty) if qty is not None else None})
    if current is not None:
        yield current


def write_journal_json(vouchers: Iterable[dict], out: IO[str], progress: Callable[[int], None] | None = None) -> int:
    """`{"vouchers": [...]}` written voucher by voucher, byte for byte what
    json.dumps(…, ensure_ascii=False, indent=1) writes for the whole list; returns the count.
    A voucher is dumped on its own and indented two levels: JSON escapes every newline inside a
    string, so each newline of the dump is one of the layout's."""
    out.write('{\n "vouchers": [')
    count = 0
    for voucher in vouchers:
        out.write(("," if count else "") + "\n  "
                  + json.dumps(voucher, ensure_ascii=False, indent=1).replace("\n", "\n  "))
        count += 1
        if count % 500 == 0:
            checkpoint()
            if progress is not None:
                progress(count)
    out.write("\n ]\n}" if count else "]\n}")
    return count


# The journal as one table, streamed from the book for the Excel and CSV writers alike.
JOURNAL_COLUMNS = (
    Col("期间", "code", 8, "period"), Col("凭证字", "text", 5, "word"), Col("凭证号", "int", 6, "number"),
    Col("日期", "date", 10, "date"), Col("状态", "text", 7, "status"), Col("凭证摘要", "text", 30, "voucher_summary"),
    Col("来源单据类型", "text", 12, "source_type"), Col("来源单号", "code", 14, "source_no"),
    Col("摘要", "text", 28, "summary"), Col("科目编码", "code", 10, "account"), Col("科目名称", "text", 14, "account_name"),
    Col("借方金额", "money", 13, "debit"), Col("贷方金额", "money", 13, "credit"),
    Col("客户编码", "code", 8, "customer"), Col("客户名称", "text", 18, "customer_name"),
    Col("供应商编码", "code", 8, "supplier"), Col("供应商名称", "text", 18, "supplier_name"),
    Col("存货编码", "code", 8, "item"), Col("存货名称", "text", 14, "item_name"), Col("数量", "qty", 8, "qty"))

# What the book stores in English, as a clerk reads it (REPORTS.md v3: Chinese for every stored code).
VOUCHER_STATUS = {"saved": "未审核", "reviewed": "已审核", "posted": "已记账"}
CLOSE_SOURCES = {"close": "结转损益", "close_step": "期末处理"}


def source_title(kind: str | None) -> str:
    from domain.doctypes import title_of
    if not kind:
        return ""
    return CLOSE_SOURCES.get(kind) or title_of(kind)


def journal_rows(book: Book, first: str, last: str, batch: int = 5000) -> Iterator[tuple]:
    """One typed row per voucher line, in voucher order, fetched in batches: memory stays flat
    however long the journal."""
    v, ln = Voucher, VoucherLine
    q = (select(v.period, v.word, v.number, v.date, v.status, v.summary, Document.type, Document.no, v.source_type,
                ln.summary, Account.code, Account.name, ln.debit, ln.credit, Customer.code, Customer.name,
                Supplier.code, Supplier.name, Item.code, Item.name, ln.qty)
         .join(v, v.id == ln.voucher_id).join(Account, Account.id == ln.account_id)
         .outerjoin(Document, Document.id == v.source_id).outerjoin(Customer, Customer.id == ln.customer_id)
         .outerjoin(Supplier, Supplier.id == ln.supplier_id).outerjoin(Item, Item.id == ln.item_id)
         .where(v.period >= first, v.period <= last).order_by(v.period, v.word, v.number, ln.seq)
         .execution_options(yield_per=batch))
    titles: dict[str | None, str] = {}
    for (period, word, number, date, status, vsum, dtype, dno, stype, summary, code, name, debit, credit, cust,
         cust_name, supp, supp_name, item, item_name, qty) in book.session.execute(q):
        src_type, src_no = (dtype, dno) if dtype else (stype, period) if stype else ("", "")
        if src_type not in titles:
            titles[src_type] = source_title(src_type)
        yield (period, word, number, date, VOUCHER_STATUS.get(status, status), vsum, titles[src_type], src_no, summary,
               code, name, debit, credit, cust or "", cust_name or "", supp or "", supp_name or "", item or "",
               item_name or "", qty)


def account_paths(book: Book) -> dict[str, str]:
    """Every account by its full path, as a voucher prints it: 应交税费—应交增值税—销项税额."""
    from storage.queries.balances import chart
    by_id = {a.id: a for a in chart(book)}
    paths: dict[int, str] = {}

    def path(i: int) -> str:
        if i not in paths:
            a = by_id[i]
            parent = a.parent_id if a.parent_id in by_id else None
            paths[i] = a.name if parent is None else f"{path(parent)}—{a.name}"
        return paths[i]
    return {a.code: path(a.id) for a in by_id.values()}


def printable(book: Book, first: str, last: str) -> Iterator[dict]:
    """Vouchers as the print wants them: typed lines with full account paths and the customer,
    supplier or item by name and code, who signed, and 附单据 counting the source document."""
    from itertools import groupby
    paths = account_paths(book)
    heads = {(v.period, v.word, v.number): v for v in book.session.execute(
        select(Voucher.period, Voucher.word, Voucher.number, Voucher.attachments, Voucher.preparer,
               Voucher.reviewer, Voucher.poster, Voucher.source_id).where(Voucher.period >= first,
                                                                          Voucher.period <= last))}
    for key, rows in groupby(journal_rows(book, first, last), key=lambda r: r[:3]):
        lines = list(rows)
        h = heads[key]
        # The business document a voucher was written from is its first attachment (REPORTS.md v3).
        attachments = max(h.attachments or 0, 1 if h.source_id is not None else 0)
        yield {"period": key[0], "word": key[1], "number": key[2], "date": lines[0][3], "summary": lines[0][5],
               "attachments": attachments, "preparer": h.preparer, "reviewer": h.reviewer or "",
               "poster": h.poster or "",
               "lines": [{"summary": r[8], "account": r[9], "account_name": paths.get(r[9], r[10]),
                          "debit": r[11], "credit": r[12], "dimension": r[13] or r[15] or r[17],
                          "dimension_name": r[14] or r[16] or r[18]} for r in lines]}
