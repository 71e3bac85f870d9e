"""Which builder output goes to which writer: JSON per INTERCHANGE.md, PDF and Excel through the
shared renderers (reports.pdf, reports.xlsx) from one table description per report."""
from __future__ import annotations

import json
from pathlib import Path

from domain.errors import Rejected


def to_json(name: str, data: dict) -> dict:
    if name == "bank-reconciliation":
        from reports.bank_reconciliation import as_json
        return as_json(data)
    from reports import (
        aging,
        balance_sheet,
        cash_flow,
        general_ledger,
        income_statement,
        ledger,
        statement,
        stock,
        trial_balance,
        vat,
    )
    conv = {"general-ledger": general_ledger.as_json, "trial-balance": trial_balance.as_json, "ledger": ledger.as_json, "statement": statement.as_json,
            "aging": aging.as_json, "balance-sheet": balance_sheet.as_json,
            "income-statement": income_statement.as_json, "cash-flow": cash_flow.as_json, "stock": stock.as_json,
            "vat": vat.as_json}
    return conv[name](data)


def _refuse_unbalanced(name: str, data: dict) -> None:
    if name == "balance-sheet" and data["difference"]:
        from domain.money import fmt_thousands
        raise Rejected(f"balance sheet {data['period']}: 资产合计 (row 30) and 负债和所有者权益总计 (row 53) differ "
                       f"by {fmt_thousands(data['difference'])}; it is not printed until they agree")


def to_pdf(name: str, data: dict, out: str | Path, per_page: int = 2) -> None:
    _refuse_unbalanced(name, data)
    if name == "vouchers":
        from reports.voucher_pdf import render_vouchers
        render_vouchers(data, out, per_page=per_page)
        return
    from reports.pdf import render
    render(_table(name, data), out)


def to_xlsx(name: str, data: dict, out: str | Path) -> None:
    _refuse_unbalanced(name, data)
    from reports.xlsx import write
    write(_table(name, data), out)


def _table(name: str, data: dict):
    """The report's printable table, as the catalogue says how to make it."""
    from reports.catalogue import CATALOGUE
    make = CATALOGUE[name].table
    assert make is not None, name
    return make(data)


def write(name: str, data: dict, fmt: str, out: str | Path, per_page: int = 2) -> None:
    """One report to one file in one format."""
    if fmt == "json":
        Path(out).write_text(json.dumps(to_json(name, data), ensure_ascii=False, indent=1), encoding="utf-8")
    elif fmt == "pdf":
        to_pdf(name, data, out, per_page=per_page)
    else:
        to_xlsx(name, data, out)
