"""Small drawing widgets of the session screen: the countdown ring (the figure: figure.py)."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from backtimer.ui.fonts import follow

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
        # Opaque (it fills its own background), so its once-a-second repaint stops at itself
        # instead of repainting the session page behind it (benchmarks/bench_figure.py).
        self.setAutoFillBackground(True)
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


PROGRESS_STEPS = 200  # the session progress bar moves in steps of 0.5 %


class ProgressRow(QWidget):
    """The session's progress bar and its "time left", each repainting only itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        # WORKAROUND: QProgressBar.setValue repaints at once (synchronously) whenever its value
        # changes (https://doc.qt.io/qt-6/qprogressbar.html#value-prop): in steps of 0.5 % it
        # changes every few seconds instead of every second; still steady to the eye.
        self.bar.setRange(0, PROGRESS_STEPS)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(10)
        self.bar.setAccessibleName(self.tr("Session progress"))
        self.label = QLabel()
        follow(self.label, 1.2, bold=True)
        self.label.setAccessibleName(self.tr("Time left in the session"))
        for widget in (self.bar, self.label):  # opaque: their repaints stop at themselves
            widget.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.label)
