"""The company settings the month-end taxes depend on: taxpayer type, location, 小型微利."""
from __future__ import annotations

from domain.errors import Problem, Rejected, shown
from domain.messages import Message, label

TAXPAYERS = ("general", "small")  # 一般纳税人 | 小规模纳税人
LOCATIONS = ("city", "county", "other")  # 市区 | 县城、镇 | 其他 (城建税 7% / 5% / 1%)
DEFAULTS = {"taxpayer": "general", "location": "city", "small_low_profit": "false"}
FILINGS = ("monthly", "quarterly")  # 按月 | 按季申报 (version 3)


def default_filing(taxpayer: str) -> str:
    """What `init` chooses without --filing: a small-scale taxpayer files by quarter, a general one monthly.
    A book made before version 3 has no setting and keeps filing monthly, as it always did."""
    return "quarterly" if taxpayer == "small" else "monthly"


def quarter_months(period: str) -> list[str]:
    """The months of the quarter `period` lies in, in order ("2026-11" → 2026-10, 2026-11, 2026-12)."""
    y, m = period[:4], int(period[5:])
    first = (m - 1) // 3 * 3 + 1
    return [f"{y}-{first + i:02d}" for i in range(3)]


def parse_settings(data: object) -> dict[str, str]:
    """The `settings` section of an import document as stored values; unknown keys refused by name."""
    if not isinstance(data, dict):
        raise Rejected(Message("settings_object"))
    problems: list[Problem] = []
    out: dict[str, str] = {}
    for key, value in data.items():
        where = f"field '{key}'"
        if key == "taxpayer":
            if value not in TAXPAYERS:
                problems.append(Problem(where, Message("not_one_of", value=shown(value), choices="、".join(TAXPAYERS))))
            else:
                out[key] = value
        elif key == "location":
            if value not in LOCATIONS:
                problems.append(Problem(where, Message("not_one_of", value=shown(value), choices="、".join(LOCATIONS))))
            else:
                out[key] = value
        elif key == "small_low_profit":
            if not isinstance(value, bool):
                problems.append(Problem(where, Message("must_be_true_false")))
            else:
                out[key] = "true" if value else "false"
        else:
            problems.append(Problem(where, Message("not_a_setting", choices="、".join(label(k) for k in DEFAULTS))))
    if problems:
        raise Rejected(problems)
    return out
