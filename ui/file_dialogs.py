"""Every file dialog of the window (import, export, backup, restore, saving a report, print to PDF)
starts in the folder the user last chose, or their documents folder the first time — never the
program's own folder, which is where a relative name like "报表.xlsx" would otherwise land."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.prefs import settings

KEY = "dialogs/last_folder"


def documents_folder() -> Path:
    place = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(place) if place else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder() -> Path:
    """The last folder a file was chosen in, while it still exists; else the documents folder."""
    last = settings().value(KEY, "", type=str)
    return Path(last) if last and Path(last).is_dir() else documents_folder()


def remember(path: str | Path) -> None:
    if path:
        settings().setValue(KEY, str(Path(path).parent))


def suggested(name: str) -> str:
    """A file name placed in the start folder, for a save dialog's first suggestion."""
    return str(start_folder() / name)


def open_file(parent: QWidget | None, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    remember(path)
    return path


def save_file(parent: QWidget | None, title: str, name: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested(name), filters)
    remember(path)
    return path


def pdf_default(printer, name: str) -> None:
    """Where 打印到文件 (PDF) writes when there is no printer to choose: the start folder, not ours."""
    from PySide6.QtPrintSupport import QPrinterInfo
    if not QPrinterInfo.availablePrinters():
        printer.setOutputFileName(suggested(name))
