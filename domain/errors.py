"""Errors as data: every problem carries its place, and a refusal carries them all."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from domain.messages import Message, code_of, render_place, render_reason

QUOTE_LIMIT = 80  # characters of a bad value an error message repeats
_LINE_LIMIT = 300
# A run without spaces longer than this is cut in its middle: long enough for a file's full path
# (the user's own argument, worth showing whole), short enough that a 5 MB number never prints.
_RUN_LIMIT = 160
_LONG_RUN = re.compile(r"\S{" + str(_RUN_LIMIT + 1) + ",}")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def shown(value: object) -> str:
    """A bad value as an error message quotes it: repr-like, escaped, at most 80 characters."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > QUOTE_LIMIT:
        text = f"{text[:QUOTE_LIMIT]}…({len(text):,} characters)"
    return "'" + _escaped(text) + "'"


def _escaped(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def clip(text: str) -> str:
    """An error text that prints anywhere: control characters and lone surrogates escaped, no run
    of more than 160 characters, no line beyond 300 (a 5 MB document number is never echoed whole)."""
    if len(text) > 100 * _LINE_LIMIT:
        text = text[:100 * _LINE_LIMIT]
    text = _LONG_RUN.sub(_middle_cut, _escaped(text))
    return text if len(text) <= _LINE_LIMIT else text[:_LINE_LIMIT] + "…"


def _middle_cut(run: re.Match[str]) -> str:
    """A long run keeps its head and its tail: in a deep path the tail is the file's name, the part a
    person needs to know which file was refused."""
    text, half = run.group(), _RUN_LIMIT // 2
    return text[:half] + "…" + text[-half:]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, e.g. where='documents[3] (outbound OUT-0002) line 1'."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def shown(self) -> str:
        """As a person reads it: the place with fields named by their labels (domain.messages)."""
        where, message = render_place(self.where), render_reason(self.message)
        return f"{where}: {message}" if where else message

    @property
    def code(self) -> str | None:
        """The message's catalogue code (domain.messages), None for text not yet in the catalogue."""
        return code_of(self.message)


class Rejected(Exception):
    """The input is refused as a whole; the book is exactly as before."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        problems = [Problem("", p) if isinstance(p, str) else p for p in problems]
        self.problems = [p if _tame(p) else Problem(clip(p.where), _clipped(p.message)) for p in problems]
        super().__init__("; ".join(str(p) for p in self.problems))

    def shown(self) -> str:
        """As the window shows it: one problem a line, fields named by their labels."""
        return "\n".join(p.shown() for p in self.problems)

    @property
    def codes(self) -> list[str | None]:
        """The catalogue codes of the problems, in order: what tests compare."""
        return [p.code for p in self.problems]

    def located(self, where: str) -> Rejected:
        """The same problems, placed under an outer location (a section, a row)."""
        return Rejected([Problem(_join(where, p.where), p.message) for p in self.problems])


def refuse(code: str, /, field: str | None = None, where: str = "", **values: Any) -> Rejected:
    """A refusal from the catalogue, placed at `where` and, when given, at its field
    (`raise refuse("is_required", field="summary")`)."""
    place = _join(where, f"field '{field}'") if field else where
    return Rejected(Problem(place, Message(code, field=field or "", **values)))


def _clipped(message: str) -> str:
    return message if isinstance(message, Message) and len(message) < 200 else clip(message)


def _tame(p: Problem) -> bool:
    return (len(p.where) + len(p.message) < 200 and not _UNPRINTABLE.search(p.where)
            and not _UNPRINTABLE.search(p.message) and not _LONG_RUN.search(p.where + " " + p.message))


class Conflict(Rejected):
    """Someone else changed the record since this person read it: saving would overwrite their change.
    The window offers to load the record again (重新载入)."""


class InvariantBroken(Exception):
    """The books contradict themselves (the `check` command's findings)."""


def _join(outer: str, inner: str) -> str:
    if not inner:
        return outer
    if not outer:
        return inner
    return f"{outer} {inner}"
