"""The month-end steps' decisions (期末处理): VAT transfer, surcharges, straight-line depreciation,
结转损益 — pure functions of balances, rates and dates; storage reads the inputs, writes the vouchers."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from domain.voucher import LineDraft

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
STEPS = ("recurring", "depreciation", "vat_transfer", "small_exemption", "surcharges", "checks", "profit_and_loss",
         "year_end")


def fen(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


# ---- the steps as data (resources/close/*.toml) ------------------------------------------------
@dataclass(frozen=True)
class StepSpec:
    """One close step: its name, place in the order, title, voucher summary, legal source, options."""

    step: str
    order: int
    title: str
    summary: str
    source: str
    accounts: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)

    def summary_for(self, period: str) -> str:
        return self.summary.format(period=period, year=period[:4])


def load_steps(docs: list[dict[str, Any]]) -> list[StepSpec]:
    """Parsed step files in their order; an unknown step name is a broken installation."""
    out = []
    for d in docs:
        if d.get("step") not in STEPS:
            raise ValueError(f"close step {d.get('step')!r} is not one of {', '.join(STEPS)}")
        known = {"step", "order", "title", "summary", "source", "accounts"}
        out.append(StepSpec(d["step"], int(d["order"]), d["title"], d["summary"], d["source"],
                            dict(d.get("accounts", {})), {k: v for k, v in d.items() if k not in known}))
    return sorted(out, key=lambda s: s.order)


# ---- 转出未交增值税 ------------------------------------------------------------------------------
def vat_transfer(vat_balance: Decimal, transfer_out: str, unpaid: str, summary: str, *,
                 prepaid: Decimal = ZERO, overpaid_out: str = "") -> list[LineDraft]:
    """`vat_balance` is 222101's debit − credit at month end (its leaves summed, 留抵 carried in
    included). A credit balance moves to 未交增值税 (Dr 转出未交增值税 · Cr 未交增值税). A debit
    balance stays as 留抵 — except the part paid this month beyond what was owed (已交税金
    `prepaid`), which is 多交 and moves to 未交增值税's debit side (Dr 未交增值税 · Cr 转出多交增值税)."""
    owed = -vat_balance
    if owed > 0:
        return [LineDraft(transfer_out, debit=owed, summary=summary), LineDraft(unpaid, credit=owed, summary=summary)]
    overpaid = min(vat_balance, prepaid) if overpaid_out else ZERO
    if overpaid <= 0:
        return []
    return [LineDraft(unpaid, debit=overpaid, summary=summary), LineDraft(overpaid_out, credit=overpaid, summary=summary)]


# ---- 附加税费 -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dated:
    valid_from: dt.date
    valid_to: dt.date | None

    def holds(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class SurchargeRate(Dated):
    tax: str
    rate: Decimal
    source: str
    location: str | None = None


@dataclass(frozen=True)
class Relief(Dated):
    name: str
    taxes: tuple[str, ...]
    share: Decimal  # the part of the tax not levied
    beneficiaries: tuple[str, ...]  # small | small_low_profit
    source: str


@dataclass(frozen=True)
class Exemption(Dated):
    name: str
    taxes: tuple[str, ...]
    sales_up_to: Decimal  # a month's sales; a quarterly filer's quarter: quarterly_up_to
    source: str
    quarterly_up_to: Decimal | None = None


@dataclass(frozen=True)
class SurchargeRules:
    rates: tuple[SurchargeRate, ...]
    reliefs: tuple[Relief, ...]
    exemptions: tuple[Exemption, ...]


def _dates(d: dict[str, Any]) -> tuple[dt.date, dt.date | None]:
    end = d.get("valid_to")
    return dt.date.fromisoformat(str(d["valid_from"])), dt.date.fromisoformat(str(end)) if end else None


def load_surcharge_rules(data: dict[str, Any]) -> SurchargeRules:
    rates = tuple(SurchargeRate(*_dates(r), r["tax"], Decimal(r["rate"]), r["source"], r.get("location"))
                  for r in data.get("rates", []))
    reliefs = tuple(Relief(*_dates(r), r["name"], tuple(r["taxes"]), Decimal(r["share"]), tuple(r["for"]), r["source"])
                    for r in data.get("reliefs", []))
    exemptions = tuple(Exemption(*_dates(r), r["name"], tuple(r["taxes"]), Decimal(r["monthly_sales_up_to"]),
                                 r["source"], Decimal(r["quarterly_sales_up_to"]) if "quarterly_sales_up_to" in r
                                 else None) for r in data.get("exemptions", []))
    return SurchargeRules(rates, reliefs, exemptions)


@dataclass(frozen=True)
class Surcharge:
    """One surcharge of a month: base × rate × (1 − relief), to the fen, with the rules applied."""

    tax: str
    base: Decimal
    rate: Decimal
    relief: Decimal
    amount: Decimal
    rules: tuple[str, ...]


def surcharges(vat_payable: Decimal, sales: Decimal, location: str, taxpayer: str, small_low_profit: bool,
               day: dt.date, rules: SurchargeRules, taxes: tuple[str, ...], *,
               quarterly: bool = False) -> list[Surcharge]:
    """The month's surcharges on the VAT payable, in the order of `taxes`; exempt or zero ones left out.

    The halving applies to small-scale taxpayers and 小型微利企业 while in force; the exemption of a
    month whose sales are at most its limit removes the taxes it names. A tax without a rate in
    force on `day` raises ValueError (the rules file needs a row)."""
    if vat_payable <= 0:
        return []
    who = {taxpayer} | ({"small_low_profit"} if small_low_profit else set())
    out = []
    for tax in taxes:
        exempt = [e for e in rules.exemptions if tax in e.taxes and e.holds(day)
                  and sales <= (e.quarterly_up_to or 3 * e.sales_up_to if quarterly else e.sales_up_to)]
        if exempt:
            continue
        rate = next((r for r in rules.rates if r.tax == tax and r.holds(day) and r.location in (None, location)), None)
        if rate is None:
            raise ValueError(f"no {tax} rate in force on {day} for location {location}")
        relief = next((r for r in rules.reliefs if tax in r.taxes and r.holds(day) and who & set(r.beneficiaries)),
                      None)
        share = relief.share if relief else ZERO
        amount = fen(vat_payable * rate.rate * (1 - share))
        if amount:
            out.append(Surcharge(tax, vat_payable, rate.rate, share, amount,
                                 (rate.source,) + ((relief.source,) if relief else ())))
    return out


def surcharge_lines(items: list[Surcharge], accounts: dict[str, tuple[str, str, str]]) -> list[LineDraft]:
    """Dr 税金及附加—<tax> · Cr 应交税费—<tax> per surcharge; accounts: tax → (name, debit, credit)."""
    lines = []
    for s in items:
        name, debit, credit = accounts[s.tax]
        text = f"计提{name} {s.base}×{_pct(s.rate)}" + (f"×{_pct(1 - s.relief)}（减半）" if s.relief else "")
        lines.append(LineDraft(debit, debit=s.amount, summary=text))
        lines.append(LineDraft(credit, credit=s.amount, summary=text))
    return lines


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


# ---- 小规模纳税人免征增值税 ----------------------------------------------------------------------
def small_exemption(vat: Decimal, sales: Decimal, limit: Decimal, vat_account: str, income: str,
                    summary: str) -> list[LineDraft]:
    """A small-scale taxpayer's VAT of the period forgiven when its sales are at most `limit`
    (财政部 税务总局公告2023年第19号): Dr 应交增值税 · Cr 营业外收入 (政府补助 under 小企业会计准则)."""
    if vat <= 0 or sales > limit:
        return []
    return [LineDraft(vat_account, debit=vat, summary=summary), LineDraft(income, credit=vat, summary=summary)]


# ---- 折旧 -----------------------------------------------------------------------------------------
def months_after(acquired: dt.date, period: str) -> int:
    """How many months `period` lies after the month of `acquired` (0 in that month)."""
    y, m = map(int, period.split("-"))
    return (y - acquired.year) * 12 + m - acquired.month


def depreciable(cost: Decimal, residual_rate: Decimal) -> Decimal:
    """What depreciation may take in all: cost less the residual value (rounded to the fen)."""
    return cost - fen(cost * residual_rate)


def straight_line(cost: Decimal, residual_rate: Decimal, life_months: int, acquired: dt.date, period: str,
                  accumulated: Decimal) -> Decimal:
    """One month's depreciation: from the month after acquisition, (cost − residual) / life a
    month, the last month of the life taking what remains, never past the residual value."""
    n = months_after(acquired, period)
    whole = depreciable(cost, residual_rate)
    left = whole - accumulated
    if n < 1 or left <= 0 or life_months < 1:
        return ZERO
    if n >= life_months:
        return left
    return min(fen(whole / life_months), left)


# ---- 结转损益 -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PLBalance:
    """A 损益 leaf's balance (debit − credit) for one dimension value."""

    account: str
    side: str  # credit: income, emptied on the debit side; debit: expense, emptied on the credit side
    balance: Decimal
    customer: int | None = None
    supplier: int | None = None
    item: int | None = None


def profit_and_loss(balances: list[PLBalance], profit: str, summary: str) -> list[LineDraft]:
    """结转损益: every balance moved to 本年利润 (income on the debit side and expenses on the
    credit side, as Chinese books show them, red when against the grain); 本年利润 takes both totals."""
    lines, income, expense = [], ZERO, ZERO
    for b in balances:
        if not b.balance:
            continue
        if b.side == "credit":
            side = {"debit": -b.balance}
            income += -b.balance
        else:
            side = {"credit": b.balance}
            expense += b.balance
        lines.append(LineDraft(b.account, summary=summary, customer=b.customer, supplier=b.supplier, item=b.item,
                               **side))
    if income:
        lines.append(LineDraft(profit, credit=income, summary=summary))
    if expense:
        lines.append(LineDraft(profit, debit=expense, summary=summary))
    return lines


def year_end(profit_balance: Decimal, profit: str, retained: str, summary: str) -> list[LineDraft]:
    """本年利润 (debit − credit) carried to 未分配利润."""
    if not profit_balance:
        return []
    return [LineDraft(profit, debit=-profit_balance, summary=summary),
            LineDraft(retained, credit=-profit_balance, summary=summary)]


# ---- blocked closes ---------------------------------------------------------------------------
def summarise_words(names: list[str], what: str, shown: int = 10) -> str:
    """The window's words for the same: '共 268 张凭证未记账：记-1 … 记-10 等' (`what` says what they are)."""
    head = names[:shown]
    listed = f"{head[0]} … {head[-1]}" if len(head) > 3 else "、".join(head)
    return f"共 {len(names)} {what}：{listed}{' 等' if len(names) > len(head) else ''}"


def summarise(names: list[str], what: str, shown: int = 10) -> str:
    """'268 vouchers are not posted: 记-1 … 记-10 and 258 more' — one line, whatever the count."""
    head = names[:shown]
    listed = f"{head[0]} … {head[-1]}" if len(head) > 3 else ", ".join(head)
    more = f" and {len(names) - len(head)} more" if len(names) > len(head) else ""
    return f"{len(names)} {what}: {listed}{more}"
