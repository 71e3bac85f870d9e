"""Where the window keeps what the user arranged (geometry, splitters, columns): QSettings."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings


def settings() -> QSettings:
    """The user's preferences; under ZHANGFANG_HOME when set, so tests and portable installs keep
    theirs apart from the desktop's."""
    home = os.environ.get("ZHANGFANG_HOME")
    if home:
        return QSettings(str(Path(home) / "zhangfang-ui.ini"), QSettings.Format.IniFormat)
    return QSettings("Zhangfang", "Zhangfang")
