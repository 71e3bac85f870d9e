"""The demo's master data: warehouses, the bank account, items, parties and the demand they make."""
from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import exists, select

from domain.master import parse_account, parse_bank_account, parse_item, parse_warehouse
from storage.models import Account, Customer, Item, OpeningBalance, Supplier, VoucherLine, Warehouse
from usecases import master

from . import parties
from .records import CENT, Product
from .state import BANK, State

D = Decimal
INTEGRAL_UNITS = ("台", "个", "套", "箱")


def setup(st: State) -> bool:
    """Create the master data the book lacks and load it into `st`; True when the book had no
    customers and no items (then opening balances follow)."""
    s = st.book.session

    def has(model: type[Customer | Item | Supplier | Warehouse]) -> bool:
        return bool(s.scalar(select(exists().where(model.id.is_not(None)))))

    empty = not has(Customer) and not has(Item)
    _bank_account(st)
    if not has(Warehouse):
        for code, name in (("W01", "主仓"), ("W02", "华南仓")):
            master.add_warehouse(st.book, parse_warehouse({"code": code, "name": name}))
    st.warehouses = dict(s.execute(select(Warehouse.code, Warehouse.id).where(Warehouse.active.is_(True))
                                   .order_by(Warehouse.code)).all())
    if has(Supplier):
        parties.load_suppliers(st)
        category: dict[str, str] = {}
    else:
        category = parties.make_suppliers(st)
    if has(Item):
        _load_items(st)
    else:
        _make_items(st, category)
    st.item_codes = {p.id: p.code for p in st.products.values()}
    st.monthly = monthly_sales(st)
    if has(Customer):
        parties.load_customers(st)
    else:
        parties.make_customers(st, st.monthly)
    _estimate_demand(st)
    st.by_code = {c.code: c for c in st.customers}
    return empty


def _bank_account(st: State) -> None:
    """The bank account money moves through: 100201 工商银行基本户, made when 1002 can take it."""
    book, s = st.book, st.book.session
    if BANK not in book.accounts:
        parent = s.scalar(select(Account).where(Account.code == "1002"))
        if parent is not None and parent.is_leaf and not s.scalar(
                select(exists().where(VoucherLine.account_id == parent.id))) and not s.scalar(
                select(exists().where(OpeningBalance.account_id == parent.id))):
            master.add_account(book, parse_account({"code": BANK, "name": "工商银行基本户", "parent": "1002"}))
            master.add_bank_account(book, parse_bank_account({
                "code": "ICBC", "name": "工商银行基本户", "account": BANK, "bank_name": "中国工商银行",
                "number": "".join(str(st.rng.randint(0, 9)) for _ in range(19))}))
    accounts = book.accounts
    if BANK in accounts and accounts[BANK].is_leaf:
        st.bank = BANK
    else:  # a book set up by hand: its first bank leaf
        st.bank = next(c for c in sorted(accounts) if c.startswith("1002") and accounts[c].is_leaf)


def _make_items(st: State, supplier_category: dict[str, str]) -> None:
    """About one item per ten orders from the catalogue in names.toml, every VAT rate among them,
    each bought from a supplier of its category."""
    rng = st.rng
    catalogue = [(cat["name"], prod, i, spec) for cat in st.names["categories"] for prod in cat["products"]
                 for i, spec in enumerate(prod["specs"])]
    count = min(len(catalogue), 100, max(20, st.orders // 10))
    one_each = set()
    for rate in sorted({prod["rate"] for _, prod, _, _ in catalogue}):  # every VAT rate has its goods
        one_each.add(rng.choice([k for k, (_, prod, _, _) in enumerate(catalogue) if prod["rate"] == rate]))
    rest = [k for k in range(len(catalogue)) if k not in one_each]
    chosen = sorted(one_each | set(rng.sample(rest, count - len(one_each))))
    by_category: dict[str, list[str]] = {}
    for code, cat in supplier_category.items():
        by_category.setdefault(cat, []).append(code)
    supplier_codes = sorted(st.suppliers)
    for n, k in enumerate(chosen, 1):
        cat, prod, i, spec = catalogue[k]
        lo, hi = D(str(prod["price"][0])), D(str(prod["price"][1]))
        steps = len(prod["specs"]) - 1
        price = _nice_price(lo + (hi - lo) * i / steps if steps else lo)
        code = f"A{n:03d}"
        row = {"code": code, "name": prod["name"], "unit": prod["unit"], "tax_rate": prod["rate"],
               "price": f"{price:.2f}", "spec": spec}
        item = master.add_item(st.book, parse_item(row, st.book.vat_rates))
        supplier = rng.choice(by_category.get(cat) or supplier_codes)
        q = [D(str(x)) for x in prod["qty"]]
        st.products[code] = Product(code, item.id, item.data.unit, item.data.tax_rate, price,
                                    (price * D(str(rng.uniform(0.6, 0.78)))).quantize(CENT), supplier,
                                    q[0], q[1], q[2], min(rng.paretovariate(1.3), 12.0))


def _load_items(st: State) -> None:
    """The book's own items, with order quantities guessed from their unit."""
    rng, supplier_codes = st.rng, sorted(st.suppliers)
    for item in st.book.session.scalars(select(Item).where(Item.active.is_(True)).order_by(Item.code)):
        price = item.price if item.price else D(rng.randint(20, 2000))
        if item.unit in INTEGRAL_UNITS:
            lo, hi, step = D(1), D(10 if price > 500 else 100), D(1)
        else:
            lo, hi, step = D(10), D(500), D("0.5")
        st.products[item.code] = Product(
            item.code, item.id, item.unit, item.tax_rate, price, (price * D("0.7")).quantize(CENT),
            rng.choice(supplier_codes), lo, hi, step, min(rng.paretovariate(1.3), 12.0))


def monthly_sales(st: State) -> D:
    """Expected gross sales of a month, from the catalogue and the order mix."""
    total_w = sum(p.weight for p in st.products.values())
    per_line = sum(D(p.weight / total_w) * p.mean_qty * p.price for p in st.products.values())
    return (D(st.per_month) * D("2.2") * per_line).quantize(CENT)


def _estimate_demand(st: State) -> None:
    """Expected weekly quantity per item and warehouse: what purchasing plans stock by."""
    total_w = sum(p.weight for p in st.products.values())
    cust_w = sum(c.weight for c in st.customers)
    share: defaultdict[str, float] = defaultdict(float)
    for c in st.customers:
        wh = c.warehouse if c.warehouse in st.warehouses else next(iter(st.warehouses))
        c.warehouse = wh
        share[wh] += c.weight / cust_w
    weekly_lines = st.per_month * 12 / 52 * 2.2
    for p in st.products.values():
        for wh in st.warehouses:
            st.weekly[(p.code, wh)] = D(weekly_lines * p.weight / total_w * share[wh]) * p.mean_qty


def _nice_price(x: D) -> D:
    """A list price as people write it: tens above 1,000, yuan above 100, jiao above 10."""
    unit = D(10) if x >= 1000 else D(1) if x >= 100 else D("0.1") if x >= 10 else CENT
    return ((x / unit).to_integral_value(ROUND_HALF_UP) * unit).quantize(CENT)
