"""Test-wide setup: Qt renders offscreen, so tests run without a display."""
import os

# Must happen before any QApplication exists; without it a headless run aborts inside Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
