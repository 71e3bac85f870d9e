"""Reading an interchange JSON file defensively: what the parser would accept but the contract does
not (NaN, numbers of thousands of digits, a key given twice) arrives as a marker that the importer
reports at its place, and nesting too deep for the parser is a refusal, never a traceback."""
from __future__ import annotations

import json
from pathlib import Path

from domain.errors import Rejected

MAX_DIGITS = 30  # a whole number longer than this is no quantity, amount or day count


class Odd:
    """A JSON value the contract refuses, kept with what to say about it."""

    def __init__(self, reason: str):
        self.reason = reason

    def __repr__(self) -> str:
        return self.reason


class Obj(dict):
    """A JSON object that remembers the keys it was given more than once."""

    twice: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, object]]) -> Obj:
    obj = Obj(pairs)
    if len(obj) < len(pairs):
        seen: set[str] = set()
        obj.twice = tuple(dict.fromkeys(k for k, _ in pairs if k in seen or seen.add(k)))  # type: ignore[func-returns-value]
    return obj


def _int(text: str) -> object:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else Odd(f"a number of {digits:,} digits")


def _float(text: str) -> object:
    value = float(text)
    return value if value not in (float("inf"), float("-inf")) else Odd(f"{text[:20]} is beyond any number")


def _constant(text: str) -> object:
    return Odd(f"{text} is not a number")


def loads(text: str, name: str = "the file") -> object:
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float,
                          parse_constant=_constant)
    except RecursionError:
        raise Rejected(f"{name}: not a JSON document the importer takes (nested too deeply)") from None
    except json.JSONDecodeError as e:
        raise Rejected(f"{name}: not a JSON document (line {e.lineno} column {e.colno}: {e.msg})") from None
    except ValueError as e:
        raise Rejected(f"{name}: not a JSON document ({e})") from None


def read_json(path: str | Path) -> object:
    """The file's one JSON value; Rejected when it is not readable JSON."""
    from interchange.bounds import check_size
    check_size(Path(path), "JSON 文件")  # parsed whole: memory is many times the file's size
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # Windows editors add a BOM
    except UnicodeDecodeError as e:
        raise Rejected(f"{path}: not a UTF-8 text file (byte {e.start})") from None
    return loads(text, str(path))
