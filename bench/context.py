"""What every benchmark module receives: the scale, the demo book of that scale, a scratch folder."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.books import BenchBook


@dataclass(frozen=True)
class Context:
    scale: str
    book: BenchBook
    tmp: Path
