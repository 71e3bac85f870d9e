"""Reading an Excel workbook into the interchange document (INTERCHANGE.md `import FILE.xlsx`).

One sheet per section, named as the section (``customers``) or in Chinese (``客户``); the first
non-empty row holds the field names, every further non-empty row is one row of the section. For
``opening_balances`` each row is one line (columns date, account, customer, supplier, item, debit,
credit) and the date is the same on every row (a blank repeats it). Any other sheet is refused,
unless it is empty or hidden (the list behind a drop-down). The result is the dict the JSON import takes, so
one importer applies both, all or nothing.

Cells become what a person typed, as text: a number cell holds a float, so 1130.1 arrives as
1130.0999999999999 or 0.1+0.2 as 0.30000000000000004; it is read back at Excel's own 15
significant digits ("1130.1", "0.3") and never passes through float arithmetic afterwards. A code
typed as a number (1001) becomes the text "1001". Empty cells are left out of the row.

The importer names rows as ``customers[3]``; ``read_workbook`` returns a :class:`SheetData` (a dict)
whose ``relocate(rejected)`` turns those into ``sheet 客户 row 5`` — the row a person sees in Excel.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from domain import master as m
from domain.errors import Problem, Rejected
from interchange.importer import FORMAT

# section -> Chinese sheet name, in the order the importer applies them
SHEETS = {
    "accounts": "科目", "customers": "客户", "suppliers": "供应商", "items": "商品", "warehouses": "仓库",
    "bank_accounts": "银行账户", "opening_balances": "期初余额", "opening_stock": "期初库存",
}


def _fields(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


FIELDS: dict[str, tuple[str, ...]] = {
    "accounts": _fields(m.AccountData),
    "customers": _fields(m.CustomerData),
    "suppliers": _fields(m.SupplierData),
    "items": _fields(m.ItemData),
    "warehouses": _fields(m.WarehouseData),
    "bank_accounts": _fields(m.BankAccountData),
    "opening_balances": ("date", "account", "customer", "supplier", "item", "debit", "credit"),
    "opening_stock": ("item", "warehouse", "qty", "unit_cost"),
}
_BY_SHEET = {**{s: s for s in SHEETS}, **{zh: s for s, zh in SHEETS.items()}}
_ROW_REF = re.compile(r"^(?P<section>[a-z_]+)(?:\[(?P<i>\d+)\]| lines\[(?P<line>\d+)\]| \[(?P<stock>\d+)\])?")
_EXCEL_DIGITS = 15  # what Excel keeps and shows of a number


class SheetData(dict):
    """The interchange document read from a workbook, plus where each of its rows sits in the sheets."""

    def __init__(self, data: dict, sheet_names: dict[str, str], rows: dict[str, list[int]]):
        super().__init__(data)
        self.sheet_names = sheet_names  # section -> the sheet's name as the workbook spells it
        self.rows = rows  # section -> Excel row number of each row (opening_balances: of each line)

    def locate(self, where: str) -> str:
        """'customers[3] (C001) field ...' -> 'sheet 客户 row 5 (C001) field ...'."""
        match = _ROW_REF.match(where)
        if not match or match["section"] not in self.sheet_names:
            return where
        section = match["section"]
        index = next((match[g] for g in ("i", "line", "stock") if match[g] is not None), None)
        place = f"sheet {self.sheet_names[section]}"
        rows = self.rows.get(section, [])
        if index is not None:
            i = int(index)
            place += f" row {rows[i]}" if i < len(rows) else f" {match.group(0)[len(section):].strip()}"
        return place + where[match.end():]

    def relocate(self, rejected: Rejected) -> Rejected:
        """The same refusal, every problem placed at its sheet and row."""
        return Rejected([Problem(self.locate(p.where), p.message) for p in rejected.problems])


def read_workbook(path: str | Path) -> SheetData:
    """The workbook's sections as an interchange document; Rejected with every sheet/column problem."""
    path = Path(path)
    if not path.exists():
        raise Rejected(f"{path} does not exist")
    sheets = _read_raw(path)
    problems: list[Problem] = []
    data: dict = {"format": FORMAT}
    names: dict[str, str] = {}
    rows_at: dict[str, list[int]] = {}
    for title, hidden, cells in sheets:
        section = _BY_SHEET.get(title.strip()) or _BY_SHEET.get(title.strip().lower())
        if section is None:
            if hidden or all(_blank(v) and not any(map(_formula, f)) for v, f in cells):
                continue  # an empty Sheet1, or a hidden list behind a drop-down: nothing a person filled in
            problems.append(Problem(f"sheet {title}", _unknown_sheet(title)))
            continue
        if section in names:
            problems.append(Problem(f"sheet {title}", f"sheet {names[section]} already holds {section}; "
                                                      "keep one sheet per section"))
            continue
        names[section] = title
        rows, at = _rows(title, section, cells, problems)
        if not rows:
            continue
        rows_at[section] = at
        if section == "opening_balances":
            data[section] = _opening_balances(title, rows, at, problems)
        else:
            data[section] = rows
    if problems:
        raise Rejected(problems)
    return SheetData(data, names, rows_at)


def _unknown_sheet(title: str) -> str:
    if title.strip().lower() in ("documents", "单据"):
        return "documents are imported from a JSON file, not from a workbook"
    known = ", ".join(f"{s}/{zh}" for s, zh in SHEETS.items())
    return f"is not a section; name each sheet after one of {known}"


# ---- the raw cells ---------------------------------------------------------------------------

Raw = list[tuple[str, bool, list[tuple[tuple, tuple]]]]  # (sheet title, hidden, [(values, formulas) per row])


def _read_raw(path: Path) -> Raw:
    """Every sheet's rows: the values as last computed, and beside them the formulas (to tell an
    empty cell from a formula nobody has computed yet — openpyxl writes formulas without values)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise Rejected(f"{path} is not an Excel workbook")
    from interchange.bounds import check_xlsx
    check_xlsx(path)  # before openpyxl: a small file may declare or unpack to gigabytes
    try:
        values = _load(path, data_only=True)
        formulas = _load(path, data_only=False)
    except Exception:  # noqa: BLE001 - a corrupt or foreign file can fail anywhere inside openpyxl
        raise Rejected(f"{path} is not an Excel workbook") from None
    by_title = {title: rows for title, _, rows in formulas}
    return [(title, hidden, _pair(rows, by_title.get(title, []))) for title, hidden, rows in values]


def _pair(values: list[tuple], formulas: list[tuple]) -> list[tuple[tuple, tuple]]:
    return [(row, formulas[i] if i < len(formulas) else ()) for i, row in enumerate(values)]


def _load(path: Path, *, data_only: bool) -> list[tuple[str, bool, list[tuple]]]:
    import openpyxl  # imported here: the JSON import and the rest of the CLI do not need it

    wb = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        out = []
        for ws in wb.worksheets:
            hidden = ws.sheet_state != "visible"
            ws.reset_dimensions()  # some programs write a wrong <dimension>; read what is there
            out.append((ws.title, hidden, [tuple(r) for r in ws.iter_rows(min_row=1, values_only=True)]))
        return out
    finally:
        wb.close()


# ---- sheets into rows ------------------------------------------------------------------------

def _rows(title: str, section: str, cells: list[tuple[tuple, tuple]],
          problems: list[Problem]) -> tuple[list[dict], list[int]]:
    """The data rows of one sheet as dicts, and the Excel row number of each."""
    numbered = [(n, v, f) for n, (v, f) in enumerate(cells, 1) if not _blank(v) or any(map(_formula, f))]
    if not numbered:
        return [], []
    header_row, header, _ = numbered[0]
    columns: dict[int, str] = {}
    seen: dict[str, str] = {}
    for c, name in enumerate(header):
        col = get_column_letter(c + 1)
        if name is None or (isinstance(name, str) and not name.strip()):
            continue
        field = str(name).strip()
        field = field.lower() if field.isascii() else field
        if field not in FIELDS[section]:
            problems.append(Problem(f"sheet {title} column {col}", f"{str(name).strip()!r} is not a field "
                                    f"(the fields of {section} are {', '.join(FIELDS[section])})"))
        elif field in seen:
            problems.append(Problem(f"sheet {title} column {col}", f"{field!r} is already column {seen[field]}"))
        else:
            columns[c] = field
            seen[field] = col
    rows: list[dict] = []
    at: list[int] = []
    for n, values, formulas in numbered[1:]:
        row: dict = {}
        for c in range(max(len(values), len(formulas))):
            value = values[c] if c < len(values) else None
            formula = formulas[c] if c < len(formulas) else None
            where = f"sheet {title} row {n} column {get_column_letter(c + 1)}"
            if value is None and _formula(formula):
                problems.append(Problem(where, f"the formula {_formula(formula)} has no computed value; open and "
                                        "save the file in Excel, WPS or LibreOffice, or type the value"))
                continue
            text = _text(value)
            if text is None:
                continue
            if c not in columns:
                if c >= len(header) or header[c] is None or not str(header[c]).strip():
                    problems.append(Problem(where, f"{text!r} is in a column without a field name in row "
                                            f"{header_row}"))
                continue
            row[columns[c]] = text
        if row:
            rows.append(row)
            at.append(n)
    return rows, at


def _blank(values: Iterable) -> bool:
    return all(_text(v) is None for v in values)


def _formula(cell: object) -> str | None:
    """The formula of a cell read with data_only=False, or None for a plain value."""
    if isinstance(cell, str):
        return cell if cell.startswith("=") else None
    if isinstance(cell, ArrayFormula):
        return cell.text or "{array formula}"
    if isinstance(cell, DataTableFormula):
        return "{data table}"
    return None


def _text(value: object) -> str | bool | None:
    """A cell as the text a person typed; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):  # TRUE/FALSE: the field's parser says whether it takes one
        return value
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, Decimal):
        return _plain(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip() or None


def _number(value: float) -> str:
    """A float cell at Excel's 15 significant digits: 1130.0999999999999 -> '1130.1', 1001.0 -> '1001'."""
    return _plain(Decimal(format(value, f".{_EXCEL_DIGITS}g")))


def _plain(d: Decimal) -> str:
    if not d.is_finite():
        return str(d)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _opening_balances(title: str, rows: list[dict], at: list[int], problems: list[Problem]) -> dict:
    """Rows of date, account, … into {"date", "lines"}; the date is one for all (blank repeats it)."""
    date = None
    first_at = None
    for row, n in zip(rows, at, strict=True):
        day = row.pop("date", None)
        if day is None:
            continue
        if date is None:
            date, first_at = day, n
        elif day != date:
            problems.append(Problem(f"sheet {title} row {n} column date",
                                    f"{day} differs from {date} in row {first_at}; opening balances have one date"))
    return {"date": date, "lines": rows} if date is not None else {"lines": rows}
