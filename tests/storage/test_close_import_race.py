"""A close racing an import (issue 26 part 5): the period row is locked, so either the close waits
for the import and then refuses (its vouchers are not posted), or the import waits for the close
and is refused (the month is closed) — never a closed month with an unposted voucher inside."""
from __future__ import annotations

from bench import writers
from tests import engines


def test_a_close_racing_an_import_never_closes_a_month_with_unposted_vouchers(book_target):
    target = str(book_target())
    writers.prepare(target)
    got = writers.race_close_and_import(target)
    status = engines.query(target, "SELECT status FROM periods WHERE period = '2026-11'")[0][0]
    unposted = engines.query(target, "SELECT count(*) FROM vouchers WHERE period = '2026-11' AND status <> 'posted'")
    assert not (status == "closed" and unposted[0][0]), got
    if status == "closed":  # the close went first: the import was refused whole, in words
        assert got["close"] == "ok" and "closed" in got["import"], got
        assert engines.query(target, "SELECT count(*) FROM documents WHERE type = 'receipt'") == [(0,)]
    else:  # the import went first: the close saw its vouchers and refused
        assert got["import"] == "ok" and got["close"] != "ok", got
