"""Small drawing widgets of the session screen: the countdown ring and the position figure."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtimer.bundled import asset_path

logger = logging.getLogger(__name__)


class CountdownRing(QWidget):
    """A large number inside a ring that empties as the phase runs out, with a caption under it.

    The number is NUMBER_RATIO of the ring's side for up to two characters (so a ring of
    `side_for_number(250)` px shows a 250 px number), smaller for longer text; the caption is
    shrunk until it fits the chord of the ring at its height, so neither ever runs into the ring.
    """

    NUMBER_RATIO = 0.54  # "88" in a bold face is about 1.4 em: 0.75 of the side, inside the ring
    PEN_RATIO = 0.045
    CAPTION_RATIO = 0.085

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

    @classmethod
    def side_for_number(cls, pixels: float) -> int:
        """The smallest ring side whose two-digit number is `pixels` px."""
        return math.ceil(pixels / cls.NUMBER_RATIO) + 8

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

    # -- geometry, shared by painting and the layout tests
    def _inner(self) -> tuple[QRectF, float]:
        side = min(self.width(), self.height()) - 8
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        pen_width = max(6.0, side * self.PEN_RATIO)
        inner = rect.adjusted(pen_width / 2, pen_width / 2, -pen_width / 2, -pen_width / 2)
        return inner, pen_width

    def number_font(self) -> QFont:
        side = min(self.width(), self.height()) - 8
        font = QFont(self.font())
        font.setBold(True)
        ratio = self.NUMBER_RATIO if len(self._text) <= 2 else self.NUMBER_RATIO * 0.68
        font.setPixelSize(max(12, int(side * ratio)))
        return font

    def _number_rect(self, inner: QRectF) -> QRectF:
        return QRectF(inner.left(), inner.top() + inner.height() * 0.08, inner.width(),
                      inner.height() * 0.62)

    def _caption_rect(self, inner: QRectF) -> QRectF:
        return QRectF(inner.left(), inner.top() + inner.height() * 0.66, inner.width(),
                      inner.height() * 0.13)

    @staticmethod
    def _chord(inner: QRectF, y: float) -> float:
        """The width of the ring's inside at height y."""
        r = inner.width() / 2
        d = abs(y - inner.center().y())
        return 0.0 if d >= r else 2 * math.sqrt(r * r - d * d)

    def caption_font(self) -> QFont:
        inner, pen = self._inner()
        caption = QFont(self.font())
        caption.setBold(True)
        caption.setPixelSize(max(10, int(inner.height() * self.CAPTION_RATIO)))
        rect = self._caption_rect(inner)
        room = self._chord(inner, rect.bottom()) - pen
        measured = QFontMetricsF(caption).horizontalAdvance(self._caption)
        if measured > room > 0:
            caption.setPixelSize(max(8, int(caption.pixelSize() * room / measured)))
        return caption

    def text_fits(self) -> bool:
        """Whether the number and the caption lie inside the ring (for the layout tests)."""
        inner, pen = self._inner()
        for text, font, rect in ((self._text, self.number_font(), self._number_rect(inner)),
                                 (self._caption, self.caption_font(), self._caption_rect(inner))):
            if not text:
                continue
            fm = QFontMetricsF(font)
            tight = fm.tightBoundingRect(text)
            width, height = tight.width(), tight.height()
            top = rect.center().y() - height / 2
            bottom = rect.center().y() + height / 2
            room = min(self._chord(inner, top), self._chord(inner, bottom)) - pen
            if width > room or height > rect.height() + 1:
                return False
        return True

    def paintEvent(self, _event: object) -> None:
        inner, pen_width = self._inner()
        if inner.width() <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._track, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawEllipse(inner)
        if self._fraction > 0:
            painter.setPen(QPen(self._ring, pen_width, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawArc(inner, 90 * 16, int(-self._fraction * 360 * 16))
        painter.setPen(self._fg)
        painter.setFont(self.number_font())
        painter.drawText(self._number_rect(inner), Qt.AlignmentFlag.AlignCenter, self._text)
        painter.setFont(self.caption_font())
        painter.drawText(self._caption_rect(inner), Qt.AlignmentFlag.AlignCenter, self._caption)
        painter.end()


class FigureView(QWidget):
    """The simple line figure of an exercise's position, drawn in the theme's text colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(120, 72)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._renderer: QSvgRenderer | None = None
        self._position = ""
        self._color = QColor("#000000")

    def set_position(self, position: str, color: QColor) -> None:
        if position == self._position and color == self._color:
            return
        self._position, self._color = position, color
        path = asset_path("figures", f"{position}.svg")
        try:
            svg = path.read_text(encoding="utf-8").replace("#000000", color.name())
        except OSError:
            logger.warning("no figure for position %s", position)
            self._renderer = None
        else:
            self._renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")), self)
        self.setAccessibleName(self.tr("Figure: {position}").format(
            position=position.replace("_", " ")))
        self.update()

    def paintEvent(self, _event: object) -> None:
        if self._renderer is None or not self._renderer.isValid():
            return
        size = self._renderer.defaultSize()
        if size.isEmpty():
            return
        scale = min(self.width() / size.width(), self.height() / size.height())
        w, h = size.width() * scale, size.height() * scale
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, QRectF((self.width() - w) / 2, (self.height() - h) / 2,
                                              w, h))
        painter.end()
