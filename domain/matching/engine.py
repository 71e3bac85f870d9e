"""The matching run: for each bank line (oldest first) find the party, then the invoices, and
decide — accepted only on strong, unambiguous evidence and a unique fit; otherwise a proposal.
Accepted matches consume what is open, so two lines never settle the same invoice twice."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from operator import attrgetter

from domain.matching.amounts import Fit, fit
from domain.matching.credits import classify
from domain.matching.evidence import STRONG, Clue, PartyIndex
from domain.matching.model import Allocation, Keyed, Knowledge, Line, Match, OpenCharge, Party

ACCEPT_AT = 0.85  # confidence at or above which a unique, strongly evidenced match is booked
KEYED_DAYS = 3  # a receipt keyed by hand within this many days of the bank date may be the same money
_HINTS = (("interest", re.compile(r"利息|结息|存息|interest", re.I)),
          ("fee", re.compile(r"手续费|服务费|工本费|年费|汇划费|fee|charge", re.I)),
          ("refund", re.compile(r"退款|退货|退回|返还|refund", re.I)))


def hint(line: Line) -> str:
    """What an unmatched line probably is, from its memo: interest, a bank fee, a refund."""
    for kind, pattern in _HINTS:
        if pattern.search(line.memo) or pattern.search(line.counterparty):
            return kind
    return ""


def match_lines(lines: Iterable[Line], parties: Iterable[Party], charges: Iterable[OpenCharge],
                knowledge: Knowledge | None = None, kind: str = "receipt") -> list[Match]:
    """Match lines of one direction: money in against customers (kind 'receipt'), money out
    against suppliers (kind 'payment'; give the lines' amounts as they are, the sign is ignored)."""
    charges = list(charges)
    index = PartyIndex(parties, charges, knowledge or Knowledge())
    by_party: dict[int, list[OpenCharge]] = defaultdict(list)
    opens: dict[int, dict[str, Decimal]] = defaultdict(dict)
    # oldest first, an opening item before the invoices of its day; the plain (date, ref) key is sorted in C
    opening_first = any(c.ref == "opening" for c in charges)
    for c in sorted(charges, key=(lambda c: (c.date, c.ref != "opening", c.ref)) if opening_first
                    else attrgetter("date", "ref")):
        by_party[c.party_id].append(c)
        opens[c.party_id][c.ref] = opens[c.party_id].get(c.ref, Decimal(0)) + c.open
    keyed: dict[Decimal, list[Keyed]] = defaultdict(list)
    for k in (knowledge.keyed if knowledge else ()):
        keyed[k.amount].append(k)
    out = []
    for line in sorted(lines, key=lambda ln: (ln.date, ln.id)):
        m = _linked(line, index, keyed) or _one(line, index, by_party, opens, kind)
        if m.status == "accepted" and m.party_id is not None:
            for a in m.allocations:
                opens[m.party_id][a.ref] -= a.amount
        out.append(m)
    return out


def _linked(line: Line, index: PartyIndex, keyed: dict[Decimal, list[Keyed]]) -> Match | None:
    """A line whose amount, date (±3 days) and party equal a receipt keyed by hand is that receipt's bank
    record: linked to it, never booked again nor matched to another invoice of the same amount. With
    the party proven it is linked at once; otherwise the link is proposed. Each receipt links once."""
    near = [k for k in keyed.get(abs(line.amount), ()) if abs((k.date - line.date).days) <= KEYED_DAYS]
    if not near:
        return None
    clues, _ = index.clues(line)
    best: dict[int, float] = {}
    for c in clues:
        best[c.party_id] = max(best.get(c.party_id, 0.0), c.weight)
    mine = [k for k in near if k.party_id in best]
    if mine:
        k = min(mine, key=lambda k: (-best[k.party_id], abs((k.date - line.date).days), k.no))
        sure = best[k.party_id] >= STRONG and len({x.party_id for x in mine}) == 1
        conf = 0.99 if sure else 0.7
    elif len(near) == 1 and not best:  # nothing says who paid, but one hand-keyed receipt fits
        k, sure, conf = near[0], False, 0.6
    else:
        return None
    keyed[k.amount].remove(k)
    words = (f"与手工录入的收付款单 {k.no} ({k.date}) 金额、日期、单位一致: 关联该单, 不再入账 "
             "(already keyed by hand: linked, never booked again)")
    return Match(line.id, k.party_id, (), Decimal(0), conf, "accepted" if sure else "proposed", words,
                 "receipt" if line.amount > 0 else "payment", k.no)


_ADVANCE = re.compile(r"预付|预收|定金|订金|预款|首付")
# Clues about the payer's own name, set aside when the memo says the payer pays for someone else.
_NAME_KINDS = frozenset({"exact_name", "legal_name", "name", "place", "branch", "short_name", "fuzzy"})
_MEMO_NUMBERS = frozenset({"invoice_no", "order_no", "order_ahead"})


def _one(line: Line, index: PartyIndex, by_party: dict[int, list[OpenCharge]],
         opens: dict[int, dict[str, Decimal]], kind: str) -> Match:
    amount = abs(line.amount)
    if kind == "receipt":
        credit = classify(line.counterparty, line.memo, index.knowledge.own_names)
        if credit is not None:  # never a customer's payment of an invoice, whoever sent it
            return Match(line.id, None, (), Decimal(0), 0.9, "proposed", credit.words, credit.kind,
                         account=credit.account, evidence=credit.kind)
    clues, notes = index.clues(line)
    if any(c.kind == "on_behalf" for c in clues):
        for_whom = {c.party_id for c in clues if c.kind == "on_behalf"}
        clues = [c for c in clues if c.kind not in _NAME_KINDS or c.party_id in for_whom]
    per: dict[int, list[Clue]] = defaultdict(list)
    for c in clues:
        per[c.party_id].append(c)
    strong = [pid for pid, cs in per.items() if max(c.weight for c in cs) >= STRONG]
    guess = hint(line)
    if not per:
        text = "; ".join(notes + [_hint_words(guess) or "未找到往来单位 (no customer or supplier found)"])
        account = "5603" if guess in ("interest", "fee") else None
        return Match(line.id, None, (), Decimal(0), 0.0, "proposed" if account else "unmatched", text, guess,
                     account=account, evidence=guess or "none")
    conflict = len(strong) > 1
    candidates = strong or list(per)
    # On a conflict, the party whose open documents the amount fits best; then the one whose document
    # the memo quotes (the payer pays for another).
    fits = {p: fit(amount, by_party.get(p, []), opens[p], tuple(r for c in per[p] for r in c.pins)).weight
            for p in candidates} if conflict else {}
    pid = max(candidates, key=lambda p: (fits.get(p, 0.0), conflict and any(c.kind in _MEMO_NUMBERS for c in per[p]),
                                         max(c.weight for c in per[p]), len(per[p]), -p))
    top = [p for p in candidates if max(c.weight for c in per[p]) == max(c.weight for c in per[pid])
           and not conflict]
    if len(top) > 1 and not conflict:  # equally likely payers (look-alikes): the one the amount fits exactly
        exact = [p for p in top if any(v == amount for v in opens[p].values())]
        if len(exact) == 1:
            pid = exact[0]
    cs = sorted(per[pid], key=lambda c: -c.weight)
    party_conf = cs[0].weight
    strong_kinds = {c.kind for c in cs if c.weight >= STRONG}
    if len(strong_kinds) >= 2:
        party_conf = min(0.99, party_conf + 0.02)  # two independent strong clues agree
    evidence = cs[0].kind
    words = [c.words for c in cs] + notes
    if conflict:
        others = ", ".join(index.parties[p].code for p in strong if p != pid)
        words.append(f"证据也指向 {others}, 需人工确认 (evidence points to several parties)")
        party_conf = min(party_conf, 0.5)
    pins = tuple(dict.fromkeys(r for c in cs for r in c.pins))
    tokens = index.tokens(line) if not pins else set()
    if tokens:
        near = index.typo(pid, tokens)
        if near is not None:
            pins = (near,)
            words.append(f"附言编号与 {near} 差一个字符, 视为该单 (one-character typo in the memo)")
    if not pins and (any(c.advance for c in cs) or (kind == "receipt" and _ADVANCE.search(line.memo))):
        # Money ahead of the invoice (预付, 定金, or an order not yet invoiced): the customer's 2203.
        sure = not conflict and party_conf >= STRONG and evidence not in ("on_behalf", "short_name")
        words.append("预收款, 不核销已开发票, 记预收账款 2203 (an advance, not a payment of old invoices)")
        return Match(line.id, pid, (), Decimal(0), round(party_conf * 0.95, 3), "accepted" if sure else "proposed",
                     "; ".join(words), kind, evidence=f"{evidence}+advance", advance=amount)
    f = fit(amount, by_party.get(pid, []), opens[pid], pins)
    if not pins and f.kind == "none" and not conflict:
        other = _paid_for(amount, pid, opens)
        if other is not None:  # the payer owes nothing; one customer's invoice is exactly this amount: 代付?
            words.append(f"{index.parties[pid].code} 无未收发票; 金额与 {index.parties[other[0]].code} 的发票 {other[1]} "
                         "一致, 疑似代付, 需人工确认 (the payer owes nothing: paying for another customer?)")
            return Match(line.id, other[0], (Allocation(other[1], amount),), Decimal(0), 0.45, "proposed",
                         "; ".join(words), kind, evidence=f"{evidence}+paid_for")
    words.append(f.words)
    confidence = round(party_conf * f.weight, 3)
    accepted = not conflict and f.unique and confidence >= ACCEPT_AT and _may_book(pid, evidence, strong_kinds, f,
                                                                                   index, words)
    if not accepted and guess and guess != "refund" and not f.unique:
        words.append(_hint_words(guess))
    return Match(line.id, pid, f.allocations, f.fee, confidence, "accepted" if accepted else "proposed",
                 "; ".join(words), kind, evidence=f"{evidence}+{f.kind}", advance=f.advance)


def _paid_for(amount: Decimal, payer: int, opens: dict[int, dict[str, Decimal]]) -> tuple[int, str] | None:
    """The one open invoice of any other customer that equals the amount exactly, if there is one."""
    found = [(pid, ref) for pid, refs in opens.items() if pid != payer for ref, v in refs.items() if v == amount]
    return found[0] if len(found) == 1 else None


def _may_book(pid: int, evidence: str, strong_kinds: set[str], f: Fit, index: PartyIndex, words: list[str]) -> bool:
    """Whether a unique fit on this evidence is safe to book without a person (precision first)."""
    if evidence == "short_name":  # the only customer so named, paying one open invoice exactly
        return f.kind == "exact"
    if not strong_kinds or evidence == "on_behalf" and "payer" not in strong_kinds:
        return False  # 代付 seen for the first time: a person confirms, and the payer is learned
    if f.kind in ("fee", "named_fee") and pid not in index.knowledge.fee_parties:
        words.append("短付金额像银行手续费, 该客户未曾确认过手续费, 需人工确认 (fee: a proposal until confirmed once)")
        return False
    if f.kind == "named_partial":  # the named invoice and a second, independent proof of the payer
        return len(strong_kinds - _MEMO_NUMBERS) >= 1 and len(strong_kinds) >= 2
    return True


def _hint_words(kind: str) -> str:
    return {"interest": "疑似利息收入, 可记 5603 (looks like interest)",
            "fee": "疑似银行手续费, 可记 5603 (looks like a bank fee)",
            "refund": "疑似退款 (looks like a refund)"}.get(kind, "")


def summarize(matches: Sequence[Match]) -> dict[str, int]:
    return {s: sum(1 for m in matches if m.status == s) for s in ("accepted", "proposed", "unmatched")}
