"""The message catalogue: every entry renders to Chinese naming no internal thing."""
from __future__ import annotations

import pickle
import string

import pytest

from domain.errors import Problem, Rejected, refuse
from domain.messages import CATALOGUE, LABELS, Message, code_of, label, render_place
from tests.message_check import fault

SAMPLE = {"field": "qty", "value": "'12.5'", "qty": "12", "open": "10", "source": "SO-0001", "date": "2026-11-25",
          "period": "2026-11", "voucher": "记-105", "user": "张三", "code": "C0001", "no": "OUT-0001"}


def _sample(code: str) -> Message:
    names = {f for _, f, _, _ in string.Formatter().parse(CATALOGUE[code]) if f}
    return Message(code, **{n: SAMPLE.get(n, "A1") for n in names})


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_entry_renders_in_chinese_naming_nothing_internal(code):
    text = _sample(code)
    assert fault(text) is None, (code, text)


@pytest.mark.parametrize("field", sorted(LABELS))
def test_every_label_is_chinese(field):
    assert fault(LABELS[field]) is None and label(f"--{field.replace('_', '-')}") == LABELS[field]


def test_a_message_is_its_rendering_and_keeps_its_code_through_pickling():
    m = Message("qty_exceeds_open", qty="12", open="10", source="SO-0001")
    assert m == "数量 12 超过 SO-0001 尚未执行的 10" and m.code == "qty_exceeds_open"
    again = pickle.loads(pickle.dumps(m))
    assert again.code == m.code and again.values == m.values and code_of(ValueError(m)) == m.code


def test_a_refusal_places_its_field_by_label():
    e = refuse("is_required", field="summary", where="line 2")
    assert e.codes == ["is_required"] and e.shown() == "line 2 摘要: 必须填写"


def test_the_place_keeps_its_form_but_names_fields_by_label():
    assert render_place("documents[3] (outbound OUT-0002) line 1 field 'qty'") == \
        "documents[3] (outbound OUT-0002) line 1 数量"
    assert Problem("field '--customer'", Message("is_required")).shown() == "客户: 必须填写"
    assert Rejected([Problem("", Message("voucher_needs_line"))]).codes == ["voucher_needs_line"]


@pytest.mark.parametrize("text", ["is required", "qty 12 exceeds the 10 still open on SO-1",
                                  "field '--customer': 客户 'hdjd' 不存在", "数量 customer_code 不对"])
def test_the_checker_catches_what_the_issue_saw(text):
    assert fault(text) is not None


def test_the_window_shows_a_refusal_by_labels_without_saying_the_field_twice():
    e = Rejected([Problem("line 1", "field 'qty': 数量 '-1' 必须大于零"),
                  Problem("field 'customer'", Message("not_exist", what="customer", code="'hdjd'"))])
    assert e.shown() == "line 1: 数量 '-1' 必须大于零\n客户: 客户 'hdjd' 不存在"
    assert all(fault(p.shown()) is None for p in e.problems)
