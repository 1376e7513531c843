"""The 0-10 pain scale: eleven large toggle buttons with no value until one is chosen."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from backtimer.ui.prompts.base import (
    DIGITS,
    ENTER,
    Key,
    KeyAction,
    Prompt,
    Role,
    announce,
    focus_pen,
    make_label,
    nothing,
    plain,
)
from backtimer.ui.theme import ensure_contrast, mix

logger = logging.getLogger(__name__)


class _NumberButton(QPushButton):
    """One number of the 0-10 scale: a large toggle drawn from the palette (any theme)."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(str(number), parent)
        self.number = number
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the picker takes the keys, not each number
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(math.ceil(fm.horizontalAdvance("10") * 1.6), math.ceil(fm.height() * 1.5))

    def minimumSizeHint(self) -> QSize:
        # The width must not follow the font: the picker picks the font from the width it gets.
        # It sets an explicit minimum width from its smallest number size instead.
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        pal = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        window = pal.color(Role.Window)
        if self.isChecked():
            fill, text = pal.color(Role.Highlight), pal.color(Role.HighlightedText)
            border = pal.color(Role.WindowText)
            width = max(3.0, self.height() / 16)
        else:
            fill, text = pal.color(Role.Button), pal.color(Role.ButtonText)
            border = ensure_contrast(mix(text, fill, 0.45), window, 3.0)
            width = max(1.5, self.height() / 40)
            if self.isDown():
                fill = mix(fill, text, 0.25)
            elif self.underMouse():
                fill = mix(fill, text, 0.1)
        rect = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        radius = min(rect.width(), rect.height()) * 0.18
        painter.setPen(QPen(border, width))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(text)
        painter.setFont(self.font())
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text())


class RatingPicker(Prompt):
    """A 0-10 pain scale as eleven large toggle buttons, with no value until one is chosen.

    Keys: a digit 0-9 chooses that number; Up/Down change the value by one within 0..10 (10 is
    reached with 9 then Up). From no value, Up or Down both start at 0, the bottom of the scale:
    the highlighted choice is plain to see and nothing counts until Enter. Enter emits
    `confirmed(value)`, or shows "Choose a number first" when nothing is chosen. Left and Right are
    deliberately left alone: they are session keys. `valueChanged` is emitted for every new value
    (not when `reset()` clears it).
    """

    valueChanged = Signal(int)
    confirmed = Signal(int)

    TAKES_FOCUS = False

    MINIMUM = 0
    MAXIMUM = 10
    NUMBER_FACTOR = 4.0  # the numbers, times the application font, when the width allows
    SMALLEST_NUMBER_FACTOR = 1.1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: int | None = None
        self._hint_shown = False
        self._number_factor = self.NUMBER_FACTOR
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Pain rating from 0 to 10"))
        layout = QVBoxLayout(self)
        self._main = layout
        self._row = QHBoxLayout()
        self._buttons: list[_NumberButton] = []
        for number in range(self.MINIMUM, self.MAXIMUM + 1):
            button = _NumberButton(number, self)
            if number == self.MINIMUM:
                button.setAccessibleName(self.tr("0, no pain"))
            elif number == self.MAXIMUM:
                button.setAccessibleName(self.tr("10, worst pain imaginable"))
            else:
                button.setAccessibleName(str(number))
            button.clicked.connect(lambda _checked=False, n=number: self._clicked(n))
            self._row.addWidget(button, 1)
            self._buttons.append(button)
        ends = QGridLayout()  # two equal halves, so each label wraps rather than overflows
        self._low = make_label(self.tr("0: no pain"))
        self._low.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._high = make_label(self.tr("10: worst imaginable"))
        self._high.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._low.setAccessibleName(self._low.text())
        self._high.setAccessibleName(self._high.text())
        ends.addWidget(self._low, 0, 0)
        ends.addWidget(self._high, 0, 1)
        ends.setColumnStretch(0, 1)
        ends.setColumnStretch(1, 1)
        # One status line under the scale: how to answer, or "Choose a number first" in the
        # warning colour after Enter with no number.
        self._instructions = self.tr("Type a number, then press Enter. Up and Down change it.")
        self._hint = make_label(self._instructions)
        self._hint.setAccessibleName(self.tr("Hint"))
        layout.addLayout(self._row)
        layout.addLayout(ends)
        layout.addWidget(self._hint)
        self._colour(self._low, "muted")
        self._colour(self._high, "muted")
        self._show_status(hint=False)
        self._finish()
        self._describe()

    # -- value
    def value(self) -> int | None:
        return self._value

    def setValue(self, value: int | None) -> None:
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or not self.MINIMUM <= value <= self.MAXIMUM):
            raise ValueError(f"a rating is a whole number from 0 to 10 or None, not {value!r}")
        changed = value != self._value
        self._value = value
        for button in self._buttons:
            button.setChecked(button.number == value)
        if value is not None and self._hint_shown:
            self._show_status(hint=False)
        if changed:
            self._describe()
            if value is not None:
                self.valueChanged.emit(value)

    def step(self, delta: int) -> None:
        """Up/Down: change by `delta`, staying within 0..10; from no value, start at 0."""
        if self._value is None:
            self.setValue(self.MINIMUM)
        else:
            self.setValue(min(self.MAXIMUM, max(self.MINIMUM, self._value + delta)))

    def confirm(self) -> bool:
        """Enter: emit `confirmed` with the value, or show the hint when there is none."""
        if self._value is None:
            self.showHint(self.tr("Choose a number first"))
            return False
        self.confirmed.emit(self._value)
        return True

    def showHint(self, text: str) -> None:
        self._show_status(hint=True, text=text)
        announce(self, text)

    def hint(self) -> str:
        """The hint shown after Enter with no number, or "" when the instructions show."""
        return self._hint.text() if self._hint_shown else ""

    def setInstructions(self, text: str) -> None:
        """The muted line under the scale that says how to answer."""
        self._instructions = text
        if not self._hint_shown:
            self._show_status(hint=False)

    def reset(self) -> None:
        self.setValue(None)
        self._show_status(hint=False)

    def _show_status(self, *, hint: bool, text: str = "") -> None:
        self._hint_shown = hint
        self._hint.setText(text if hint else self._instructions)
        self._scale(self._hint, self._label_factor(), bold=hint)
        self._colour(self._hint, "warn" if hint else "muted")

    def handleKey(self, event: QKeyEvent) -> KeyAction | None:
        """The action for a rating key (digit, Up, Down), or None; Enter is left to the owner."""
        if not plain(event):
            return None
        key = event.key()
        if key in DIGITS:
            return lambda: self.setValue(DIGITS[key])
        if key == Key.Key_Up:
            return lambda: self.step(+1)
        if key == Key.Key_Down:
            return lambda: self.step(-1)
        return None

    def _key_action(self, event: QKeyEvent, target: QObject) -> KeyAction | None:
        action = self.handleKey(event)
        if action is None and event.key() in ENTER and plain(event):
            action = nothing if event.isAutoRepeat() else self.confirm
        return action

    def _clicked(self, number: int) -> None:
        self.setValue(number)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def _describe(self) -> None:
        if self._value is None:
            text = self.tr("No number chosen yet. Type 0 to 9, or use Up and Down.")
        else:
            text = self.tr("Chosen: {value}. Press Enter to confirm.").format(value=self._value)
        self.setAccessibleDescription(text)

    # -- look
    def _restyle(self) -> None:
        super()._restyle()
        frame = max(3, round(QFontMetricsF(self.font()).height() / 3))
        self._main.setContentsMargins(frame * 2, frame * 2, frame * 2, frame)
        self._row.setSpacing(max(4, frame))
        self._fit_numbers()

    def _label_factor(self) -> float:
        """The labels under the scale: 1.5 times the font, but never larger than the numbers."""
        return min(1.5, max(1.0, self._number_factor * 0.6))

    def _fit_numbers(self) -> None:
        """The numbers as large as NUMBER_FACTOR allows while "10" still fits in each button."""
        margins = self._main.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        per_button = (width - self._row.spacing() * (len(self._buttons) - 1)) / len(self._buttons)
        factor = self.NUMBER_FACTOR
        needed = QFontMetricsF(self._font(factor, bold=True)).horizontalAdvance("10") * 1.35
        if 0 < per_button < needed:
            factor = max(self.SMALLEST_NUMBER_FACTOR, factor * per_button / needed)
        self._number_factor = factor
        labels = self._label_factor()
        for label in (self._low, self._high):
            self._scale(label, labels)
        self._scale(self._hint, labels, bold=self._hint_shown)
        font = self._font(factor, bold=True)
        smallest = QFontMetricsF(self._font(self.SMALLEST_NUMBER_FACTOR, bold=True))
        least = math.ceil(smallest.horizontalAdvance("10") * 1.15)
        for button in self._buttons:
            if button.font() != font:
                button.setFont(font)
            if button.minimumWidth() != least:
                button.setMinimumWidth(least)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_numbers()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = focus_pen(self, self.palette().color(Role.Highlight))
        painter.setPen(pen)
        inset = pen.widthF() / 2 + 1
        rect = QRectF(self.rect()).adjusted(inset, inset, -inset, -inset)
        painter.drawRoundedRect(rect, pen.widthF() * 3, pen.widthF() * 3)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()
