"""argparse's own English usage errors, as catalogue messages naming options by their labels."""
from __future__ import annotations

import re

from domain.messages import Message, label

_REQUIRED = re.compile(r"the following arguments are required: (.+)")
_CHOICE = re.compile(r"argument (\S+?)(?:/\S+)?: invalid choice: (.+?) \(choose from (.+)\)")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (.+)")
_EXPECTED = re.compile(r"argument (\S+?)(?:/\S+)?: expected .*argument")
_INVALID = re.compile(r"argument (\S+?)(?:/\S+)?: invalid \S+ value: (.+)")


def _names(text: str) -> str:
    return "、".join(label(n.strip()) for n in text.split(","))


def usage_message(message: str) -> Message:
    """The reason of an argparse error in Chinese; what argparse says beyond these is kept as detail."""
    if m := _REQUIRED.match(message):
        return Message("cli_required", names=_names(m.group(1)))
    if m := _CHOICE.match(message):
        return Message("cli_invalid_choice", name=label(m.group(1)), value=m.group(2),
                       choices=m.group(3).replace("'", ""))
    if m := _UNRECOGNIZED.match(message):
        return Message("cli_unrecognized", args=m.group(1))
    if m := _EXPECTED.match(message):
        return Message("cli_expected_value", name=label(m.group(1)))
    if m := _INVALID.match(message):
        return Message("cli_bad_value", name=label(m.group(1)), value=m.group(2))
    return Message("cli_usage", detail=message)
