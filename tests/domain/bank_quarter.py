"""A labelled quarter of bank files, made to look like the held-out data of issue 28, with a fixed seed.

Customers come in look-alike groups (江苏恒力液压有限公司 / 恒力液压（苏州）有限公司, a head office and its
分公司, 华东机电 / 华东电气) and with long names a bank shortens (杭州云帆电子科技有限公司 → 云帆电子).
Their payments arrive in every way issue 28 lists — exact and variant names, typos, invoice and order
numbers in the book's own formats (XS2610001, XSDD2609036, with or without a hyphen, now and then one
character wrong), 代付 by a person or a group company, part payments, fees, overpayments, advances, two
identical transfers on one day — mixed with interest, tax refunds, loans, deposit refunds, subsidies,
own-account transfers and bank bills. Every transaction is rendered into the export of one of eight
bank layouts (BANKS.md), in overlapping exports with a chaining 余额, so that reading, de-duplicating
and matching are measured together.

Each transaction carries its truth: the customer and the allocations a careful accountant books (or
the account a non-customer credit goes to), and whether booking it without a person is right.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from domain.matching.model import Knowledge, OpenCharge, Party

D = Decimal
ZERO = D("0.00")
START = dt.date(2026, 10, 1)
DAYS = 91  # a quarter

CORES = ["启明贸易", "远航科技", "金石建材", "恒通物流", "新锐电子", "博远医疗", "宏达五金", "中联化工", "天成汽配",
         "瑞丰食品", "盛世家居", "百川环保", "长城精密", "海纳通信", "东方纺织", "嘉禾农业", "鼎盛钢构", "万象传媒",
         "华瑞光电", "永信包装", "安泰消防", "明阳风电", "德润机械", "凯旋服饰", "星河软件", "蓝海水产", "青松制药",
         "锦程印务", "正泰仪表", "金桥物资"]
PEOPLE = ["张伟", "王芳", "李娜", "刘强", "陈静", "杨洋", "赵磊", "黄敏"]
SUFFIX = ["有限公司", "有限责任公司", "股份有限公司"]


@dataclass(frozen=True)
class Truth:
    """What a careful accountant does with the line. `answers`: acceptable allocation sets (two equal
    invoices: either; None: any split, the customer is what counts); `account`: a non-customer credit's
    account; `auto_ok`: booking it unasked is right."""

    scenario: str
    party_id: int | None
    answers: tuple[frozenset[tuple[str, Decimal]], ...] | None = ()
    fee: Decimal = ZERO
    advance: Decimal = ZERO
    account: str | None = None
    auto_ok: bool = True


@dataclass
class Tx:
    id: int
    account: int  # which of our bank accounts (its layout)
    date: dt.date
    time: dt.time
    amount: Decimal
    counterparty: str
    counterparty_account: str
    memo: str
    truth: Truth | None  # None: money out (fees, suppliers), there for the balance chain


@dataclass
class Quarter:
    parties: list[Party]
    charges: list[OpenCharge]
    knowledge: Knowledge
    txs: list[Tx]
    files: list[tuple[int, str, list[list[object]], dict[int, int]]] = field(default_factory=list)
    # (account, layout name, rows, row number (1-based) → tx id)


def _amount(rng: random.Random) -> Decimal:
    return D(rng.randint(50_000, 9_000_000)) / 100


def generate(seed: int = 28, rounds: int = 5) -> Quarter:
    rng = random.Random(seed)
    parties: list[Party] = []
    charges: list[OpenCharge] = []
    txs: list[Tx] = []
    k = Knowledge()
    seq = {"inv": 0, "order": 0}

    def party(name: str, tax: bool = True) -> Party:
        p = Party(len(parties) + 1, f"C{len(parties) + 1:03d}", name,
                  f"91{rng.randint(100000, 999999)}MA{rng.randint(10**7, 10**8 - 1)}" if tax else None)
        parties.append(p)
        return p

    def invoice(p: Party, value: Decimal | None = None, days_before: int = 0) -> OpenCharge:
        seq["inv"] += 1
        seq["order"] += 1
        day = START - dt.timedelta(days=rng.randint(5, 60) + days_before)
        c = OpenCharge(p.id, f"XS{day:%y%m}{seq['inv']:04d}", day, value if value is not None else _amount(rng),
                       f"{rng.randint(10**19, 10**20 - 1)}" if seq["inv"] % 4 == 0 else None,
                       (f"XSDD{day:%y%m}{seq['order']:03d}",))
        charges.append(c)
        return c

    def pay(p: Party | None, amount: Decimal, who: str, memo: str, truth: Truth, acct: str = "",
            day: dt.date | None = None) -> Tx:
        when = day or START + dt.timedelta(days=rng.randint(0, DAYS - 1))
        t = Tx(len(txs) + 1, rng.randrange(8), when, dt.time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)),
               amount, who, acct, memo, truth)
        txs.append(t)
        return t

    def ok(c: OpenCharge, scenario: str, **kw) -> Truth:
        return Truth(scenario, c.party_id, (frozenset({(c.ref, c.open)}),), **kw)

    # --- customers ---------------------------------------------------------------------------------
    plain = [party(f"{rng.choice(['上海', '杭州', '南京', '宁波', '无锡'])}{core}{rng.choice(SUFFIX)}") for core in CORES]
    lookalikes = [(party("江苏恒力液压有限公司"), party("恒力液压（苏州）有限公司")),
                  (party("浙江华东机电有限公司"), party("华东机电（杭州）有限公司")),
                  (party("广东顺达电器有限公司"), party("顺达电器（深圳）有限公司"))]
    heads = [(party("华信建设集团有限公司"), party("华信建设集团有限公司苏州分公司")),
             (party("中科仪器有限公司"), party("中科仪器有限公司南京分公司"))]
    shorts = [(party("杭州云帆电子科技有限公司"), "云帆电子"), (party("苏州博瑞精密机械制造有限公司"), "博瑞精密"),
              (party("宁波海曙天宇国际贸易有限公司"), "天宇国际")]
    zhangji = party("张记五金", tax=False)  # a sole trader paid for by its owner's relatives
    group = party("远东控股集团有限公司")  # also pays for its subsidiary below
    subsidiary = party("远东电缆有限公司")
    everyone = plain + [p for pair in lookalikes for p in pair] + [p for pair in heads for p in pair] + \
        [p for p, _ in shorts] + [zhangji, group, subsidiary]
    learned_accounts = {}
    for p in rng.sample(everyone, 12):
        acct = f"6222{rng.randint(10**11, 10**12 - 1)}"
        k.accounts[acct] = {p.id}
        learned_accounts[p.id] = acct
    fee_known = {p.id for p in rng.sample(plain, 8)}
    k.fee_parties = set(fee_known)
    k.payers = {"张建国": {zhangji.id}}  # confirmed once before: the owner's father pays
    k.own_names = frozenset({"示例商贸有限公司"})

    # --- payments ----------------------------------------------------------------------------------
    scenarios: dict[str, Callable[[Party], None]] = {}

    def spelled(p: Party) -> str:
        name = p.name
        return rng.choice([name, name.replace("有限公司", ""), name.replace("（", "(").replace("）", ")"),
                           " ".join([name[:2], name[2:]]) if not name.startswith(("江苏", "浙江", "广东")) else name])

    def s_exact(p: Party) -> None:
        c = invoice(p)
        pay(p, c.open, p.name, rng.choice(["货款", "", "往来款", "支付货款"]), ok(c, "exact_name"))

    def s_variant(p: Party) -> None:
        c = invoice(p)
        invoice(p)
        pay(p, c.open, spelled(p), "货款", ok(c, "variant_name"))

    def s_typo(p: Party) -> None:  # the bank's clerk got one character wrong
        c = invoice(p)
        name = list(p.name)
        i = rng.randrange(2, max(3, len(name) - 4))
        name[i] = "宏" if name[i] != "宏" else "鸿"
        pay(p, c.open, "".join(name), "货款", ok(c, "typo_name", auto_ok=False))

    def s_invoice_no(p: Party) -> None:
        c = invoice(p)
        invoice(p, c.open)  # another open invoice of the same amount: only the number tells
        ref = rng.choice([c.ref, f"{c.ref[:2]}-{c.ref[2:]}", c.ref.lower()])
        pay(p, c.open, rng.choice(PEOPLE + [p.name]), f"付{ref}货款", ok(c, "invoice_no"))

    def s_order_no(p: Party) -> None:
        c = invoice(p)
        order = c.orders[0]
        pay(p, c.open, spelled(p), rng.choice([f"{order}", f"{order[:4]}-{order[4:]}", f"订单{order}货款"]),
            ok(c, "order_no"))

    def s_number_typo(p: Party) -> None:
        c = invoice(p)
        order = c.orders[0]
        wrong = order[:-1] + str((int(order[-1]) + 1) % 10)
        pay(p, c.open, p.name, f"货款{wrong}", ok(c, "number_typo"))  # exact name, exact amount: booked

    def s_learned_account(p: Party) -> None:
        if p.id not in learned_accounts:
            return s_exact(p)
        c = invoice(p)
        pay(p, c.open, rng.choice(PEOPLE), "", ok(c, "learned_account"), learned_accounts[p.id])

    def s_combo(p: Party) -> None:
        cs = [invoice(p) for _ in range(rng.randint(2, 3))]
        pay(p, sum((c.open for c in cs), ZERO), spelled(p), "货款",
            Truth("combination", p.id, (frozenset((c.ref, c.open) for c in cs),)))

    def s_fee(p: Party) -> None:
        c = invoice(p)
        fee = D(rng.choice(["5.00", "10.00", "15.50", "20.00", "25.00"]))
        pay(p, c.open - fee, p.name, "货款", ok(c, "fee", fee=fee, auto_ok=p.id in fee_known))

    def s_partial(p: Party) -> None:  # part of the one invoice it names, under the exact name
        c = invoice(p)
        invoice(p)
        part = (c.open * D(rng.choice(["0.3", "0.5", "0.6"]))).quantize(D("0.01"))
        pay(p, part, p.name, f"{c.ref} 部分货款", Truth("named_partial", p.id, (frozenset({(c.ref, part)}),)))

    def s_partial_unnamed(p: Party) -> None:  # a part payment naming nothing: which invoice is a person's call
        c = invoice(p, days_before=30)
        invoice(p)
        part = (c.open * D("0.4")).quantize(D("0.01"))
        pay(p, part, p.name, "部分货款", Truth("partial", p.id, None, auto_ok=False))

    def s_overpay(p: Party) -> None:
        c = invoice(p, days_before=40)
        invoice(p)
        extra = D(rng.randint(100, 500_000)) / 100
        pay(p, c.open + extra, p.name, f"{c.ref}", ok(c, "overpayment", advance=extra))

    def s_advance(p: Party) -> None:
        invoice(p)
        seq["order"] += 1
        order = f"XSDD{START:%y%m}{seq['order']:03d}"
        k.orders[order] = (p.id, order)
        amount = _amount(rng)
        pay(p, amount, p.name, rng.choice([f"预付款 {order}", f"{order} 定金", f"订单{order}预付"]),
            Truth("advance", p.id, (frozenset(),), advance=amount))

    def s_twins(p: Party) -> None:
        value = _amount(rng)
        a, b = invoice(p, value), invoice(p, value)
        pay(p, value, p.name, "货款", Truth("twins", p.id, (frozenset({(a.ref, value)}), frozenset({(b.ref, value)})),
                                           auto_ok=False))

    scenarios.update(exact=s_exact, variant=s_variant, typo=s_typo, invoice_no=s_invoice_no, order_no=s_order_no,
                     number_typo=s_number_typo, learned=s_learned_account, combo=s_combo, fee=s_fee, partial=s_partial,
                     partial_unnamed=s_partial_unnamed, overpay=s_overpay, advance=s_advance, twins=s_twins)
    weights = dict(exact=18, variant=16, typo=3, invoice_no=8, order_no=8, number_typo=2, learned=6, combo=7, fee=6,
                   partial=3, partial_unnamed=3, overpay=3, advance=3, twins=2)
    for _ in range(rounds):
        for p in plain:
            scenarios[rng.choices(list(weights), list(weights.values()))[0]](p)

    for a, b in lookalikes:  # each pays under its exact legal name; now and then under the bare core
        for p in (a, b):
            for _ in range(rounds):
                s_exact(p)
        c = invoice(a)
        core = a.name[2:].replace("有限公司", "")
        pay(a, c.open, core, "货款", ok(c, "lookalike_core", auto_ok=False))
    for head, branch in heads:
        for p in (head, branch):
            for _ in range(rounds):
                s_exact(p)
        invoice(branch)
        pay(head, D(rng.randint(1_000_000, 5_000_000)) / 100, head.name, "投标保证金退还",
            Truth("deposit_refund", None, account="1221"))
    for p, short in shorts:
        for _ in range(rounds):
            c = invoice(p)
            pay(p, c.open, short, "货款", ok(c, "short_name"))
    for _ in range(rounds):  # 代付
        c = invoice(zhangji)
        pay(zhangji, c.open, rng.choice(PEOPLE), rng.choice(["代张记五金付货款", "替张记五金支付货款"]),
            ok(c, "on_behalf", auto_ok=False))
        c = invoice(zhangji)
        pay(zhangji, c.open, "张建国", "货款", ok(c, "learned_payer"))
        c = invoice(subsidiary)
        pay(subsidiary, c.open, group.name, "代远东电缆有限公司付货款", ok(c, "group_pays", auto_ok=False))
    # Harder cases, as real quarters have them; the engine is not expected to get all of them.
    for _ in range(rounds):
        c = invoice(subsidiary)  # the group pays for its subsidiary and says nothing
        pay(subsidiary, c.open, group.name, "货款", ok(c, "group_silent", auto_ok=False))
        p = rng.choice(plain)  # two invoices less one fee
        a, b = invoice(p), invoice(p)
        fee = D("10.00")
        pay(p, a.open + b.open - fee, p.name, "货款",
            Truth("combo_less_fee", p.id, (frozenset({(a.ref, a.open), (b.ref, b.open)}),), fee=fee, auto_ok=False))
        p = rng.choice(shorts)[0]  # the bank cut the payer's name at its field's length
        c = invoice(p)
        pay(p, c.open, p.name[:len(p.name) - 3], "货款", ok(c, "truncated_name", auto_ok=False))
        p, other = rng.sample(plain, 2)  # a related firm pays another customer's invoice, quoting it
        c = invoice(p)
        pay(p, c.open, other.name, f"代付{c.ref}", ok(c, "pays_quoting_other", auto_ok=False))
    # Two identical transfers on one day (the 招商 file of issue 28): two payments of two equal invoices.
    for p in rng.sample(plain, 4):
        value = _amount(rng)
        first, second = invoice(p, value), invoice(p, value)
        day = START + dt.timedelta(days=rng.randint(0, DAYS - 1))
        both = (frozenset({(first.ref, value)}), frozenset({(second.ref, value)}))
        for _ in range(2):
            t = pay(p, value, p.name, "货款", Truth("identical_twice", p.id, both, auto_ok=False), day=day)
            t.account, t.time = 5, dt.time(0)  # the 招商 layout: no serial, no time
        txs[-1].time = txs[-2].time
        txs[-1].account = txs[-2].account

    # Not customers' money, even where a customer's name is on it.
    others = [("中国建设银行", "结息", "5603"), ("国家金库苏州中心支库", "出口退税", "1221"),
              ("", "流动资金贷款发放", "2001"), ("苏州市人力资源和社会保障局", "稳岗补贴", "5301"),
              ("示例商贸有限公司", "资金归集", "1002"), ("", "银承到期托收", "1121"),
              (plain[0].name, "履约保证金退回", "1221")]
    for who, memo, account in others * 2:
        pay(None, D(rng.randint(1_000, 3_000_000)) / 100, who, memo, Truth(memo, None, account=account))
    for _ in range(6):  # strangers: nothing says who they pay for
        victim = rng.choice(charges)
        pay(None, victim.open, rng.choice(["李明", "周杰", "某某商行", "个体户王五"]), "转账",
            Truth("stranger", None, auto_ok=True))
    # Money out, for the balance chain: fees and suppliers.
    for _ in range(40):
        pay(None, -D(rng.choice(["5.00", "10.00", "25.00", "1200.00", "35000.00"])),
            rng.choice(["", "苏州精工部件厂", "国网江苏电力"]), rng.choice(["手续费", "采购款", "电费"]), None)  # type: ignore[arg-type]
    q = Quarter(parties, charges, k, txs)
    q.files = render(q, rng)
    return q


# ---- bank files -----------------------------------------------------------------------------------

def _d(day: dt.date, t: dt.time, fmt: str) -> str:
    return dt.datetime.combine(day, t).strftime(fmt)


def _m(x: Decimal) -> str:
    return f"{x:.2f}" if x else ""


LAYOUTS: list[tuple[str, list[str], Callable[[Tx, Decimal, str], list[object]]]] = [
    ("工商银行", ["凭证号", "交易时间", "对方单位", "对方账号", "转入金额", "转出金额", "余额", "用途", "摘要", "附言"],
     lambda t, bal, ref: [ref, _d(t.date, t.time, "%Y-%m-%d %H:%M:%S"), t.counterparty, t.counterparty_account,
                          _m(max(t.amount, ZERO)), _m(max(-t.amount, ZERO)), f"{bal:,.2f}", t.memo, "", ""]),
    ("建设银行", ["账号", "账户名称", "交易时间", "借方发生额（支取）", "贷方发生额（收入）", "余额", "币种", "对方户名", "对方账号",
              "对方开户机构", "记账日期", "摘要", "备注", "账户明细编号-交易流水号"],
     lambda t, bal, ref: ["3105", "示例商贸", _d(t.date, t.time, "%Y%m%d %H:%M:%S"), f"{max(-t.amount, ZERO):.2f}",
                          f"{max(t.amount, ZERO):.2f}", f"{bal:.2f}", "人民币元", t.counterparty, t.counterparty_account,
                          "", t.date.strftime("%Y%m%d"), t.memo, "", ref]),
    ("民生银行", ["交易时间", "交易流水号", "借方发生额", "贷方发生额", "账户余额", "凭证号", "客户附言", "对方账号", "对方账号名称",
              "对方开户行"],
     lambda t, bal, ref: [_d(t.date, t.time, "%Y/%m/%d %H:%M:%S"), ref, _m(max(-t.amount, ZERO)),
                          _m(max(t.amount, ZERO)), f"{bal:.2f}", "", t.memo, t.counterparty_account, t.counterparty, ""]),
    ("平安银行", ["交易时间", "账号", "收入", "支出", "账户余额", "对方户名", "对方账号", "对方账号开户行", "摘要", "交易流水号",
              "核心唯一流水号", "交易用途", "币种"],
     lambda t, bal, ref: [_d(t.date, t.time, "%Y-%m-%d %H:%M:%S"), "1", _m(max(t.amount, ZERO)),
                          _m(max(-t.amount, ZERO)), f"{bal:.2f}", t.counterparty, t.counterparty_account, "", "转账",
                          ref, "C" + ref, t.memo, "CNY"]),
    ("交通银行", ["交易时间", "借方发生额（支出）", "贷方发生额（收入）", "账户余额", "对方账号", "对方户名", "摘要"],
     lambda t, bal, ref: [_d(t.date, t.time, "%Y-%m-%d %H:%M:%S"), f"{max(-t.amount, ZERO):.2f}",
                          f"{max(t.amount, ZERO):.2f}", f"{bal:.2f}", t.counterparty_account, t.counterparty, t.memo]),
    ("招商银行", ["交易日", "借", "贷", "余额", "摘要", "收(付)方名称", "收(付)方帐号", "交易类型"],
     lambda t, bal, ref: [t.date.isoformat(), _m(max(-t.amount, ZERO)), _m(max(t.amount, ZERO)), f"{bal:.2f}", t.memo,
                          t.counterparty, t.counterparty_account, "转账"]),
    ("农业银行", ["交易时间", "收入金额", "支出金额", "本次余额", "对方户名", "对方账号", "交易用途", "交易附言"],
     lambda t, bal, ref: [_d(t.date, t.time, "%Y-%m-%d %H:%M:%S"), _m(max(t.amount, ZERO)), _m(max(-t.amount, ZERO)),
                          f"{bal:.2f}", t.counterparty, t.counterparty_account, "", t.memo]),
    ("光大银行", ["交易日期", "交易时间", "借方发生额", "贷方发生额", "账户余额", "对方名称", "对方账号", "摘要", "凭证号"],
     lambda t, bal, ref: [t.date.strftime("%Y%m%d"), t.time.strftime("%H%M%S"), _m(max(-t.amount, ZERO)),
                          _m(max(t.amount, ZERO)), f"{bal:.2f}", t.counterparty, t.counterparty_account, t.memo, ref]),
]


def render(q: Quarter, rng: random.Random) -> list[tuple[int, str, list[list[object]], dict[int, int]]]:
    """Each account's transactions, in date order with a chaining balance, cut into monthly exports
    that overlap by a few days (the cashier exports again from a few days back)."""
    files = []
    for account, (bank, header, row) in enumerate(LAYOUTS):
        mine = sorted((t for t in q.txs if t.account == account), key=lambda t: (t.date, t.time, t.id))
        balance = D(rng.randint(100_000, 900_000))
        rendered = []
        for t in mine:
            balance += t.amount
            rendered.append((t, row(t, balance, f"{bank[:1]}{account}{t.id:06d}")))
        cuts = [START, START + dt.timedelta(days=31), START + dt.timedelta(days=61), START + dt.timedelta(days=DAYS)]
        for i in range(3):
            first = cuts[i] - dt.timedelta(days=rng.randint(0, 6) if i else 0)
            part = [(t, r) for t, r in rendered if first <= t.date < cuts[i + 1]]
            top: list[list[object]] = [["[HISTORYDETAIL]"]] if bank == "工商银行" else \
                [["账户名称:", "示例商贸"], ["账号:", "6226"], ["币种:", "人民币"]] if bank == "民生银行" else []
            rows = top + [list(header)] + [r for _, r in part]
            ids = {len(top) + 2 + j: t.id for j, (t, _) in enumerate(part)}
            files.append((account, bank, rows, ids))
    return files
