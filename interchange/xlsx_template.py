"""The master-data Excel template (`template master --out FILE.xlsx`): the workbook `import` reads,
one sheet per section named in Chinese, the header row holding the field names.

It is written from the importer's own field lists (interchange/xlsx_import.py), so the template
and the importer cannot drift apart. With `example=True` each master sheet carries one filled row
(a customer, a supplier, an item, a warehouse) that imports into any new book as it stands.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill

from interchange.xlsx_import import FIELDS, SHEETS

EXAMPLES: dict[str, dict[str, object]] = {
    "customers": {"code": "C001", "name": "华东机电有限公司", "tax_id": "91310000MA1K000019",
                  "credit_limit": 200000, "payment_days": 30, "contact": "王经理", "phone": "021-55550101"},
    "suppliers": {"code": "S001", "name": "江南电机制造有限公司", "payment_days": 45, "contact": "李经理"},
    "items": {"code": "A001", "name": "伺服电机", "unit": "台", "tax_rate": 0.13, "price": 1130,
              "spec": "750W", "category": "电机"},
    "warehouses": {"code": "W01", "name": "主仓"},
}
# Cells a person types as text even though they look like numbers (a code, a credit code).
TEXT_FIELDS = {"code", "tax_id", "account", "parent", "customer", "supplier", "item", "warehouse", "number", "phone"}


def write_template(out: str | Path, *, example: bool = False) -> Path:
    """Write the template to `out`; the sheets in the order the importer applies them."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for section, sheet in SHEETS.items():
        ws = wb.create_sheet(sheet)
        fields = FIELDS[section]
        ws.append(list(fields))
        for col, name in enumerate(fields, start=1):
            cell = ws.cell(row=1, column=col)
            cell.font, cell.fill = bold, fill
            ws.column_dimensions[cell.column_letter].width = max(12, len(name) + 4)
            if name in TEXT_FIELDS:  # keep 1001 or 0021 as typed, not as a number
                for row in range(2, 501):
                    ws.cell(row=row, column=col).number_format = "@"
        if example and section in EXAMPLES:
            ws.append([EXAMPLES[section].get(name) for name in fields])
        ws.freeze_panes = "A2"
    path = Path(out)
    wb.save(path)
    return path
