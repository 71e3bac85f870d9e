"""storage/heap.py: a long posting run collects less often, and leaves the collector as it found it
however the run ends (a refused file raises out of the import)."""
from __future__ import annotations

import gc

import pytest

from domain.errors import Rejected
from interchange.importer import import_data
from storage.heap import fewer_collections


def test_a_run_collects_less_often_and_puts_the_thresholds_back():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= 100_000 and gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before


def test_a_refused_import_leaves_the_collector_as_it_was(book):
    before = gc.get_threshold()
    with pytest.raises(Rejected):
        import_data(book, {"documents": [{"type": "receipt", "no": "RC1", "date": "2026-11-20", "customer": "NOPE",
                                          "amount": "10.00", "account": "1002"}]})
    assert gc.get_threshold() == before
