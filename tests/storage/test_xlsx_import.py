"""Importing master data and openings from an Excel workbook (INTERCHANGE.md `import FILE.xlsx`).

Workbooks are built with openpyxl the way a person fills them in Excel: Chinese sheet names, a
credit code typed as text, a customer code typed as a number, amounts typed as numbers. They go
through read_workbook + import_data, the same pair the command line uses.
"""
from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from domain.errors import Rejected
from interchange.importer import import_data
from interchange.xlsx_import import read_workbook
from reports.trial_balance import trial_balance
from storage.models import Customer, Item
from usecases.setup import init_book

CUSTOMERS = [["code", "name", "tax_id", "credit_limit", "payment_days"],
             [1001, "华东机电有限公司", "91310000MA1K000019", 200000, 30],
             ["C002", "苏南精密制造有限公司", None, 50000.5, None]]
ITEMS = [["code", "name", "unit", "tax_rate", "price"],
         ["A001", "伺服电机", "台", 0.13, 1130.1]]
WAREHOUSES = [["code", "name"], ["W01", "主仓"]]
OPENING = [["date", "account", "customer", "supplier", "item", "debit", "credit"],
           ["2026-10-31", 1002, None, None, None, 500000, None],
           ["2026-10-31", 1122, 1001, None, None, 11300.5, None],
           ["2026-10-31", 1405, None, None, "A001", 60000, None],
           ["2026-10-31", 3001, None, None, None, None, 571300.5]]
STOCK = [["item", "warehouse", "qty", "unit_cost"], ["A001", "W01", 100, 600]]
GOOD = {"客户": CUSTOMERS, "商品": ITEMS, "仓库": WAREHOUSES, "期初余额": OPENING, "期初库存": STOCK}


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def apply(book, path: Path) -> dict:
    """What `main.py import FILE.xlsx` does: read, import, and place problems at sheet rows."""
    data = read_workbook(path)
    try:
        return import_data(book, data)
    except Rejected as e:
        raise data.relocate(e) from None


def customers(book) -> int:
    return book.session.scalar(select(func.count()).select_from(Customer))


@pytest.fixture
def book(book_target):
    b = init_book(book_target(), "测试公司", "2026-11")
    yield b
    b.close()


@pytest.fixture
def loaded(book, tmp_path):
    apply(book, workbook(tmp_path / "good.xlsx", GOOD))
    return book


def test_customer_typed_in_excel_exists_with_its_name(loaded):
    c = loaded.session.scalar(select(Customer).where(Customer.code == "1001"))
    assert c is not None, "a code typed as the number 1001 is the customer code '1001'"
    assert c.name == "华东机电有限公司"
    assert c.tax_id == "91310000MA1K000019"
    assert c.credit_limit == Decimal("200000.00")


def test_float_amount_cell_is_exact_to_the_fen(loaded):
    rows = {r["code"]: r for r in trial_balance(loaded, "2026-11", "2026-11")["rows"]}
    assert rows["1122"]["opening_debit"] == Decimal("11300.50")
    assert rows["3001"]["opening_credit"] == Decimal("571300.50")
    c2 = loaded.session.scalar(select(Customer).where(Customer.code == "C002"))
    assert c2.credit_limit == Decimal("50000.50")
    item = loaded.session.scalar(select(Item).where(Item.code == "A001"))
    assert item.price == Decimal("1130.1") and item.tax_rate == Decimal("0.13")


def test_cells_become_the_text_a_person_typed(tmp_path):
    sheets = {"customers": [["code", "name", "credit_limit", "phone"],
                            [1001, "  华东机电  ", 0.1 + 0.2, 13812345678],
                            [None, None, None, None],
                            ["C3", "空值公司", None, ""]],
              "items": [["Code", "NAME", "unit", "tax_rate", "price"],
                        ["A1", "螺丝", "个", 0.13, 1130.1],
                        ["A2", "垫片", "个", 0.09, 1e-4 * 3]]}
    data = read_workbook(workbook(tmp_path / "w.xlsx", sheets))
    assert data["customers"] == [
        {"code": "1001", "name": "华东机电", "credit_limit": "0.3", "phone": "13812345678"},
        {"code": "C3", "name": "空值公司"}]  # empty cells are left out, blank rows skipped
    assert data["items"] == [{"code": "A1", "name": "螺丝", "unit": "个", "tax_rate": "0.13", "price": "1130.1"},
                             {"code": "A2", "name": "垫片", "unit": "个", "tax_rate": "0.09", "price": "0.0003"}]
    assert data.rows == {"customers": [2, 4], "items": [2, 3]}


def test_english_sheet_names_and_a_date_cell(tmp_path, book):
    import datetime as dt
    opening = [["date", "account", "customer", "debit", "credit"],
               [dt.datetime(2026, 10, 31), "1002", None, 1000, None],
               [None, "3001", None, None, 1000]]
    data = read_workbook(workbook(tmp_path / "en.xlsx", {"opening_balances": opening}))
    assert data["opening_balances"] == {"date": "2026-10-31", "lines": [
        {"account": "1002", "debit": "1000"}, {"account": "3001", "credit": "1000"}]}
    assert import_data(book, data)["opening_balances"] == 2


def test_opening_balances_have_one_date(tmp_path):
    opening = [OPENING[0], OPENING[1], ["2026-10-30", *OPENING[2][1:]]]
    with pytest.raises(Rejected) as e:
        read_workbook(workbook(tmp_path / "d.xlsx", {"期初余额": opening}))
    assert "sheet 期初余额 row 3 column date" in str(e.value)


@pytest.mark.parametrize("sheet, rows, where, words", [
    ("商品", [ITEMS[0], ["Z17", "旧税率商品", "个", 0.17, 1]], "sheet 商品 row 2 (Z17) field 'tax_rate'", ["17%"]),
    ("客户", [CUSTOMERS[0], ["C9", "甲公司"], [], ["C9", "乙公司"]], "sheet 客户 row 4 (C9)", ["已存在"]),
    ("客户", [CUSTOMERS[0], ["C9", "校验位公司", "91330100MA2H000001"]], "sheet 客户 row 2 (C9) field 'tax_id'",
     ["校验位"]),
])
def test_a_bad_row_is_refused_at_its_sheet_row_and_nothing_is_kept(loaded, tmp_path, sheet, rows, where, words):
    before = customers(loaded)
    good_new = {"仓库": [WAREHOUSES[0], ["W09", "新仓"]]}  # a valid row beside the bad one: not kept either
    path = workbook(tmp_path / "bad.xlsx", {**good_new, sheet: rows})
    with pytest.raises(Rejected) as e:
        apply(loaded, path)
    lines = [str(p) for p in e.value.problems]
    assert any(line.startswith(where) and all(w in line for w in words) for line in lines), lines
    assert customers(loaded) == before
    from storage.models import Warehouse
    assert loaded.session.scalar(select(Warehouse).where(Warehouse.code == "W09")) is None


def test_a_customer_already_in_the_book_is_refused(loaded, tmp_path):
    path = workbook(tmp_path / "dup.xlsx", {"customers": [CUSTOMERS[0], ["C10", "新公司"], [1001, "重复"]]})
    with pytest.raises(Rejected) as e:
        apply(loaded, path)
    assert [str(p) for p in e.value.problems] == ["sheet customers row 3 (1001) field 'code': 客户 1001 已存在"]
    assert customers(loaded) == 2


def test_opening_balance_line_problem_names_its_row(book, tmp_path):
    opening = [OPENING[0], OPENING[1], ["2026-10-31", 1122, "C404", None, None, 10, None],
               ["2026-10-31", 3001, None, None, None, None, 500010]]
    with pytest.raises(Rejected) as e:
        apply(book, workbook(tmp_path / "ob.xlsx", {"期初余额": opening}))
    assert any(str(p).startswith("sheet 期初余额 row 3") and "C404" in str(p) for p in e.value.problems), \
        e.value.problems


def test_opening_stock_row_problem_names_its_row(book, tmp_path):
    sheets = {**GOOD, "期初库存": [STOCK[0], STOCK[1], ["A001", "W01", -5, 600]]}
    with pytest.raises(Rejected) as e:
        apply(book, workbook(tmp_path / "st.xlsx", sheets))
    assert any(str(p).startswith("sheet 期初库存 row 3 field 'qty'") for p in e.value.problems), e.value.problems
    assert customers(book) == 0


def test_unknown_sheet_is_refused_by_name(tmp_path):
    with pytest.raises(Rejected) as e:
        read_workbook(workbook(tmp_path / "u.xlsx", {"客户": CUSTOMERS, "往来单位": [["code"], ["X"]]}))
    assert str(e.value).startswith("sheet 往来单位: is not a section")


def test_an_empty_leftover_sheet_is_ignored(tmp_path):
    data = read_workbook(workbook(tmp_path / "e.xlsx", {"Sheet1": [], "客户": CUSTOMERS}))
    assert [c["code"] for c in data["customers"]] == ["1001", "C002"]


def test_unknown_column_is_refused_by_sheet_and_column(tmp_path):
    rows = [["code", "name", "tax_id", "foo"], ["C1", "甲", None, "x"]]
    with pytest.raises(Rejected) as e:
        read_workbook(workbook(tmp_path / "h.xlsx", {"customers": rows}))
    assert str(e.value.problems[0]).startswith("sheet customers column D: 'foo' is not a field")


def test_a_value_without_a_column_name_is_refused(tmp_path):
    rows = [["code", "name"], ["C1", "甲", "忘了表头"]]
    with pytest.raises(Rejected) as e:
        read_workbook(workbook(tmp_path / "n.xlsx", {"customers": rows}))
    assert str(e.value).startswith("sheet customers row 2 column C:")


def test_a_formula_reads_as_the_value_a_spreadsheet_computed(tmp_path):
    rows = [["date", "account", "debit", "credit"], ["2026-10-31", "1002", 100.1, None],
            ["2026-10-31", "3001", None, "=C2"]]
    path = workbook(tmp_path / "f.xlsx", {"opening_balances": rows})
    # what Excel, WPS or LibreOffice store on saving: the formula and its last value
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert b"<f>C2</f><v />" in parts[sheet]
    parts[sheet] = parts[sheet].replace(b"<f>C2</f><v />", b"<f>C2</f><v>100.09999999999999</v>")
    with zipfile.ZipFile(path, "w") as z:
        for name, content in parts.items():
            z.writestr(name, content)
    assert read_workbook(path)["opening_balances"]["lines"][1] == {"account": "3001", "credit": "100.1"}


def test_a_formula_nobody_computed_is_not_read_as_empty(tmp_path):
    rows = [["date", "account", "debit", "credit"], ["2026-10-31", "1002", 100, None],
            ["2026-10-31", "3001", None, "=C2"]]
    with pytest.raises(Rejected) as e:
        read_workbook(workbook(tmp_path / "f.xlsx", {"opening_balances": rows}))
    assert str(e.value).startswith("sheet opening_balances row 3 column D: the formula =C2 has no computed value")


@pytest.mark.parametrize("name, content", [("x.csv", b"code,name\nC1,A\n"), ("x.xlsx", b"not a zip at all"),
                                           ("x.xlsx", b"PK\x03\x04 broken")])
def test_not_a_workbook(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(Rejected) as e:
        read_workbook(path)
    assert str(e.value) == f"{path} is not an Excel workbook"


def test_a_hidden_list_behind_a_drop_down_is_ignored(tmp_path):
    path = workbook(tmp_path / "h.xlsx", {"客户": CUSTOMERS, "税率": [["rate"], [0.13], [0.09]]})
    wb = openpyxl.load_workbook(path)
    wb["税率"].sheet_state = "hidden"
    wb.save(path)
    assert [c["code"] for c in read_workbook(path)["customers"]] == ["1001", "C002"]
