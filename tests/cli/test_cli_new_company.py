"""`init --tax-id` (issue 30): the company's own 统一社会信用代码, its check digit told in Chinese."""
from __future__ import annotations

from tests.cli.helpers import errors, ok, on, query


def test_init_keeps_a_valid_credit_code_and_refuses_a_wrong_check_digit(book_target):
    bad = book_target()
    rc, _, err = on(bad, "init", "--company", "华东机电", "--start", "2026-07", "--tax-id", "91310000MA1K000018")
    assert rc == 2
    assert errors(err) == ["error: --tax-id: 统一社会信用代码 91310000MA1K000018 无效："
                           "校验码不符：按 GB 32100-2015 第 18 位应为“9”，不是“8”"]
    book = book_target()
    ok(book, "init", "--company", "华东机电", "--start", "2026-07", "--tax-id", "91310000 ma1k 000019")
    assert dict(query(book, "SELECT key, value FROM settings WHERE key = 'tax_id'")) == {"tax_id": "91310000MA1K000019"}
