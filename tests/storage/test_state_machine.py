"""Random business on one book (hypothesis stateful testing): orders, shipments, invoices, receipts,
returns before and after invoicing, credit notes, allowances, the purchase chain, purchase returns,
manual expense vouchers and a month-end close. After every step `check` finds nothing and the
trial balance ties; stock on hand matches an independent model of the business.

Rules draw valid arguments from the model (what is open, shipped, invoiced, returned, on hand), so
a refusal of them is a product bug; a few rules send deliberately invalid input and require a
refusal that leaves the book as it was.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import func, select

from domain.errors import Rejected
from interchange.importer import import_data
from reports.statement import statement
from reports.trial_balance import trial_balance
from storage.models import (
    Account,
    Customer,
    Document,
    DocumentLine,
    Item,
    OpeningBalance,
    OpenItem,
    Period,
    StockBalance,
    Voucher,
    VoucherLine,
    Warehouse,
)
from storage.queries.checks import run_checks
from storage.refs import document
from tests import engines
from tests.rows import cash, purchases, sales, vouchers
from usecases import closing, exposure
from usecases.red_invoices import red_on_line, returned_pool
from usecases.setup import init_book

D = Decimal
START = dt.date(2026, 11, 1)
BANK = "100201"
ITEMS = {"A001": D("0.13"), "B002": D("0.09"), "C003": D("0.06")}
PRICES = {"A001": ["1130.00", "999.99", "1234.56", "33.33"], "B002": ["7.77", "0.07", "12.34"],
          "C003": ["33.33", "45.67", "0.99"]}
CUSTOMERS = ["C001", "C002", "C003"]
LIMITED = {"C003": D("20000.00")}
WAREHOUSES = ["W01", "W02"]
OPENING_STOCK = {("A001", "W01"): ("100", "600.00"), ("A001", "W02"): ("10", "612.34"),
                 ("B002", "W01"): ("500", "5.50"), ("C003", "W02"): ("200", "20.33")}
MASTER = {
    "accounts": [{"code": BANK, "name": "工商银行基本户", "parent": "1002"}],
    "customers": [{"code": "C001", "name": "华东机电有限公司"}, {"code": "C002", "name": "杭州启明贸易有限公司"},
                  {"code": "C003", "name": "南京远航科技有限公司", "credit_limit": "20000.00"}],
    "suppliers": [{"code": "S001", "name": "苏州精工部件厂"}],
    "items": [{"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": "0.13", "price": "1130.00"},
              {"code": "B002", "name": "精密螺丝", "unit": "盒", "tax_rate": "0.09", "price": "7.77"},
              {"code": "C003", "name": "技术服务包", "unit": "套", "tax_rate": "0.06", "price": "33.33"}],
    "warehouses": [{"code": "W01", "name": "主仓"}, {"code": "W02", "name": "二号仓"}],
    "opening_balances": {"date": "2026-10-31", "lines": [
        {"account": BANK, "debit": "500000.00"},
        {"account": "1122", "customer": "C001", "debit": "11300.00"},
        {"account": "1122", "customer": "C003", "debit": "5000.00"},
        {"account": "1405", "item": "A001", "debit": "66123.40"},
        {"account": "1405", "item": "B002", "debit": "2750.00"},
        {"account": "1405", "item": "C003", "debit": "4066.00"},
        {"account": "3001", "credit": "589239.40"}]},
    "opening_stock": [{"item": i, "warehouse": w, "qty": q, "unit_cost": c} for (i, w), (q, c) in OPENING_STOCK.items()],
}

qtys = st.integers(min_value=1, max_value=30).map(D)
days = st.integers(min_value=0, max_value=3)


def fmt(q: Decimal) -> str:
    return format(q.normalize(), "f") if q == q.to_integral_value() else format(q, "f")


class BookMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = tempfile.mkdtemp(prefix="zf-machine-")
        self.target = engines.new(Path(self.dir), "book.sqlite")
        self.book = init_book(self.target, "测试公司", "2026-11", revenue=self.revenue,
                              taxpayer=self.taxpayer)
        import_data(self.book, self.master())
        self.preparer = self.book.user
        self.day = START
        self.n = 0
        self.stock: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for (i, w), (q, _) in OPENING_STOCK.items():
            self.stock[(i, w)] = D(q)
        self.orders: dict[str, dict] = {}  # no → {customer, lines: {item: [qty, shipped]}}
        self.outbounds: dict[str, dict] = {}  # no → {customer, item, qty, invoiced, ret_before, ret_after, credited}
        self.invoices: dict[str, dict] = {}  # no → {customer, amount, lines: {outbound: qty}, credited: {outbound: qty}}
        self.pos: dict[str, dict] = {}  # no → {item, qty, received}
        self.inbounds: dict[str, dict] = {}  # no → {item, qty, wh, invoiced, ret_before, ret_after}
        self.closed = False
        self.pinvoices: dict[str, dict] = {}  # no → {lines: {inbound: qty}, credited: {inbound: qty}}

    revenue = "shipment"
    taxpayer = "general"

    def master(self) -> dict:
        """The master data; a small-scale taxpayer sells at its levy rates (3%, 1% while reduced)."""
        if self.taxpayer == "general":
            return MASTER
        rates = {"A001": "0.03", "B002": "0.01", "C003": "0.03"}
        return {**MASTER, "items": [{**it, "tax_rate": rates[it["code"]]} for it in MASTER["items"]]}

    def teardown(self):
        self.book.close()
        engines.discard(self.target)
        shutil.rmtree(self.dir, ignore_errors=True)

    # ---- helpers ---------------------------------------------------------------------------------

    def date(self, advance: int) -> str:
        self.day = min(self.day + dt.timedelta(days=advance), dt.date(2027, 1, 31))
        return self.day.isoformat()

    def no(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n:04d}"

    @staticmethod
    def valid(what: str, fn):
        """Run valid business: a refusal of it is a product bug."""
        try:
            return fn()
        except Rejected as e:
            raise AssertionError(f"valid {what} was refused: {e}") from e

    def refused(self, what: str, fn, *fragments: str) -> None:
        """Run deliberately invalid input: it must be refused, say why, and leave the book as it was."""
        before = self.fingerprint()
        try:
            fn()
        except Rejected as e:
            for fragment in fragments:
                assert fragment in str(e), f"{what}: {e}"
        else:
            raise AssertionError(f"invalid {what} was accepted")
        assert self.fingerprint() == before, f"refused {what} changed the book"

    def fingerprint(self):
        s = self.book.session
        s.expire_all()
        return (s.scalar(select(func.count()).select_from(Voucher)), s.scalar(select(func.count()).select_from(Document)),
                s.scalar(select(func.count()).select_from(VoucherLine)),
                tuple(s.execute(select(StockBalance.item_id, StockBalance.warehouse_id, StockBalance.qty,
                                       StockBalance.value).order_by(StockBalance.item_id, StockBalance.warehouse_id))),
                tuple(s.execute(select(OpenItem.id, OpenItem.open).order_by(OpenItem.id))))

    @staticmethod
    def draw_qty(data, top: Decimal) -> Decimal:
        """A quantity from 1 up to `top` (or `top` itself, e.g. a half unit that is left)."""
        if top < 1:
            return top
        return data.draw(st.one_of(st.integers(1, int(top)).map(D), st.just(top)), label="qty")

    def uninvoiced(self, o: dict) -> Decimal:
        return o["qty"] - o["invoiced"] - o["ret_before"]

    def returnable(self, o: dict) -> Decimal:
        return o["qty"] - o["ret_before"] - o["ret_after"]

    def pool(self, o: dict) -> Decimal:
        return o["ret_after"] - o["credited"]

    def creditable(self) -> list[tuple[str, str, Decimal]]:
        out = []
        for inv_no, inv in self.invoices.items():
            for out_no, q in inv["lines"].items():
                free = min(self.pool(self.outbounds[out_no]), q - inv["credited"].get(out_no, D(0)))
                if free > 0:
                    out.append((inv_no, out_no, free))
        return out

    def open_order_lines(self) -> list[tuple[str, str, Decimal]]:
        return [(no, item, qty - shipped) for no, o in self.orders.items()
                for item, (qty, shipped) in o["lines"].items() if qty > shipped]

    def on_hand(self, item: str) -> list[tuple[str, Decimal]]:
        return [(w, self.stock[(item, w)]) for w in WAREHOUSES if self.stock[(item, w)] > 0]

    def record_return(self, o: dict, q: Decimal) -> None:
        q1 = min(q, o["qty"] - o["invoiced"] - o["ret_before"])  # the uninvoiced part goes first
        o["ret_before"] += q1
        o["ret_after"] += q - q1

    # ---- sales ---------------------------------------------------------------------------------

    @rule(customer=st.sampled_from(CUSTOMERS), items=st.lists(st.sampled_from(sorted(ITEMS)), min_size=1,
                                                                   max_size=2, unique=True),
          data=st.data(), approved=st.booleans(), advance=days)
    def sales_order(self, customer, items, data, approved, advance):
        lines = [{"item": i, "qty": fmt(data.draw(qtys, label="qty")), "price": data.draw(st.sampled_from(PRICES[i]))}
                 for i in items]
        no, date = self.no("SO"), self.date(advance)
        amount = sum((_gross(D(ln["qty"]), D(ln["price"])) for ln in lines), D("0.00"))
        limit = LIMITED.get(customer)
        over = False
        if limit is not None:
            cust = self.book.session.scalar(select(Customer).where(Customer.code == customer))
            over = exposure.customer_exposure(self.book, cust.id) + amount > limit
        if over and not approved:
            self.refused("order over the credit limit", lambda: sales.create_sales_order(
                self.book, no, date, customer, lines), f"customer {customer} credit limit", "needs a manager's approval")
            return
        doc = self.valid("sales order", lambda: sales.create_sales_order(
            self.book, no, date, customer, lines, approved_by="销售经理" if approved else None))
        assert doc.approved_by == ("销售经理" if over else None)
        self.orders[no] = {"customer": customer, "lines": {ln["item"]: [D(ln["qty"]), D(0)] for ln in lines}}

    @precondition(lambda self: self.open_order_lines())
    @rule(data=st.data(), advance=days)
    def ship(self, data, advance):
        so, item, open_qty = data.draw(st.sampled_from(self.open_order_lines()), label="order line")
        stocked = self.on_hand(item)
        if not stocked:
            return
        wh, have = data.draw(st.sampled_from(stocked), label="warehouse")
        q = self.draw_qty(data, min(open_qty, have))
        no, date = self.no("OUT"), self.date(advance)
        self.valid("outbound", lambda: sales.ship(self.book, no, date, so, wh, [{"item": item, "qty": fmt(q)}]))
        self.orders[so]["lines"][item][1] += q
        self.stock[(item, wh)] -= q
        self.outbounds[no] = {"customer": self.orders[so]["customer"], "item": item, "qty": q, "invoiced": D(0),
                              "ret_before": D(0), "ret_after": D(0), "credited": D(0)}

    def _uninvoiced_outbounds(self):
        return [no for no, o in self.outbounds.items() if self.uninvoiced(o) > 0]

    @precondition(lambda self: self._uninvoiced_outbounds())
    @rule(data=st.data(), whole=st.booleans(), advance=days)
    def invoice(self, data, whole, advance):
        out_no = data.draw(st.sampled_from(self._uninvoiced_outbounds()), label="outbound")
        o = self.outbounds[out_no]
        no, date = self.no("INV"), self.date(advance)
        if whole:  # "all that is still uninvoiced" on every uninvoiced outbound of this customer
            nos = [n for n in self._uninvoiced_outbounds() if self.outbounds[n]["customer"] == o["customer"]]
            doc = self.valid("invoice of whole outbounds", lambda: sales.invoice(self.book, no, date, outbounds=nos))
            billed = {n: self.uninvoiced(self.outbounds[n]) for n in nos}
        else:
            q = self.draw_qty(data, self.uninvoiced(o))
            doc = self.valid("invoice", lambda: sales.invoice(self.book, no, date,
                                                              [{"outbound": out_no, "item": o["item"], "qty": fmt(q)}]))
            billed = {out_no: q}
        assert sum((ln.qty for ln in doc.lines), D(0)) == sum(billed.values(), D(0))
        for n, q in billed.items():
            self.outbounds[n]["invoiced"] += q
        self.invoices[no] = {"customer": o["customer"], "amount": doc.amount, "lines": billed, "credited": {}}

    @rule(customer=st.sampled_from(CUSTOMERS), fen=st.integers(1, 5_000_000),
          how=st.sampled_from(["oldest first", "unapplied", "to an invoice"]), advance=days)
    def receipt(self, customer, fen, how, advance):
        amount = D(fen) / 100
        no, date = self.no("RC"), self.date(advance)
        allocations = cash.NO_ALLOCATIONS if how == "oldest first" else []
        if how == "to an invoice":
            cust = self.book.session.scalar(select(Customer).where(Customer.code == customer))
            charge = self.book.session.scalar(select(OpenItem).where(  # an invoice or the opening balance
                OpenItem.party == "customer", OpenItem.party_id == cust.id, OpenItem.side == "charge",
                OpenItem.kind.in_(("invoice", "opening")), OpenItem.open > 0).order_by(OpenItem.id.desc()).limit(1))
            if charge is not None:
                allocations = [{"invoice": charge.ref, "amount": format(min(amount, charge.open), "f")}]
        self.valid("receipt", lambda: cash.receipt(self.book, no, date, customer, format(amount, ".2f"), BANK,
                                                   allocations))

    def _returnable_outbounds(self):
        return [no for no, o in self.outbounds.items() if self.returnable(o) > 0]

    @precondition(lambda self: self._returnable_outbounds())
    @rule(data=st.data(), wh=st.sampled_from(WAREHOUSES), advance=days)
    def sales_return(self, data, wh, advance):
        out_no = data.draw(st.sampled_from(self._returnable_outbounds()), label="outbound")
        o = self.outbounds[out_no]
        q = self.draw_qty(data, self.returnable(o))
        no, date = self.no("SR"), self.date(advance)
        self.valid("sales return", lambda: sales.sales_return(self.book, no, date, out_no, wh,
                                                              [{"item": o["item"], "qty": fmt(q)}]))
        self.record_return(o, q)
        self.stock[(o["item"], wh)] += q

    @precondition(lambda self: self.creditable())
    @rule(data=st.data(), advance=days)
    def credit_note_for_returned_goods(self, data, advance):
        inv_no, out_no, free = data.draw(st.sampled_from(self.creditable()), label="returned, invoiced goods")
        q = self.draw_qty(data, free)
        item = self.outbounds[out_no]["item"]
        if sum(1 for n in self.invoices[inv_no]["lines"] if self.outbounds[n]["item"] == item) > 1:
            return  # the note names an item, not an outbound: keep the model unambiguous
        no, date = self.no("CN"), self.date(advance)
        note = lambda: sales.credit_note(self.book, no, date, inv_no, [{"item": item, "qty": fmt(q)}])  # noqa: E731
        doc = self.valid("credit note", note)
        self.invoices[inv_no]["red"] = self.invoices[inv_no].get("red", D(0)) + doc.amount
        self.outbounds[out_no]["credited"] += q
        credited = self.invoices[inv_no]["credited"]
        credited[out_no] = credited.get(out_no, D(0)) + q

    @precondition(lambda self: self.invoices)
    @rule(data=st.data(), fen=st.integers(1, 30000), advance=days)
    def allowance(self, data, fen, advance):
        inv_no = data.draw(st.sampled_from(sorted(self.invoices)), label="invoice")
        doc = document(self.book, "invoice", inv_no, "invoice")
        ln = data.draw(st.sampled_from(sorted(doc.lines, key=lambda x: x.seq)), label="line")
        amount = min(D(fen) / 100, left_on_line(self.book, doc, ln, "credit_note"))  # never above the blue line
        if amount <= 0:
            return
        item = self.book.session.get(Item, ln.item_id).code
        no, date = self.no("CN"), self.date(advance)
        self.valid("allowance", lambda: sales.credit_note(self.book, no, date, inv_no, [
            {"item": item, "amount": format(amount, ".2f"), "line": ln.seq}]))

    # ---- purchases -----------------------------------------------------------------------------

    @rule(item=st.sampled_from(sorted(ITEMS)), qty=qtys, data=st.data(), advance=days)
    def purchase_order(self, item, qty, data, advance):
        price = data.draw(st.sampled_from(PRICES[item]), label="price")
        no, date = self.no("PO"), self.date(advance)
        self.valid("purchase order", lambda: purchases.create_purchase_order(
            self.book, no, date, "S001", [{"item": item, "qty": fmt(qty), "price": price}]))
        self.pos[no] = {"item": item, "qty": qty, "received": D(0)}

    def _open_pos(self):
        return [no for no, p in self.pos.items() if p["qty"] > p["received"]]

    @precondition(lambda self: self._open_pos())
    @rule(data=st.data(), wh=st.sampled_from(WAREHOUSES), advance=days)
    def inbound(self, data, wh, advance):
        po = data.draw(st.sampled_from(self._open_pos()), label="purchase order")
        p = self.pos[po]
        q = self.draw_qty(data, p["qty"] - p["received"])
        no, date = self.no("IN"), self.date(advance)
        self.valid("inbound", lambda: purchases.receive(self.book, no, date, po, wh,
                                                        [{"item": p["item"], "qty": fmt(q)}]))
        p["received"] += q
        self.stock[(p["item"], wh)] += q
        self.inbounds[no] = {"item": p["item"], "qty": q, "wh": wh, "invoiced": D(0), "ret_before": D(0),
                             "ret_after": D(0), "credited": D(0)}

    def _uninvoiced_inbounds(self):
        return [no for no, i in self.inbounds.items() if self.uninvoiced(i) > 0]

    @precondition(lambda self: self._uninvoiced_inbounds())
    @rule(data=st.data(), whole=st.booleans(), advance=days)
    def purchase_invoice(self, data, whole, advance):
        in_no = data.draw(st.sampled_from(self._uninvoiced_inbounds()), label="inbound")
        i = self.inbounds[in_no]
        left = self.uninvoiced(i)
        q = left if whole else self.draw_qty(data, left)
        no, date = self.no("PI"), self.date(advance)
        if whole:
            doc = self.valid("supplier invoice", lambda: purchases.purchase_invoice(self.book, no, date,
                                                                                    inbounds=[in_no]))
        else:
            doc = self.valid("supplier invoice", lambda: purchases.purchase_invoice(
                self.book, no, date, [{"inbound": in_no, "item": i["item"], "qty": fmt(q)}]))
        assert sum((ln.qty for ln in doc.lines), D(0)) == q
        i["invoiced"] += q
        self.pinvoices[no] = {"lines": {in_no: q}, "credited": {}}

    @rule(fen=st.integers(1, 3_000_000), unapplied=st.booleans(), advance=days)
    def payment(self, fen, unapplied, advance):
        no, date = self.no("PAY"), self.date(advance)
        self.valid("payment", lambda: cash.payment(self.book, no, date, "S001", format(D(fen) / 100, ".2f"), BANK,
                                                   [] if unapplied else cash.NO_ALLOCATIONS))

    def _returnable_inbounds(self):
        return [no for no, i in self.inbounds.items()
                if self.returnable(i) > 0 and self.stock[(i["item"], i["wh"])] > 0]

    @precondition(lambda self: self._returnable_inbounds())
    @rule(data=st.data(), advance=days)
    def purchase_return(self, data, advance):
        in_no = data.draw(st.sampled_from(self._returnable_inbounds()), label="inbound")
        i = self.inbounds[in_no]
        q = self.draw_qty(data, min(self.returnable(i), self.stock[(i["item"], i["wh"])]))
        no, date = self.no("PR"), self.date(advance)
        self.valid("purchase return", lambda: purchases.purchase_return(self.book, no, date, in_no, i["wh"],
                                                                        [{"item": i["item"], "qty": fmt(q)}]))
        self.record_return(i, q)
        self.stock[(i["item"], i["wh"])] -= q

    def purchase_creditable(self) -> list[tuple[str, str, Decimal]]:
        out = []
        for pi_no, pi in self.pinvoices.items():
            for in_no, q in pi["lines"].items():
                free = min(self.pool(self.inbounds[in_no]), q - pi["credited"].get(in_no, D(0)))
                if free > 0:
                    out.append((pi_no, in_no, free))
        return out

    @precondition(lambda self: self.purchase_creditable())
    @rule(data=st.data(), advance=days)
    def purchase_credit_note_for_returned_goods(self, data, advance):
        pi_no, in_no, free = data.draw(st.sampled_from(self.purchase_creditable()), label="purchase invoice line")
        i = self.inbounds[in_no]
        q = self.draw_qty(data, free)
        no, date = self.no("PCN"), self.date(advance)
        self.valid("supplier's red invoice", lambda: purchases.purchase_credit_note(
            self.book, no, date, pi_no, [{"item": i["item"], "qty": fmt(q)}]))
        i["credited"] += q
        credited = self.pinvoices[pi_no]["credited"]
        credited[in_no] = credited.get(in_no, D(0)) + q

    @precondition(lambda self: self.pinvoices)
    @rule(data=st.data(), fen=st.integers(1, 30000), advance=days)
    def supplier_allowance(self, data, fen, advance):
        pi_no = data.draw(st.sampled_from(sorted(self.pinvoices)), label="purchase invoice")
        doc = document(self.book, "purchase_invoice", pi_no, "invoice")
        ln = doc.lines[0]
        amount = min(D(fen) / 100, left_on_line(self.book, doc, ln, "purchase_credit_note"))
        if amount <= 0:
            return
        item = self.book.session.get(Item, ln.item_id).code
        no, date = self.no("PCN"), self.date(advance)
        self.valid("supplier allowance", lambda: purchases.purchase_credit_note(
            self.book, no, date, pi_no, [{"item": item, "amount": format(amount, ".2f"), "line": ln.seq}]))

    # ---- the ledger ----------------------------------------------------------------------------

    @rule(account=st.sampled_from(["5601", "5602", "5603", "5711"]), fen=st.integers(1, 2_000_000),
          advance=days)
    def expense_voucher(self, account, fen, advance):
        amount = format(D(fen) / 100, ".2f")
        date = self.date(advance)
        self.valid("manual voucher", lambda: vouchers.manual_voucher(
            self.book, date, "费用报销", [{"account": account, "debit": amount}, {"account": BANK, "credit": amount}]))

    @rule(customer=st.sampled_from(CUSTOMERS), fen=st.integers(1, 500_000), charge=st.booleans(), advance=days)
    def receivable_adjustment(self, customer, fen, charge, advance):
        """A manual voucher on 1122: a charge (Dr 1122 · Cr 5051) or a discount (Dr 5603 · Cr 1122)."""
        amount = format(D(fen) / 100, ".2f")
        lines = ([{"account": "1122", "customer": customer, "debit": amount}, {"account": "5051", "credit": amount}]
                 if charge else
                 [{"account": "5603", "debit": amount}, {"account": "1122", "customer": customer, "credit": amount}])
        date = self.date(advance)
        self.valid("receivable adjustment", lambda: vouchers.manual_voucher(self.book, date, "应收调整", lines))

    @precondition(lambda self: not self.closed and self.day >= dt.date(2026, 12, 1))
    @rule()
    def close_november(self):
        self.book.user = "会计"  # the reviewer is not the preparer
        try:
            vouchers.post_period(self.book, "2026-11")
            self.valid("close of 2026-11", lambda: closing.close_period(self.book, "2026-11"))
        finally:
            self.book.user = self.preparer
        self.closed = True
        self.refused("document in the closed period", lambda: cash.receipt(
            self.book, self.no("RC"), "2026-11-30", "C001", "1.00", BANK), "期间 2026-11 已结账")

    # ---- deliberately invalid input ---------------------------------------------------------------

    @precondition(lambda self: self.open_order_lines())
    @rule(data=st.data())
    def over_ship(self, data):
        so, item, open_qty = data.draw(st.sampled_from(self.open_order_lines()), label="order line")
        wh = data.draw(st.sampled_from(WAREHOUSES), label="warehouse")
        q = max(open_qty, self.stock[(item, wh)]) + 1
        self.refused("over-shipping", lambda: sales.ship(self.book, self.no("OUT"), self.day.isoformat(), so, wh,
                                                         [{"item": item, "qty": fmt(q)}]), "line 1", "超过")

    @precondition(lambda self: self.outbounds)
    @rule(data=st.data())
    def over_invoice(self, data):
        out_no = data.draw(st.sampled_from(sorted(self.outbounds)), label="outbound")
        o = self.outbounds[out_no]
        q = self.uninvoiced(o) + 1
        self.refused("over-invoicing", lambda: sales.invoice(
            self.book, self.no("INV"), self.day.isoformat(), [{"outbound": out_no, "item": o["item"], "qty": fmt(q)}]),
            "line 1", f"超过 {out_no} 上 {o['item']} 已出库未开票的 {fmt(self.uninvoiced(o))}")

    @precondition(lambda self: self.outbounds)
    @rule(data=st.data())
    def over_return(self, data):
        out_no = data.draw(st.sampled_from(sorted(self.outbounds)), label="outbound")
        o = self.outbounds[out_no]
        q = self.returnable(o) + 1
        self.refused("over-returning", lambda: sales.sales_return(
            self.book, self.no("SR"), self.day.isoformat(), out_no, "W01", [{"item": o["item"], "qty": fmt(q)}]),
            "line 1", f"超过 {out_no} 上 {o['item']} 已出库且未退货的 {fmt(self.returnable(o))}")

    @rule(bad=st.sampled_from([("customer", "C999"), ("item", "Z999"), ("qty", "0"), ("qty", "-3"),
                               ("qty", "1.00001"), ("price", "1.0000001"), ("date", "2026-11-31")]))
    def bad_sales_order(self, bad):
        field, value = bad
        row = {"customer": "C001", "item": "A001", "qty": "1", "price": "1.00", "date": self.day.isoformat()}
        row[field] = value
        self.refused(f"sales order with {field} {value}", lambda: sales.create_sales_order(
            self.book, self.no("SO"), row["date"], row["customer"],
            [{"item": row["item"], "qty": row["qty"], "price": row["price"]}]), value)

    # ---- invariants ----------------------------------------------------------------------------

    @invariant()
    def check_finds_nothing(self):
        assert {name: found for name, found in run_checks(self.book).items() if found} == {}

    @invariant()
    def trial_balance_ties(self):
        last = self.book.session.scalar(select(func.max(Period.period)))
        totals = trial_balance(self.book, "2026-11", last)["totals"]
        assert totals["opening_debit"] == totals["opening_credit"]
        assert totals["debit"] == totals["credit"]
        assert totals["closing_debit"] == totals["closing_credit"]

    @invariant()
    def statement_closing_equals_the_customers_receivable(self):
        s = self.book.session
        acc = s.scalar(select(Account.id).where(Account.code == "1122"))
        owed: dict[int, Decimal] = defaultdict(Decimal)
        for cid, d, c in s.execute(select(OpeningBalance.customer_id, OpeningBalance.debit, OpeningBalance.credit)
                                   .where(OpeningBalance.account_id == acc)):
            owed[cid] += d - c
        for cid, d, c in s.execute(select(VoucherLine.customer_id, VoucherLine.debit, VoucherLine.credit)
                                   .where(VoucherLine.account_id == acc)):
            owed[cid] += d - c
        for cust in s.scalars(select(Customer)):
            st_ = statement(self.book, cust, START, self.day)
            assert st_["closing"] == owed[cust.id], cust.code

    @invariant()
    def stock_on_hand_matches_the_business(self):
        s = self.book.session
        codes = dict(s.execute(select(Item.id, Item.code)).all())
        whs = dict(s.execute(select(Warehouse.id, Warehouse.code)).all())
        on_hand = {(codes[r.item_id], whs[r.warehouse_id]): r.qty for r in s.scalars(select(StockBalance)) if r.qty}
        assert on_hand == {k: v for k, v in self.stock.items() if v}

    @invariant()
    def inventory_account_equals_stock_value(self):
        s = self.book.session
        acc = s.scalar(select(Account.id).where(Account.code == "1405"))
        ledger: dict[int, Decimal] = defaultdict(Decimal)
        for item_id, d, c in s.execute(select(OpeningBalance.item_id, OpeningBalance.debit, OpeningBalance.credit)
                                       .where(OpeningBalance.account_id == acc)):
            ledger[item_id] += d - c
        for item_id, d, c in s.execute(select(VoucherLine.item_id, VoucherLine.debit, VoucherLine.credit)
                                       .where(VoucherLine.account_id == acc)):
            ledger[item_id] += d - c
        value: dict[int, Decimal] = defaultdict(Decimal)
        for r in s.scalars(select(StockBalance)):
            value[r.item_id] += r.value
        assert {k: v for k, v in ledger.items() if v} == {k: v for k, v in value.items() if v}


def left_on_line(book, inv, ln, red_type: str) -> Decimal:
    """What an allowance may still take from a blue invoice line: its gross less red invoices on it and
    less goods returned after invoicing that wait for their red invoice."""
    src = book.session.get(DocumentLine, ln.src_line_id)
    pending = max(returned_pool(book, src, red_type)[1].gross, D(0))
    return ln.gross - red_on_line(book, inv, ln, red_type).gross - pending


def _gross(qty: Decimal, price: Decimal) -> Decimal:
    return (qty * price).quantize(D("0.01"), rounding="ROUND_HALF_UP")


class InvoiceBookMachine(BookMachine):
    revenue = "invoice"


class SmallScaleBookMachine(BookMachine):
    taxpayer = "small"


class SmallScaleInvoiceBookMachine(BookMachine):
    revenue, taxpayer = "invoice", "small"


# Derandomized in the suite so CI is repeatable; search wider by hand with ZF_EXPLORE=N examples.
EXPLORE = int(os.environ.get("ZF_EXPLORE", "0"))
SETTINGS = settings(max_examples=EXPLORE or 25, stateful_step_count=40 if EXPLORE else 25, deadline=None,
                    derandomize=not EXPLORE, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
# Four books share the old budget of two: both template sets under both taxpayer types. On PostgreSQL
# two runs each: the same rules on the other engine's SQL, within the suite's time (a run there costs
# several times a SQLite one).
_PG = engines.on_postgresql()
BookMachine.TestCase.settings = settings(SETTINGS, max_examples=EXPLORE or (2 if _PG else 14))
InvoiceBookMachine.TestCase.settings = settings(SETTINGS, max_examples=EXPLORE or (2 if _PG else 7))
SmallScaleBookMachine.TestCase.settings = settings(SETTINGS, max_examples=EXPLORE or (2 if _PG else 7))
SmallScaleInvoiceBookMachine.TestCase.settings = settings(SETTINGS, max_examples=EXPLORE or (2 if _PG else 5))
TestRevenueAtShipment = BookMachine.TestCase
TestRevenueAtInvoice = InvoiceBookMachine.TestCase
TestSmallScaleAtShipment = SmallScaleBookMachine.TestCase
TestSmallScaleAtInvoice = SmallScaleInvoiceBookMachine.TestCase
