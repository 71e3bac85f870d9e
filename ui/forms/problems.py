"""Where a use case's refusal belongs on a form: its line and field, read from the Problem's place
("line 2 field 'qty'", "field 'customer'") and, failing that, from how the message begins."""
from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import Problem

_LINE = re.compile(r"\bline (\d+)")
_FIELD = re.compile(r"field '(\w+)'")
# Messages that name their field by their first word ("qty 5 exceeds the 3 still open …").
_LEADING = {"qty": "qty", "item": "item", "allocation": "amount", "allowances": "amount"}
# Chinese names of fields, for the text shown beside them.
FIELD_NAMES = {"qty": "数量", "item": "商品", "price": "单价", "tax_rate": "税率", "customer": "客户",
               "supplier": "供应商", "date": "日期", "no": "单号", "warehouse": "仓库", "order": "源订单",
               "amount": "金额", "account": "科目", "vat_no": "发票号码", "vat_code": "发票代码", "summary": "摘要",
               "debit": "借方", "credit": "贷方", "lines": "分录", "word": "凭证字", "company": "公司名称",
               "location": "所在地"}


@dataclass(frozen=True)
class Placed:
    line: int | None  # 1-based line of the submitted lines, or None for the header
    field: str | None
    message: str

    def text(self) -> str:
        where = f"第 {self.line} 行 " if self.line else ""
        name = FIELD_NAMES.get(self.field or "", "")
        return f"{where}{name + '：' if name else ''}{plain(self.message)}"


def plain(message: str) -> str:
    """The message without the field it names (the place is shown apart)."""
    return _FIELD.sub("", message).lstrip(": ").strip()


def place(problem: Problem) -> Placed:
    where, message = problem.where or "", problem.message
    line = _LINE.search(where)
    field = _FIELD.search(where) or _FIELD.search(message)
    name = field.group(1) if field else None
    if name is None:
        first = message.split(" ", 1)[0]
        name = _LEADING.get(first)
    if name is None and "credit limit" in message:
        name = "customer"
    if name is None and line is None and where.startswith("field") is False and "line" in message:
        name = "lines"
    return Placed(int(line.group(1)) if line else None, name, message)
