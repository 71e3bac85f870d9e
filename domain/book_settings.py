"""The company settings the month-end taxes depend on: taxpayer type, location, 小型微利."""
from __future__ import annotations

from domain.errors import Problem, Rejected

TAXPAYERS = ("general", "small")  # 一般纳税人 | 小规模纳税人
LOCATIONS = ("city", "county", "other")  # 市区 | 县城、镇 | 其他 (城建税 7% / 5% / 1%)
DEFAULTS = {"taxpayer": "general", "location": "city", "small_low_profit": "false"}


def parse_settings(data: object) -> dict[str, str]:
    """The `settings` section of an import document as stored values; unknown keys refused by name."""
    if not isinstance(data, dict):
        raise Rejected("must be an object")
    problems: list[Problem] = []
    out: dict[str, str] = {}
    for key, value in data.items():
        where = f"field '{key}'"
        if key == "taxpayer":
            if value not in TAXPAYERS:
                problems.append(Problem(where, f"{value!r} is not one of {', '.join(TAXPAYERS)}"))
            else:
                out[key] = value
        elif key == "location":
            if value not in LOCATIONS:
                problems.append(Problem(where, f"{value!r} is not one of {', '.join(LOCATIONS)}"))
            else:
                out[key] = value
        elif key == "small_low_profit":
            if not isinstance(value, bool):
                problems.append(Problem(where, "must be true or false"))
            else:
                out[key] = "true" if value else "false"
        else:
            problems.append(Problem(where, f"is not a known setting ({', '.join(DEFAULTS)})"))
    if problems:
        raise Rejected(problems)
    return out
