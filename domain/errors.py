"""Errors as data: every problem carries its place, and a refusal carries them all."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, e.g. where='documents[3] (outbound OUT-0002) line 1'."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class Rejected(Exception):
    """The input is refused as a whole; the book is exactly as before."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    def located(self, where: str) -> Rejected:
        """The same problems, placed under an outer location (a section, a row)."""
        return Rejected([Problem(_join(where, p.where), p.message) for p in self.problems])


class InvariantBroken(Exception):
    """The books contradict themselves (the `check` command's findings)."""


def _join(outer: str, inner: str) -> str:
    if not inner:
        return outer
    if not outer:
        return inner
    return f"{outer} {inner}"
