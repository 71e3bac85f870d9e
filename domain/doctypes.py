"""The one registry of business document types: prefix, title, interchange fields, posting events,
what a type consumes (returns or bills) and what it is for.

The importer, the numbering, the lists, the checks and the demo read this table instead of keeping
their own copies, so a new type (a red purchase invoice, a fixed asset) is one entry here, one use
case module and its posting template.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocType:
    """One kind of business document.

    name:     the interchange `type` and the value stored in documents.type
    prefix:   numbering prefix (SO-202611-0001)
    title:    what a Chinese clerk calls it (list columns, printed headers)
    fields:   the interchange fields it accepts (anything else is refused by name)
    side:     'sales' | 'purchase' | 'cash' | 'ledger' | 'assets' — where the UI lists it
    source:   the upstream type whose lines it consumes (outbound ← sales_order), if any
    events:   posting-template events it raises (resources/posting/*.toml)
    moves_money_or_goods: whether it must carry exactly one voucher (invariant 6)
    """

    name: str
    prefix: str
    title: str
    fields: frozenset[str]
    side: str
    source: str | None = None
    events: tuple[str, ...] = ()
    moves_money_or_goods: bool = True


def _t(name: str, prefix: str, title: str, fields: str, side: str, source: str | None = None,
       events: tuple[str, ...] = (), moves: bool = True) -> DocType:
    return DocType(name, prefix, title, frozenset(fields.split()), side, source, events, moves)


_ALL = (
    _t("sales_order", "SO", "销售订单", "no date customer lines", "sales", moves=False),
    _t("outbound", "OUT", "销售出库单", "no date order warehouse lines", "sales", "sales_order", ("outbound",)),
    _t("invoice", "INV", "销售发票", "no date lines outbounds vat_no vat_code", "sales", "outbound", ("invoice",)),
    _t("receipt", "RC", "收款单", "no date customer amount account allocations", "cash", None, ("receipt",)),
    _t("sales_return", "SR", "销售退货单", "no date outbound warehouse lines", "sales", "outbound",
       ("sales_return",)),
    _t("credit_note", "CN", "红字发票", "no date invoice lines", "sales", "invoice", ("credit_note",)),
    _t("purchase_order", "PO", "采购订单", "no date supplier lines", "purchase", moves=False),
    _t("inbound", "IN", "采购入库单", "no date order warehouse lines", "purchase", "purchase_order", ("inbound",)),
    _t("purchase_invoice", "PI", "采购发票", "no date lines inbounds vat_no vat_code", "purchase", "inbound",
       ("purchase_invoice",)),
    _t("payment", "PAY", "付款单", "no date supplier amount account allocations", "cash", None, ("payment",)),
    _t("purchase_return", "PR", "采购退货单", "no date inbound warehouse lines", "purchase", "inbound",
       ("purchase_return",)),
    _t("purchase_credit_note", "PCN", "采购红字发票", "no date invoice lines", "purchase", "purchase_invoice",
       ("purchase_credit_note_goods", "purchase_credit_note_allowance")),
    # fixed assets (issue 17): the acquisition is the asset card's document; its no is the asset's code
    _t("fixed_asset", "FA", "固定资产卡片", "no date name category cost tax life_months residual_rate "
       "expense_account account supplier opening accumulated months_used", "assets", None, ("fixed_asset",)),
    _t("asset_disposal", "FD", "固定资产清理单", "no date asset proceeds account tax rate", "assets", "fixed_asset",
       ("asset_disposal",)),
)

DOC_TYPES: dict[str, DocType] = {t.name: t for t in _ALL}

# A manual voucher is not a business document but the importer accepts it beside them.
VOUCHER_FIELDS = frozenset({"date", "word", "summary", "lines", "attachments"})
# Nor is a bank statement: its lines wait in the book to be matched (BANKS.md).
BANK_STATEMENT_FIELDS = frozenset({"account", "lines"})


def title_of(name: str) -> str:
    """The Chinese title of a document type, or the name itself for a type this version lacks."""
    t = DOC_TYPES.get(name)
    return t.title if t else name


def import_fields() -> dict[str, frozenset[str]]:
    """What each importable `type` accepts: every document type, the manual voucher, the bank statement."""
    return {**{t.name: t.fields for t in _ALL}, "voucher": VOUCHER_FIELDS, "bank_statement": BANK_STATEMENT_FIELDS}
