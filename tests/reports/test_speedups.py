"""ReportLab's C speed-ups are a separate package since ReportLab 5.1 (rl-accel). Without it every
string width and number on a page is measured in Python, and a year's voucher print takes about
1.5x as long (issue 32): the dependency is declared, and this holds that it is the one in use."""
from __future__ import annotations

import types

from reportlab.lib import rl_accel


def test_reportlab_measures_text_and_numbers_in_c():
    for name in ("fp_str", "instanceStringWidthTTF", "asciiBase85Encode", "escapePDF"):
        assert isinstance(getattr(rl_accel, name), types.BuiltinFunctionType), f"{name} runs in Python"
