"""A session-wide collector of every refusal the suite provokes (every Problem of every Rejected,
from domain, use cases, importer, CLI and window alike), checked against tests/message_check.py.

The terminal summary counts the refusals not yet in Chinese, by their first words. With
ZHANGFANG_STRICT_MESSAGES=1 any such refusal fails the session; it becomes the default once every
message is in the catalogue (issue 30 item 1)."""
from __future__ import annotations

import os
from collections import Counter

from domain import errors
from domain.messages import render_reason
from tests.message_check import fault

_seen: Counter[str] = Counter()
_original_init = errors.Rejected.__init__


def _recording_init(self, problems):  # type: ignore[no-untyped-def]
    _original_init(self, problems)
    for p in self.problems:
        if fault(render_reason(p.message)):  # the reason; the place keeps the contract's form
            _seen[" ".join(str(p.message).split()[:4])] += 1


def install() -> None:
    errors.Rejected.__init__ = _recording_init  # type: ignore[method-assign]


def strict_failure() -> bool:
    return bool(_seen) and os.environ.get("ZHANGFANG_STRICT_MESSAGES") == "1"


def summary(terminalreporter) -> None:
    if not _seen:
        return
    terminalreporter.section("refusals not yet in Chinese (issue 30)")
    for text, n in _seen.most_common(40):
        terminalreporter.write_line(f"{n:5d}  {text}")
    terminalreporter.write_line(f"{sum(_seen.values())} refusals, {len(_seen)} kinds"
                                + (" — failing (ZHANGFANG_STRICT_MESSAGES=1)" if strict_failure() else ""))
