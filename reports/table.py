"""A report as the renderers see it: a titled document of sections, each a table of typed cells.

The PDF, Excel and CSV writers read only this; a report describes its columns once."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

# Cell kinds: text (user text, guarded against formulas), code (identifiers: kept as text),
# money (Decimal, '#,##0.00'), qty (Decimal), date (datetime.date), int.
KINDS = ("text", "code", "money", "qty", "date", "int")


@dataclass(frozen=True)
class Col:
    title: str
    kind: str = "text"
    width: float = 10  # in characters of the body font
    key: str = ""  # the machine name (CSV header)
    blank_zero: bool = False  # ledgers leave an empty debit or credit empty
    align: str = ""  # left, right or center; by kind when empty


@dataclass(frozen=True)
class Row:
    """A row with a style; plain tuples are body rows."""

    values: tuple
    bold: bool = False
    indent: int = 0  # of the first column, in steps
    cells: tuple[tuple[int, bool, int], ...] = ()  # per column (index, bold, indent) where a row has two halves
    keep: bool = False  # printed on the same page as the row before it (本月合计, 本年累计)

    def style(self, i: int) -> tuple[bool, int]:
        for index, bold, indent in self.cells:
            if index == i:
                return bold, indent
        return self.bold, self.indent if i == 0 else 0


@dataclass
class Section:
    columns: tuple[Col, ...]
    rows: Iterable[tuple | Row]
    heading: str = ""
    sheet: str = ""
    # A totals row: its values (for PDF) and, per column index, the Excel formula kind:
    # "sum" sums the column, "sumif:N" sums the rows whose column N is 1 (first-level accounts).
    totals: Row | None = None
    total_formulas: dict[int, str] = field(default_factory=dict)
    carry: Carry | None = None  # 过次页 / 承前页 across the PDF's page breaks


@dataclass(frozen=True)
class Carry:
    """What a ledger carries across a page break: the sums of `sums` over the body rows since the
    last row whose `label` column reads one of `reset` (the month so far), and the values of
    `keep` from the last body row (the balance), written in the `label` column as 过次页 at the
    foot of the page and 承前页 at the head of the next."""

    label: int
    sums: tuple[int, ...]
    keep: tuple[int, ...] = ()
    reset: tuple[str, ...] = ("本月合计",)


@dataclass
class Document:
    title: str
    company: str
    period: str
    sections: list[Section]
    form: str = ""  # 会小企01表 …
    info: list[str] = field(default_factory=list)  # lines under the title: customer, account …
    unit: str = "单位：元"
    signatures: tuple[str, ...] = ()
    landscape: bool = False
    state: str = ""  # 已结账 / 未结账，含未记账凭证 N 张: printed under the title (REPORTS.md v3)

    @property
    def statutory(self) -> bool:
        """A 会小企 form: its header block is the form's, and it has no autofilter."""
        return bool(self.form)


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would run as a formula (CSV injection): '=', '+', '-', '@'."""
    return text[:1] in ("=", "+", "-", "@")


def plain(value, kind: str) -> str:
    """A cell for CSV: amounts with two decimals, quantities trimmed, dates ISO, formulas defused."""
    from domain.money import fmt_amount, fmt_qty
    if value is None:
        return ""
    if kind == "money":
        return fmt_amount(value)
    if kind == "qty":
        return fmt_qty(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def money_sum(rows: list, index: int) -> Decimal:
    return sum((r[index] or Decimal(0) for r in rows), Decimal("0.00"))
