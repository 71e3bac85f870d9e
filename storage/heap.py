"""Python's cycle collector during posting.

A collection of the oldest generation walks every object the process holds. Two kinds of object made
those walks long while a file was posted, and neither can ever be cyclic garbage worth looking for:

- data loaded once and kept for the life of the process — pypinyin's dictionaries alone are about
  190,000 objects, three times everything else a book holds; `keep_out_of_collections()` moves what
  is alive at that moment to the permanent generation (gc.freeze) once it is loaded;
- the rows, states and values a long run makes by the hundred thousand, nearly all freed by reference
  counting as each document is done; `fewer_collections()` runs the young generation's collection a
  hundred times less often for the length of the run.

Measured on the bulk benchmark (bench/posting.py): collections took 8 % of posting, and with both in
place posting runs about 10 % faster. Nothing about what is written changes.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Objects made between two young-generation collections while a run lasts: a few documents' worth of
# ORM rows and Decimals, a few megabytes at most, against the interpreter's default of 700.
_RUN_THRESHOLD = 100_000
_frozen = False


def keep_out_of_collections() -> None:
    """After loading data the process keeps to the end: no collection walks what is alive now again.
    Done once; what is frozen is still freed by reference counting like anything else."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """For a long posting run (an import, the demo): the young generation is collected far less often,
    the older ones in proportion. The thresholds are put back when the run ends, however it ends."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], _RUN_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
