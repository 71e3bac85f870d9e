"""助记码: the pinyin initials of a name (华东机电 → hdjd), kept beside the name so lists search it in SQL."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import event


@lru_cache(maxsize=4096)
def mnemonic(name: str | None) -> str:
    """Lower-case pinyin initials of the Chinese characters; letters and digits are kept as typed."""
    if not name:
        return ""
    from pypinyin import Style, lazy_pinyin  # imported on first use: it loads a large dictionary
    parts = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")
    return "".join(p for p in "".join(parts).lower() if p.isalnum())[:64]


def keep_mnemonic(model) -> None:
    """Fill `model.mnemonic` from its name whenever a row is written through the ORM."""
    def fill(_mapper, _conn, target) -> None:
        target.mnemonic = mnemonic(target.name)
    event.listen(model, "before_insert", fill)
    event.listen(model, "before_update", fill)
