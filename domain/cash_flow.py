"""现金流量表 classification: a voucher's cash movement split over the counterparts that caused it."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain.messages import Message

ZERO = Decimal("0.00")
FEN = Decimal("0.01")


@dataclass(frozen=True)
class FlowClass:
    """Where a class of counterpart puts money: one row (direction in or out), or one row per direction."""

    prefixes: tuple[str, ...]
    in_row: int
    out_row: int
    single: str | None = None  # "in" or "out" when in_row == out_row: the sign the row reads
    whole: bool = False  # a counterpart of this class takes the voucher's whole cash movement


@dataclass(frozen=True)
class FlowRules:
    cash: tuple[str, ...]
    tax: tuple[str, ...]
    tax_alone: str
    default: str
    classes: Mapping[str, FlowClass]

    def is_cash(self, code: str) -> bool:
        return code.startswith(self.cash)

    def class_of(self, code: str) -> str:
        best, length = self.default, 0
        for name, cls in self.classes.items():  # the longest matching prefix wins (222101 over 2221)
            for p in cls.prefixes:
                if code.startswith(p) and len(p) > length:
                    best, length = name, len(p)
        return best


@dataclass(frozen=True)
class Line:
    account: str
    debit: Decimal
    credit: Decimal


def split_largest_remainder(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """amount split pro rata over weights (all > 0) to the fen; leftover fen go to the largest remainders."""
    whole = sum(weights, Decimal(0))
    fen = int((abs(amount) / FEN).to_integral_value())
    exact = [Decimal(fen) * w / whole for w in weights]
    floors = [int(x) for x in exact]
    left = fen - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    sign = -1 if amount < 0 else 1
    return [Decimal(sign * f) * FEN for f in floors]


def classify(lines: Sequence[Line], rules: FlowRules) -> dict[int, Decimal]:
    """The voucher's net cash movement by cash-flow row (outflow rows positive for money out).

    The cash lines are taken together, so transfers between cash accounts cancel exactly and
    the rows always add up to the voucher's change in cash. The net is split over the non-cash
    lines that moved cash the same way (a credit to 1122 brings money in), pro rata.
    """
    net = sum((ln.debit - ln.credit for ln in lines if rules.is_cash(ln.account)), ZERO)
    if not net:
        return {}
    # a disposal moves its asset's cost and depreciation beside the proceeds; the cash is the
    # proceeds of 1606 固定资产清理, all of it (处置固定资产收回的现金净额), whatever else the voucher clears
    whole = next((name for ln in lines if not rules.is_cash(ln.account)
                  for name in [rules.class_of(ln.account)] if rules.classes[name].whole), None)
    if whole is not None:
        return _rows({whole: net}, rules)
    sources = [(ln.account, ln.credit - ln.debit) for ln in lines if not rules.is_cash(ln.account)]
    sources = [(code, c) for code, c in sources if c and (c > 0) == (net > 0)]
    if not sources:  # nothing explains it (a voucher of cash lines only that does not net out)
        return _rows({rules.default: net}, rules)
    classes = [rules.class_of(code) if not code.startswith(rules.tax) else "" for code, _ in sources]
    plain = [(abs(c), cls) for (_, c), cls in zip(sources, classes, strict=True) if cls]
    tax_class = max(plain, key=lambda x: x[0])[1] if plain else rules.tax_alone
    classes = [cls or tax_class for cls in classes]
    shares = split_largest_remainder(net, [abs(c) for _, c in sources])
    by_class: dict[str, Decimal] = {}
    for cls, share in zip(classes, shares, strict=True):
        by_class[cls] = by_class.get(cls, ZERO) + share
    return _rows(by_class, rules)


def _rows(by_class: Mapping[str, Decimal], rules: FlowRules) -> dict[int, Decimal]:
    rows: dict[int, Decimal] = {}
    for name, amount in by_class.items():
        cls = rules.classes[name]
        if cls.single is not None:
            row, value = cls.in_row, amount if cls.single == "in" else -amount
        elif amount > 0:
            row, value = cls.in_row, amount
        else:
            row, value = cls.out_row, -amount
        rows[row] = rows.get(row, ZERO) + value
    return rows


def rules_from(data: Mapping[str, object]) -> FlowRules:
    """The rules of a cash-flow layout (resources/reports/cash_flow.toml)."""
    classes: dict[str, FlowClass] = {}
    raw = data["classes"]
    assert isinstance(raw, Mapping)
    for name, spec in raw.items():
        prefixes = tuple(str(p) for p in spec.get("accounts", ()))
        if "row" in spec:
            classes[name] = FlowClass(prefixes, int(spec["row"]), int(spec["row"]), str(spec.get("direction", "in")),
                                      bool(spec.get("whole", False)))
        else:
            classes[name] = FlowClass(prefixes, int(spec["in_row"]), int(spec["out_row"]),
                                      whole=bool(spec.get("whole", False)))
    cash, tax = data["cash"], data["tax"]
    assert isinstance(cash, list) and isinstance(tax, list)
    return FlowRules(tuple(cash), tuple(tax), str(data["tax_alone"]), str(data["default_class"]), classes)


def row_value(rules: FlowRules, row: int, net: Decimal) -> Decimal:
    """What a net change in cash reads on a row a person chose: itself on an inflow row, its
    negative on an outflow row (money out is positive there)."""
    for cls in rules.classes.values():
        if cls.single is not None and cls.in_row == row:
            return net if cls.single == "in" else -net
        if cls.single is None and row in (cls.in_row, cls.out_row):
            return net if row == cls.in_row else -net
    raise ValueError(Message("not_a_cash_flow_row"))
