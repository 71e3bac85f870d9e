"""报表中心: choose a report and its parameters, preview its PDF page by page, print it, save it
as PDF or Excel. Reports are built on a worker thread with a book of its own (the constructor
takes a callable that opens one), so a long export never freezes the window and can be cancelled.

The preview renders the PDF's pages in process with pypdfium2 (no external program: a Windows
desktop has no pdftoppm, and the PySide6 wheels here bring no QtPdf). Printing (打印…, Ctrl+P)
goes through QPrinter — printer, page range and copies in QPrintDialog, and a print preview —
each page rendered at the printer's resolution from the same PDF, not a screenshot. Customer and
account fields complete on code, name and 助记码; the range chosen carries over when the report
changes; an error takes the preview's place; each report's last parameters are remembered."""
from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
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
from domain.periods import period_end, period_start
from reports.catalogue import CATALOGUE, CENTRE, Params
from reports.render import write
from storage.book import Book
from storage.queries.periods import as_of_date, current_period
from ui import file_dialogs
from ui.widgets.lookup import LookupEdit

# Report name (CLI) → title, and which parameters it takes: from the one catalogue, in the centre's order.
REPORTS = {name: (CATALOGUE[name].title, CATALOGUE[name].params) for name in CENTRE}
PREVIEW_PAGES = 200  # a 4,000-page voucher print previews its first pages; printing takes them all
LOOKUPS = {"account": "account", "customer": "customer"}  # field → lookups.choices kind
REMEMBERED = ("account", "customer", "per_page")
LABELS = {"period": "期间", "first": "起始期间", "last": "截止期间", "account": "科目编码", "customer": "客户编码",
          "first_day": "起始日期", "last_day": "截止日期", "as_of": "截至日期", "per_page": "每页凭证数"}


class _Signals(QObject):
    done = Signal(object, object)  # (job id, result path or None)
    failed = Signal(object, str)


class _Job(QRunnable):
    """Build one report with a book opened in this thread, write it to a file."""

    def __init__(self, job_id: int, open_book: Callable[[], Book], name: str, args: Params, fmt: str, out: Path):
        super().__init__()
        self.job_id, self.open_book, self.name, self.args, self.fmt, self.out = job_id, open_book, name, args, fmt, out
        self.signals = _Signals()
        self.stop = threading.Event()  # 取消: the writer stops at its next checkpoint

    def run(self) -> None:
        from reports.output import Cancelled, cancellable, whole_file
        try:
            book = self.open_book()
            try:
                from ui.people.cost_guard import check_report
                check_report(book, self.name)  # sales sees prices, not cost (issue 26)
                with cancellable(self.stop):
                    data = CATALOGUE[self.name].build(book, self.args)
                    with whole_file(self.out) as partial:  # the file appears whole or not at all
                        write(self.name, data, self.fmt, partial, self.args.per_page)
            finally:
                book.close()
        except Cancelled:
            return  # the page forgot this job when 取消 was pressed
        except Rejected as e:
            self.signals.failed.emit(self.job_id, "\n".join(p.shown() for p in e.problems))
            return
        except Exception as e:  # noqa: BLE001 - shown to the user, never a crash of the window
            self.signals.failed.emit(self.job_id, f"{type(e).__name__}: {e}")
            return
        self.signals.done.emit(self.job_id, self.out)


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def render_pages(pdf: Path, dpi: float = 80, first: int = 0, last: int | None = None) -> list[QImage]:
    """Pages first … last − 1 of the PDF as images, rendered in process (pypdfium2)."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for i in range(first, len(doc) if last is None else min(last, len(doc))):
            page = doc[i]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB, as QImage reads it
            out.append(QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                              QImage.Format.Format_RGB888).copy())  # the copy outlives the bitmap
            page.close()
        return out
    finally:
        doc.close()


def paint_pdf(printer, pdf: Path, first: int = 1, last: int = 0) -> int:
    """Print pages first … last (1-based; 0 = to the end) of the PDF on the printer, each rendered
    at the printer's resolution (at most 300 dpi) and fitted to its page; returns the pages printed."""
    from PySide6.QtPrintSupport import QPrinter
    total = page_count(pdf)
    last = total if not last else min(last, total)
    dpi = min(300, printer.resolution())
    painter = QPainter(printer)
    try:
        for n in range(max(1, first), last + 1):
            if n > max(1, first):
                printer.newPage()
            image = render_pages(pdf, dpi, n - 1, n)[0]
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            size = image.size().scaled(area.width(), area.height(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(0, 0, size.width(), size.height()), image)
        return max(0, last - max(1, first) + 1)
    finally:
        painter.end()


class ReportCentre(QWidget):
    def __init__(self, open_book: Callable[[], Book], parent: QWidget | None = None):
        super().__init__(parent)
        self.name = "reports"
        self.open_book = open_book
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._job = 0
        self._pending: dict[int, tuple[str, Path]] = {}  # job id → (purpose, destination)
        self._jobs: dict[int, _Job] = {}  # the running job, stopped by 取消 or a newer request
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
            elif key in LOOKUPS:
                w = LookupEdit(self._choices(LOOKUPS[key]), placeholder="编码、名称或助记码")
                w.setObjectName(f"param_{key}")
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

        self.preview_print_button = QPushButton("打印预览…", objectName="printPreview")
        side.insertWidget(side.indexOf(self.print_button) + 1, self.preview_print_button)
        self.preview_print_button.clicked.connect(self.print_preview)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.message = QLabel(objectName="previewError", wordWrap=True)  # an error, where the pages were
        self.message.setStyleSheet("color: #c62828; font-size: 14px; padding: 24px;")
        self.message.setVisible(False)
        self._previous = self.report_name()
        self.kind.currentIndexChanged.connect(self._switched)
        self._restore(self.report_name())
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(lambda: self._ask_and_save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_save("xlsx"))
        self.print_button.clicked.connect(self.print_)
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

    def _choices(self, kind: str) -> list:
        from storage.queries.lookups import choices
        book = self.open_book()
        try:
            return choices(book, kind)
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
        elif isinstance(w, LookupEdit):
            w.set_code(value)
            if w.choice is None:
                w.setText(value)  # an unknown code stays as typed, and the report names it
        else:
            assert isinstance(w, QLineEdit)
            w.setText(value)

    def param(self, key: str) -> str:
        w = self.fields[key]
        if isinstance(w, QSpinBox):
            return str(w.value())
        if isinstance(w, LookupEdit):
            return w.code()
        assert isinstance(w, QLineEdit)
        return w.text().strip()

    def _show_fields(self) -> None:
        wanted = REPORTS[self.report_name()][1]
        for key, w in self.fields.items():
            w.setVisible(key in wanted)
            self._labels[key].setVisible(key in wanted)
        self.xlsx_button.setEnabled(self.report_name() != "vouchers")
        self.xlsx_button.setToolTip("记账凭证只打印或另存为 PDF，没有 Excel 格式" if self.report_name() == "vouchers" else "")

    def _switched(self) -> None:
        """Another report: the range chosen carries over (months ↔ days), then what this report
        was last run with, if anything, is put back."""
        before, now = REPORTS[self._previous][1], REPORTS[self.report_name()][1]
        self._remember(self._previous)
        self._carry_range(before, now)
        self._restore(self.report_name())
        self._previous = self.report_name()
        self._show_fields()

    def _carry_range(self, before: tuple[str, ...], now: tuple[str, ...]) -> None:
        try:
            if "first" in before and "first_day" in now:
                self.set_param("first_day", period_start(self.param("first")).isoformat())
                self.set_param("last_day", period_end(self.param("last")).isoformat())
                self.set_param("as_of", self.param("last_day"))
            elif "first_day" in before and "first" in now:
                self.set_param("first", self.param("first_day")[:7])
                self.set_param("last", self.param("last_day")[:7])
                self.set_param("period", self.param("last"))
            elif "period" in before and "first" in now:
                self.set_param("last", self.param("period"))
                if self.param("first") > self.param("last"):
                    self.set_param("first", self.param("last"))
            elif "first" in before and "period" in now:
                self.set_param("period", self.param("last"))
            elif "first" in before and "as_of" in now:
                self.set_param("as_of", period_end(self.param("last")).isoformat())
        except ValueError:  # a half-typed period is left as it is
            pass

    def _remember(self, name: str) -> None:
        from ui.prefs import settings
        store = settings()
        for key in REPORTS[name][1]:
            store.setValue(f"reports/{name}/{key}", self.param(key))

    def _restore(self, name: str) -> None:
        """A report's own last choices (account, customer, vouchers per page). Not its dates: the
        range carries over from the report before, and a new session starts in the current period."""
        from ui.prefs import settings
        store = settings()
        for key in (k for k in REPORTS[name][1] if k in REMEMBERED):
            value = store.value(f"reports/{name}/{key}")
            if value not in (None, ""):
                self.set_param(key, str(value))

    def args(self) -> Params:
        """The parameters as the report command reads them."""
        wanted = REPORTS[self.report_name()][1]

        def text(key: str) -> str | None:
            return self.param(key) or None
        first = text("first_day") if "first_day" in wanted else text("first")
        last = text("last_day") if "last_day" in wanted else text("last")
        return Params(first=first, last=last, period=text("period"), account=text("account") if "account" in wanted
                         else None, customer=text("customer") if "customer" in wanted else None,
                         as_of=text("as_of"), per_page=int(self.param("per_page")), all=False)

    # ---- jobs ---------------------------------------------------------------------------------
    def _start(self, purpose: str, fmt: str, out: Path) -> None:
        self._job += 1
        self._remember(self.report_name())
        job = _Job(self._job, self.open_book, self.report_name(), self.args(), fmt, out)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        for running in self._jobs.values():  # a newer request supersedes an older one: stop its writer
            running.stop.set()
        self._jobs = {self._job: job}
        self._pending = {self._job: (purpose, out)}
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
        path = file_dialogs.save_file(self, "保存报表", f"{title}.{fmt}", filt)
        if path:
            self.save(fmt, path)

    def cancel(self) -> None:
        """Stop the running job: its writer stops at its next checkpoint and leaves no file (it writes
        under a hidden name, renamed only when whole); a result that lands anyway is thrown away."""
        for job in self._jobs.values():
            job.stop.set()
        for purpose, out in self._pending.values():
            if purpose == "save":
                self._discard = out
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
        job = self._pending.pop(job_id, None)
        if job is None:
            return
        self.error.setText(message)
        if job[0] == "preview":  # the old pages would pass for this report's: the error takes their place
            self.pdf = None
            self.pages = []
            self.message.setText(f"报表未生成：\n{message}")
            self._layout_pages()
        self._idle("未生成")

    # ---- preview, zoom, print ----------------------------------------------------------------------
    def _show_pdf(self, pdf: Path) -> None:
        self.pdf = pdf
        total = page_count(pdf)
        self.pages = [QPixmap.fromImage(img) for img in render_pages(pdf, 80, 0, PREVIEW_PAGES)]
        self.message.setText("")
        self._layout_pages()
        more = f"（预览前 {PREVIEW_PAGES} 页）" if total > PREVIEW_PAGES else ""
        self._idle(f"共 {total} 页{more}")

    def _layout_pages(self) -> None:
        while self.canvas_layout.count():
            item = self.canvas_layout.takeAt(0)
            w = item.widget()
            if w is not None and w is not self.message:
                w.deleteLater()
        if self.message.text():
            self.canvas_layout.addWidget(self.message)
            self.message.setVisible(True)
            return
        self.message.setVisible(False)
        for pix in self.pages:
            label = QLabel()
            label.setPixmap(pix.scaledToWidth(int(pix.width() * self.zoom), Qt.TransformationMode.SmoothTransformation))
            label.setStyleSheet("background: white; border: 1px solid #c8ccd2;")
            self.canvas_layout.addWidget(label)

    def _zoom(self, factor: float) -> None:
        self.zoom = min(3.0, max(0.4, self.zoom * factor))
        self._layout_pages()

    def _printer(self):
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPrintSupport import QPrinter
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        landscape = bool(self.pages) and self.pages[0].width() > self.pages[0].height()
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)  # the PDF has its own margins
        printer.setDocName(REPORTS[self.report_name()][0])
        file_dialogs.pdf_default(printer, f"{REPORTS[self.report_name()][0]}.pdf")
        return printer

    def print_(self) -> None:
        """打印… / Ctrl+P: printer, page range and copies, then the report's own pages."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog
        if self.pdf is None:
            self.error.setText("请先预览，再打印")
            return
        printer = self._printer()
        total = page_count(self.pdf)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印报表")
        dialog.setMinMax(1, total)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        file_dialogs.remember(printer.outputFileName())
        self.print_to(printer)

    def print_to(self, printer) -> int:
        """The previewed report on a printer set up already (the range the dialog chose)."""
        from PySide6.QtPrintSupport import QPrinter
        if self.pdf is None:
            return 0
        first, last = 1, 0
        if printer.printRange() == QPrinter.PrintRange.PageRange:
            first, last = printer.fromPage() or 1, printer.toPage()
        return paint_pdf(printer, self.pdf, first, last)

    def print_preview(self) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog
        if self.pdf is None:
            self.error.setText("请先预览，再打印")
            return
        dialog = QPrintPreviewDialog(self._printer(), self)
        dialog.setWindowTitle("打印预览")
        dialog.paintRequested.connect(self.print_to)
        dialog.exec()
