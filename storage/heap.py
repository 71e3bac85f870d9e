"""Python's cycle collector during long posting runs.

A run posts thousands of documents and makes hundreds of thousands of short-lived objects (ORM rows,
their states, Decimals), nearly all freed by reference counting as each document is done. With the
interpreter's default thresholds the young generation was collected every 700 allocations and the
oldest every hundred of those — a walk over every object the process holds, among them pypinyin's
dictionaries (about 190,000 objects). Collections took 8 % of bulk posting (bench/posting.py).

`fewer_collections()` collects the young generation a hundred times less often while a run lasts, and
so the older ones too; the thresholds are put back when the last overlapping run ends (an import on a
worker thread may overlap another). Nothing about what is written changes. (gc.freeze() after loading
the dictionaries gained nothing more on top of this, and would have kept whatever was alive at that
moment — an open book and its session — out of every later collection.)
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Objects made between two young-generation collections while a run lasts: a few documents' worth of
# ORM rows and Decimals, a few megabytes at most, against the interpreter's default of 700.
_RUN_THRESHOLD = 100_000

_lock = threading.Lock()
_runs = 0
_before: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """For a long posting run (an import, the demo): the young generation is collected far less often.
    Runs may overlap (threads) or nest: the first to start raises the threshold, the last to end puts
    back what was there before any started, however each ends."""
    global _runs, _before
    with _lock:
        if _runs == 0:
            _before = gc.get_threshold()
            gc.set_threshold(max(_before[0], _RUN_THRESHOLD), *_before[1:])
        _runs += 1
    try:
        yield
    finally:
        with _lock:
            _runs -= 1
            if _runs == 0 and _before is not None:
                gc.set_threshold(*_before)
