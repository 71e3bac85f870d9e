"""The seven invariants of the books (ACCOUNTING.md), checked from the data as it lies on disk.

Each function returns findings in words; an empty list means the invariant holds. `check`
recomputes from voucher lines and documents rather than trusting the maintained tables, so a
book altered behind the product's back is caught.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from storage.book import Book
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
from storage.queries.receivables import received_not_invoiced, shipped_not_invoiced
from storage.sql import total

ZERO = Decimal("0.00")
MOVING = ("outbound", "receipt", "sales_return", "credit_note", "inbound", "purchase_invoice", "payment",
          "purchase_return", "invoice", "fixed_asset", "asset_disposal")


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
    }


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
    q = (select(Voucher.period, Voucher.word, Voucher.number, VoucherLine.seq, Account.code, Account.is_leaf,
                Account.aux, VoucherLine.customer_id, VoucherLine.supplier_id, VoucherLine.item_id)
         .join(Voucher, Voucher.id == VoucherLine.voucher_id).join(Account, Account.id == VoucherLine.account_id))
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


def _ledger_by(book: Book, account_code: str, dim) -> dict[int, Decimal]:
    """debit − credit per dimension value of an account, from opening balances and voucher lines."""
    acc = book.account_id(account_code)
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    dim_col = getattr(OpeningBalance, dim)
    for k, d, c in book.session.execute(select(dim_col, total(OpeningBalance.debit), total(OpeningBalance.credit))
                                        .where(OpeningBalance.account_id == acc).group_by(dim_col)):
        out[k or 0] += d - c
    dim_col = getattr(VoucherLine, dim)
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


def receivable_findings(book: Book) -> list[str]:
    ledger = _ledger_by(book, book.role("receivable"), "customer_id")
    aging = _open_items(book, "customer")
    if book.revenue_mode == "shipment":
        for row in shipped_not_invoiced(book):
            aging[row.party_id] += row.amount
    names = dict(book.session.execute(select(Customer.id, Customer.code)).all())
    out = [f"customer {names.get(k, k)}: receivable {ledger.get(k, ZERO)} but open items and uninvoiced "
           f"shipments come to {aging.get(k, ZERO)}"
           for k in sorted(set(ledger) | set(aging)) if ledger.get(k, ZERO) != aging.get(k, ZERO)]
    out += _open_item_integrity(book)
    payable = _ledger_by(book, book.role("payable"), "supplier_id")
    owed = _open_items(book, "supplier")
    snames = dict(book.session.execute(select(Supplier.id, Supplier.code)).all())
    out += [f"supplier {snames.get(k, k)}: payable {-payable.get(k, ZERO)} but open items come to {owed.get(k, ZERO)}"
            for k in sorted(set(payable) | set(owed)) if -payable.get(k, ZERO) != owed.get(k, ZERO)]
    return out


def _open_item_integrity(book: Book) -> list[str]:
    from storage.models import Allocation
    applied: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for credit_id, charge_id, amount in book.session.execute(select(Allocation.credit_id, Allocation.charge_id,
                                                                    Allocation.amount)):
        applied[credit_id] += amount
        applied[charge_id] += amount
    return [f"open item {oid} ({ref}): amount {amount} − allocations {applied[oid]} ≠ open {open_}"
            for oid, ref, amount, open_ in book.session.execute(select(OpenItem.id, OpenItem.ref, OpenItem.amount,
                                                                       OpenItem.open))
            if amount - applied[oid] != open_ or open_ < 0]


def stock_findings(book: Book) -> list[str]:
    ledger = _ledger_by(book, book.role("inventory"), "item_id")
    value: dict[int, Decimal] = defaultdict(lambda: ZERO)
    out = []
    codes = dict(book.session.execute(select(Item.id, Item.code)).all())
    for item_id, wh, qty, v in book.session.execute(select(StockBalance.item_id, StockBalance.warehouse_id,
                                                           StockBalance.qty, StockBalance.value)):
        value[item_id] += v
        if qty < 0:
            out.append(f"item {codes.get(item_id)}: negative stock {qty} in warehouse #{wh}")
    moves = {(i, w): (q, v) for i, w, q, v in book.session.execute(
        select(StockMove.item_id, StockMove.warehouse_id, total(StockMove.qty), total(StockMove.value))
        .group_by(StockMove.item_id, StockMove.warehouse_id))}
    for (i, w), (q, v) in moves.items():
        row = book.session.get(StockBalance, (i, w))
        if row is None or row.value != v or row.qty != q:
            out.append(f"item {codes.get(i)} warehouse #{w}: stock on hand disagrees with the stock ledger")
    out += [f"item {codes.get(k, k)}: inventory account {ledger.get(k, ZERO)} but stock value {value.get(k, ZERO)}"
            for k in sorted(set(ledger) | set(value)) if ledger.get(k, ZERO) != value.get(k, ZERO)]
    return out


def pending_findings(book: Book) -> list[str]:
    out = []
    pending = _ledger_by(book, book.role("output_vat_pending"), "customer_id")
    pending_total = -sum(pending.values(), ZERO)
    expected = sum((r.tax for r in shipped_not_invoiced(book)), ZERO) if book.revenue_mode == "shipment" else ZERO
    if pending_total != expected:
        out.append(f"{book.role('output_vat_pending')} is {pending_total} but tax on shipped, not invoiced goods is {expected}")
    grni = _ledger_by(book, book.role("goods_received_not_invoiced"), "supplier_id")
    net: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for r in received_not_invoiced(book):
        net[r.party_id] += r.net
    names = dict(book.session.execute(select(Supplier.id, Supplier.code)).all())
    out += [f"supplier {names.get(k, k)}: {book.role('goods_received_not_invoiced')} is {-grni.get(k, ZERO)} but "
            f"received, not invoiced goods are worth {net.get(k, ZERO)} net"
            for k in sorted(set(grni) | set(net)) if -grni.get(k, ZERO) != net.get(k, ZERO)]
    return out


def document_voucher_findings(book: Book) -> list[str]:
    out = []
    docs = {d.id: d for d in book.session.scalars(select(Document).where(Document.type.in_(MOVING)))}
    by_source: dict[int, list[Voucher]] = defaultdict(list)
    for v in book.session.scalars(select(Voucher).where(Voucher.source_id.is_not(None))):
        by_source[v.source_id].append(v)
    for doc_id, vs in by_source.items():
        d = docs.get(doc_id)
        if d is None:
            out.append(f"voucher {vs[0].word}-{vs[0].number} names a document that does not exist")
        elif len(vs) != 1 or d.voucher_id != vs[0].id:
            out.append(f"{d.type} {d.no}: {len(vs)} vouchers, linked voucher #{d.voucher_id}")
    for d in docs.values():
        if d.voucher_id is None and d.amount and d.type in ("outbound", "receipt", "payment", "inbound"):
            out.append(f"{d.type} {d.no} moves money or goods but has no voucher")
        elif d.voucher_id is not None and d.id not in by_source:
            out.append(f"{d.type} {d.no} links voucher #{d.voucher_id}, which does not name it back")
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


def _register_findings(book: Book) -> list[str]:
    from storage.queries.assets import register_findings
    return register_findings(book)
