"""Bank statements through the command line: a GBK CSV in the 建设银行 layout, an xlsx in the 工商银行
layout (marker row above the header), duplicates skipped and reported, a bad row refused, then
`match --accept` booking receipts with allocations and the bank fee."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from openpyxl import Workbook

from tests import engines
from tests.cli.helpers import doc, errors, ok, on, query, write_json

CCB_HEADER = ("账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,"
              "记账日期,摘要,备注,账户明细编号-交易流水号")
CCB_LINES = [
    "31050161393600000123,示例商贸有限公司,20261125 10:01:02,0,29090.00,529090.00,人民币元,华东机电（上海）有限公司,"
    "6222021001000123456,工商银行上海分行,20261125,货款,,1001-0001",
    "31050161393600000123,示例商贸有限公司,20261126 09:00:00,0,0.35,529090.35,人民币元,中国建设银行,,,20261126,结息,,1001-0002",
    "31050161393600000123,示例商贸有限公司,20261126 09:30:00,25.00,0,529065.35,人民币元,,,,20261126,手续费,,1001-0003",
]


def ccb_csv(path, lines=CCB_LINES):
    path.write_bytes(("\r\n".join([CCB_HEADER, *lines]) + "\r\n").encode("gbk"))  # as Chinese Excel saves it
    return path


def icbc_xlsx(path, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["[HISTORYDETAIL]"])
    ws.append(["凭证号", "交易时间", "对方单位", "对方账号", "转入金额", "转出金额", "余额", "用途", "摘要", "附言"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def match(book, tmp_path, *flags):
    out = tmp_path / "match.json"
    ok(book, "match", "--account", "1002", *flags, "--format", "json", "--out", out)
    return {m["bank_ref"]: m for m in json.loads(out.read_text(encoding="utf-8"))["matches"]}


def test_gbk_csv_in_the_ccb_layout_is_imported_once_and_matched(documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    out = ok(book, "import", ccb_csv(tmp_path / "建行流水.csv"), "--bank-account", "1002")
    assert out.startswith("imported 3 bank lines into 1002")
    rows = query(book, "SELECT counterparty, amount, memo, bank_ref FROM bank_lines ORDER BY id")
    assert rows[0] == ("华东机电（上海）有限公司", 2909000, "货款", "1001-0001") and rows[2][1] == -2500

    again = ok(book, "import", ccb_csv(tmp_path / "again.csv", CCB_LINES[1:] + [CCB_LINES[0].replace(
        "1001-0001", "1001-0009").replace("529090.00", "529565.35").replace(",29090.00", ",500.00")]),
        "--bank-account", "1002")
    assert again.splitlines() == ["imported 1 bank lines into 1002; skipped 2 duplicates",
                                  "skipped row 2: bank serial 1001-0002 was imported before; skipped",
                                  "skipped row 3: bank serial 1001-0003 was imported before; skipped"]

    proposed = match(book, tmp_path)
    assert proposed["1001-0001"]["status"] == "proposed"  # without --accept nothing is booked
    assert query(book, "SELECT count(*) FROM documents WHERE type = 'receipt'") == [(1,)]

    found = match(book, tmp_path, "--accept")
    m = found["1001-0001"]  # a short payment fitting a fee is a proposal until a fee was confirmed (v3)
    assert (m["status"], m["customer"], m["allocations"], m["fee"]) == \
        ("proposed", "C001", [{"invoice": "INV-0001", "amount": "29100.00"}], "10.00")
    assert "手续费" in m["reason"] and "需人工确认" in m["reason"]
    interest = found["1001-0002"]  # not a customer's money: proposed to 5603, never to an invoice
    assert (interest["status"], interest["customer"], interest["allocations"], interest["account_proposed"]) == \
        ("proposed", None, [], "5603") and "结息" in interest["reason"]
    # as when a person once confirmed a payment of C001 less a fee
    engines.execute(book, "INSERT INTO party_evidence (kind, party, party_id, value, confirmed_by, confirmed_at) "
                    "SELECT 'fee', 'customer', id, '1', 'test', '2026-11-20 00:00:00' FROM customers WHERE code = 'C001'")
    found = match(book, tmp_path, "--accept")
    m = found["1001-0001"]
    assert (m["status"], m["customer"], m["allocations"], m["fee"]) == \
        ("accepted", "C001", [{"invoice": "INV-0001", "amount": "29100.00"}], "10.00")
    assert 0.85 <= m["confidence"] <= 1 and "手续费" in m["reason"]
    assert query(book, "SELECT open FROM open_items WHERE ref = 'INV-0001'") == [(0,)]
    assert query(book, "SELECT status FROM bank_lines WHERE bank_ref = '1001-0001'") == [("matched",)]
    fee = query(book, "SELECT a.code, l.debit, l.credit FROM voucher_lines l JOIN accounts a ON a.id = l.account_id "
                      "JOIN vouchers v ON v.id = l.voucher_id WHERE v.summary LIKE '银行手续费%' ORDER BY l.seq")
    assert fee == [("5603", 1000, 0), ("1002", 0, 1000)]
    ok(book, "check")
    # Matching again never books a line twice.
    assert "1001-0001" not in match(book, tmp_path, "--accept")


def test_xlsx_in_the_icbc_layout_with_its_marker_row(documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    path = icbc_xlsx(tmp_path / "工行.xlsx", [
        ["V001", "2026-11-27 11:09:16", "刘强", "6222888800001111", 29100.0, None, 30100.0, "货款 INV-0001", "", ""],
        ["V002", "2026-11-28 09:00:00", "苏州精工部件厂", "", None, 3000.0, 27100.0, "", "采购款", ""]])
    assert ok(book, "import", path, "--bank-account", "1002").startswith("imported 2 bank lines")
    assert query(book, "SELECT date, time, amount FROM bank_lines ORDER BY id")[0] == \
        ("2026-11-27", "11:09:16.000000", 2910000)
    found = match(book, tmp_path, "--accept")
    assert found["V001"]["status"] == "accepted" and "INV-0001" in found["V001"]["reason"]
    assert found["V002"]["customer"] is None and found["V002"]["status"] == "unmatched"
    # The mapping is remembered for the account.
    assert json.loads(query(book, "SELECT columns FROM bank_mappings")[0][0])["money_in"] == ["转入金额"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the .xls (BIFF) file")
def test_xls_read_through_xlrd(documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    src = icbc_xlsx(tmp_path / "ccb.xlsx", [["V9", "2026-11-27 11:09:16", "刘强", "", 1.5, None, 1.0, "", "", ""]])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=120)
    assert ok(book, "import", tmp_path / "ccb.xls", "--bank-account", "1002").startswith("imported 1 bank lines")
    assert query(book, "SELECT amount, bank_ref FROM bank_lines") == [(150, "V9")]


def test_a_bad_row_refuses_the_file_and_leaves_the_book_unchanged(documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    bad = ccb_csv(tmp_path / "bad.csv", [CCB_LINES[0], CCB_LINES[1].replace("0.35", "零点三五")])
    rc, out, err = on(book, "import", bad, "--bank-account", "1002")
    assert rc == 2
    assert errors(err) == ["error: bad.csv row 3: amount: '零点三五' is not an amount"]
    assert query(book, "SELECT count(*) FROM bank_lines") == [(0,)]
    rc, _, err = on(book, "import", bad, "--bank-account", "9999")
    assert rc == 2 and "9999" in err
    rc, _, err = on(book, "import", bad)
    assert rc == 2 and "--bank-account" in err


def test_interchange_bank_statement_document(documents_book, copy_of, tmp_path):
    book = copy_of(documents_book)
    lines = [{"date": "2026-11-25", "amount": "29100.00", "counterparty": "华东机电有限公司", "reference": "货款",
              "bank_ref": "J1"},
             {"date": "2026-11-26", "amount": "-80.00", "counterparty": "某某", "bank_ref": "J2"}]
    ok(book, "import", write_json(tmp_path / "bs.json", doc({"type": "bank_statement", "account": "1002", "lines": lines})))
    again = ok(book, "import", tmp_path / "bs.json")
    assert again.strip() == "imported 1 documents, 2 bank lines skipped as duplicates"
    assert query(book, "SELECT bank_ref, amount FROM bank_lines ORDER BY id") == [("J1", 2910000), ("J2", -8000)]
    rc, _, err = on(book, "import", write_json(tmp_path / "bad.json", doc(
        {"type": "bank_statement", "account": "1002", "lines": [{"date": "2026-11-25", "amount": "1.00", "memo": "x"}]})))
    assert rc == 2
    assert errors(err) == ["error: documents[0] (bank_statement) line 1 field 'memo': is not a field of a bank line",
                           "error: documents[0] (bank_statement) line 1 field 'bank_ref': the bank's serial number is "
                           "required"]
    assert match(book, tmp_path, "--accept")["J1"]["status"] == "accepted"


CMB_HEADER = "交易日,借,贷,余额,摘要,收(付)方名称,收(付)方帐号,交易类型"
CMB_LINES = ["2026-11-25,,35460.00,135460.00,货款,江苏恒力液压有限公司,6214830000001111,转账",
             "2026-11-25,,35460.00,170920.00,货款,江苏恒力液压有限公司,6214830000001111,转账",
             "2026-11-26,20.00,,170900.00,手续费,,,收费"]


def cmb_csv(path, lines):
    path.write_text("\n".join([CMB_HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_two_equal_transfers_of_one_day_in_a_cmb_file_are_two_payments(documents_book, copy_of, tmp_path):
    """招商 has no serial: two identical transfers on one day differ only by 余额 — both are payments
    (issue 28: the second was skipped and the book's bank ended 35,460.00 short)."""
    book = copy_of(documents_book)
    assert ok(book, "import", cmb_csv(tmp_path / "招商11.csv", CMB_LINES), "--bank-account", "1002") \
        .startswith("imported 3 bank lines")
    assert query(book, "SELECT sum(amount) FROM bank_lines") == [(7090000,)]
    # An overlapping export (the same day again, and one more line) adds only what is new.
    later = CMB_LINES + ["2026-11-27,,100.00,171000.00,货款,张记五金,6228,转账"]
    out = ok(book, "import", cmb_csv(tmp_path / "招商11b.csv", later), "--bank-account", "1002")
    assert out.splitlines()[0] == "imported 1 bank lines into 1002; skipped 3 duplicates"
    assert query(book, "SELECT count(*), sum(amount) FROM bank_lines") == [(4, 7100000)]
    # An export holding only one of the two equal lines repeats the first: nothing is added.
    out = ok(book, "import", cmb_csv(tmp_path / "招商11c.csv", CMB_LINES[1:2]), "--bank-account", "1002")
    assert out.startswith("imported 0 bank lines")
    rc, _, err = on(book, "import", cmb_csv(tmp_path / "bad.csv", [CMB_LINES[0], CMB_LINES[2]]), "--bank-account", "1002")
    assert rc == 2 and "row 3: 余额 170900.00 does not follow" in err
    assert query(book, "SELECT count(*) FROM bank_lines") == [(4,)]


def test_bank_reconciliation_report_in_json_xlsx_and_pdf(documents_book, copy_of, tmp_path):
    """银行存款余额调节表: the book's and the bank's balances, each adjusted by the items in transit."""
    book = copy_of(documents_book)
    ok(book, "import", ccb_csv(tmp_path / "建行.csv"), "--bank-account", "1002")
    out = tmp_path / "rec.json"
    ok(book, "report", "bank-reconciliation", "--account", "1002", "--period", "2026-11", "--format", "json",
       "--out", out)
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert (rec["account"], rec["period"], rec["bank_balance"]) == ("1002", "2026-11", "529065.35")
    assert [(i["amount"], i["why"]) for i in rec["bank_not_book"]] == \
        [("29090.00", "未入账"), ("0.35", "未入账"), ("-25.00", "未入账")]
    assert (rec["bank_in_not_book"], rec["bank_out_not_book"]) == ("29090.35", "25.00")
    # RC-0001 was keyed before the bank's lines were imported: the book has it, this export does not.
    assert [(i["date"], i["amount"], i["voucher"]) for i in rec["book_not_bank"]] == [("2026-11-20", "50000.00", "记-3")]
    assert (rec["book_balance"], rec["adjusted_book"]) == ("550000.00", "579065.35")
    assert rec["adjusted_book"] == rec["adjusted_bank"] and rec["balanced"] is True
    for fmt in ("xlsx", "pdf"):
        ok(book, "report", "bank-reconciliation", "--account", "1002", "--period", "2026-11", "--format", fmt,
           "--out", tmp_path / f"rec.{fmt}")
        assert (tmp_path / f"rec.{fmt}").stat().st_size > 1000
    rc, _, err = on(book, "report", "bank-reconciliation", "--account", "1002", "--format", "json", "--out", out)
    assert rc == 2 and "期间" in err


def test_lookalikes_on_behalf_and_interest_through_the_command_line(documents_book, copy_of, tmp_path):
    """Issue 28 end to end: the exact legal name tells look-alikes apart, 代付 is proposed for the customer
    the memo names, interest is proposed to 5603 — never to an invoice."""
    book = copy_of(documents_book)
    charge = [{"type": "voucher", "date": "2026-11-10", "summary": f"应收 {c}",
               "lines": [{"account": "1122", "customer": c, "debit": a}, {"account": "5001", "credit": a}]}
              for c, a in (("C101", "35460.00"), ("C102", "35460.00"), ("C103", "4520.00"))]
    ok(book, "import", write_json(tmp_path / "c.json", doc(*charge, customers=[
        {"code": "C101", "name": "江苏恒力液压有限公司"}, {"code": "C102", "name": "恒力液压（苏州）有限公司"},
        {"code": "C103", "name": "张记五金"}])))
    lines = ["2026-11-25,,35460.00,135460.00,货款,江苏恒力液压有限公司,6214830000001111,转账",
             "2026-11-26,,4520.00,139980.00,代张记五金付货款,张三,6228480000002222,转账",
             "2026-11-26,,12.34,139992.34,结息,中国建设银行,,利息"]
    ok(book, "import", cmb_csv(tmp_path / "招商.csv", lines), "--bank-account", "1002")
    by_who = {m["counterparty"]: m for m in match(book, tmp_path, "--accept").values()}
    assert (by_who["江苏恒力液压有限公司"]["status"], by_who["江苏恒力液压有限公司"]["customer"]) == ("accepted", "C101")
    zs = by_who["张三"]
    assert (zs["status"], zs["customer"], zs["allocations"][0]["amount"]) == ("proposed", "C103", "4520.00")
    interest = by_who["中国建设银行"]
    assert (interest["customer"], interest["allocations"], interest["account_proposed"]) == (None, [], "5603")
    assert query(book, "SELECT count(*) FROM documents WHERE type = 'receipt'") == [(2,)]  # RC-0001 and C101's
