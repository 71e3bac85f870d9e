"""Who paid: evidence for a party, strongest first (BANKS.md, version 3) — a learned counterparty
account or payer seen on exactly one party; a tax id, invoice or order number (in the book's own
formats, hyphen or not) in the memo; the exact legal name, then the name less its legal form, then
the normalised name or a confirmed alias; a memo naming the customer someone pays for (代付); a
short name only one customer carries; a fuzzy name (rapidfuzz) only as support.

Each clue has a `kind` (its evidence class), which the engine's decision and the bench's figures
are keyed by."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from domain.matching.model import Knowledge, Line, OpenCharge, Party
from domain.matching.names import exact_key, head_office, legal_key, normalize, places

STRONG = 0.9  # evidence that alone may identify a party
FUZZY_FLOOR = 85.0  # rapidfuzz WRatio below this is no evidence at all
FUZZY_POOL = 64  # names sharing the most character pairs with the payer, scored by rapidfuzz
SHORT_MIN = 4  # a short name of fewer characters says too little ('华东' is half the province)
MIN_NUMBER = 5  # a document number shorter than this (once compacted) is too easily a coincidence

_TAX_ID = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
# Any run of letters, digits and separators holding a digit: 'XSDD2609036', 'SO-202611-0001', 'so 0007' is
# read as two runs. Compared without separators, so 'XSDD-2609036' and 'XSDD2609036' are one number.
_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9\-_]*")
_SEPARATORS = str.maketrans("", "", "-_ \t")
# Someone pays for another: '代张记五金付货款', '替华东机电支付', '受XX委托付款'.
_ON_BEHALF = re.compile(r"代|替|委托")
_DIGIT = re.compile(r"\d")


def compact(number: str) -> str:
    return number.upper().translate(_SEPARATORS)


@dataclass(frozen=True)
class Clue:
    """One piece of evidence for a party, in words, with its weight (0..1) and class."""

    party_id: int
    weight: float
    words: str
    pins: tuple[str, ...] = ()  # invoice refs the memo names
    kind: str = ""
    advance: bool = False  # the memo quotes an order not yet invoiced: money ahead of the invoice


class PartyIndex:
    """Lookups built once per run: names at three levels, aliases, payers, tax ids, numbers."""

    def __init__(self, parties: Iterable[Party], charges: Iterable[OpenCharge], knowledge: Knowledge):
        self.parties = {p.id: p for p in parties}
        self.knowledge = knowledge
        self.by_exact: dict[str, set[int]] = defaultdict(set)
        self.by_legal: dict[str, set[int]] = defaultdict(set)
        self.by_name: dict[str, set[int]] = defaultdict(set)
        self.by_tax: dict[str, int] = {}
        self.places: dict[int, frozenset[str]] = {}
        for p in self.parties.values():
            self.places[p.id] = places(p.name)
            for n in (p.name, *p.aliases):
                for index, key in ((self.by_exact, exact_key(n)), (self.by_legal, legal_key(n)),
                                   (self.by_name, normalize(n))):
                    if key:
                        index[key].add(p.id)
            if p.tax_id:
                self.by_tax[p.tax_id.upper()] = p.id
        self.by_ref: dict[str, list[OpenCharge]] = defaultdict(list)
        self.by_order: dict[str, list[OpenCharge]] = defaultdict(list)
        self.charges_of: dict[int, list[OpenCharge]] = defaultdict(list)
        for c in charges:
            self.charges_of[c.party_id].append(c)
            if c.ref != "opening":
                self.by_ref[compact(c.ref)].append(c)
            if c.vat_no:
                self.by_ref[c.vat_no].append(c)
            for o in c.orders:
                self.by_order[compact(o)].append(c)
        self.payers: dict[str, set[int]] = defaultdict(set)
        for payer, pids in knowledge.payers.items():
            self.payers[normalize(payer)] |= pids
        self.names = list(self.by_name)
        # Scoring every name for every payer is what made fuzzy matching slow on big books; a payer's
        # name shares character pairs with the names it may be a variant of, so only those are scored.
        self.pairs: dict[str, list[int]] = defaultdict(list)
        for i, n in enumerate(self.names):
            for pair in _pairs(n):
                self.pairs[pair].append(i)

    def clues(self, line: Line) -> tuple[list[Clue], list[str]]:
        """Every clue for the line, and notes on evidence that was seen but does not count."""
        clues: list[Clue] = []
        notes: list[str] = []
        acct = line.counterparty_account.strip()
        if acct:
            seen = self.knowledge.accounts.get(acct, set())
            if len(seen) == 1:
                pid = next(iter(seen))
                clues.append(Clue(pid, 0.97, f"对方账号 {acct} 已确认属于 {self._label(pid)} (learned account)",
                                  kind="account"))
            elif len(seen) > 1:
                notes.append(f"对方账号 {acct} 曾用于 {len(seen)} 个往来单位，不作为依据 (account shared, not counted)")
        memo = line.memo.upper()
        for tax in _TAX_ID.findall(memo):
            if tax in self.by_tax:
                pid = self.by_tax[tax]
                clues.append(Clue(pid, 0.97, f"附言含税号 {tax} (tax id in memo)", kind="taxid"))
        clues += self._number_clues(memo)
        clues += self._payer_clues(line, notes)
        clues += self._on_behalf_clues(line)
        clues += self._name_clues(line, notes)
        return clues, notes

    def tokens(self, line: Line) -> set[str]:
        if not _DIGIT.search(line.memo):
            return set()
        return {compact(t) for t in _TOKEN.findall(line.memo.upper())
                if len(compact(t)) >= MIN_NUMBER and any(ch.isdigit() for ch in t)}

    def _number_clues(self, memo: str) -> list[Clue]:
        out: list[Clue] = []
        if not _DIGIT.search(memo):
            return out
        for token in {compact(t) for t in _TOKEN.findall(memo) if any(ch.isdigit() for ch in t)}:
            if len(token) < MIN_NUMBER:
                continue
            for c in self.by_ref.get(token, ()):
                out.append(Clue(c.party_id, 0.97, f"附言含发票号 {c.ref if token != c.vat_no else token} "
                                                  "(invoice number in memo)", (c.ref,), "invoice_no"))
            orders = self.by_order.get(token, ())
            for pid in {c.party_id for c in orders}:
                pins = tuple(c.ref for c in orders if c.party_id == pid)
                out.append(Clue(pid, 0.95, f"附言含订单号 {token} (order number in memo)", pins, "order_no"))
            if not orders:
                ahead = self.knowledge.orders.get(token)
                if ahead is not None:  # an order of the book not yet invoiced: money ahead of the invoice
                    out.append(Clue(ahead[0], 0.95, f"附言含未开票订单 {ahead[1]} (order not yet invoiced: an advance)",
                                    (), "order_ahead", True))
        return out

    def typo(self, pid: int, tokens: set[str]) -> str | None:
        """An invoice of the party whose number (or its order's) one memo token misses by one character,
        when exactly one open document of the party is so near (BANKS.md version 3)."""
        numbers = {compact(n): c.ref for c in self.charges_of.get(pid, ()) for n in (c.ref, *c.orders)
                   if n != "opening"}
        near = {ref for token in tokens if token not in numbers and token not in self.by_ref
                for number, ref in numbers.items()
                if abs(len(number) - len(token)) <= 1 and Levenshtein.distance(number, token, score_cutoff=1) <= 1}
        return next(iter(near)) if len(near) == 1 else None

    def _payer_clues(self, line: Line, notes: list[str]) -> list[Clue]:
        key = normalize(line.counterparty)
        seen = self.payers.get(key, set()) if key else set()
        if len(seen) == 1:
            pid = next(iter(seen))
            return [Clue(pid, 0.95, f"付款人“{line.counterparty}”已确认为 {self._label(pid)} 付款 (learned payer)",
                         kind="payer")]
        if len(seen) > 1:
            notes.append(f"付款人“{line.counterparty}”曾为 {len(seen)} 个单位付款，不作为依据 (payer shared, not counted)")
        return []

    def _on_behalf_clues(self, line: Line) -> list[Clue]:
        """代付: the memo names the customer the payer pays for."""
        if not _ON_BEHALF.search(line.memo):
            return []
        text = normalize(line.memo)
        counts: dict[int, int] = defaultdict(int)
        for pair in _pairs(text):
            for i in self.pairs.get(pair, ()):
                counts[i] += 1
        found = {pid for i, n in counts.items() if len(self.names[i]) >= 3 and counts[i] >= len(_pairs(self.names[i]))
                 and self.names[i] in text for pid in self.by_name[self.names[i]]}
        if len(found) != 1:
            return []
        pid = next(iter(found))
        return [Clue(pid, 0.9, f"附言写明代 {self._label(pid)} 付款 (someone pays for the customer the memo names)",
                     kind="on_behalf")]

    def _name_clues(self, line: Line, notes: list[str]) -> list[Clue]:
        name = line.counterparty
        key = normalize(name)
        if not key:
            return []
        exact = self.by_exact.get(exact_key(name), set())
        if len(exact) == 1:
            pid = next(iter(exact))
            return [Clue(pid, 0.97, f"户名“{name}”与 {self._label(pid)} 全称一致 (exact legal name)", kind="exact_name")]
        legal = self.by_legal.get(legal_key(name), set())
        if len(legal) == 1:
            pid = next(iter(legal))
            return [Clue(pid, 0.95, f"户名“{name}”与 {self._label(pid)} 一致 (name equals, legal form aside)",
                         kind="legal_name")]
        same = self.by_name.get(key, set())
        if len(same) == 1:
            pid = next(iter(same))
            return [Clue(pid, 0.92, f"户名“{name}”与 {self._label(pid)} 一致 (name equals after normalising)",
                         kind="name")]
        if len(same) > 1:
            # Look-alikes: the places the bank's spelling carries may tell them apart; never enough alone.
            mine = places(name)
            by_place = [pid for pid in same if mine and self.places[pid] == mine]
            if len(by_place) == 1:
                pid = by_place[0]
                return [Clue(pid, 0.8, f"户名“{name}”与 {self._label(pid)} 地名相符 (look-alike names told apart by "
                                       "place, a person confirms)", kind="place")]
            notes.append(f"户名“{name}”对应 {len(same)} 个往来单位 (name shared, not counted)")
            # Each look-alike stays a candidate, never proof: the amount may tell which one is paid.
            return [Clue(pid, 0.5, f"户名“{name}”可能是 {self._label(pid)} (one of look-alike names, a person "
                                   "confirms)", kind="shared_name") for pid in sorted(same)]
        if key != head_office(key):  # a branch pays: its head office is a candidate, never proof
            head = self.by_name.get(head_office(key), set())
            if len(head) == 1:
                pid = next(iter(head))
                return [Clue(pid, 0.75, f"“{name}”是 {self._label(pid)} 的分支机构 (a branch is not its head office, "
                                        "a person confirms)", kind="branch")]
        shared: Counter[int] = Counter()
        for pair in _pairs(key):
            shared.update(self.pairs.get(pair, ()))  # counted in C: a stranger's name shares pairs with many
        # most pairs shared first, ties by index: two C sorts (a reversed sort keeps ties in order)
        ranked = sorted(sorted(shared), key=shared.__getitem__, reverse=True)
        if len(key) >= SHORT_MIN:
            need = len(_pairs(key))
            holders = {pid for i, n in shared.items() if n >= need and key in self.names[i]
                       for pid in self.by_name[self.names[i]]}
            if len(holders) == 1:
                pid = next(iter(holders))
                return [Clue(pid, 0.88, f"简称“{name}”只属于 {self._label(pid)} (a short name only this customer "
                                        "carries)", kind="short_name")]
        pool = [self.names[i] for i in ranked[:FUZZY_POOL]]
        if len(key) >= SHORT_MIN:  # the bank's clerk got one character of the name wrong
            near = {pid for other in pool if len(other) == len(key) and Levenshtein.distance(other, key, score_cutoff=1) <= 1
                    for pid in self.by_name[other]}
            if len(near) == 1:
                pid = next(iter(near))
                return [Clue(pid, 0.75, f"户名“{name}”与 {self._label(pid)} 差一个字 (one character off, a person "
                                        "confirms)", kind="name_typo")]
        out = []
        for other, score, _ in process.extract(key, pool, scorer=fuzz.WRatio, limit=3, score_cutoff=FUZZY_FLOOR):
            for pid in self.by_name[other]:
                # a similarity weight (0.4–0.8), not money: rapidfuzz scores names 0–100 as floats
                weight = 0.4 + 0.4 * (score - FUZZY_FLOOR) / (100.0 - FUZZY_FLOOR)
                out.append(Clue(pid, round(min(weight, 0.8), 3),
                                f"户名“{name}”近似 {self._label(pid)} ({score:.0f}%, fuzzy name, support only)",
                                kind="fuzzy"))
        return out

    def _label(self, pid: int) -> str:
        p = self.parties[pid]
        return f"{p.code} {p.name}"


def _pairs(name: str) -> set[str]:
    return {name[i:i + 2] for i in range(len(name) - 1)} if len(name) > 1 else {name}
