"""The month-end close from the command line (issue 17): the taxpayer and location settings, the
preview JSON, one-line refusals, asked amounts, reopen with a reason and the asset register."""
from __future__ import annotations

import json

from tests.cli.helpers import PREPARER, doc, errors, export_vouchers, ok, on, query, write_json

ACCOUNTANT = "会计"


def test_init_takes_the_taxpayer_and_location_and_import_refuses_unknown_settings(book_target, tmp_path):
    book = book_target()
    ok(book, "init", "--company", "小规模公司", "--start", "2026-11", "--taxpayer", "small", "--location", "county")
    settings = dict(query(book, "SELECT key, value FROM settings WHERE key IN ('taxpayer', 'location')"))
    assert settings == {"taxpayer": "small", "location": "county"}
    rc, _, err = on(book, "import", write_json(tmp_path / "s.json", doc(settings={"location": "town", "vat": 1})))
    assert rc == 2
    lines = errors(err)
    assert any("settings field 'location'" in x and "'town'" in x for x in lines), err
    assert any("settings field 'vat': 不是已知的设置" in x for x in lines), err
    ok(book, "import", write_json(tmp_path / "t.json", doc(settings={"location": "other", "small_low_profit": True})))
    assert dict(query(book, "SELECT key, value FROM settings WHERE key = 'location'")) == {"location": "other"}


def test_the_preparer_is_refused_once_and_a_blocked_close_in_one_line(documents_book, copy_of):
    book = copy_of(documents_book)
    rc, _, err = on(book, "post", "--period", "2026-11", user=PREPARER)
    assert rc == 2
    assert errors(err) == [f"error: period 2026-11: 共 3 张凭证：记-1、记-2、记-3，由 {PREPARER} 制单，须由另一人审核"]
    rc, _, err = on(book, "close", "--period", "2026-11", user=ACCOUNTANT)
    assert rc == 2
    assert errors(err) == ["error: period 2026-11: 3 vouchers are not posted: 记-1, 记-2, 记-3"]


def test_preview_gives_every_steps_figures_and_changes_nothing(documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    ok(book, "post", "--period", "2026-11", user=ACCOUNTANT)
    before = export_vouchers(book, tmp_path / "before.json")
    ok(book, "close", "--period", "2026-11", "--preview", "--format", "json", "--out", tmp_path / "p.json")
    assert export_vouchers(book, tmp_path / "after.json") == before
    assert query(book, "SELECT status FROM periods WHERE period = '2026-11'") == [("open",)]
    plan = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    got = {s["step"]: [(ln["account"], ln["debit"], ln["credit"]) for ln in s["lines"]] for s in plan["steps"]}
    assert plan["period"] == "2026-11" and plan["blocking"] == []
    assert got == {
        "vat_transfer": [("22210104", "7800.00", "0.00"), ("222102", "0.00", "7800.00")],
        "surcharges": [("540302", "546.00", "0.00"), ("222104", "0.00", "546.00")],
        "profit_and_loss": [("5001", "60000.00", "0.00"), ("5401", "0.00", "36000.00"),
                            ("540302", "0.00", "546.00"), ("3103", "0.00", "60000.00"), ("3103", "36546.00", "0.00")]}
    ok(book, "close", "--period", "2026-11", user=ACCOUNTANT)
    closed = export_vouchers(book, tmp_path / "closed.json")["vouchers"]
    steps = [v for v in closed if v["number"] > 3]
    assert [(v["summary"], (v["source"] or {}).get("type")) for v in steps] == [
        ("2026-11 转出未交增值税（财会〔2016〕22号）", "close_step"),
        ("2026-11 计提附加税费（城建税法、教育费附加暂行规定、财综〔2010〕98号）", "close_step"),
        ("结转2026-11损益", "close")]


def test_a_blocked_preview_names_its_causes(documents_book, tmp_path):
    ok(documents_book, "close", "--period", "2026-11", "--preview", "--format", "json", "--out", tmp_path / "p.json")
    plan = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert plan["blocking"] == [{"kind": "unposted_vouchers", "message": "3 vouchers are not posted: 记-1, 记-2, 记-3",
                                 "subject": {"type": "voucher", "no": "记-1"}}]


def test_close_with_an_asked_amount_and_reopen_with_a_reason(master_book, copy_of, tmp_path):
    book = copy_of(master_book)
    gz = {"code": "GZ", "summary": "计提工资", "lines": [{"account": "5602", "ask": True}, {"account": "2211"}]}
    ok(book, "import", write_json(tmp_path / "gz.json", doc(voucher_templates=[gz])))
    rc, _, err = on(book, "close", "--period", "2026-11", user=ACCOUNTANT)
    assert rc == 2
    assert any("voucher template GZ (计提工资) line 1 (5602)" in x for x in errors(err)), err
    rc, _, err = on(book, "close", "--period", "2026-11", "--amount", "GZ=1", user=ACCOUNTANT)
    assert rc == 2 and "模板:科目=金额" in err
    out = ok(book, "close", "--period", "2026-11", "--amount", "GZ:5602=32000.00", user=ACCOUNTANT)
    assert "计提工资" in out
    assert query(book, "SELECT a.code, l.debit, l.credit FROM voucher_lines l JOIN accounts a ON a.id = l.account_id "
                       "JOIN vouchers v ON v.id = l.voucher_id WHERE v.number = 1 ORDER BY l.seq") == [
        ("5602", 3200000, 0), ("2211", 0, 3200000)]
    rc, _, err = on(book, "reopen", "--period", "2026-11", user=ACCOUNTANT)
    assert rc == 2 and "--reason is required" in err
    ok(book, "reopen", "--period", "2026-11", "--reason", "工资金额有误", user=ACCOUNTANT)
    assert query(book, "SELECT detail FROM audit_log WHERE action = 'reopen'") == [
        ("2026-11: 2 closing vouchers reversed; reason: 工资金额有误",)]


def test_the_asset_register(master_book, copy_of, tmp_path):
    book = copy_of(master_book)
    fa = {"type": "fixed_asset", "no": "FA-1", "date": "2026-11-10", "name": "服务器", "category": "电子设备",
          "cost": "12000.00", "tax": "1560.00", "life_months": 12, "residual_rate": "0.05",
          "expense_account": "5602", "account": "1002"}
    ok(book, "import", write_json(tmp_path / "fa.json", doc(fa)))
    ok(book, "assets", "--format", "json", "--out", tmp_path / "a.json")
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8")) == {"assets": [
        {"no": "FA-1", "name": "服务器", "category": "电子设备", "acquired": "2026-11-10", "life_months": 12,
         "cost": "12000.00", "accumulated": "0.00", "net": "12000.00", "disposed_on": None}]}
    rc, out, _ = on(book, "check")
    assert rc == 0 and "ok   invariant 8 fixed-asset register = 1601 − 1602" in out


def test_init_takes_the_filing_period(tmp_path):
    import sqlite3

    from tests.cli.helpers import run
    book = tmp_path / "f.sqlite"
    rc, _, err = run("--db", book, "init", "--company", "小公司", "--start", "2026-10", "--taxpayer", "small")
    assert rc == 0, err
    setting = "SELECT value FROM settings WHERE key = 'filing'"
    assert sqlite3.connect(book).execute(setting).fetchone()[0] == "quarterly"  # a small-scale default
    other = tmp_path / "m.sqlite"
    rc, _, err = run("--db", other, "init", "--company", "小公司", "--start", "2026-10", "--taxpayer", "small",
                     "--filing", "monthly")
    assert rc == 0, err
    assert sqlite3.connect(other).execute(setting).fetchone()[0] == "monthly"
    rc, _, err = run("--db", tmp_path / "x.sqlite", "init", "--company", "公司", "--start", "2026-10",
                     "--filing", "yearly")
    assert rc == 2 and "报表期间：'yearly' 不是可选值" in err
