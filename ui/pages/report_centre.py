"""报表中心: choose a report and its parameters, preview its PDF page by page, print it, save it
as PDF or Excel. Reports are built on a worker thread with a book of its own (the constructor
takes a callable that opens one), so a long export never freezes the window and can be cancelled."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QPainter, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from domain.errors import Rejected
from domain.periods import period_start
from storage.book import Book
from storage.queries.periods import as_of_date, current_period

# Report name (CLI) → title, and which parameters it takes.
REPORTS = {
    "balance-sheet": ("资产负债表", ("period",)),
    "income-statement": ("利润表", ("first", "last")),
    "cash-flow": ("现金流量表", ("first", "last")),
    "trial-balance": ("科目余额表", ("first", "last")),
    "general-ledger": ("总账", ("first", "last", "account")),
    "ledger": ("明细账", ("first", "last", "account", "customer")),
    "statement": ("对账单", ("first_day", "last_day", "customer")),
    "aging": ("账龄分析", ("as_of",)),
    "stock": ("收发存汇总表", ("first", "last")),
    "vouchers": ("记账凭证", ("first", "last", "per_page")),
}
LABELS = {"period": "期间", "first": "起始期间", "last": "截止期间", "account": "科目编码", "customer": "客户编码",
          "first_day": "起始日期", "last_day": "截止日期", "as_of": "截至日期", "per_page": "每页凭证数"}


class _Signals(QObject):
    done = Signal(object, object)  # (job id, result path or None)
    failed = Signal(object, str)


class _Job(QRunnable):
    """Build one report with a book opened in this thread, write it to a file."""

    def __init__(self, job_id: int, open_book: Callable[[], Book], name: str, args: Namespace, fmt: str, out: Path):
        super().__init__()
        self.job_id, self.open_book, self.name, self.args, self.fmt, self.out = job_id, open_book, name, args, fmt, out
        self.signals = _Signals()

    def run(self) -> None:
        from ui.cli.report_cmds import KINDS, write
        try:
            book = self.open_book()
            try:
                data = KINDS[self.name].build(book, self.args)
                write(self.name, data, self.fmt, self.out, getattr(self.args, "per_page", 2))
            finally:
                book.close()
        except Rejected as e:
            self.signals.failed.emit(self.job_id, "\n".join(str(p) for p in e.problems))
            return
        except Exception as e:  # noqa: BLE001 - shown to the user, never a crash of the window
            self.signals.failed.emit(self.job_id, f"{type(e).__name__}: {e}")
            return
        self.signals.done.emit(self.job_id, self.out)


def render_pages(pdf: Path, folder: Path, dpi: int = 80) -> list[Path]:
    """The PDF's pages as PNG files (pdftoppm); empty when it is not installed."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return []
    subprocess.run([exe, "-png", "-r", str(dpi), str(pdf), str(folder / "page")], check=True, capture_output=True,
                   timeout=300)
    return sorted(folder.glob("page-*.png"))


class ReportCentre(QWidget):
    def __init__(self, open_book: Callable[[], Book], parent: QWidget | None = None):
        super().__init__(parent)
        self.name = "reports"
        self.open_book = open_book
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._job = 0
        self._pending: dict[int, tuple[str, Path]] = {}  # job id → (purpose, destination)
        from ui.preview_folder import new_preview_folder
        self._tmp = new_preview_folder()  # private, deleted on exit (and by the next start after a crash)
        self.destroyed.connect(lambda *_, folder=self._tmp: shutil.rmtree(folder, ignore_errors=True))
        self.pages: list[QPixmap] = []
        self.pdf: Path | None = None  # the PDF last previewed: what 打印 prints
        self._discard: Path | None = None  # a cancelled save, removed when it lands
        self.zoom = 1.0

        self.title = QLabel("报表中心", objectName="pageTitle")
        self.kind = QComboBox(objectName="reportKind")
        for key, (title, _) in REPORTS.items():
            self.kind.addItem(title, key)
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        form.addRow("报表", self.kind)
        month, as_of = self._current_period()
        defaults = {"period": month, "first": month, "last": month, "first_day": period_start(month).isoformat(),
                    "last_day": as_of.isoformat(), "as_of": as_of.isoformat(), "account": "", "customer": ""}
        self._labels: dict[str, QLabel] = {}
        for key, label in LABELS.items():
            if key == "per_page":
                w: QWidget = QSpinBox(minimum=2, maximum=3, value=2)
            else:
                w = QLineEdit(defaults[key], objectName=f"param_{key}")
            self.fields[key] = w
            self._labels[key] = QLabel(label)
            form.addRow(self._labels[key], w)

        self.preview_button = QPushButton("预览", objectName="preview")
        self.print_button = QPushButton("打印…", objectName="print")
        self.pdf_button = QPushButton("另存为 PDF…", objectName="savePdf")
        self.xlsx_button = QPushButton("导出 Excel…", objectName="saveXlsx")
        self.cancel_button = QPushButton("取消", objectName="cancel")
        self.zoom_in = QPushButton("放大", objectName="zoomIn")
        self.zoom_out = QPushButton("缩小", objectName="zoomOut")
        self.progress = QProgressBar(objectName="progress", minimum=0, maximum=0, visible=False)
        self.cancel_button.setVisible(False)
        self.error = QLabel(objectName="reportError", wordWrap=True)
        self.error.setStyleSheet("color: #c62828;")
        self.status = QLabel(objectName="listStatus")

        self.canvas = QWidget()
        self.canvas_layout = QVBoxLayout(self.canvas)
        self.canvas_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea(widgetResizable=True)
        self.scroll.setWidget(self.canvas)
        self.scroll.setStyleSheet("QScrollArea { background: #e9ecef; }")

        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addLayout(form)
        for b in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            side.addWidget(b)
        side.addWidget(self.progress)
        side.addWidget(self.cancel_button)
        side.addWidget(self.error)
        side.addStretch(1)
        zoom = QHBoxLayout()
        zoom.addWidget(self.zoom_out)
        zoom.addWidget(self.zoom_in)
        zoom.addStretch(1)
        zoom.addWidget(self.status)
        right = QVBoxLayout()
        right.addLayout(zoom)
        right.addWidget(self.scroll, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(side, 0)
        layout.addLayout(right, 1)

        self.kind.currentIndexChanged.connect(self._show_fields)
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(lambda: self._ask_and_save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_save("xlsx"))
        self.print_button.clicked.connect(self.print_pages)
        self.cancel_button.clicked.connect(self.cancel)
        self.zoom_in.clicked.connect(lambda: self._zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self._show_fields()
        self._shown_once = False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown_once:  # the first report at once, not a blank grey panel
            self._shown_once = True
            self.preview()

    def _current_period(self) -> tuple[str, dt.date]:
        """The book's current period and the day its reports look at: the accountant works there,
        which may be months before today's."""
        book = self.open_book()
        try:
            return current_period(book), as_of_date(book)
        finally:
            book.close()

    # ---- parameters -----------------------------------------------------------------------
    def report_name(self) -> str:
        return str(self.kind.currentData())

    def select(self, name: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(name))

    def set_param(self, key: str, value: str) -> None:
        w = self.fields[key]
        if isinstance(w, QSpinBox):
            w.setValue(int(value))
        else:
            assert isinstance(w, QLineEdit)
            w.setText(value)

    def _show_fields(self) -> None:
        wanted = REPORTS[self.report_name()][1]
        for key, w in self.fields.items():
            w.setVisible(key in wanted)
            self._labels[key].setVisible(key in wanted)
        self.xlsx_button.setEnabled(self.report_name() != "vouchers")

    def args(self) -> Namespace:
        """The parameters as the report command reads them."""
        def text(key: str) -> str | None:
            w = self.fields[key]
            return w.text().strip() or None if isinstance(w, QLineEdit) else None
        wanted = REPORTS[self.report_name()][1]
        first = text("first_day") if "first_day" in wanted else text("first")
        last = text("last_day") if "last_day" in wanted else text("last")
        per_page = self.fields["per_page"]
        assert isinstance(per_page, QSpinBox)
        return Namespace(first=first, last=last, period=text("period"), account=text("account") if "account" in wanted
                         else None, customer=text("customer") if "customer" in wanted else None,
                         as_of=text("as_of"), per_page=per_page.value(), all=False)

    # ---- jobs ---------------------------------------------------------------------------------
    def _start(self, purpose: str, fmt: str, out: Path) -> None:
        self._job += 1
        job = _Job(self._job, self.open_book, self.report_name(), self.args(), fmt, out)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._pending = {self._job: (purpose, out)}  # a newer request supersedes an older one
        self.error.clear()
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.status.setText("正在生成…")
        self.pool.start(job)

    def preview(self) -> None:
        self._start("preview", "pdf", self._tmp / f"preview-{self._job + 1}.pdf")

    def save(self, fmt: str, path: str | Path) -> None:
        """Write the report to a file chosen by the user (the dialog calls this)."""
        self._start("save", fmt, Path(path))

    def _ask_and_save(self, fmt: str) -> None:
        title = REPORTS[self.report_name()][0]
        filt = "PDF (*.pdf)" if fmt == "pdf" else "Excel (*.xlsx)"
        path, _ = QFileDialog.getSaveFileName(self, "保存报表", f"{title}.{fmt}", filt)
        if path:
            self.save(fmt, path)

    def cancel(self) -> None:
        """Forget the running job: its result is thrown away (a build cannot be stopped halfway)."""
        for purpose, out in self._pending.values():
            if purpose == "save":
                self._discard = out
                out.unlink(missing_ok=True)
        self._pending.clear()
        self._idle("已取消")

    def busy(self) -> bool:
        return bool(self._pending)

    def _idle(self, message: str) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.status.setText(message)

    def _done(self, job_id: int, out: Path) -> None:
        if job_id not in self._pending:
            if self._discard == out:
                out.unlink(missing_ok=True)
            return
        purpose, _ = self._pending.pop(job_id)
        if purpose == "preview":
            self._show_pdf(out)
        else:
            self._idle(f"已保存到 {out}")

    def _failed(self, job_id: int, message: str) -> None:
        if self._pending.pop(job_id, None) is None:
            return
        self.error.setText(message)
        self._idle("未生成")

    # ---- preview, zoom, print ----------------------------------------------------------------------
    def _show_pdf(self, pdf: Path) -> None:
        self.pdf = pdf
        folder = Path(tempfile.mkdtemp(dir=self._tmp))
        files = render_pages(pdf, folder)
        self.pages = [QPixmap(str(f)) for f in files]
        if not files:
            self.error.setText("预览需要 pdftoppm（poppler-utils）；报表仍可另存为 PDF")
        self._layout_pages()
        self._idle(f"共 {len(self.pages)} 页")

    def _layout_pages(self) -> None:
        while self.canvas_layout.count():
            item = self.canvas_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for pix in self.pages:
            label = QLabel()
            label.setPixmap(pix.scaledToWidth(int(pix.width() * self.zoom), Qt.TransformationMode.SmoothTransformation))
            label.setStyleSheet("background: white; border: 1px solid #c8ccd2;")
            self.canvas_layout.addWidget(label)

    def _zoom(self, factor: float) -> None:
        self.zoom = min(3.0, max(0.4, self.zoom * factor))
        self._layout_pages()

    def print_pages(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        if self.pdf is None or not self.pages:
            self.error.setText("请先预览，再打印")
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        sharp = [QPixmap(str(f)) for f in render_pages(self.pdf, Path(tempfile.mkdtemp(dir=self._tmp)), dpi=200)]
        painter = QPainter(printer)
        try:
            for n, pix in enumerate(sharp):
                if n:
                    printer.newPage()
                rect = painter.viewport()
                scaled = pix.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.setViewport(rect.x(), rect.y(), scaled.width(), scaled.height())
                painter.setWindow(pix.rect())
                painter.drawPixmap(0, 0, pix)
        finally:
            painter.end()
