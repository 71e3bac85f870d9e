"""`import` of master data and openings: all or nothing, each problem named where it is."""
from __future__ import annotations

import copy
import json

import openpyxl

from tests.cli.helpers import MASTER, doc, errors, ok, on, query, write_json

WORKED = json.loads(MASTER.read_text(encoding="utf-8"))


def customers(book) -> list[str]:
    return [c for (c,) in query(book, "SELECT code FROM customers ORDER BY code")]


def test_duplicate_customer_within_one_file_is_refused_and_nothing_is_imported(master_book, copy_of, tmp_path):
    book = copy_of(master_book)
    dup = doc(customers=[{"code": "C900", "name": "新客户有限公司"}, {"code": "C900", "name": "另一家有限公司"}])
    rc, _, err = on(book, "import", write_json(tmp_path / "dup.json", dup))
    assert rc == 2
    [line] = errors(err)
    assert "customers[1]" in line and "C900" in line
    assert customers(book) == ["C001"], "the first C900 is not kept either"
    ok(book, "import", write_json(tmp_path / "one.json", doc(customers=[dup["customers"][0]])))
    assert customers(book) == ["C001", "C900"]


def test_customer_code_already_in_the_book_is_refused_and_nothing_is_imported(master_book, copy_of, tmp_path):
    book = copy_of(master_book)
    dup = doc(customers=[{"code": "C901", "name": "新客户有限公司"}, {"code": "C001", "name": "冒名有限公司"}])
    rc, _, err = on(book, "import", write_json(tmp_path / "dup.json", dup))
    assert rc == 2
    [line] = errors(err)
    assert "customers[1]" in line and "C001" in line
    assert customers(book) == ["C001"]
    assert query(book, "SELECT name FROM customers WHERE code = 'C001'") == [("华东机电有限公司",)]


def test_17_percent_vat_rate_is_refused_naming_the_item(master_book, copy_of, tmp_path):
    book = copy_of(master_book)
    bad = doc(customers=[{"code": "C902", "name": "新客户有限公司"}],
              items=[{"code": "Z17", "name": "旧税率商品", "unit": "个", "tax_rate": "0.17", "price": "1.00"}])
    rc, _, err = on(book, "import", write_json(tmp_path / "rate.json", bad))
    assert rc == 2
    [line] = errors(err)
    assert "items[0]" in line and "17%" in line
    assert customers(book) == ["C001"], "the valid customer beside the bad item is not kept"


def test_credit_code_with_a_wrong_check_digit_is_refused(master_book, copy_of, tmp_path):
    book = copy_of(master_book)
    bad = doc(customers=[{"code": "C903", "name": "校验位公司", "tax_id": "91330100MA2H000001"}])
    rc, _, err = on(book, "import", write_json(tmp_path / "code.json", bad))
    assert rc == 2
    [line] = errors(err)
    assert "customers[0]" in line and "tax_id" in line and "91330100MA2H000001" in line
    assert customers(book) == ["C001"]


def test_unbalanced_opening_balances_are_refused(empty_book, copy_of, tmp_path):
    book = copy_of(empty_book)
    data = copy.deepcopy(WORKED)
    data["opening_balances"]["lines"][3]["credit"] = "571299.00"
    rc, _, err = on(book, "import", write_json(tmp_path / "unbalanced.json", data))
    assert rc == 2
    assert any("opening_balances" in x and "571300.00" in x and "571299.00" in x for x in errors(err)), err
    assert customers(book) == []
    assert query(book, "SELECT count(*) FROM opening_balances") == [(0,)]


def test_opening_stock_not_equal_to_the_inventory_balance_is_refused_naming_the_item(empty_book, copy_of, tmp_path):
    book = copy_of(empty_book)
    data = copy.deepcopy(WORKED)
    data["opening_stock"][0]["qty"] = "90"  # 90 × 600 = 54,000, but 1405 for A001 opens at 60,000
    rc, _, err = on(book, "import", write_json(tmp_path / "stock.json", data))
    assert rc == 2
    [line] = errors(err)
    assert "opening_stock" in line and "A001" in line and "54000.00" in line and "60000.00" in line
    assert customers(book) == []


def test_a_file_that_is_not_json_is_refused(master_book, copy_of, tmp_path):
    book = copy_of(master_book)
    path = tmp_path / "broken.json"
    path.write_text('{"customers": [', encoding="utf-8")
    rc, _, err = on(book, "import", path)
    assert rc == 2 and "broken.json" in errors(err)[0]


def test_unknown_section_is_refused(master_book, copy_of, tmp_path):
    book = copy_of(master_book)
    rc, _, err = on(book, "import", write_json(tmp_path / "s.json", {"clients": []}))
    assert rc == 2 and "clients" in errors(err)[0]


# ---- the same through an Excel workbook ------------------------------------------------------

def workbook(path, sheets: dict[str, list[list]]):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_xlsx_master_data_and_openings_import(empty_book, copy_of, tmp_path):
    book = copy_of(empty_book)
    path = workbook(tmp_path / "期初.xlsx", {
        "客户": [["code", "name", "tax_id", "credit_limit", "payment_days"],
               [1001, "华东机电有限公司", "91310000MA1K000019", 200000, 30]],
        "商品": [["code", "name", "unit", "tax_rate", "price"], ["A001", "伺服电机", "台", 0.13, 1130]],
        "仓库": [["code", "name"], ["W01", "主仓"]],
        "期初余额": [["date", "account", "customer", "item", "debit", "credit"],
                 ["2026-10-31", 1002, None, None, 500000, None],
                 ["2026-10-31", 1122, 1001, None, 11300.5, None],
                 ["2026-10-31", 1405, None, "A001", 60000, None],
                 ["2026-10-31", 3001, None, None, None, 571300.5]],
        "期初库存": [["item", "warehouse", "qty", "unit_cost"], ["A001", "W01", 100, 600]]})
    ok(book, "import", path)
    assert query(book, "SELECT code, name FROM customers") == [("1001", "华东机电有限公司")]
    out = tmp_path / "tb.json"
    ok(book, "report", "trial-balance", "--from", "2026-11", "--to", "2026-11", "--format", "json", "--out", out)
    rows = {r["code"]: r for r in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    assert rows["1122"]["opening_debit"] == "11300.50"


def test_xlsx_with_a_bad_row_is_refused_and_nothing_is_imported(empty_book, copy_of, tmp_path):
    book = copy_of(empty_book)
    path = workbook(tmp_path / "bad.xlsx", {
        "客户": [["code", "name"], ["C1", "甲公司"], ["C1", "乙公司"]],
        "商品": [["code", "name", "unit", "tax_rate"], ["Z17", "旧税率商品", "个", 0.17]]})
    rc, _, err = on(book, "import", path)
    assert rc == 2
    lines = errors(err)
    assert len(lines) == 2 and "C1" in lines[0] and "17%" in lines[1]
    assert customers(book) == []


def test_xlsx_problems_name_the_sheet_and_row(empty_book, copy_of, tmp_path):
    book = copy_of(empty_book)
    path = workbook(tmp_path / "bad.xlsx", {"客户": [["code", "name"], ["C1", "甲公司"], [], ["C1", "乙公司"]]})
    rc, _, err = on(book, "import", path)
    assert rc == 2
    assert errors(err)[0].startswith("error: sheet 客户 row 4 (C1)")


def test_xlsx_unknown_column_and_corrupt_file_are_refused(empty_book, copy_of, tmp_path):
    book = copy_of(empty_book)
    path = workbook(tmp_path / "col.xlsx", {"customers": [["code", "name", "tax_id", "foo"], ["C1", "甲", None, 1]]})
    rc, _, err = on(book, "import", path)
    assert rc == 2 and errors(err)[0].startswith("error: sheet customers column D: 'foo' is not a field")
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(b"this is no zip")
    rc, _, err = on(book, "import", corrupt)
    assert rc == 2 and errors(err) == [f"error: {corrupt} is not an Excel workbook"]
