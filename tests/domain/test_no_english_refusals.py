"""No refusal in product code is written as an English literal: `Rejected("…")`, `Problem(where, "…")`
and `raise ValueError("…")` in domain/ take a catalogue Message (domain/messages.py) instead.

Files not yet converted are listed in NOT_YET; the test also fails when one of them has become clean,
so the list only shrinks (issue 30 item 1)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "usecases", "interchange", "storage", "reports", "ui")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORDS = re.compile(r"[A-Za-z]{3,}")
# Still speaking English in refusals, to convert next (each file: one commit, its tests by code).
NOT_YET = {
    "interchange/bank_files.py", "interchange/bank_layout.py", "interchange/bounds.py", "interchange/commands.py",
    "interchange/files.py", "interchange/importer.py", "interchange/jsonfile.py", "interchange/references.py",
    "interchange/xlsx_import.py", "reports/bank_reconciliation.py", "reports/ledger.py",
    "storage/backup.py", "storage/cash_flows.py", "storage/db.py", "ui/cli/close_cmds.py", "ui/cli/commands.py", "ui/cli/people_cmds.py", "ui/cli/report_cmds.py",
    "usecases/account_mapping.py", "usecases/assets.py",
    "usecases/matching.py", "usecases/opening.py",
    "usecases/opening_documents.py", "usecases/recurring.py",
    "domain/close_steps.py", "domain/posting.py", "domain/vat.py", "domain/money.py",
}


def _english(node: ast.AST) -> bool:
    parts = [node.value] if isinstance(node, ast.Constant) and isinstance(node.value, str) else \
        [v.value for v in node.values if isinstance(v, ast.Constant)] if isinstance(node, ast.JoinedStr) else []
    text = "".join(p for p in parts if isinstance(p, str))
    return bool(parts) and not _CJK.search(text) and bool(_WORDS.search(text))


def _offences(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        name = node.func.id
        args = node.args[1:] if name == "Problem" else node.args if name == "Rejected" else \
            node.args if name == "ValueError" and path.parts[-2] == "domain" else []
        out += [f"{path.relative_to(ROOT)}:{node.lineno}" for a in args if _english(a)]
    return out


def _files() -> list[Path]:
    return sorted(p for d in PRODUCT for p in (ROOT / d).rglob("*.py"))


def test_no_refusal_is_an_english_literal():
    found = [o for p in _files() if str(p.relative_to(ROOT)) not in NOT_YET for o in _offences(p)]
    assert not found, "refusals written in English (use a domain.messages code): " + ", ".join(found)


def test_the_not_yet_list_only_shrinks():
    clean = [f for f in sorted(NOT_YET) if (ROOT / f).exists() and not _offences(ROOT / f)]
    assert not clean, f"converted, take them off NOT_YET: {clean}"
