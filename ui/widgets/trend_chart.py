"""A small chart widget drawn with QPainter: month-by-month lines or bars, a legend, four grid lines.

Why not Qt Charts: it is deprecated since Qt 6.10, and its successor Qt Graphs draws through Qt
Quick (QML, a scene graph and its 3D stack) — a heavy dependency for a few trend lines in a widget
app. A hundred lines of QPainter draw what the dashboard needs, look the same offscreen (the
screenshot command, the tests), and carry no extra package.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#1f6feb", "#d97706", "#16a34a", "#b00020", "#7c3aed")


@dataclass(frozen=True)
class Series:
    """One named series; None where a month has no figure (drawn as a gap). Values are floats for
    placing pixels only — the figures themselves stay Decimal in the KPIs."""

    name: str
    values: tuple[float | None, ...]


class TrendChart(QWidget):
    def __init__(self, title: str, unit: str = "", kind: str = "line", parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.unit = unit
        self.kind = kind  # line | bar
        self.categories: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.setMinimumSize(QSize(280, 180))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, categories: list[str], series: list[Series]) -> None:
        self.categories = tuple(categories)
        self.series = tuple(series)
        self.update()

    def top(self) -> float:
        values = [v for s in self.series for v in s.values if v is not None]
        peak = max(values + [0.0])
        if peak <= 0:
            return 1.0
        step = 10 ** (len(str(int(peak))) - 1) if peak >= 1 else 0.1
        top = math.ceil(peak / step - 1e-9) * step  # the round number at or above the highest figure
        while top >= 4 and top / 4 != int(top / 4):  # four whole grid steps: 0/15/30/45/60, not 12.5 shown as 12
            top += step
        return top

    def has_data(self) -> bool:
        """Anything to draw: a figure on a line, or a bar above zero (all-zero bars would leave the
        plot blank without saying why)."""
        values = [v for s in self.series for v in s.values if v is not None]
        return any(v != 0 for v in values) if self.kind == "bar" else bool(values)

    def y_labels(self) -> list[str]:
        """The five grid lines' figures, bottom up; amounts of a hundred thousand and more in 万 so the
        axis stays narrow."""
        top = self.top()
        steps = [top * i / 4 for i in range(5)]
        if top >= 100_000:
            return [f"{v / 10_000:,.1f}".removesuffix(".0") + "万" if v else "0" for v in steps]
        if top >= 4:
            return [f"{v:,.0f}" for v in steps]
        return [f"{v:.2f}" for v in steps]

    @staticmethod
    def x_label_lines(text: str, width: float, fm: QFontMetrics) -> list[str]:
        """A category under its slot: whole when it fits, else broken after its dash ("181-" over
        "365"), else elided — never running into its neighbour."""
        if fm.horizontalAdvance(text) <= width:
            return [text]
        head, dash, tail = text.partition("-")
        if dash and max(fm.horizontalAdvance(head + dash), fm.horizontalAdvance(tail)) <= width:
            return [head + dash, tail]
        return [fm.elidedText(text, Qt.TextElideMode.ElideRight, int(width))]

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        font = QFont(self.font())
        font.setPointSize(max(8, font.pointSize()))
        p.setFont(font)
        fm = p.fontMetrics()
        title = f"{self.title}（{self.unit}）" if self.unit else self.title
        p.setPen(QColor("#111111"))
        p.drawText(QRectF(8, 4, self.width() - 16, fm.height()), Qt.AlignmentFlag.AlignLeft, title)
        legend_h = fm.height() + 4 if len(self.series) > 1 else 0
        y_labels = self.y_labels()
        left = 8 + max(fm.horizontalAdvance(label) for label in y_labels) + 6  # the widest figure, whole
        n = max(1, len(self.categories))
        slot = (self.width() - left - 12) / n
        x_labels = [self.x_label_lines(c, slot - 4, fm) for c in self.categories]
        x_lines = max((len(lines) for lines in x_labels), default=1)
        plot = QRectF(left, 8 + fm.height() + 6, self.width() - left - 12,
                      self.height() - (1 + x_lines) * fm.height() - 26 - legend_h)
        if plot.width() < 20 or plot.height() < 20:
            return
        top = self.top()
        for i, label in enumerate(y_labels):
            y = plot.bottom() - plot.height() * i / 4
            p.setPen(QPen(QColor("#e5e7eb"), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor("#6b7280"))
            p.drawText(QRectF(0, y - fm.height() / 2, plot.left() - 6, fm.height()), Qt.AlignmentFlag.AlignRight, label)
        p.setPen(QColor("#374151"))
        for i, lines in enumerate(x_labels):
            for j, line in enumerate(lines):
                p.drawText(QRectF(plot.left() + slot * i, plot.bottom() + 2 + j * fm.height(), slot, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter, line)
        if not self.has_data():
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "暂无数据")
            return
        for k, s in enumerate(self.series):
            color = QColor(PALETTE[k % len(PALETTE)])
            if self.kind == "bar":
                self._bars(p, plot, slot, top, k, s, color)
            else:
                self._line(p, plot, slot, top, s, color)
        x = plot.left()
        for k, s in enumerate(self.series if len(self.series) > 1 else ()):
            color = QColor(PALETTE[k % len(PALETTE)])
            y = self.height() - fm.height() - 4
            p.fillRect(QRectF(x, y + 3, 10, 10), color)
            p.setPen(QColor("#111111"))
            p.drawText(QPointF(x + 14, y + fm.ascent()), s.name)
            x += 24 + fm.horizontalAdvance(s.name)
        p.end()

    def _y(self, plot: QRectF, top: float, v: float) -> float:
        return plot.bottom() - plot.height() * max(0.0, v) / top

    def _bars(self, p: QPainter, plot: QRectF, slot: float, top: float, k: int, s: Series, color: QColor) -> None:
        width = slot * 0.7 / max(1, len(self.series))
        for i, v in enumerate(s.values):
            if v is None:
                continue
            x = plot.left() + slot * i + slot * 0.15 + width * k
            y = self._y(plot, top, v)
            p.fillRect(QRectF(x, y, width, plot.bottom() - y), color)

    def _line(self, p: QPainter, plot: QRectF, slot: float, top: float, s: Series, color: QColor) -> None:
        path = QPainterPath()
        started = False
        p.setPen(QPen(color, 2))
        for i, v in enumerate(s.values):
            if v is None:
                started = False
                continue
            pt = QPointF(plot.left() + slot * (i + 0.5), self._y(plot, top, v))
            if started:
                path.lineTo(pt)
            else:
                path.moveTo(pt)
                started = True
            p.drawEllipse(pt, 2.5, 2.5)
        p.drawPath(path)
