"""The code a new master record would take next, read from the codes the book already uses, so a
placeholder shows the book's own format (C0451 where codes are C0001…C0450, not a made-up C001)."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_NUMBERED = re.compile(r"^(.*?)(\d+)$")
FIRST = {"customer": "C0001", "supplier": "S0001", "item": "A0001", "warehouse": "W01", "bank_account": "B01"}


def next_code(codes: Iterable[str], first: str) -> str:
    """The most used prefix-and-width among `codes`, one past its highest number; `first` when none
    of them ends in digits."""
    groups: Counter[tuple[str, int]] = Counter()
    highest: dict[tuple[str, int], int] = {}
    for code in codes:
        m = _NUMBERED.match(code or "")
        if not m:
            continue
        key = (m.group(1), len(m.group(2)))
        groups[key] += 1
        highest[key] = max(highest.get(key, 0), int(m.group(2)))
    if not groups:
        return first
    (prefix, width), _ = max(groups.items(), key=lambda kv: (kv[1], kv[0][1]))
    return f"{prefix}{highest[(prefix, width)] + 1:0{width}d}"
