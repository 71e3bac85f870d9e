"""The seven invariants of the books (ACCOUNTING.md), checked from the data as it lies on disk.

Each function returns findings in words; an empty list means the invariant holds. `check`
recomputes from voucher lines and documents rather than trusting the maintained tables, so a
book altered behind the product's back is caught.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import BigInteger, func, select, type_coerce

from storage.book import Book
from storage.cash_flows import findings as cash_flow_findings
from storage.ledger import balances_from_lines, maintained_balances
from storage.models import (
    Account,
    Balance,
    Customer,
    Document,
    Item,
    OpeningBalance,
    OpenItem,
    StockBalance,
    StockMove,
    Supplier,
    Voucher,
    VoucherLine,
)
from storage.queries.checks_v2 import v2_findings
from storage.queries.checks_v3 import v3_findings
from storage.queries.receivables import unbilled_by_party
from storage.sql import total

ZERO = Decimal("0.00")
MOVING = ("outbound", "receipt", "sales_return", "credit_note", "inbound", "purchase_invoice", "payment",
          "purchase_return", "invoice", "fixed_asset", "asset_disposal",
          "purchase_credit_note")


def run_checks(book: Book) -> dict[str, list[str]]:
    return {
        "1 vouchers balance, on leaf accounts with their dimensions": voucher_findings(book),
        "2 trial balance ties": trial_balance_findings(book),
        "3 receivables: ledger = statement = aging": receivable_findings(book),
        "4 stock value = inventory account per item": stock_findings(book),
        "5 pending VAT and goods received not invoiced": pending_findings(book),
        "6 one voucher per document": document_voucher_findings(book),
        "7 voucher numbers gapless": numbering_findings(book),
        "8 fixed-asset register = 1601 − 1602": _register_findings(book),
        **v2_findings(book),
        **v3_findings(book),
        "13 cash-flow rows = each voucher's change in cash": cash_flow_findings(book),
        "16 operation log unbroken (hash chain)": _log_findings(book),
        "17 each fixed-asset card ties to 1601/1602": _card_findings(book),
    }


def _log_findings(book: Book) -> list[str]:
    from storage.oplog import verify
    return verify(book)


def subledger_findings(book: Book) -> list[str]:
    return receivable_findings(book) + stock_findings(book) + pending_findings(book)


def voucher_findings(book: Book) -> list[str]:
    out = []
    q = (select(Voucher.word, Voucher.number, Voucher.period, Voucher.total, total(VoucherLine.debit),
                total(VoucherLine.credit)).join(VoucherLine, VoucherLine.voucher_id == Voucher.id)
         .group_by(Voucher.id))
    for word, number, period, vtotal, d, c in book.session.execute(q):
        if d != c or d != vtotal:
            out.append(f"voucher {period} {word}-{number}: debits {d} and credits {c} (recorded total {vtotal})")
    # only the lines that break a rule come back from SQL; the sentences are written here
    from sqlalchemy import or_
    aux = func.coalesce(Account.aux, "")
    dims = {"customer": VoucherLine.customer_id, "supplier": VoucherLine.supplier_id, "item": VoucherLine.item_id}
    wrong = or_(~Account.is_leaf, *[((aux == k) & col.is_(None)) | ((aux != k) & col.is_not(None))
                                    for k, col in dims.items()])
    q = (select(Voucher.period, Voucher.word, Voucher.number, VoucherLine.seq, Account.code, Account.is_leaf,
                Account.aux, VoucherLine.customer_id, VoucherLine.supplier_id, VoucherLine.item_id)
         .join(Voucher, Voucher.id == VoucherLine.voucher_id).join(Account, Account.id == VoucherLine.account_id)
         .where(wrong))
    for period, word, number, seq, code, leaf, aux, c, s, i in book.session.execute(q):
        dims = {"customer": c, "supplier": s, "item": i}
        where = f"voucher {period} {word}-{number} line {seq} ({code})"
        if not leaf:
            out.append(f"{where}: account has sub-accounts")
        if aux and dims[aux] is None:
            out.append(f"{where}: {aux} missing")
        extra = [k for k, v in dims.items() if v is not None and k != aux]
        if extra:
            out.append(f"{where}: carries {', '.join(extra)} the account does not keep")
    return out


def trial_balance_findings(book: Book) -> list[str]:
    out = []
    od, oc = book.session.execute(select(total(OpeningBalance.debit), total(OpeningBalance.credit))).one()
    if od != oc:
        out.append(f"opening balances: debit {od} ≠ credit {oc}")
    for period, d, c in book.session.execute(select(Balance.period, total(Balance.debit), total(Balance.credit))
                                             .group_by(Balance.period)):
        if d != c:
            out.append(f"period {period}: debit {d} ≠ credit {c}")
    kept, lines = maintained_balances(book), balances_from_lines(book)
    for key in sorted(set(kept) | set(lines), key=str):
        a, b = kept.get(key, (ZERO, ZERO)), lines.get(key, (ZERO, ZERO))
        if a != b:
            out.append(f"period {key[0]} account {book.account_code(key[1])}: kept balance {a[0]}/{a[1]} "
                       f"but voucher lines say {b[0]}/{b[1]}")
    return out


def _ledger_by(book: Book, account_code: str, dim, maintained: bool = False) -> dict[int, Decimal]:
    """debit − credit per dimension value of an account, from opening balances and voucher lines —
    or, `maintained`, from the balances kept as vouchers land (the close: each period's balances were
    held against its lines when it closed, and the month's own are by its trial balance check)."""
    acc = book.account_id(account_code)
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    dim_col = getattr(OpeningBalance, dim)
    for k, d, c in book.session.execute(select(dim_col, total(OpeningBalance.debit), total(OpeningBalance.credit))
                                        .where(OpeningBalance.account_id == acc).group_by(dim_col)):
        out[k or 0] += d - c
    dim_col = getattr(Balance if maintained else VoucherLine, dim)
    if maintained:
        for k, d, c in book.session.execute(select(dim_col, total(Balance.debit), total(Balance.credit))
                                            .where(Balance.account_id == acc).group_by(dim_col)):
            out[k or 0] += d - c
        return out
    for k, d, c in book.session.execute(select(dim_col, total(VoucherLine.debit), total(VoucherLine.credit))
                                        .where(VoucherLine.account_id == acc).group_by(dim_col)):
        out[k or 0] += d - c
    return out


def _open_items(book: Book, party: str) -> dict[int, Decimal]:
    """Charges open − credits open per party: what open-item bookkeeping says is owed."""
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for pid, side, amount in book.session.execute(select(OpenItem.party_id, OpenItem.side, total(OpenItem.open))
                                                  .where(OpenItem.party == party)
                                                  .group_by(OpenItem.party_id, OpenItem.side)):
        out[pid] += amount if side == "charge" else -amount
    return out


def _advances_by_customer(book: Book) -> dict[int, Decimal]:
    """debit − credit on 2203 per customer from matched receipts and their 预收冲应收 vouchers (BANKS.md
    version 3); a manual 2203 line is not an open item and stays out."""
    if "2203" not in book.accounts:
        return {}
    q = (select(VoucherLine.customer_id, total(VoucherLine.debit), total(VoucherLine.credit))
         .join(Voucher, Voucher.id == VoucherLine.voucher_id)
         .where(VoucherLine.account_id == book.account_id("2203"), Voucher.source_type.in_(("receipt", "advance")))
         .group_by(VoucherLine.customer_id))
    return {k or 0: d - c for k, d, c in book.session.execute(q)}


def _unbilled_by_party(book: Book, src_type: str, since: dt.date | None):
    if since is None:
        return unbilled_by_party(book, src_type)
    from storage.queries.receivables import open_unbilled_by_party
    return open_unbilled_by_party(book, src_type)


def receivable_findings(book: Book, since: dt.date | None = None) -> list[str]:
    """Receivables and payables against their open items (and goods shipped, not invoiced). With
    `since` (the end of the last closed period, for the close): the ledger from maintained balances,
    what is not invoiced from the documents still open, and the open items' own sums only for those
    touched after that day — the same findings, without reading the whole book again."""
    maintained = since is not None
    ledger = _ledger_by(book, book.role("receivable"), "customer_id", maintained)
    for k, v in _advances_by_customer(book).items():  # what matched receipts hold on 2203 is open money too
        ledger[k] = ledger.get(k, ZERO) + v
    aging = _open_items(book, "customer")
    if book.revenue_mode == "shipment":
        for party_id, (gross, _net, _tax) in _unbilled_by_party(book, "outbound", since).items():
            aging[party_id] += gross
    names = dict(book.session.execute(select(Customer.id, Customer.code)).all())
    out = [f"customer {names.get(k, k)}: receivable {ledger.get(k, ZERO)} but open items and uninvoiced "
           f"shipments come to {aging.get(k, ZERO)}"
           for k in sorted(set(ledger) | set(aging)) if ledger.get(k, ZERO) != aging.get(k, ZERO)]
    out += _open_item_integrity(book, since)
    payable = _ledger_by(book, book.role("payable"), "supplier_id", maintained)
    owed = _open_items(book, "supplier")
    snames = dict(book.session.execute(select(Supplier.id, Supplier.code)).all())
    out += [f"supplier {snames.get(k, k)}: payable {-payable.get(k, ZERO)} but open items come to {owed.get(k, ZERO)}"
            for k in sorted(set(payable) | set(owed)) if -payable.get(k, ZERO) != owed.get(k, ZERO)]
    return out


def _open_item_integrity(book: Book, since: dt.date | None = None) -> list[str]:
    """Each open item's open = amount − what allocations applied to it (as charge or as credit),
    never below zero — one aggregate in SQL, only the rows that disagree come back. With `since`,
    only the items dated after it or touched by an allocation dated after it (the rest were held
    when the last period closed, and a closed period takes no allocation)."""
    from sqlalchemy import union, union_all

    from storage.models import Allocation
    touched = None
    if since is not None:
        touched = union(select(OpenItem.id).where(OpenItem.date > since),
                        select(Allocation.credit_id).where(Allocation.date > since),
                        select(Allocation.charge_id).where(Allocation.date > since))
    credits = select(Allocation.credit_id.label("item_id"), Allocation.amount.label("amount"))
    charges = select(Allocation.charge_id.label("item_id"), Allocation.amount.label("amount"))
    if touched is not None:
        credits = credits.where(Allocation.credit_id.in_(touched))
        charges = charges.where(Allocation.charge_id.in_(touched))
    applied_rows = union_all(credits, charges).subquery()
    applied = (select(applied_rows.c.item_id, total(applied_rows.c.amount).label("applied"))
               .group_by(applied_rows.c.item_id).subquery())
    done = func.coalesce(applied.c.applied, 0)
    q = (select(OpenItem.id, OpenItem.ref, OpenItem.amount, applied.c.applied, OpenItem.open)
         .outerjoin(applied, applied.c.item_id == OpenItem.id)
         .where((type_coerce(OpenItem.amount, BigInteger) - type_coerce(done, BigInteger)
                 != type_coerce(OpenItem.open, BigInteger)) | (type_coerce(OpenItem.open, BigInteger) < 0)))
    if touched is not None:
        q = q.where(OpenItem.id.in_(touched))
    return [f"open item {oid} ({ref}): amount {amount} − allocations {applied_ or ZERO} ≠ open {open_}"
            for oid, ref, amount, applied_, open_ in book.session.execute(q)]


def stock_findings(book: Book) -> list[str]:
    return negative_stock_findings(book) + stock_ledger_findings(book)


def negative_stock_findings(book: Book) -> list[str]:
    codes = dict(book.session.execute(select(Item.id, Item.code)).all())
    return [f"item {codes.get(item_id)}: negative stock {qty} in warehouse #{wh}"
            for item_id, wh, qty in book.session.execute(
                select(StockBalance.item_id, StockBalance.warehouse_id, StockBalance.qty)
                .where(type_coerce(StockBalance.qty, BigInteger) < 0))]


def stock_ledger_findings(book: Book, since: dt.date | None = None) -> list[str]:
    """Stock on hand = its moves per item and warehouse; 1405 per item = the stock's value. With
    `since` (the close): 1405 from maintained balances against the stock on hand, kept as moves post."""
    ledger = _ledger_by(book, book.role("inventory"), "item_id", since is not None)
    value: dict[int, Decimal] = defaultdict(lambda: ZERO)
    out = []
    codes = dict(book.session.execute(select(Item.id, Item.code)).all())
    on_hand = {(i, w): (q, v) for i, w, q, v in book.session.execute(
        select(StockBalance.item_id, StockBalance.warehouse_id, StockBalance.qty, StockBalance.value))}
    for (item_id, _wh), (_q, v) in on_hand.items():
        value[item_id] += v
    summed = (select(StockMove.item_id, StockMove.warehouse_id, total(StockMove.qty), total(StockMove.value))
              .group_by(StockMove.item_id, StockMove.warehouse_id))
    # The close (`since`) trusts the stock kept in the same transaction as its moves — summing every
    # move of the book was most of a close's cost at 50,000 orders; `check` still sums them.
    moves = {} if since is not None else {(i, w): (q, v) for i, w, q, v in book.session.execute(summed)}
    for (i, w), (q, v) in moves.items():
        if on_hand.get((i, w)) != (q, v):
            out.append(f"item {codes.get(i)} warehouse #{w}: stock on hand disagrees with the stock ledger")
    out += [f"item {codes.get(k, k)}: inventory account {ledger.get(k, ZERO)} but stock value {value.get(k, ZERO)}"
            for k in sorted(set(ledger) | set(value)) if ledger.get(k, ZERO) != value.get(k, ZERO)]
    return out


def pending_findings(book: Book, since: dt.date | None = None) -> list[str]:
    """Output VAT pending and goods received not invoiced against what is not yet invoiced; with
    `since` (the close), from maintained balances and the documents still open."""
    out = []
    maintained = since is not None
    pending = _ledger_by(book, book.role("output_vat_pending"), "customer_id", maintained)
    pending_total = -sum(pending.values(), ZERO)
    expected = (sum((tax for _g, _n, tax in _unbilled_by_party(book, "outbound", since).values()), ZERO)
                if book.revenue_mode == "shipment" else ZERO)
    if pending_total != expected:
        out.append(f"{book.role('output_vat_pending')} is {pending_total} but tax on shipped, not invoiced goods is {expected}")
    grni = _ledger_by(book, book.role("goods_received_not_invoiced"), "supplier_id", maintained)
    net: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for party_id, (_gross, net_left, _tax) in _unbilled_by_party(book, "inbound", since).items():
        net[party_id] += net_left
    names = dict(book.session.execute(select(Supplier.id, Supplier.code)).all())
    out += [f"supplier {names.get(k, k)}: {book.role('goods_received_not_invoiced')} is {-grni.get(k, ZERO)} but "
            f"received, not invoiced goods are worth {net.get(k, ZERO)} net"
            for k in sorted(set(grni) | set(net)) if -grni.get(k, ZERO) != net.get(k, ZERO)]
    return out


def document_voucher_findings(book: Book) -> list[str]:
    """Each document that moves money or goods has exactly one voucher naming it, linked both ways —
    three queries that return only the rows that break the rule."""
    from sqlalchemy import or_
    out = []
    per_source = (select(Voucher.source_id, func.count().label("n"), func.min(Voucher.id).label("first"),
                         func.min(Voucher.word).label("word"), func.min(Voucher.number).label("number"))
                  .where(Voucher.source_id.is_not(None)).group_by(Voucher.source_id).subquery())
    for _source, n, _first, word, number, doc_type, no, linked in book.session.execute(
            select(per_source, Document.type, Document.no, Document.voucher_id)
            .outerjoin(Document, (Document.id == per_source.c.source_id) & Document.type.in_(MOVING))
            .where(or_(Document.id.is_(None), per_source.c.n != 1, Document.voucher_id.is_(None),
                       Document.voucher_id != per_source.c.first))):
        if doc_type is None:
            out.append(f"voucher {word}-{number} names a document that does not exist")
        else:
            out.append(f"{doc_type} {no}: {n} vouchers, linked voucher #{linked}")
    for doc_type, no, linked in book.session.execute(
            select(Document.type, Document.no, Document.voucher_id)
            .outerjoin(per_source, per_source.c.source_id == Document.id).where(
                Document.type.in_(MOVING),
                or_((Document.voucher_id.is_(None)) & (type_coerce(Document.amount, BigInteger) != 0)
                    & Document.type.in_(("outbound", "receipt", "payment", "inbound"))
                    & (func.coalesce(Document.memo, "") != "opening document"),  # in the opening balances
                    Document.voucher_id.is_not(None) & per_source.c.source_id.is_(None)))
            .order_by(Document.id)):
        if linked is None:
            out.append(f"{doc_type} {no} moves money or goods but has no voucher")
        else:
            out.append(f"{doc_type} {no} links voucher #{linked}, which does not name it back")
    return out


def numbering_findings(book: Book) -> list[str]:
    out = []
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for period, word, n in book.session.execute(select(Voucher.period, Voucher.word, Voucher.number)):
        numbers[(period, word)].append(n)
    for (period, word), ns in sorted(numbers.items()):
        if sorted(ns) != list(range(1, len(ns) + 1)):
            missing = sorted(set(range(1, max(ns) + 1)) - set(ns))[:5]
            out.append(f"{period} {word}: numbers are not 1…{len(ns)} without gaps (missing {missing})")
    return out


def _card_findings(book: Book) -> list[str]:
    from storage.queries.assets import card_findings
    return card_findings(book)


def _register_findings(book: Book) -> list[str]:
    from storage.queries.assets import register_findings
    return register_findings(book)

