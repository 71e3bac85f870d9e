"""Matching speed: 10,000 bank lines against 50,000 open invoices of 10,000 customers through the
pure engine (domain/matching), beside the floor of any matcher — one dict lookup of each line's
amount among all open amounts. Target (issue 18): ≤ 3 s."""
from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from bench.result import Figure, Result, millis

LINES, INVOICES, CUSTOMERS = 10_000, 50_000, 10_000
_WORDS = "华东 启明 远航 金石 恒通 新锐 博远 宏达 中联 天成 瑞丰 盛世 百川 长城 海纳 东方 嘉禾 鼎盛 万象 华瑞".split()
_TRADES = "机电 贸易 科技 建材 物流 电子 医疗 五金 化工 汽配 食品 家居 环保 精密 通信 纺织 农业 钢构 传媒 光电".split()


def data(seed: int = 1):
    """Customers with distinct names, five open invoices each, and lines that pay one invoice, two,
    one less a fee, part of one, or come from a stranger."""
    from domain.matching.model import Line, OpenCharge, Party
    rng = random.Random(seed)
    names: set[str] = set()
    parties = []
    while len(parties) < CUSTOMERS:
        name = f"{rng.choice(_WORDS)}{rng.choice(_WORDS)}{rng.choice(_TRADES)}{rng.randint(1, 999)}号有限公司"
        if name not in names:
            names.add(name)
            parties.append(Party(len(parties) + 1, f"C{len(parties) + 1:05d}", name))
    day = dt.date(2026, 3, 1)
    charges = [OpenCharge(1 + i // (INVOICES // CUSTOMERS), f"INV-{i:06d}", day + dt.timedelta(days=i % 60),
                          Decimal(rng.randint(10_000, 9_000_000)) / 100) for i in range(INVOICES)]
    by_party: dict[int, list] = {}
    for c in charges:
        by_party.setdefault(c.party_id, []).append(c)
    lines = []
    for i in range(LINES):
        p = parties[i % CUSTOMERS]
        invs = by_party[p.id]
        kind = i % 10
        amount = {0: invs[1].open + invs[2].open, 1: invs[3].open - Decimal("10.00"),
                  2: (invs[4].open / 3).quantize(Decimal("0.01"))}.get(kind, invs[0].open)
        who = "个体户" + str(i) if kind == 9 else p.name
        lines.append(Line(i + 1, day + dt.timedelta(days=70), amount, who, "", "货款"))
    return parties, charges, lines


def timings(seed: int = 1) -> tuple[float, float, dict[str, int]]:
    from domain.matching.engine import match_lines, summarize
    parties, charges, lines = data(seed)
    start = time.perf_counter()
    index: dict[Decimal, list] = {}
    for c in charges:
        index.setdefault(c.open, []).append(c)
    hits = sum(1 for ln in lines if ln.amount in index)
    floor = time.perf_counter() - start
    start = time.perf_counter()
    matches = match_lines(lines, parties, charges)
    seconds = time.perf_counter() - start
    del hits  # the floor's work, kept so the lookup is not optimised away
    return seconds, floor, summarize(matches)


def bench_matching(seed: int = 1) -> list[dict]:
    """For the lead's runner: [{name, value, unit, baseline, ratio}]."""
    seconds, floor, _ = timings(seed)
    return [Result(millis("match_10k_lines_50k_invoices", seconds), millis("dict_lookup_of_amounts", floor)).as_json(),
            Result(millis("match_10k_lines_vs_target", seconds), Figure("issue_18_target", 3000.0, "ms")).as_json()]


def quality_figures() -> list[Result]:
    """Issue 28's targets on the labelled quarter (bench/matching_quality.py), as percentages."""
    from bench.matching_quality import measure_quality
    q = measure_quality()
    pct = [("auto_precision_pct", q.auto_precision, 99.5), ("top_proposal_right_pct", q.top_right, 97.0),
           ("recall_pct", q.recall, 95.0)]
    out = [Result(Figure(name, round(value * 100, 2), "%"), Figure("issue_28_target", target, "%"))
           for name, value, target in pct]
    out += [Result(Figure(name, float(value), "lines")) for name, value in
            (("payments_dropped", q.dropped), ("lines_booked_twice", q.double),
             ("non_customer_credits_on_invoices", q.credits_matched))]
    return out


def measure(ctx) -> list[Result]:
    seconds, floor, _ = timings()
    return [Result(millis("match_10k_lines_50k_invoices", seconds), millis("dict_lookup_of_amounts", floor)),
            *quality_figures()]


if __name__ == "__main__":
    from bench.matching_quality import measure_quality, report
    s, f, counts = timings()
    print(f"matched {LINES} lines against {INVOICES} invoices in {s:.2f} s (floor {f * 1000:.1f} ms): {counts}\n")
    print(report(measure_quality()))
