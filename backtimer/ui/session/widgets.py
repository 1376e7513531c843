"""Small drawing widgets of the session screen: the countdown ring (the figure: figure.py)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

logger = logging.getLogger(__name__)


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """The application font scaled by `factor`, so text follows the system and settings size."""
    font = QFont(widget.font())
    font.setPointSizeF(max(1.0, font.pointSizeF() * factor))
    font.setBold(bold)
    return font


class CountdownRing(QWidget):
    """A large number inside a ring that empties as the phase runs out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setAccessibleName(self.tr("Countdown"))
        self._text = ""
        self._caption = ""
        self._fraction = 0.0
        self._ring = QColor("#2e7d32")
        self._fg = QColor("#000000")
        self._track = QColor("#cccccc")

    def set_colors(self, ring: QColor, foreground: QColor, track: QColor) -> None:
        self._ring, self._fg, self._track = ring, foreground, track
        self.update()

    def set_state(self, text: str, caption: str, fraction: float) -> None:
        self._text, self._caption = text, caption
        self._fraction = max(0.0, min(1.0, fraction))
        self.setAccessibleDescription(f"{caption} {text}".strip())
        self.update()

    @property
    def text(self) -> str:
        return self._text

    @property
    def caption(self) -> str:
        return self._caption

    def paintEvent(self, _event: object) -> None:
        side = min(self.width(), self.height()) - 8
        if side <= 0:
            return
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        pen_width = max(6.0, side * 0.06)
        inner = rect.adjusted(pen_width / 2, pen_width / 2, -pen_width / 2, -pen_width / 2)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._track, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawEllipse(inner)
        if self._fraction > 0:
            painter.setPen(QPen(self._ring, pen_width, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawArc(inner, 90 * 16, int(-self._fraction * 360 * 16))
        painter.setPen(self._fg)
        number = QFont(self.font())
        number.setBold(True)
        digits = max(2, len(self._text))
        number.setPixelSize(max(12, int(side * (0.5 if digits <= 2 else 0.36))))
        painter.setFont(number)
        number_rect = QRectF(inner.left(), inner.top() + side * 0.12, inner.width(),
                             inner.height() * 0.62)
        painter.drawText(number_rect, Qt.AlignmentFlag.AlignCenter, self._text)
        caption = QFont(self.font())
        caption.setBold(True)
        caption.setPixelSize(max(10, int(side * 0.085)))
        width = inner.width() * 0.78  # the chord of the ring at the caption's height
        measured = QFontMetricsF(caption).horizontalAdvance(self._caption)
        if measured > width:
            caption.setPixelSize(max(8, int(caption.pixelSize() * width / measured)))
        painter.setFont(caption)
        caption_rect = QRectF(inner.left(), inner.top() + inner.height() * 0.68, inner.width(),
                              inner.height() * 0.16)
        painter.drawText(caption_rect, Qt.AlignmentFlag.AlignCenter, self._caption)
        painter.end()
