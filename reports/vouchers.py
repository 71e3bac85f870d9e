"""The voucher journal (序时账) as data: what `export vouchers` writes."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from domain.money import fmt_amount, fmt_qty
from reports.table import Col
from storage.book import Book
from storage.models import Account, Customer, Document, Item, Supplier, Voucher, VoucherLine


def journal(book: Book, first: str, last: str) -> list[dict]:
    s = book.session
    names = {a.id: (a.code, a.name) for a in s.scalars(select(Account))}
    customers = dict(s.execute(select(Customer.id, Customer.code)).all())
    suppliers = dict(s.execute(select(Supplier.id, Supplier.code)).all())
    items = dict(s.execute(select(Item.id, Item.code)).all())
    sources = dict(((i, (t, n)) for i, t, n in s.execute(select(Document.id, Document.type, Document.no))))
    out = []
    for v in s.scalars(select(Voucher).where(Voucher.period >= first, Voucher.period <= last)
                       .order_by(Voucher.period, Voucher.word, Voucher.number)):
        source = None
        if v.source_id is not None:
            t, n = sources[v.source_id]
            source = {"type": t, "no": n}
        elif v.source_type:
            source = {"type": v.source_type, "no": f"{v.period}"}
        out.append({
            "period": v.period, "word": v.word, "number": v.number, "date": v.date.isoformat(), "status": v.status,
            "summary": v.summary, "source": source, "preparer": v.preparer, "reviewer": v.reviewer,
            "lines": [{"summary": ln.summary, "account": names[ln.account_id][0], "account_name": names[ln.account_id][1],
                       "debit": fmt_amount(ln.debit), "credit": fmt_amount(ln.credit),
                       "customer": customers.get(ln.customer_id), "supplier": suppliers.get(ln.supplier_id),
                       "item": items.get(ln.item_id), "qty": fmt_qty(ln.qty) if ln.qty is not None else None}
                      for ln in v.lines]})
    return out


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
