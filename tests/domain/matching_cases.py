"""A generated month of bank lines with known truth, for the matching engine's precision and recall.

Customers have names that share words (华东机电 / 华东电气), bank lines spell them as banks do
(full-width brackets, spaces, province prefixes, no suffix, abbreviations), and pay one invoice,
a combination, part of one, or one less a bank fee; interest, refunds and strangers are mixed in.
Each line carries its truth: the customer and allocations a careful accountant would book, or
None when no automatic receipt is right (partial payments, equal invoices, strangers, interest).
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from domain.matching.model import Knowledge, Line, OpenCharge, Party

CORES = ["华东机电", "华东电气", "启明贸易", "远航科技", "金石建材", "恒通物流", "新锐电子", "博远医疗", "宏达五金",
         "中联化工", "天成汽配", "瑞丰食品", "盛世家居", "百川环保", "长城精密", "海纳通信", "东方纺织", "嘉禾农业",
         "鼎盛钢构", "万象传媒", "华瑞光电", "永信包装", "安泰消防", "明阳风电", "德润机械", "凯旋服饰", "星河软件",
         "蓝海水产", "青松制药", "锦程印务", "华东机械", "启明星辰", "远航船舶", "金石投资", "恒通电缆", "新锐塑胶"]
PLACES = ["上海", "江苏", "浙江", "杭州", "苏州", "南京", "广东", "深圳"]
SUFFIXES = ["有限公司", "有限责任公司", "股份有限公司", "集团有限公司"]
PEOPLE = ["张伟", "王芳", "李娜", "刘强", "陈静"]
D = Decimal


@dataclass(frozen=True)
class Truth:
    party_id: int | None
    allocations: frozenset[tuple[str, Decimal]]
    fee: Decimal
    scenario: str


@dataclass
class Case:
    parties: list[Party]
    charges: list[OpenCharge]
    lines: list[Line]
    truth: dict[int, Truth]
    knowledge: Knowledge


def _amount(rng: random.Random) -> Decimal:
    return D(rng.randint(80_000, 9_000_000)) / 100


def generate(seed: int = 7, rounds: int = 10) -> Case:
    rng = random.Random(seed)
    parties, charges, lines = [], [], []
    truth: dict[int, Truth] = {}
    knowledge = Knowledge()
    start = dt.date(2026, 3, 1)
    inv_no = 0

    def new_invoice(pid: int, value: Decimal | None = None) -> OpenCharge:
        nonlocal inv_no
        inv_no += 1
        vat = f"{rng.randint(10**19, 10**20 - 1)}" if inv_no % 3 == 0 else f"{rng.randint(10**7, 10**8 - 1)}"
        c = OpenCharge(pid, f"INV-{inv_no:05d}", start + dt.timedelta(days=rng.randint(0, 40)),
                       value if value is not None else _amount(rng), vat, (f"SO-{inv_no:05d}",))
        charges.append(c)
        return c

    def add(line_kw: dict, t: Truth) -> None:
        lid = len(lines) + 1
        lines.append(Line(lid, start + dt.timedelta(days=45 + rng.randint(0, 20)), **line_kw))
        truth[lid] = t

    for pid, core in enumerate(CORES, 1):
        place, suffix = rng.choice(PLACES), rng.choice(SUFFIXES)
        name = f"{place}{core}{suffix}"
        tax = f"91{rng.randint(100000, 999999)}MA{rng.randint(10**7, 10**8 - 1)}"
        parties.append(Party(pid, f"C{pid:03d}", name, tax, (f"{core}总厂",) if pid % 9 == 0 else ()))
        account = f"62220{rng.randint(10**13, 10**14 - 1)}"
        knowledge.accounts[account] = {pid}
        for _ in range(rounds):
            scenario = rng.choices(
                ["exact", "variant", "combo", "fee", "memo_invoice", "memo_vat", "learned", "partial", "abbrev",
                 "taxid", "unknown_payer"], weights=[20, 20, 12, 10, 8, 5, 8, 6, 4, 4, 3])[0]
            spelled = _spelling(rng, place, core, suffix)
            if scenario in ("exact", "variant", "learned", "memo_invoice", "memo_vat", "abbrev", "taxid"):
                inv = new_invoice(pid)
                cp = {"exact": name, "variant": spelled, "abbrev": core[:3], "learned": rng.choice(PEOPLE),
                      "memo_invoice": rng.choice(PEOPLE), "memo_vat": rng.choice(PEOPLE), "taxid": ""}[scenario]
                memo = {"memo_invoice": f"货款 {inv.ref}", "memo_vat": f"发票号{inv.vat_no}", "taxid": f"{tax} 货款"}\
                    .get(scenario, rng.choice(["货款", "支付货款", "", "往来款"]))
                acct = account if scenario == "learned" else ""
                # A careful accountant books even a bare abbreviation ('华东机') paying one exact invoice;
                # the engine only proposes it (a fuzzy name is support, not proof): a recall miss.
                ok = True
                add({"amount": inv.open, "counterparty": cp, "counterparty_account": acct, "memo": memo},
                    Truth(pid if ok else None, frozenset({(inv.ref, inv.open)}) if ok else frozenset(), D(0), scenario))
            elif scenario == "combo":
                invs = [new_invoice(pid) for _ in range(rng.randint(2, 3))]
                total = sum((i.open for i in invs), D(0))
                add({"amount": total, "counterparty": spelled, "memo": "货款"},
                    Truth(pid, frozenset((i.ref, i.open) for i in invs), D(0), scenario))
            elif scenario == "fee":
                inv = new_invoice(pid)
                fee = D(rng.choice(["5.00", "10.00", "15.50", "25.00", "50.00"]))
                add({"amount": inv.open - fee, "counterparty": spelled, "memo": "货款"},
                    Truth(pid, frozenset({(inv.ref, inv.open)}), fee, scenario))
            elif scenario == "unknown_payer":  # a person pays, nothing says for whom
                inv = new_invoice(pid)
                add({"amount": inv.open, "counterparty": rng.choice(PEOPLE), "memo": "转账"},
                    Truth(None, frozenset(), D(0), scenario))
            elif scenario == "partial":
                inv = new_invoice(pid)
                new_invoice(pid)
                part = (inv.open * D("0.4")).quantize(D("0.01"))
                add({"amount": part, "counterparty": spelled, "memo": "部分货款"}, Truth(None, frozenset(), D(0), scenario))
    # Two equal invoices of one customer: which one is paid is a person's call.
    twin = new_invoice(5, D("23400.00"))
    new_invoice(5, D("23400.00"))
    add({"amount": twin.open, "counterparty": parties[4].name, "memo": "货款"}, Truth(None, frozenset(), D(0), "twins"))
    # An account two customers used (a shared accountant's account) is no evidence.
    shared = "6222099988877766"
    knowledge.accounts[shared] = {7, 8}
    inv = new_invoice(7)
    add({"amount": inv.open, "counterparty": "赵会计", "counterparty_account": shared, "memo": "代付"},
        Truth(None, frozenset(), D(0), "shared_account"))
    # Strangers sharing a word with customers, interest, and refunds from suppliers.
    for k in range(12):
        victim = rng.choice(charges)
        add({"amount": victim.open, "counterparty": rng.choice(["华东机电设备厂", "启明商行", "远航贸易部", "金石五金店"]),
             "memo": "货款"}, Truth(None, frozenset(), D(0), "stranger"))
        add({"amount": D(rng.randint(100, 90000)) / 100, "counterparty": "中国建设银行", "memo": "结息"},
            Truth(None, frozenset(), D(0), "interest"))
        add({"amount": D(rng.randint(10000, 500000)) / 100, "counterparty": f"苏州精工部件厂{k}", "memo": "退款"},
            Truth(None, frozenset(), D(0), "refund"))
    return Case(parties, charges, lines, truth, knowledge)


def _spelling(rng: random.Random, place: str, core: str, suffix: str) -> str:
    """How a bank writes the payer: full-width brackets, spaces, a province prefix, no suffix."""
    return rng.choice([
        f"{place}{core}{suffix}",
        f"{core}（{place}）{suffix}",
        f"{place} {core} {suffix}",
        f"{core}{suffix}",
        f"{place}省{core}{suffix}" if place in ("江苏", "浙江", "广东") else f"{place}市{core}{suffix}",
        f"{core}",
        f"{place}{core}",
        f"{core}{suffix}{rng.choice(PLACES)}分公司",
    ])
