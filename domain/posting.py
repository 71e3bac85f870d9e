"""Posting templates: turn a business event and its amounts into voucher lines.

Which accounts an event debits and credits is data (resources/posting/*.toml), read here;
no code names an account. A template line says: account, side, which amount, which dimensions.
An event may instead be `red_of` another: the same lines with negative amounts (红字).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from domain.voucher import LineDraft, merge_lines

AMOUNT_KEYS = ("gross", "net", "tax", "cost", "amount",
               # an invoice's tax as printed (from its gross alone), its net, and the fen between the
               # printed tax and the pending tax the portion rule relieves from 222103
               "invoice_net", "invoice_tax", "tax_rounding",
               "variance",  # net − cost of a purchase return or supplier allowance
               "part_cost", "invoiced_cost",  # a sales return's cost from uninvoiced / invoiced goods
               "accumulated", "depreciation", "proceeds", "gain", "loss")  # fixed assets
DIM_KEYS = ("customer", "supplier", "item")
BANK = "$bank"  # the bank or cash account named on the document
EXPENSE = "$expense"  # a fixed asset's depreciation expense account


@dataclass(frozen=True)
class TemplateLine:
    account: str
    side: str  # debit | credit
    amount: str  # one of AMOUNT_KEYS
    dims: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventTemplate:
    summary: str
    lines: tuple[TemplateLine, ...]


@dataclass(frozen=True)
class TemplateSet:
    name: str
    title: str
    roles: dict[str, str]  # role → account code: receivable, inventory, profit, …
    events: dict[str, EventTemplate]
    # taxpayer type → {account in the templates: the account that type posts to instead}
    taxpayer_accounts: dict[str, dict[str, str]] = field(default_factory=dict)

    def role(self, name: str) -> str:
        return self.roles[name]


@dataclass(frozen=True)
class EventLine:
    """The amounts and dimensions of one document line (or of a money document as a whole)."""

    amounts: dict[str, Decimal]
    customer: int | None = None
    supplier: int | None = None
    item: int | None = None
    qty: Decimal | None = None
    bank: str | None = None
    expense: str | None = None
    # a red line's original document (the outbound a return reverses …): its revenue and cost go back
    # to the sub-accounts that document posted to, though the category was re-mapped since
    source: int | None = None
    # a general taxpayer's sale at a levy rate (简易计税): its output VAT goes to 222109 (version 3)
    simple: bool = False


def load_template_set(data: dict[str, Any]) -> TemplateSet:
    """Build a template set from parsed TOML, resolving `red_of` and checking every name."""
    raw = data["events"]
    events: dict[str, EventTemplate] = {}
    for name, spec in raw.items():
        source = raw[spec["red_of"]] if "red_of" in spec else spec
        lines = tuple(_template_line(name, ln) for ln in source["lines"])
        sign = -1 if "red_of" in spec else 1
        summary = spec.get("summary", source.get("summary", name))
        events[name] = EventTemplate(summary, lines if sign == 1 else tuple(_red(ln) for ln in lines))
    by_taxpayer = {k: dict(v.get("accounts", {})) for k, v in data.get("taxpayer", {}).items()}
    return TemplateSet(data["name"], data.get("title", data["name"]), dict(data.get("roles", {})), events,
                       by_taxpayer)


def _template_line(event: str, spec: dict[str, Any]) -> TemplateLine:
    side, amount = spec["side"], spec["amount"]
    if side not in ("debit", "credit") or amount.lstrip("-") not in AMOUNT_KEYS:
        raise ValueError(f"posting template {event}: bad line {spec}")
    dims = tuple(spec.get("dims", ()))
    if any(d not in DIM_KEYS for d in dims):
        raise ValueError(f"posting template {event}: unknown dimension in {dims}")
    return TemplateLine(str(spec["account"]), side, amount, dims)


def _red(line: TemplateLine) -> TemplateLine:
    amount = line.amount[1:] if line.amount.startswith("-") else "-" + line.amount
    return TemplateLine(line.account, line.side, amount, line.dims)


def build_lines(template: EventTemplate, event_lines: list[EventLine], summary: str,
                route: Callable[[str, EventLine], str] | None = None) -> list[LineDraft]:
    """Voucher lines for an event: each template line for each document line, then merged.
    `route` turns a template account into the leaf for that line (revenue by item category)."""
    out: list[LineDraft] = []
    for tl in template.lines:
        negate = tl.amount.startswith("-")
        amount = tl.amount.lstrip("-")
        for el in event_lines:
            value = el.amounts.get(amount, Decimal(0))
            value = -value if negate else value
            if not value:
                continue
            account = el.bank if tl.account == BANK else el.expense if tl.account == EXPENSE else tl.account
            if account is None:
                raise ValueError(f"a template line names {tl.account} but the document has no such account")
            if route is not None:
                account = route(account, el)
            fields: dict[str, Any] = {tl.side: value, **{d: getattr(el, d) for d in tl.dims}}
            if "item" in tl.dims and el.qty is not None:
                fields["qty"] = -el.qty if negate else el.qty
            out.append(LineDraft(account=account, summary=summary, **fields))
    return merge_lines(out)
