"""What a message a person sees may not be: without Chinese, or naming an internal thing (an option,
a snake_case column or key, a `field '…'` place) or speaking the English of the old messages."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
_OPTION = re.compile(r"(?<![\w-])--[a-z][\w-]*")
_SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
_FIELD = re.compile(r"\bfield '")
_ENGLISH = re.compile(r"\b(required|exceeds|does not exist|must be|is not|already|not allowed|cannot|"
                      r"should|invalid|unknown|expected|needs?|only|before|after|choose from)\b", re.I)


def fault(text: str) -> str | None:
    """Why `text` may not be shown, or None when it may."""
    if not _CJK.search(text):
        return "no Chinese"
    for name, pattern in (("option", _OPTION), ("internal name", _SNAKE), ("field place", _FIELD),
                          ("English", _ENGLISH)):
        if m := pattern.search(text):
            return f"{name} {m.group()!r}"
    return None
