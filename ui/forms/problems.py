"""Where a use case's refusal belongs on a form: its line and field, read from the Problem's place
("line 2 field 'qty'", "field 'customer'") and, failing that, from how the message begins."""
from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import Problem
from domain.messages import LABELS, Message, render_place

_LINE = re.compile(r"\bline (\d+)")
_FIELD = re.compile(r"field '(\w+)'")
# Messages that name their field by their first word ("qty 5 exceeds the 3 still open …").
_LEADING = {"qty": "qty", "item": "item", "allocation": "amount", "allowances": "amount"}
# Catalogue messages whose sentence names their field ("数量 12 超过 …").
_CODE_FIELD = {"qty_exceeds_open": "qty", "qty_exceeds_item_open": "qty", "qty_exceeds_on_hand": "qty",
               "item_not_on": "item", "over_credit_limit": "customer", "unbalanced": "lines",
               "voucher_needs_two_lines": "lines", "voucher_needs_line": "lines"}
# Chinese names of fields, for the text shown beside them: the one label table.
FIELD_NAMES = LABELS


@dataclass(frozen=True)
class Placed:
    line: int | None  # 1-based line of the submitted lines, or None for the header
    field: str | None
    message: str

    def text(self) -> str:
        where = f"第 {self.line} 行 " if self.line else ""
        name = FIELD_NAMES.get(self.field or "", "")
        text = plain(self.message)
        return f"{where}{name + '：' if name and not text.startswith(name) else ''}{text}"


def plain(message: str) -> str:
    """The message without the field it names (the place is shown apart)."""
    return render_place(_FIELD.sub("", message).lstrip(": ").strip())


def place(problem: Problem) -> Placed:
    where, message = problem.where or "", problem.message
    line = _LINE.search(where)
    field = _FIELD.search(where) or _FIELD.search(message)
    name = field.group(1) if field else None
    if name is None and isinstance(message, Message):
        name = message.values.get("field") or _CODE_FIELD.get(message.code)
    if name is None:
        first = message.split(" ", 1)[0]
        name = _LEADING.get(first)
    if name is None and "credit limit" in message:
        name = "customer"
    if name is None and line is None and where.startswith("field") is False and "line" in message:
        name = "lines"
    return Placed(int(line.group(1)) if line else None, name, message)


def said(e: Exception) -> str:
    """What the window shows for a failure: a refusal's problems by their labels, else its text."""
    from domain.errors import Rejected
    return e.shown() if isinstance(e, Rejected) else str(e)
