"""The VAT table a book uses: resources/tax/vat.toml, read once."""
from __future__ import annotations

import functools
import tomllib
from decimal import Decimal

from domain.vat import VatTable, parse_vat_table, split
from storage.book import RESOURCES


@functools.cache
def load_vat_table() -> VatTable:
    return parse_vat_table(tomllib.loads((RESOURCES / "tax" / "vat.toml").read_text(encoding="utf-8")))


def printed_tax(gross: Decimal, rate: Decimal) -> Decimal:
    """The tax an invoice prints for a line: from its gross alone (round(gross / (1 + base) × rate))."""
    return split(gross, rate, load_vat_table().base(rate))[1]
