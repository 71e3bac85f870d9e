"""storage/heap.py: a long posting run collects less often, and leaves the collector as it found it
however the run ends (a refused file raises out of the import) and however runs overlap."""
from __future__ import annotations

import gc
import threading

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


def test_runs_that_overlap_on_two_threads_put_back_what_was_there_before_either():
    """The second import waits for the write lock inside its run while the first ends: the first to
    end must not put back the raised threshold the second saw, nor the second leave it raised."""
    before = gc.get_threshold()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen_in_second = []

    def first():
        with fewer_collections():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with fewer_collections():
            second_in.set()
            first_out.wait(5)
            seen_in_second.append(gc.get_threshold()[0])  # the first has ended; this run goes on

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen_in_second and seen_in_second[0] >= 100_000
    assert gc.get_threshold() == before
