"""Issue 32: `export vouchers` streams. The JSON is written voucher by voucher, and must come out
byte for byte what the whole-list json.dumps wrote before (INTERCHANGE.md's shape); a failed or
cancelled export leaves no file behind."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from demo import generate
from domain.money import fmt_amount, fmt_qty
from reports.output import whole_file
from reports.vouchers import journal_vouchers, write_journal_json
from storage.models import Account, Customer, Document, Item, Supplier, Voucher
from tests.cli.helpers import ok
from usecases.setup import init_book


def journal_as_before(book, first: str, last: str) -> list[dict]:
    """The journal as reports/vouchers.py built it before issue 32: every voucher and its lines
    held at once (the reference the streamed output is held against)."""
    s = book.session
    names = {a.id: (a.code, a.name) for a in s.scalars(select(Account))}
    customers = dict(s.execute(select(Customer.id, Customer.code)).all())
    suppliers = dict(s.execute(select(Supplier.id, Supplier.code)).all())
    items = dict(s.execute(select(Item.id, Item.code)).all())
    sources = dict(((i, (t, n)) for i, t, n in s.execute(select(Document.id, Document.type, Document.no))))
    out = []
    for v in s.scalars(select(Voucher).where(Voucher.period >= first, Voucher.period <= last)
                       .order_by(Voucher.period, Voucher.word, Voucher.number)):
        source = None
        if v.source_id is not None:
            t, n = sources[v.source_id]
            source = {"type": t, "no": n}
        elif v.source_type:
            source = {"type": v.source_type, "no": f"{v.period}"}
        out.append({
            "period": v.period, "word": v.word, "number": v.number, "date": v.date.isoformat(), "status": v.status,
            "summary": v.summary, "source": source, "preparer": v.preparer, "reviewer": v.reviewer,
            "lines": [{"summary": ln.summary, "account": names[ln.account_id][0], "account_name": names[ln.account_id][1],
                       "debit": fmt_amount(ln.debit), "credit": fmt_amount(ln.credit),
                       "customer": customers.get(ln.customer_id), "supplier": suppliers.get(ln.supplier_id),
                       "item": items.get(ln.item_id), "qty": fmt_qty(ln.qty) if ln.qty is not None else None}
                      for ln in v.lines]})
    return out


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("streamed") / "d.sqlite"
    book = init_book(path, "演示公司", "2026-01", user="制单员")
    generate(book, orders=60, seed=3)  # documents of every kind, closes, quantities, customers, suppliers
    yield book, path
    book.close()


@pytest.mark.parametrize(("first", "last"), [("2026-01", "2026-12"), ("2026-02", "2026-02"), ("2030-01", "2030-02")])
def test_the_streamed_json_is_byte_for_byte_the_whole_list_dump(demo_book, first, last):
    book, _ = demo_book
    before = json.dumps({"vouchers": journal_as_before(book, first, last)}, ensure_ascii=False, indent=1)
    out = io.StringIO()
    count = write_journal_json(journal_vouchers(book, first, last, batch=7), out)
    assert out.getvalue() == before
    assert count == len(json.loads(before)["vouchers"])
    if first == "2026-01":
        assert count > 100 and any(v["source"] is None or v["source"]["type"] == "close"
                                   for v in json.loads(before)["vouchers"])


def test_the_cli_writes_the_same_bytes(demo_book, tmp_path):
    book, path = demo_book
    ok(path, "export", "vouchers", "--from", "2026-01", "--to", "2026-03", "--format", "json",
       "--out", tmp_path / "v.json")
    before = json.dumps({"vouchers": journal_as_before(book, "2026-01", "2026-03")}, ensure_ascii=False, indent=1)
    assert (tmp_path / "v.json").read_bytes() == before.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["v.json"]  # no partial file left beside it


def test_an_export_stopped_half_way_leaves_no_file(tmp_path):
    target = tmp_path / "v.json"
    with pytest.raises(KeyboardInterrupt), whole_file(target) as out:
        out.write_text("{\n \"vouchers\": [")
        raise KeyboardInterrupt  # the user's 取消, or a failure mid-way
    assert list(tmp_path.iterdir()) == []


def test_the_xlsx_keeps_every_amount_as_written(demo_book, tmp_path):
    """XlsxWriter writes a number's text with '.16G': amounts go in as Decimal, so a cell holds 0.07,
    never a double's 0.07000000000000001 (what float() wrote before)."""
    import re
    import zipfile
    _book, path = demo_book
    out = tmp_path / "v.xlsx"
    ok(path, "export", "vouchers", "--from", "2026-01", "--to", "2026-03", "--format", "xlsx", "--out", out)
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    values = [v for xml in sheets for v in re.findall(r"<v>(-?[0-9.]+(?:E[-+]?\d+)?)</v>", xml)]
    assert values and all(len(v.partition(".")[2]) <= 4 for v in values), [v for v in values if len(v) > 16][:5]
