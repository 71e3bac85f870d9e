"""The receivables desk on a labelled quarter of eight banks' files (tests/domain/bank_quarter.py):
read, de-duplicated across overlapping exports and matched, against issue 28's targets."""
from __future__ import annotations

import pytest

from bench.matching_quality import measure_quality, report
from tests.domain.bank_quarter import LAYOUTS, generate


def test_the_quarter_is_realistic():
    q = generate()
    assert len(LAYOUTS) >= 6 and len({bank for _, bank, _, _ in q.files}) == len(LAYOUTS)
    scenarios = {t.truth.scenario for t in q.txs if t.truth}
    assert {"lookalike_core", "typo_name", "on_behalf", "named_partial", "fee", "advance", "identical_twice",
            "overpayment", "deposit_refund", "short_name"} <= scenarios
    overlapping = sum(len(ids) for _, _, _, ids in q.files) - len(q.txs)
    assert overlapping > 0  # exports overlap: the same lines come twice


@pytest.mark.parametrize(("seed", "rounds"), [(28, 5), (2, 10)])
def test_targets_of_issue_28(seed, rounds):
    q = measure_quality(seed, rounds)
    print("\n" + report(q))
    assert (q.dropped, q.double, q.credits_matched) == (0, 0, 0)
    assert q.auto_precision >= 0.995, q.wrong_auto[:5]
    assert q.top_right >= 0.97, q.wrong_top[:5]
    assert q.recall >= 0.95
