"""`--version` and the master-data Excel template (`template master`) from the command line."""
from __future__ import annotations

import openpyxl

from storage import db
from tests.cli.helpers import errors, new_book, on, query, run
from ui.version import VERSION


def test_version_names_the_program_and_the_schema_and_exits_0():
    rc, out, err = run("--version")
    assert rc == 0 and err == ""
    assert VERSION in out and f"schema {db.code_schema()}" in out


def test_help_names_the_command_a_person_types():
    rc, out, _ = run("--help")
    assert rc == 0 and "--version" in out and "template" in out


def test_the_template_has_one_sheet_per_section_with_the_field_names(tmp_path):
    out = tmp_path / "master.xlsx"
    rc, _, err = run("template", "master", "--out", out)
    assert rc == 0, err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["科目", "客户", "供应商", "商品", "仓库", "银行账户", "期初余额", "期初库存"]
    assert [c.value for c in wb["客户"][1]][:3] == ["code", "name", "tax_id"]
    filled = [r for r in wb["客户"].iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
    assert filled == [], "without --example the sheets hold only the header row"
    assert wb["客户"]["A2"].number_format == "@", "codes are typed as text, so 0021 stays 0021"


def test_the_filled_template_imports_into_a_new_book(tmp_path):
    book = new_book(tmp_path / "b.sqlite", master=False)
    template = tmp_path / "master.xlsx"
    assert run("template", "master", "--out", template, "--example")[0] == 0
    rc, out, err = on(book, "import", template)
    assert rc == 0, err
    assert "1 customers" in out and "1 items" in out
    assert query(book, "SELECT code, name FROM customers") == [("C001", "华东机电有限公司")]
    assert query(book, "SELECT code FROM warehouses") == [("W01",)]


def test_a_template_not_named_xlsx_is_refused(tmp_path):
    rc, _, err = run("template", "master", "--out", tmp_path / "master.csv")
    assert rc == 2 and ".xlsx" in errors(err)[0]
    assert not (tmp_path / "master.csv").exists()
