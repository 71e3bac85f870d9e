"""Product code uses SQLAlchemy through its public API only. The posting path once leaned on about
twenty private names of the Session, the identity map and InstanceState; an upgrade could change any
of them without notice. This fails if one comes back."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "storage", "usecases", "interchange", "reports", "ui")
PRIVATE = ("_new", "_deleted", "_transaction", "_modified", "_register_persistent", "_save_or_update_impl",
           "_commit_all", "_sa_class_manager", "_new_state_if_none", "_active_history",
           "_orphaned_outside_of_session", "_pending_mutations", "_cached_bind_processor",
           "_cached_result_processor", "_result_columns", "_storage_format")
# as an attribute (x._new) or a name given to getattr/hasattr ("_pending_mutations")
PATTERN = re.compile(r"""(?:\.|["'])(""" + "|".join(PRIVATE) + r""")\b""")


def test_no_private_sqlalchemy_name_in_product_code():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for folder in PRODUCT for path in sorted((ROOT / folder).rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if PATTERN.search(line)]
    assert not found, "private SQLAlchemy names:\n" + "\n".join(found)


def test_the_check_finds_what_it_looks_for():
    for line in ("session._new", "identity_map._modified", 'getattr(state, "_pending_mutations", None)',
                 "compiled._result_columns", "impl._storage_format"):
        assert PATTERN.search(line), line
    for line in ("session.new", "self._newest = 1", "book._written"):
        assert not PATTERN.search(line), line
