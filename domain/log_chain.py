"""The operation log's hash chain: each entry's hash covers its content and the previous entry's
hash, so changing, removing or slipping in an entry breaks the chain from there on.

The content is canonical JSON (sorted keys, no spaces, UTF-8), so any engine that returns the same
values gives the same hash. Times are hashed to the second: every engine keeps that much.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

FIELDS = ("seq", "at", "user", "action", "record", "detail", "old_values", "new_values", "reason")


def at_text(at: dt.datetime) -> str:
    return at.replace(microsecond=0).isoformat(sep=" ")


def entry_hash(prev_hash: str, entry: dict[str, object]) -> str:
    content = {k: entry.get(k) for k in FIELDS}
    at = content["at"]
    if isinstance(at, dt.datetime):
        content["at"] = at_text(at)
    content["prev"] = prev_hash
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def first_break(entries: list[dict[str, object]], head_seq: int, head_hash: str) -> str | None:
    """Where the chain first breaks, in words, or None. `entries` in `seq` order; the head is what the
    book says the last entry is."""
    prev, expected = "", 1
    for e in entries:
        seq = e.get("seq")
        label = f"entry #{e.get('id')} (seq {seq}, {e.get('action')}, {e.get('user')}, {e.get('at')})"
        if seq is None or e.get("hash") is None:
            return f"{label}: has no place in the chain (added behind the product's back)"
        if seq != expected:
            return (f"{label}: entry {expected} is missing (deleted)" if isinstance(seq, int) and seq > expected
                    else f"{label}: out of order, expected seq {expected}")
        if e.get("prev_hash") != prev:
            return f"{label}: does not follow the entry before it (inserted or the one before changed)"
        if entry_hash(prev, e) != e["hash"]:
            return f"{label}: its content was changed after it was written"
        prev, expected = str(e["hash"]), expected + 1
    if expected - 1 != head_seq or prev != head_hash:
        return (f"the log ends at entry {expected - 1} but the book recorded {head_seq} entries: "
                "the last entries were deleted")
    return None
