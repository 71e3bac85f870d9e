"""The VAT table a book uses: resources/tax/vat.toml, read once."""
from __future__ import annotations

import functools
import tomllib

from domain.vat import VatTable, parse_vat_table
from storage.book import RESOURCES


@functools.cache
def load_vat_table() -> VatTable:
    return parse_vat_table(tomllib.loads((RESOURCES / "tax" / "vat.toml").read_text(encoding="utf-8")))
