"""A widget that shows one paint/charts.py chart, drawn by the same painter as the PDF.

It replaces QtCharts here: the window and the report used to draw the same charts twice and had
drifted apart (different titles, bands and axes). The chart follows the widget's font, so the
text-size setting enlarges it; it sits on a white card in every theme (paint/charts.py CARD).
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtimer.paint.charts import CARD
from backtimer.paint.plot import Chart, ChartLayout, ValueAxis, layout_chart, paint_chart

logger = logging.getLogger(__name__)

MIN_LINES = 14  # of text: title, legend, axis title, labels, and a plot still worth reading

_EMPTY = Chart("", date(2000, 1, 1), date(2000, 1, 1), ValueAxis("", 10.0, 2.0))


class ChartView(QWidget):
    """Draws a Chart; `chart_layout()` says where its ticks and legend went (tests read it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chart = _EMPTY
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self.fontMetrics().height() * MIN_LINES)

    def chart(self) -> Chart:
        return self._chart

    def set_chart(self, chart: Chart) -> None:
        self._chart = chart
        self.setToolTip(chart.title)
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 30, line * 14)

    def _fonts(self) -> tuple[QFont, QFont]:
        font = QFont(self.font())
        title = QFont(font)
        title.setBold(True)
        return font, title

    def _rect(self) -> QRectF:
        pad = self.fontMetrics().height() * 0.6
        return QRectF(self.rect()).adjusted(pad, pad, -pad, -pad)

    def chart_layout(self) -> ChartLayout:
        """Where the current chart's parts go at the widget's present size (for tests)."""
        font, title = self._fonts()
        return layout_chart(self._chart, self._rect(), QFontMetricsF(font, self),
                            float(self.logicalDpiX()), title_metrics=QFontMetricsF(title, self))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), CARD.background or Qt.GlobalColor.white)
            font, title = self._fonts()
            paint_chart(painter, self._rect(), self._chart, font, CARD, title_font=title)
            if self.hasFocus():
                painter.setPen(self.palette().highlight().color())
                painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        finally:
            painter.end()
