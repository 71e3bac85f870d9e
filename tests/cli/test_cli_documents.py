"""Documents through `import`: refusals leave the books exactly as before; output shapes and figures."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests import engines
from tests.cli.helpers import doc, errors, export_vouchers, ok, on, write_json

AMOUNT = re.compile(r"^-?\d+\.\d{2}$")


def outbound(qty: str) -> dict:
    return {"type": "outbound", "no": "OUT-0002", "date": "2026-11-21", "order": "SO-0001", "warehouse": "W01",
            "lines": [{"item": "A001", "qty": qty}]}


def order(no: str = "SO-0002", date: str = "2026-11-21", customer: str = "C001", qty: str = "1") -> dict:
    return {"type": "sales_order", "no": no, "date": date, "customer": customer,
            "lines": [{"item": "A001", "qty": qty, "price": "1130.00"}]}


def voucher(summary: str, *lines: dict) -> dict:
    return {"type": "voucher", "date": "2026-11-25", "summary": summary, "lines": list(lines)}


FEE = ({"account": "5603", "debit": "10.00"}, {"account": "1002", "credit": "10.00"})

# id: (refused documents, pieces its error line names, the corrected documents)
REFUSALS = {
    "over-shipment": ([outbound("50")], ["documents[0]", "OUT-0002", "line 1", "50", "40", "SO-0001"],
                      [outbound("40")]),
    "unknown customer": ([order(customer="C999")], ["documents[0]", "SO-0002", "C999"], [order()]),
    "missing customer on 1122": (
        [voucher("客户借款", {"account": "1122", "debit": "10.00"}, {"account": "1002", "credit": "10.00"})],
        ["documents[0]", "客户借款", "line 1", "1122", "需要填写客户"],
        [voucher("客户借款", {"account": "1122", "customer": "C001", "debit": "10.00"},
                 {"account": "1002", "credit": "10.00"})]),
    "amount with 3 decimals": (
        [voucher("手续费", {"account": "5603", "debit": "10.001"}, {"account": "1002", "credit": "10.001"})],
        ["documents[0]", "手续费", "line 1", "10.001", "小数超过 2 位"], [voucher("手续费", *FEE)]),
    "negative qty": ([order(qty="-1")], ["documents[0]", "SO-0002", "line 1", "qty", "-1"], [order()]),
    "impossible date": ([order(date="2026-02-30")], ["documents[0]", "SO-0002", "2026-02-30"], [order()]),
    "reused number": ([order(no="SO-0001")], ["documents[0]", "SO-0001", "已存在"], [order()]),
    "unbalanced voucher": (
        [voucher("差一分", {"account": "5603", "debit": "100.00"}, {"account": "1002", "credit": "99.99"})],
        ["documents[0]", "差一分", "100.00", "99.99", "不相等"], [voucher("差一分", *FEE)]),
    "a good document before a bad one is not kept": (
        [order(), outbound("50")], ["documents[1]", "OUT-0002", "50", "40"], [order(), outbound("40")]),
}


@pytest.fixture(scope="module")
def journal(documents_book, tmp_path_factory):
    """The voucher journal of the worked example, as exported before any refused import."""
    return export_vouchers(documents_book, tmp_path_factory.mktemp("journal") / "vouchers.json")


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_document_leaves_the_books_exactly_as_before(case, documents_book, journal, copy_of, tmp_path):
    bad, pieces, corrected = REFUSALS[case]
    book = copy_of(documents_book)
    rc, _, err = on(book, "import", write_json(tmp_path / "bad.json", doc(*bad)))
    assert rc == 2
    lines = errors(err)
    assert any(all(p in line for p in pieces) for line in lines), f"no line names all of {pieces}:\n{err}"
    assert export_vouchers(book, tmp_path / "after.json") == journal
    rc, _, err = on(book, "import", write_json(tmp_path / "good.json", doc(*corrected)))
    assert rc == 0, f"the corrected document imports: {err}"


def test_voucher_on_an_account_with_sub_accounts_is_refused(empty_book, copy_of, tmp_path):
    book = copy_of(empty_book)
    ok(book, "import", write_json(tmp_path / "sub.json",
                                  doc(accounts=[{"code": "100201", "name": "工商银行基本户", "parent": "1002"}])))
    before = export_vouchers(book, tmp_path / "before.json")
    rc, _, err = on(book, "import", write_json(tmp_path / "bad.json", doc(voucher("手续费", *FEE))))
    assert rc == 2
    assert any("documents[0]" in x and "手续费" in x and "line 2" in x and "1002" in x and "有下级科目" in x
               for x in errors(err)), err
    assert export_vouchers(book, tmp_path / "after.json") == before
    fixed = voucher("手续费", FEE[0], {"account": "100201", "credit": "10.00"})
    ok(book, "import", write_json(tmp_path / "good.json", doc(fixed)))
    [v] = export_vouchers(book, tmp_path / "fixed.json")["vouchers"]
    assert v["source"] is None, "a manual voucher has no source document"
    assert [(ln["account"], ln["debit"], ln["credit"]) for ln in v["lines"]] == [
        ("5603", "10.00", "0.00"), ("100201", "0.00", "10.00")]


# ---- output shapes (INTERCHANGE.md) ------------------------------------------------------------

VOUCHER_KEYS = {"period", "word", "number", "date", "status", "summary", "source", "lines"}
LINE_KEYS = {"summary", "account", "account_name", "debit", "credit", "customer", "supplier", "item", "qty"}


def test_export_vouchers_json_has_the_contract_shape(journal):
    vouchers = journal["vouchers"]
    assert set(journal) == {"vouchers"}
    assert [(v["word"], v["number"]) for v in vouchers] == [("记", 1), ("记", 2), ("记", 3)]
    for v in vouchers:
        assert VOUCHER_KEYS <= set(v), f"missing {VOUCHER_KEYS - set(v)}"
        assert v["period"] == "2026-11" and re.fullmatch(r"2026-11-\d\d", v["date"]) and v["status"] == "saved"
        assert set(v["source"]) == {"type", "no"}
        for ln in v["lines"]:
            assert set(ln) == LINE_KEYS
            assert AMOUNT.match(ln["debit"]) and AMOUNT.match(ln["credit"])
    assert [v["source"] for v in vouchers] == [{"type": "outbound", "no": "OUT-0001"},
                                               {"type": "invoice", "no": "INV-0001"},
                                               {"type": "receipt", "no": "RC-0001"}]
    shipped = {(ln["account"], ln["customer"] or ln["item"]): (ln["debit"], ln["credit"])
               for ln in vouchers[0]["lines"]}
    assert shipped == {("1122", "C001"): ("67800.00", "0.00"), ("5001", None): ("0.00", "60000.00"),
                       ("222103", None): ("0.00", "7800.00"), ("5401", None): ("36000.00", "0.00"),
                       ("1405", "A001"): ("0.00", "36000.00")}
    stock_line = next(ln for ln in vouchers[0]["lines"] if ln["account"] == "1405")
    assert stock_line["account_name"] == "库存商品" and stock_line["qty"] == "60"


def test_export_vouchers_csv_is_readable_with_its_chinese(documents_book, journal, tmp_path):
    out = tmp_path / "vouchers.csv"
    ok(documents_book, "export", "vouchers", "--from", "2026-11", "--to", "2026-12", "--format", "csv", "--out", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so Excel opens the Chinese correctly"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == sum(len(v["lines"]) for v in journal["vouchers"])
    assert {"period", "word", "number", "date", "account", "account_name", "debit", "credit"} <= set(rows[0])
    first = rows[0]
    assert (first["word"], first["number"], first["account"], first["account_name"], first["debit"]) == \
        ("记", "1", "1122", "应收账款", "67800.00")
    assert any("华东机电有限公司" in v for r in rows for v in r.values())


def test_trial_balance_json_has_the_worked_example_figures(documents_book, tmp_path):
    out = tmp_path / "tb.json"
    ok(documents_book, "report", "trial-balance", "--from", "2026-11", "--to", "2026-11", "--format", "json",
       "--out", out)
    tb = json.loads(out.read_text(encoding="utf-8"))
    assert (tb["from"], tb["to"]) == ("2026-11", "2026-11")
    rows = {r["code"]: r for r in tb["rows"]}
    cols = ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit")
    assert tuple(rows["1122"][c] for c in cols) == ("11300.00", "0.00", "67800.00", "50000.00", "29100.00", "0.00")
    assert tuple(rows["1405"][c] for c in cols) == ("60000.00", "0.00", "0.00", "36000.00", "24000.00", "0.00")
    assert rows["1122"]["name"] == "应收账款" and rows["1122"]["level"] == 1 and rows["1122"]["leaf"] is True
    assert rows["2221"]["leaf"] is False
    assert tuple(tb["totals"][c] for c in cols) == ("571300.00", "571300.00", "161600.00", "161600.00",
                                                    "639100.00", "639100.00")


def test_statement_json_has_the_worked_example_figures(documents_book, tmp_path):
    out = tmp_path / "st.json"
    ok(documents_book, "report", "statement", "--customer", "C001", "--from", "2026-11-01", "--to", "2026-11-30",
       "--format", "json", "--out", out)
    st = json.loads(out.read_text(encoding="utf-8"))
    assert (st["customer"], st["name"]) == ("C001", "华东机电有限公司")
    assert st["opening"] == "11300.00" and st["closing"] == "29100.00"
    assert [(x["type"], x["no"], x["debit"], x["credit"], x["balance"]) for x in st["lines"]] == [
        ("outbound", "OUT-0001", "67800.00", "0.00", "79100.00"),
        ("receipt", "RC-0001", "0.00", "50000.00", "29100.00")]
    assert st["shipped_not_invoiced"] == []
    assert [(x["invoice"], x["open"]) for x in st["open_invoices"]] == [("INV-0001", "29100.00")]


def test_statement_of_an_unknown_customer_is_refused(documents_book, tmp_path):
    rc, _, err = on(documents_book, "report", "statement", "--customer", "C999", "--from", "2026-11-01",
                    "--to", "2026-11-30", "--format", "json", "--out", tmp_path / "st.json")
    assert rc == 2 and "C999" in errors(err)[0]
    assert not (tmp_path / "st.json").exists()


def test_a_deactivated_customer_still_gets_its_statement_but_no_new_order(documents_book, copy_of, tmp_path):
    # 停用 stops new business, not what the customer still owes
    book = copy_of(documents_book)
    engines.execute(book, "UPDATE customers SET active = false WHERE code = 'C001'")
    out = tmp_path / "st.json"
    ok(book, "report", "statement", "--customer", "C001", "--from", "2026-11-01", "--to", "2026-11-30",
       "--format", "json", "--out", out)
    assert json.loads(out.read_text(encoding="utf-8"))["closing"] == "29100.00"
    rc, _, err = on(book, "import", write_json(tmp_path / "so.json", doc(
        {"type": "sales_order", "no": "SO-9", "date": "2026-11-25", "customer": "C001",
         "lines": [{"item": "A001", "qty": "1", "price": "1130.00"}]})))
    assert rc == 2 and "客户 C001 已停用" in errors(err)[0]
