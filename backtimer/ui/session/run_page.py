"""The running page of the session screen, laid out for someone on a mat two metres away.

Measured on a 1366x768 laptop at text size 1x: the exercise name is 46 px, side · set · rep 32 px,
the current step 28 px, the "Next" line 26 px, and the ring's number 250 px or more. The text-size
setting multiplies these sizes, and so does a taller page (a desktop screen, up to 1.6x). The ring
takes the height on the left; the words and the figure share the column on the right. When
everything does not fit (large text on a small screen) the page reflows instead of cutting
anything, in this order:

1. the other steps and the summary (shown small under the current step) are left out;
2. the ring gets narrower, down to the side that still shows a 250 px number;
3. the text shrinks step by step, but never below its size at text size 1x.

The figure gets the height that is left, never less than FIGURE_MIN (200 px). `fits()` reports
whether the result holds every text whole, which the layout tests check at several screen sizes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from backtimer.core.session import Session
from backtimer.ui.fonts import pixel_font, text_scale
from backtimer.ui.session.figure import SessionFigure
from backtimer.ui.session.widgets import CountdownRing

logger = logging.getLogger(__name__)

# Pixel sizes of the texts at text size 1x, and how bold they are.
SIZES: dict[str, tuple[float, bool]] = {
    "name": (46, True),
    "details": (32, True),
    "caution": (26, True),
    "step": (28, False),
    "hint": (26, True),
    "next": (26, False),
    "others": (19, False),
}
RING_NUMBER_MIN = 250
FIGURE_MIN = 200
GAP = 12
PAGE_HEIGHT = 640  # about the page's height on a 1366x768 laptop, where SIZES were measured


def _label(name: str, accessible: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setAccessibleName(accessible)
    return label


class RunPage(QWidget):
    """Ring, exercise name, side · set · rep, figure, current step, other steps, Next."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ring = CountdownRing(self)
        self.figure_slot = QWidget(self)  # the figure widget lives in here (ui/session/figure.py)
        self.figure_slot.setObjectName("figure_slot")
        slot_layout = QVBoxLayout(self.figure_slot)
        slot_layout.setContentsMargins(0, 0, 0, 0)
        self.figure = SessionFigure(session)
        slot_layout.addWidget(self.figure)
        self.labels: dict[str, QLabel] = {
            "name": _label("name", self.tr("Exercise")),
            "details": _label("details", self.tr("Side, set and repetition")),
            "caution": _label("caution", self.tr("Take care")),
            "step": _label("step", self.tr("What to do now")),
            "hint": _label("hint", self.tr("Key to press")),
            "others": _label("others", self.tr("Steps")),
            "next": _label("next", self.tr("What comes next")),
        }
        for label in self.labels.values():
            label.setParent(self)
        self.show_others = True
        self._fitted = True
        self._placing = False

    def set_caution_color(self, color: QColor) -> None:
        label = self.labels["caution"]
        palette = label.palette()
        palette.setColor(label.foregroundRole(), color)
        label.setPalette(palette)

    def set_texts(self, **texts: str) -> None:
        """Set any of name, details, caution, step, hint, others, next; then lay the page out
        again."""
        changed = False
        for key, text in texts.items():
            label = self.labels[key]
            if label.text() != text:
                label.setText(text)
                changed = True
        if changed:
            self.refit()

    def text(self, key: str) -> str:
        return self.labels[key].text()

    # -- layout
    def _column(self, width: int, factor: float, others: bool) -> list[tuple[QLabel, int]]:
        """The labels shown in a column `width` px wide with the sizes times `factor`, and the
        height each needs."""
        rows: list[tuple[QLabel, int]] = []
        for key, label in self.labels.items():
            if not label.text() or (key == "others" and not others):
                continue
            pixels, bold = SIZES[key]
            font = pixel_font(pixels * factor, bold=bold)
            if label.font() != font:
                label.setFont(font)
            rows.append((label, label.heightForWidth(width)))
        return rows

    def refit(self) -> None:
        width, height = self.width(), self.height()
        if width <= 0 or height <= 0 or self._placing:
            return
        self._placing = True
        try:
            self._refit(width, height)
        finally:
            self._placing = False

    def _refit(self, width: int, height: int) -> None:
        scale = text_scale()
        floor = min(1.0, scale)
        # A larger screen (a desktop monitor, a TV) is usually seen from further away: start
        # from sizes that grow with the page, up to 1.6 times the laptop's.
        factors = [scale * max(1.0, min(1.6, height / PAGE_HEIGHT))]
        while factors[-1] > floor:
            factors.append(max(floor, factors[-1] * 0.92))
        max_side = max(160, min(height, int(width * 0.5)))
        min_side = min(max_side, CountdownRing.side_for_number(RING_NUMBER_MIN))
        sides = [*range(max_side, min_side, -20), min_side]
        for factor in factors:
            tries = [(True, max_side)] if self.show_others else []
            tries += [(False, side) for side in sides]
            for others, side in tries:
                rows = self._column(width - side - 3 * GAP, factor, others)
                needed = sum(h for _label, h in rows) + GAP * len(rows) + FIGURE_MIN
                if needed <= height:
                    self._place(side, rows, others, fitted=True)
                    return
        rows = self._column(width - min_side - 3 * GAP, floor, False)
        self._place(min_side, rows, False, fitted=False)
        logger.warning("the session page does not fit %dx%d at text size %.2f",
                       width, height, scale)

    def _place(self, side: int, rows: list[tuple[QLabel, int]], others: bool, *,
               fitted: bool) -> None:
        self._fitted = fitted
        height = self.height()
        side = min(side, height)
        self.ring.setGeometry(GAP, (height - side) // 2, side, side)
        x = side + 2 * GAP
        column = self.width() - x - GAP
        used = sum(h for _label, h in rows) + GAP * len(rows)
        figure = max(0, height - used)
        y = 0
        shown = {label for label, _h in rows}
        for key, label in self.labels.items():
            label.setVisible(label in shown)
            if key == "others" and not others:
                label.hide()
        for label, h in rows:
            if label is self.labels["step"]:  # the figure goes between the names and the step
                self.figure_slot.setGeometry(QRect(x, y, column, figure))
                y += figure + GAP
            label.setGeometry(QRect(x, y, column, h))
            y += h + GAP
        if self.labels["step"] not in shown:
            self.figure_slot.setGeometry(QRect(x, y, column, max(0, height - y)))

    def fits(self) -> bool:
        """Every text whole, the ring's number at least 250 px, the figure at least 200 px."""
        number = self.ring.number_font().pixelSize() if len(self.ring.text) <= 2 else 999
        return (self._fitted and self.figure_slot.height() >= FIGURE_MIN
                and number >= RING_NUMBER_MIN and self.ring.text_fits())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self.refit()  # a new text size: lay out again at once
