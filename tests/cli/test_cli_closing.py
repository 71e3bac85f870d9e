"""Month end through the command line: post (four eyes), close, check, and a closed period refusing input."""
from __future__ import annotations

import pytest

from tests.cli.helpers import PREPARER, copy_book, doc, errors, export_vouchers, ok, on, tamper, write_json

ACCOUNTANT = "会计"


def late(date: str) -> dict:
    return doc({"type": "voucher", "date": date, "summary": "结账后补录",
                "lines": [{"account": "5603", "debit": "10.00"}, {"account": "1002", "credit": "10.00"}]})


@pytest.fixture(scope="module")
def month_end(documents_book, tmp_path_factory):
    """The worked example taken through month end; every step's (exit, stdout, stderr) and journal."""
    d = tmp_path_factory.mktemp("month_end")
    book = copy_book(documents_book, d / "book.sqlite")
    steps = {"post by preparer": on(book, "post", "--period", "2026-11", user=PREPARER)}
    steps["journal after refused post"] = export_vouchers(book, d / "v0.json")
    steps["post"] = on(book, "post", "--period", "2026-11", user=ACCOUNTANT)
    steps["journal after post"] = export_vouchers(book, d / "v1.json")
    steps["close"] = on(book, "close", "--period", "2026-11", user=ACCOUNTANT)
    steps["check"] = on(book, "check")
    return book, steps


def test_the_preparer_cannot_post_his_own_vouchers(month_end):
    _, steps = month_end
    rc, _, err = steps["post by preparer"]
    assert rc == 2
    lines = errors(err)
    assert any("记-1" in x and PREPARER in x for x in lines), err
    assert {v["status"] for v in steps["journal after refused post"]["vouchers"]} == {"saved"}


def test_another_user_posts_every_voucher_of_the_period(month_end):
    _, steps = month_end
    assert steps["post"][0] == 0, steps["post"][2]
    vouchers = steps["journal after post"]["vouchers"]
    assert len(vouchers) == 3 and {v["status"] for v in vouchers} == {"posted"}


def test_close_and_check_pass(month_end):
    _, steps = month_end
    assert steps["close"][0] == 0, steps["close"][2]
    rc, out, err = steps["check"]
    assert rc == 0, out + err
    assert "FAIL" not in out


def test_a_closed_period_refuses_documents_and_the_next_one_takes_them(month_end, copy_of, tmp_path):
    book = copy_of(month_end[0])
    before = export_vouchers(book, tmp_path / "before.json")
    rc, _, err = on(book, "import", write_json(tmp_path / "late.json", late("2026-11-28")))
    assert rc == 2
    assert any("documents[0]" in x and "结账后补录" in x and "已结账" in x for x in errors(err)), err
    assert export_vouchers(book, tmp_path / "after.json") == before
    ok(book, "import", write_json(tmp_path / "december.json", late("2026-12-01")))
    december = [v for v in export_vouchers(book, tmp_path / "dec.json")["vouchers"] if v["period"] == "2026-12"]
    assert [(v["word"], v["number"], v["summary"]) for v in december] == [("记", 1, "结账后补录")]


def test_check_finds_a_tampered_voucher_line(month_end, copy_of):
    book = copy_of(month_end[0])
    tamper(book)
    rc, out, err = on(book, "check")
    assert rc == 3
    assert "FAIL invariant" in out and "记-1" in out
    assert "do not" in out or "debits" in out, out
    assert errors(err)
