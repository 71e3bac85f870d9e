"""One measured figure, beside the baseline it is judged against (never a bare wall-clock number:
this machine's speed varies, the ratio to a baseline run in the same process does not)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str


@dataclass(frozen=True)
class Result:
    """`ratio` is value / baseline.value: above 1 means more than the baseline (faster for a rate,
    slower for a time) — the README says which way is good for each figure."""

    figure: Figure
    baseline: Figure | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or not self.baseline.value:
            return None
        return self.figure.value / self.baseline.value

    def as_json(self) -> dict:
        f, b = self.figure, self.baseline
        ratio = self.ratio
        return {"name": f.name, "value": round(f.value, 4), "unit": f.unit,
                "baseline": None if b is None else {"name": b.name, "value": round(b.value, 4), "unit": b.unit},
                "ratio": None if ratio is None else round(ratio, 4)}


def rate(name: str, count: int, seconds: float, unit: str) -> Figure:
    return Figure(name, count / seconds if seconds > 0 else 0.0, unit)


def millis(name: str, seconds: float) -> Figure:
    return Figure(name, seconds * 1000, "ms")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0…100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil without floats of our own
    return ordered[int(rank) - 1]
