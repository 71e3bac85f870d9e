"""Who paid: evidence for a party, strongest first (BANKS.md) — a learned counterparty account
seen on exactly one party; a tax id, invoice or order number in the memo; the normalised name or
a confirmed alias; a fuzzy name (rapidfuzz) only as support."""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from domain.matching.model import Knowledge, Line, OpenCharge, Party
from domain.matching.names import normalize

STRONG = 0.9  # evidence that alone may identify a party
FUZZY_FLOOR = 85.0  # rapidfuzz WRatio below this is no evidence at all
FUZZY_POOL = 64  # names sharing the most character pairs with the payer, scored by rapidfuzz

_TAX_ID = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_VAT_NO = re.compile(r"(?<!\d)(\d{20}|\d{8})(?!\d)")
_DOC_NO = re.compile(r"[A-Z]{1,6}-[0-9A-Z]+(?:-[0-9A-Z]+)*")


@dataclass(frozen=True)
class Clue:
    """One piece of evidence for a party, in words, with its weight (0..1)."""

    party_id: int
    weight: float
    words: str
    pins: tuple[str, ...] = ()  # invoice refs the memo names


class PartyIndex:
    """Lookups built once per run: names, aliases, tax ids, invoice and order numbers."""

    def __init__(self, parties: Iterable[Party], charges: Iterable[OpenCharge], knowledge: Knowledge):
        self.parties = {p.id: p for p in parties}
        self.knowledge = knowledge
        self.by_name: dict[str, set[int]] = defaultdict(set)
        self.by_tax: dict[str, int] = {}
        for p in self.parties.values():
            for n in (p.name, *p.aliases):
                key = normalize(n)
                if key:
                    self.by_name[key].add(p.id)
            if p.tax_id:
                self.by_tax[p.tax_id.upper()] = p.id
        self.by_ref: dict[str, list[OpenCharge]] = defaultdict(list)
        self.by_order: dict[str, list[OpenCharge]] = defaultdict(list)
        for c in charges:
            if c.ref != "opening":
                self.by_ref[c.ref.upper()].append(c)
            if c.vat_no:
                self.by_ref[c.vat_no].append(c)
            for o in c.orders:
                self.by_order[o.upper()].append(c)
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
                clues.append(Clue(pid, 0.97, f"对方账号 {acct} 已确认属于 {self._label(pid)} (learned account)"))
            elif len(seen) > 1:
                notes.append(f"对方账号 {acct} 曾用于 {len(seen)} 个往来单位，不作为依据 (account shared, not counted)")
        memo = line.memo.upper()
        for tax in _TAX_ID.findall(memo):
            if tax in self.by_tax:
                pid = self.by_tax[tax]
                clues.append(Clue(pid, 0.97, f"附言含税号 {tax} (tax id in memo)"))
        for ref in {*_DOC_NO.findall(memo), *_VAT_NO.findall(memo)}:
            for c in self.by_ref.get(ref, ()):
                clues.append(Clue(c.party_id, 0.97, f"附言含发票号 {ref} (invoice number in memo)", (c.ref,)))
            orders = self.by_order.get(ref, ())
            for pid in {c.party_id for c in orders}:
                pins = tuple(c.ref for c in orders if c.party_id == pid)
                clues.append(Clue(pid, 0.93, f"附言含订单号 {ref} (order number in memo)", pins))
        clues += self._name_clues(line, notes)
        return clues, notes

    def _name_clues(self, line: Line, notes: list[str]) -> list[Clue]:
        key = normalize(line.counterparty)
        if not key:
            return []
        exact = self.by_name.get(key, set())
        if len(exact) == 1:
            pid = next(iter(exact))
            return [Clue(pid, 0.92, f"户名“{line.counterparty}”与 {self._label(pid)} 一致 (name equals after normalising)")]
        if len(exact) > 1:
            notes.append(f"户名“{line.counterparty}”对应 {len(exact)} 个往来单位 (name shared, not counted)")
            return []
        shared: dict[int, int] = defaultdict(int)
        for pair in _pairs(key):
            for i in self.pairs.get(pair, ()):
                shared[i] += 1
        pool = [self.names[i] for i in sorted(shared, key=lambda i: (-shared[i], i))[:FUZZY_POOL]]
        out = []
        for name, score, _ in process.extract(key, pool, scorer=fuzz.WRatio, limit=3, score_cutoff=FUZZY_FLOOR):
            for pid in self.by_name[name]:
                # a similarity weight (0.4–0.8), not money: rapidfuzz scores names 0–100 as floats
                weight = 0.4 + 0.4 * (score - FUZZY_FLOOR) / (100.0 - FUZZY_FLOOR)
                out.append(Clue(pid, round(min(weight, 0.8), 3),
                                f"户名“{line.counterparty}”近似 {self._label(pid)} ({score:.0f}%, fuzzy name, support only)"))
        return out

    def _label(self, pid: int) -> str:
        p = self.parties[pid]
        return f"{p.code} {p.name}"


def _pairs(name: str) -> set[str]:
    return {name[i:i + 2] for i in range(len(name) - 1)} if len(name) > 1 else {name}
