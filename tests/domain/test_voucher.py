"""Voucher drafts are values: what was validated is what is written."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from domain.voucher import LineDraft, VoucherDraft, merge_lines

D = Decimal


def test_a_line_cannot_be_changed_in_place():
    ln = LineDraft("1122", debit=D("113.00"), customer=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ln.debit = D("0.00")  # type: ignore[misc]
    assert dataclasses.replace(ln, debit=D("1.00")).debit == D("1.00") and ln.debit == D("113.00")


def test_a_draft_keeps_its_lines_when_the_callers_list_changes():
    lines = [LineDraft("1122", debit=D("113.00"), customer=1), LineDraft("5001", credit=D("113.00"))]
    draft = VoucherDraft("销售", lines)
    lines.append(LineDraft("1002", debit=D("1.00")))
    assert len(draft.lines) == 2 and isinstance(draft.lines, tuple)
    assert draft.totals() == (D("113.00"), D("113.00"))


def test_merge_sums_by_account_side_and_dimensions_in_first_seen_order():
    lines = [LineDraft("1405", debit=D("10.00"), item=7, qty=D(2), summary="入库 IN-1"),
             LineDraft("220202", credit=D("10.00"), supplier=3),
             LineDraft("1405", debit=D("5.55"), item=7, qty=D(1), summary="入库 IN-2"),
             LineDraft("1405", debit=D("1.00"), item=8),
             LineDraft("220202", credit=D("6.55"), supplier=3)]
    merged = merge_lines(lines)
    assert merged == [LineDraft("1405", D("15.55"), D("0.00"), "入库 IN-1", None, None, 7, D(3)),
                      LineDraft("220202", D("0.00"), D("16.55"), "", None, 3, None, None),
                      LineDraft("1405", D("1.00"), D("0.00"), "", None, None, 8, None)]
    assert lines[0].debit == D("10.00")  # the inputs are untouched


def test_merge_drops_lines_that_come_to_nothing_and_keeps_red_ones():
    lines = [LineDraft("22210102", credit=D("0.00")), LineDraft("5001", credit=D("-10.00")),
             LineDraft("1122", debit=D("5.00"), customer=1), LineDraft("1122", debit=D("-5.00"), customer=1)]
    assert merge_lines(lines) == [LineDraft("5001", credit=D("-10.00"))]
