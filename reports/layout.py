"""The one interpreter of statement layouts (resources/reports/*.toml): rows as data, figures
from balances, other rows' formulas and classified cash flows."""
from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from domain.money import fmt_amount
from resources import resource
from storage.queries.balances import ChartAccount, Key

ZERO = Decimal("0.00")
LAYOUTS = resource("reports")
_TERM = re.compile(r"([+-]?)(\d+)")


@dataclass(frozen=True)
class RowDef:
    row: int
    item: str
    indent: int = 0
    total: bool = False
    accounts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    side: str = "debit"
    formula: str | None = None
    analyse: Mapping[str, object] | None = None
    under: str | None = None
    names: tuple[str, ...] = ()
    flow: int | None = None


@dataclass(frozen=True)
class Layout:
    report: str
    title: str
    form: str
    columns: tuple[str, ...]
    headings: tuple[str, ...]
    rows: tuple[RowDef, ...]
    check: tuple[int, ...]
    data: Mapping[str, object]


@dataclass
class Source:
    """What one column reads: debit-positive nets per (account, customer, supplier), and the
    cash-flow rows classified for its range."""

    nets: Mapping[Key, Decimal] = field(default_factory=dict)
    flows: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class StatementRow:
    row: int
    item: str
    indent: int
    total: bool
    values: tuple[Decimal, ...]


@cache
def load(name: str) -> Layout:
    data = tomllib.loads((LAYOUTS / f"{name}.toml").read_text(encoding="utf-8"))
    rows = []
    for r in data["rows"]:
        rows.append(RowDef(row=int(r["row"]), item=r["item"], indent=int(r.get("indent", 0)),
                           total=bool(r.get("total", False)), accounts=tuple(r.get("accounts", ())),
                           categories=tuple(r.get("categories", ())), side=r.get("side", "debit"),
                           formula=r.get("formula"), analyse=r.get("analyse"), under=r.get("under"),
                           names=tuple(r.get("names", ())), flow=r.get("flow")))
    numbers = [r.row for r in rows]
    if numbers != sorted(set(numbers)):
        raise ValueError(f"{name}.toml: rows must be numbered once each, in order")
    return Layout(data["report"], data["title"], data["form"], tuple(data["columns"]), tuple(data["headings"]),
                  tuple(rows), tuple(data.get("check", ())), data)


def evaluate(layout: Layout, accounts: Sequence[ChartAccount], sources: Sequence[Source]) -> list[StatementRow]:
    """Every row of the layout for each column's source."""
    columns = [_column(layout, accounts, src) for src in sources]
    return [StatementRow(d.row, d.item, d.indent, d.total, tuple(col[d.row] for col in columns)) for d in layout.rows]


def _column(layout: Layout, accounts: Sequence[ChartAccount], src: Source) -> dict[int, Decimal]:
    by_id = {a.id: a for a in accounts}
    per_account: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for (acc, _, _), v in src.nets.items():
        per_account[by_id[acc].code] += v
    out: dict[int, Decimal] = {}
    for d in layout.rows:
        out[d.row] = _figure(d, accounts, by_id, per_account, src, out)
    return out


def _figure(d: RowDef, accounts, by_id, per_account, src: Source, done: dict[int, Decimal]) -> Decimal:
    if d.formula is not None:
        return sum((done[int(n)] * (-1 if sign == "-" else 1) for sign, n in _TERM.findall(d.formula)), ZERO)
    if d.flow is not None:
        return src.flows.get(d.flow, ZERO)
    sign = -1 if d.side == "credit" else 1
    if d.analyse is not None:
        return _analysed(d.analyse, by_id, src)
    codes = {a.code for a in accounts if a.is_leaf and (
        (d.accounts and a.code.startswith(d.accounts)) or a.category in d.categories
        or (d.under and a.code.startswith(d.under) and a.code != d.under and any(n in a.name for n in d.names)))}
    return sign * sum((per_account[c] for c in codes if c in per_account), ZERO)


def _analysed(spec: Mapping[str, object], by_id, src: Source) -> Decimal:
    """Nets per customer (or supplier) over the accounts; the debit nets or the credit nets."""
    prefixes = tuple(spec["accounts"])  # type: ignore[call-overload]
    party = 1 if spec["dimension"] == "customer" else 2
    nets: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for key, v in src.nets.items():
        if by_id[key[0]].code.startswith(prefixes):
            nets[key[party]] += v
    if spec["take"] == "debit":
        return sum((v for v in nets.values() if v > 0), ZERO)
    return sum((-v for v in nets.values() if v < 0), ZERO)


def as_json(report: dict) -> dict:
    """INTERCHANGE.md: every figure a string with two decimals, rows named by the layout's columns."""
    layout: Layout = report["layout"]
    out = {k: v for k, v in report.items() if k not in ("layout", "rows", "difference", "state")}
    out["report"] = layout.report
    out["rows"] = [{"row": r.row, "item": r.item, **{c: fmt_amount(v) for c, v in zip(layout.columns, r.values,
                                                                                       strict=True)}}
                   for r in report["rows"]]
    out["difference"] = fmt_amount(report["difference"])
    return out
