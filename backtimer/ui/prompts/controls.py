"""Controls drawn for every theme and text size: a check box whose text wraps, and a row of
buttons that stacks when it is too narrow."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QSizePolicy,
    QWidget,
)

from backtimer.ui.prompts.base import (
    Role,
    focus_pen,
)
from backtimer.ui.theme import mix

logger = logging.getLogger(__name__)


class WrappingCheckBox(QCheckBox):
    """A check box with a large box and word-wrapped text, drawn from the palette.

    QCheckBox cannot wrap its text, and the red-flag labels are long; the whole row is the click
    target, Space toggles it, and it paints its own focus frame.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAccessibleName(text)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _metrics(self) -> tuple[QFontMetricsF, float, float, float]:
        fm = QFontMetricsF(self.font())
        box = fm.height() * 1.1
        pad = fm.height() * 0.3
        gap = fm.height() * 0.6
        return fm, box, pad, gap

    def _text_rect(self, width: float) -> QRectF:
        _fm, box, pad, gap = self._metrics()
        left = pad + box + gap
        return QRectF(left, pad, max(1.0, width - left - pad), 1e6)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        fm, box, pad, _gap = self._metrics()
        rect = self._text_rect(width)
        text = fm.boundingRect(rect, int(Qt.TextFlag.TextWordWrap), self.text())
        return math.ceil(max(box, text.height()) + 2 * pad)

    def sizeHint(self) -> QSize:
        fm, box, pad, gap = self._metrics()
        width = math.ceil(pad * 2 + box + gap + min(fm.horizontalAdvance(self.text()),
                                                    fm.averageCharWidth() * 60))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        fm, box, pad, gap = self._metrics()
        width = math.ceil(pad * 2 + box + gap + fm.averageCharWidth() * 12)
        return QSize(width, math.ceil(box + 2 * pad))

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)

    def paintEvent(self, event: QPaintEvent) -> None:
        fm, box, pad, _gap = self._metrics()
        pal = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        window, text = pal.color(Role.Window), pal.color(Role.WindowText)
        if self.hasFocus():
            pen = focus_pen(self, pal.color(Role.Highlight))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = pen.widthF() / 2
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset),
                                    pad, pad)
        elif self.underMouse():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(window, text, 0.06))
            painter.drawRoundedRect(QRectF(self.rect()), pad, pad)
        top = pad + max(0.0, (fm.height() - box) / 2)
        square = QRectF(pad, top, box, box)
        line = max(2.0, box / 10)
        checked = self.isChecked()
        painter.setPen(QPen(text, line))
        painter.setBrush(pal.color(Role.Highlight) if checked else pal.color(Role.Base))
        painter.drawRoundedRect(square.adjusted(line / 2, line / 2, -line / 2, -line / 2),
                                box * 0.15, box * 0.15)
        if checked:
            tick = QPainterPath(QPointF(square.left() + box * 0.24, square.top() + box * 0.52))
            tick.lineTo(square.left() + box * 0.43, square.top() + box * 0.72)
            tick.lineTo(square.left() + box * 0.78, square.top() + box * 0.28)
            pen = QPen(pal.color(Role.HighlightedText), box * 0.14)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(pal.color(group, Role.WindowText))
        painter.setFont(self.font())
        rect = self._text_rect(self.width())
        rect.setHeight(self.height() - 2 * pad)
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
                                   | Qt.AlignmentFlag.AlignTop), self.text())


class ButtonRow(QWidget):
    """Buttons side by side, or one above the other when the window is too narrow for that
    (large text in a small window), so no button is ever cut off."""

    def __init__(self, left: Sequence[QWidget], right: Sequence[QWidget] = (), *,
                 centred: bool = False) -> None:
        super().__init__()
        self._buttons = [*left, *right]
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        if centred:
            self.box.addStretch(1)
        for button in left:
            self.box.addWidget(button)
        if not centred:
            self.box.addStretch(1)
        for button in right:
            self.box.addWidget(button)
        if centred:
            self.box.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def _shown(self) -> list[QWidget]:
        return [b for b in self._buttons if b.isVisibleTo(self) or not b.isHidden()]

    def _side_by_side_width(self) -> int:
        shown = self._shown()
        m = self.box.contentsMargins()
        return (sum(b.sizeHint().width() for b in shown) + m.left() + m.right()
                + self.box.spacing() * max(0, len(shown) - 1))

    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom

    def minimumSizeHint(self) -> QSize:
        m = self.box.contentsMargins()
        widths = [b.minimumSizeHint().width() for b in self._shown()] or [0]
        return QSize(max(widths) + m.left() + m.right(), self.sizeHint().height())

    def sizeHint(self) -> QSize:
        return self.box.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        direction = (QBoxLayout.Direction.TopToBottom
                     if self.width() < self._side_by_side_width()
                     else QBoxLayout.Direction.LeftToRight)
        if direction != self.box.direction():
            self.box.setDirection(direction)
            self.updateGeometry()
