"""Ctrl+P: a voucher prints as typeset text (HTML through QTextDocument, so the PDF holds real text
in the bundled font); other tabs print as they look, scaled to the page."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint
from PySide6.QtGui import QFont, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from domain.money import daxie, fmt_thousands
from ui import theme


def render_to(printer: QPrinter, widget: QWidget) -> None:
    painter = QPainter(printer)
    try:
        page = printer.pageRect(QPrinter.Unit.DevicePixel)
        scale = min(page.width() / max(widget.width(), 1), page.height() / max(widget.height(), 1))
        painter.scale(scale, scale)
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()


def html_to(printer: QPrinter, html: str) -> None:
    doc = QTextDocument()
    doc.setDefaultFont(QFont(theme.font_family(), 10))
    doc.setHtml(html)
    doc.print_(printer)


def voucher_html(v) -> str:
    """The 记账凭证 on paper: header, lines, 合计 with 大写, the three signatures."""
    debit = sum((ln.debit for ln in v.lines), v.total * 0)
    credit = sum((ln.credit for ln in v.lines), v.total * 0)
    rows = "".join(
        f"<tr><td>{escape(ln.summary)}</td><td>{escape(ln.account)} {escape(ln.dims)}</td>"
        f"<td align='right'>{fmt_thousands(ln.debit) if ln.debit else ''}</td>"
        f"<td align='right'>{fmt_thousands(ln.credit) if ln.credit else ''}</td></tr>" for ln in v.lines)
    return (f"<h2 align='center'>记 账 凭 证</h2>"
            f"<p>凭证字号：{v.word}-{v.number:04d}　　日期：{v.date.isoformat()}　　附单据 {v.attachments} 张</p>"
            "<table width='100%' border='1' cellspacing='0' cellpadding='4'>"
            "<tr><th>摘要</th><th>会计科目</th><th>借方金额</th><th>贷方金额</th></tr>"
            f"{rows}<tr><td colspan='2'><b>合计：{daxie(debit)}</b></td>"
            f"<td align='right'><b>{fmt_thousands(debit)}</b></td><td align='right'><b>{fmt_thousands(credit)}</b></td>"
            f"</tr></table><p>制单：{escape(v.preparer)}　　审核：{escape(v.reviewer or '')}　　"
            f"记账：{escape(v.poster or '')}</p>")


def ask_printer(parent: QWidget, name: str = "打印.pdf") -> QPrinter | None:
    from ui import file_dialogs
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    file_dialogs.pdf_default(printer, name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    file_dialogs.remember(printer.outputFileName())
    return printer


def print_widget(widget: QWidget) -> None:
    printer = ask_printer(widget)
    if printer is not None:
        render_to(printer, widget)
