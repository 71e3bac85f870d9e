"""How right the receivables desk is, on the labelled quarter of tests/domain/bank_quarter.py: its
bank files read (eight layouts), de-duplicated across overlapping exports, and matched — with
precision and recall per evidence class (issue 28).

- auto precision: booked without a person, and right;
- top proposal right: of the customer payments left to a person, the proposal is the right one;
- recall: customer payments found (booked right, or proposed right);
- dropped / double: transactions never imported / imported twice;
- credits matched: non-customer credits (interest, refunds…) put on invoices.

`python -m bench.matching_quality` prints the table.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from domain.matching.engine import match_lines
from domain.matching.model import Line, Match


@dataclass
class Quality:
    transactions: int = 0
    lines: int = 0
    dropped: int = 0
    double: int = 0
    auto: int = 0
    auto_right: int = 0
    proposals: int = 0
    proposals_right: int = 0
    payments: int = 0
    found: int = 0
    credits_matched: int = 0
    wrong_auto: list[str] = field(default_factory=list)
    wrong_top: list[str] = field(default_factory=list)
    by_class: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    by_scenario: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def auto_precision(self) -> float:
        return self.auto_right / self.auto if self.auto else 1.0

    @property
    def top_right(self) -> float:
        return self.proposals_right / self.proposals if self.proposals else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.payments if self.payments else 1.0


def read_quarter(q) -> tuple[list[Line], dict[int, int], int, int]:
    """The quarter's files through the importer's own reading and keying: the lines kept (numbered as a
    book would), line id → transaction id, and how many transactions were dropped or kept twice."""
    from interchange.bank_layout import read_statement
    from usecases.banking import file_keys
    known: dict[int, set[str]] = defaultdict(set)
    kept: Counter = Counter()
    lines: list[Line] = []
    origin: dict[int, int] = {}
    for account, _bank, rows, ids in q.files:
        _, statement = read_statement(rows)
        for ln, key in zip(statement, file_keys(account, statement), strict=True):
            if key in known[account]:
                continue
            known[account].add(key)
            tx = ids[ln.row]
            kept[tx] += 1
            line = Line(len(lines) + 1, ln.date, ln.amount, ln.counterparty, ln.counterparty_account, ln.memo)
            lines.append(line)
            origin[line.id] = tx
    dropped = sum(1 for t in q.txs if kept[t.id] == 0)
    double = sum(1 for n in kept.values() if n > 1)
    return lines, origin, dropped, double


def measure_quality(seed: int = 28, rounds: int = 5) -> Quality:
    from tests.domain.bank_quarter import generate
    q = generate(seed, rounds)
    lines, origin, dropped, double = read_quarter(q)
    txs = {t.id: t for t in q.txs}
    money_in = [ln for ln in lines if ln.amount > 0]
    matches = match_lines(money_in, q.parties, q.charges, q.knowledge)
    out = Quality(transactions=len(q.txs), lines=len(lines), dropped=dropped, double=double)
    for m in matches:
        truth = txs[origin[m.line_id]].truth
        if truth is None:
            continue
        right = _right(m, truth)
        cls = m.evidence or "none"
        out.by_class[cls]["lines"] += 1
        out.by_class[cls]["right"] += right
        out.by_class[cls][m.status] += 1
        out.by_class[cls][f"{m.status}_right"] += right
        out.by_scenario[truth.scenario]["lines"] += 1
        out.by_scenario[truth.scenario][m.status] += 1
        out.by_scenario[truth.scenario]["right"] += right
        if truth.account is not None and (m.allocations or m.party_id is not None):
            out.credits_matched += 1
        if m.status == "accepted":
            out.auto += 1
            out.auto_right += right and truth.auto_ok
            if not (right and truth.auto_ok):
                out.wrong_auto.append(f"{truth.scenario}: {m.reason}")
        elif truth.party_id is not None:
            out.proposals += 1
            out.proposals_right += right
            if not right:
                out.wrong_top.append(f"{truth.scenario}: {m.status} {m.reason}")
        if truth.party_id is not None:
            out.payments += 1
            out.found += right
    return out


def _right(m: Match, truth) -> bool:
    if truth.party_id is None:  # not a customer's payment: right when put on no invoice (and to its account)
        return m.party_id is None and not m.allocations and (truth.account is None or m.account == truth.account)
    if truth.answers is None:  # which invoices a part payment settles is a person's call: the customer counts
        return m.party_id == truth.party_id
    got = frozenset((a.ref, a.amount) for a in m.allocations)
    return (m.party_id == truth.party_id and got in truth.answers and m.fee == truth.fee
            and m.advance == truth.advance)


def report(qual: Quality) -> str:
    rows = [f"transactions {qual.transactions}, lines imported {qual.lines}, dropped {qual.dropped}, "
            f"imported twice {qual.double}, non-customer credits matched to invoices {qual.credits_matched}",
            f"auto-booked {qual.auto}: precision {qual.auto_precision:.2%}; proposals {qual.proposals}: "
            f"top right {qual.top_right:.2%}; recall {qual.recall:.2%} of {qual.payments} customer payments",
            "", f"{'evidence class':34} {'lines':>6} {'auto':>5} {'auto ok':>8} {'prop.':>6} {'right':>6}"]
    for cls, c in sorted(qual.by_class.items(), key=lambda kv: -kv[1]["lines"]):
        auto_p = f"{c['accepted_right'] / c['accepted']:.1%}" if c["accepted"] else "-"
        rows.append(f"{cls:34} {c['lines']:6} {c['accepted']:5} {auto_p:>8} {c['proposed'] + c['unmatched']:6} "
                    f"{c['right'] / c['lines']:6.1%}")
    rows += ["", f"{'scenario':24} {'lines':>6} {'auto':>5} {'right':>6}"]
    for sc, c in sorted(qual.by_scenario.items(), key=lambda kv: -kv[1]["lines"]):
        rows.append(f"{sc:24} {c['lines']:6} {c['accepted']:5} {c['right'] / c['lines']:6.1%}")
    return "\n".join(rows)


def figures(qual: Quality) -> dict[str, Decimal]:
    return {"auto_precision": Decimal(qual.auto_precision), "top_proposal_right": Decimal(qual.top_right),
            "recall": Decimal(qual.recall)}


if __name__ == "__main__":
    q = measure_quality()
    print(report(q))
    for w in q.wrong_auto[:10]:
        print("WRONG AUTO", w)
    for w in q.wrong_top[:30]:
        print("WRONG TOP ", w)
