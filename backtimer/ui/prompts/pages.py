"""The questions a session asks, as plain widgets the windows embed (no modal dialogs).

Each prompt is a page or panel that emits signals; none of them blocks or calls exec(), so tests and
the event log see exactly what the person did. Each is fully keyboard-driven, because the person is
lying on a mat one or two metres from the laptop:

- digit keys 0-9 choose a rating, Up/Down change it by one within 0..10, Enter confirms;
- the keys are routed from *every* child of a prompt (an event filter on each), so a digit still
  reaches the rating when Tab has moved the focus to a check box or a button;
- while a prompt has the focus it claims its keys before any window shortcut (it accepts the
  ShortcutOverride event), so e.g. a session-wide Space shortcut cannot stop Space from ticking the
  focused check box, and Enter in the stop question cannot count a repetition.

Text is sized relative to the application font (the text-size setting) through `ui/fonts.py`,
never in pixels, and follows it when the setting changes; colours come from the palette via
`theme.session_colors`, so every theme stays legible.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from typing import ClassVar

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.pain import RED_FLAGS, URGENT_CARE_TEXT, Gate, GateResult
from backtimer.ui.fonts import follow, scaled_font, text_font
from backtimer.ui.theme import ensure_contrast, mix, session_colors

logger = logging.getLogger(__name__)

Role = QPalette.ColorRole
Key = Qt.Key

_DIGITS = {getattr(Key, f"Key_{n}"): n for n in range(10)}
_ENTER = (Key.Key_Return, Key.Key_Enter)
# Shift and the keypad flag are fine (some layouts need Shift for digits); Ctrl/Alt/Meta mean
# the key is meant for a shortcut, not for the prompt.
_SHORTCUT_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                       | Qt.KeyboardModifier.MetaModifier)
_SCROLL_KEYS = (Key.Key_PageUp, Key.Key_PageDown, Key.Key_Home, Key.Key_End)

KeyAction = Callable[[], object]


def _plain(event: QKeyEvent) -> bool:
    return not (event.modifiers() & _SHORTCUT_MODIFIERS)


def _nothing() -> None:
    """A key that is claimed but does nothing (a held-down Enter must not answer twice)."""


def _announce(widget: QWidget, message: str) -> None:
    """Ask a running screen reader to read `message` (Qt 6.8+; silently skipped before)."""
    event_class = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_class is None or not message or not QAccessible.isActive():
        return
    QAccessible.updateAccessibility(event_class(widget, message))


class _Prompt(QWidget):
    """Base of the prompts: relative fonts, palette-derived colours, and keys from every child."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._built = False
        self._colours: list[tuple[QWidget, str]] = []

    def _finish(self) -> None:
        """End of a subclass's __init__: size and colour everything, route the children's keys."""
        self._built = True
        self._restyle()
        self._route_keys()

    # -- fonts and colours that follow the application's font and palette
    @staticmethod
    def _font(factor: float, *, bold: bool = False) -> QFont:
        return text_font(factor, bold=bold)

    @staticmethod
    def _scale(widget: QWidget, factor: float, *, bold: bool = False) -> None:
        """Give `widget` the text size times `factor`, now and whenever the text size changes."""
        follow(widget, factor, bold=bold)

    def _colour(self, widget: QWidget, name: str) -> None:
        """Draw `widget`'s text in the named session colour (see theme.session_colors)."""
        self._colours = [(w, n) for w, n in self._colours if w is not widget]
        self._colours.append((widget, name))
        self._apply_colour(widget, name)

    def _apply_colour(self, widget: QWidget, name: str) -> None:
        palette = QPalette()  # only WindowText is set, every other role is still inherited
        palette.setColor(Role.WindowText, session_colors(self.palette())[name])
        widget.setPalette(palette)

    def _units(self) -> tuple[int, int]:
        """The spacing unit (one line of the base font) and the side margin of a page: two
        units, but no more than 32 px, so large text keeps the width for itself."""
        unit = round(QFontMetricsF(self.font()).height())
        return unit, min(unit * 2, 32)

    def _restyle(self) -> None:
        """Re-colour (and, in subclasses, re-fit) after a font or palette change; the fonts
        themselves follow the text size through fonts.follow."""
        for widget, name in self._colours:
            self._apply_colour(widget, name)

    def changeEvent(self, event: QEvent) -> None:
        if self._built and event.type() in (
                QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange,
                QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._restyle()
        super().changeEvent(event)

    # -- keys
    TAKES_FOCUS = True  # a page takes the keyboard focus when shown; a banner does not

    def _key_action(self, event: QKeyEvent, target: QObject) -> KeyAction | None:
        """What this prompt does with a key pressed while `target` (itself or a child) has focus."""
        return None

    @staticmethod
    def _enter(event: QKeyEvent, target: QObject, action: KeyAction) -> KeyAction:
        """Enter: `action`, except on a button the person has tabbed to, which it presses (so
        Tab to "Keep going" then Enter keeps going), and nothing for a held-down key."""
        if event.isAutoRepeat():
            return _nothing
        if isinstance(target, ActionButton) and not target.isHidden() and target.isEnabled():
            return target.click
        return action

    def _claims(self, event: QKeyEvent, target: QObject) -> bool:
        if self._key_action(event, target) is not None:
            return True
        # Space belongs to the focused check box or button, not to a window shortcut.
        return (event.key() == Key.Key_Space and _plain(event)
                and isinstance(target, QAbstractButton) and target.isEnabled())

    def _route_keys(self) -> None:
        for child in self.findChildren(QWidget):
            child.installEventFilter(self)  # installing twice only moves it to the front

    def showEvent(self, event: QShowEvent) -> None:
        self._route_keys()
        super().showEvent(event)
        if self.TAKES_FOCUS:
            focus = QApplication.focusWidget()
            if focus is None or not (focus is self or self.isAncestorOf(focus)):
                self.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
                event, QKeyEvent):
            if kind == QEvent.Type.ShortcutOverride:
                if self._claims(event, watched):
                    event.accept()
                    return True
            else:
                action = self._key_action(event, watched)
                if action is not None:
                    event.accept()
                    action()
                    return True
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and self._claims(event, self)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._key_action(event, self)
        if action is None:
            super().keyPressEvent(event)
            return
        event.accept()
        action()


def _scroll_area(content: QWidget) -> QScrollArea:
    """A frameless, vertically scrolling holder, so every page fits an 800x600 window."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    # Text wraps, so a horizontal bar only appears if something cannot shrink: better than
    # cutting it off.
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(content)
    return area


def _scroll_key(area: QScrollArea, key: int) -> KeyAction | None:
    bar = area.verticalScrollBar()
    steps: dict[int, int] = {
        Key.Key_Up: -bar.singleStep() * 3, Key.Key_Down: bar.singleStep() * 3,
        Key.Key_PageUp: -bar.pageStep(), Key.Key_PageDown: bar.pageStep()}
    step = steps.get(key)
    if step is not None:
        return lambda: bar.setValue(bar.value() + step)
    if key == Key.Key_Home:
        return lambda: bar.setValue(bar.minimum())
    if key == Key.Key_End:
        return lambda: bar.setValue(bar.maximum())
    return None


def _label(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def _focus_pen(widget: QWidget, colour: QColor) -> QPen:
    width = max(2.0, QFontMetricsF(widget.font()).height() / 8)
    return QPen(colour, width)


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


class RatingPicker(_Prompt):
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
        self._low = _label(self.tr("0: no pain"))
        self._low.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._high = _label(self.tr("10: worst imaginable"))
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
        self._hint = _label(self._instructions)
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
        _announce(self, text)

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
        if not _plain(event):
            return None
        key = event.key()
        if key in _DIGITS:
            return lambda: self.setValue(_DIGITS[key])
        if key == Key.Key_Up:
            return lambda: self.step(+1)
        if key == Key.Key_Down:
            return lambda: self.step(-1)
        return None

    def _key_action(self, event: QKeyEvent, target: QObject) -> KeyAction | None:
        action = self.handleKey(event)
        if action is None and event.key() in _ENTER and _plain(event):
            action = _nothing if event.isAutoRepeat() else self.confirm
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
        pen = _focus_pen(self, self.palette().color(Role.Highlight))
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
            pen = _focus_pen(self, pal.color(Role.Highlight))
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


class ActionButton(QPushButton):
    """A large button with a visible border and focus ring in every theme (Fusion draws its
    outline from the window colour, which vanishes on the high-contrast black)."""

    SHRINK = 0.6  # the text may shrink to this fraction of its size when the button is narrow

    def __init__(self, text: str, *, primary: bool = False, accessible: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._primary = primary
        self.setAutoDefault(False)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setAccessibleName(accessible or text)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        return QSize(math.ceil(fm.horizontalAdvance(self.text()) + fm.height() * 2.4),
                     math.ceil(fm.height() * 2.3))

    def minimumSizeHint(self) -> QSize:
        # Narrower than the text: paintEvent shrinks the text to fit (down to 60 %) rather than
        # letting one button push the window wider than the screen at large text sizes.
        fm = QFontMetricsF(self.font())
        return QSize(math.ceil(fm.horizontalAdvance(self.text()) * self.SHRINK + fm.height()),
                     math.ceil(fm.height() * 2.3))

    def paintEvent(self, event: QPaintEvent) -> None:
        pal = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        window = pal.color(Role.Window)
        if self._primary:
            fill = pal.color(group, Role.Highlight)
            text = pal.color(group, Role.HighlightedText)
            border = fill
            ring = pal.color(Role.WindowText)
        else:
            fill = pal.color(group, Role.Button)
            text = pal.color(group, Role.ButtonText)
            border = ensure_contrast(mix(text, fill, 0.4), window, 3.0)
            ring = pal.color(Role.Highlight)
        if self.isDown():
            fill = mix(fill, text, 0.25)
        elif self.underMouse():
            fill = mix(fill, text, 0.1)
        fm = QFontMetricsF(self.font())
        ring_width = max(2.0, fm.height() / 8)
        outer = QRectF(self.rect()).adjusted(ring_width / 2, ring_width / 2,
                                             -ring_width / 2, -ring_width / 2)
        radius = fm.height() * 0.35
        if self.hasFocus():
            painter.setPen(QPen(ring, ring_width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(outer, radius, radius)
        inner = outer.adjusted(ring_width * 1.5, ring_width * 1.5,
                               -ring_width * 1.5, -ring_width * 1.5)
        painter.setPen(QPen(border, max(1.5, ring_width * 0.75)))
        painter.setBrush(fill)
        painter.drawRoundedRect(inner, radius * 0.8, radius * 0.8)
        painter.setPen(text)
        font = QFont(self.font())
        room = inner.width() - fm.height() * 0.6
        wanted = fm.horizontalAdvance(self.text())
        if 0 < room < wanted:
            font = scaled_font(font, max(self.SHRINK, room / wanted))
        painter.setFont(font)
        painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, self.text())


class _ButtonRow(QWidget):
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


class SafetyNoticePage(_Prompt):
    """The first-run notice: what backtimer is not, when to check first, when to get help.

    Enter anywhere on the page (or the button) emits `acknowledged`. Up/Down/Page Up/Page Down
    scroll the text when the window is small.
    """

    acknowledged = Signal()

    BODY = 1.4  # body text, times the application font

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Before you start: safety notice"))
        content = QWidget()
        column = QVBoxLayout(content)
        self.title = _label(self.tr("Before you start"))
        self.title.setAccessibleName(self.title.text())
        column.addWidget(self.title)
        paragraphs = (
            self.tr("backtimer guides and times your exercises. It is not medical advice, and it "
                    "does not replace a doctor or physiotherapist."),
            self.tr("Check with a doctor or physiotherapist before you start if you have severe "
                    "pain, an injury, osteoporosis or another health condition."),
            self.tr("Move gently. Stop any exercise that makes your pain worse. Between "
                    "exercises backtimer asks about your pain and will skip an exercise or end "
                    "the session when the answer calls for it."),
        )
        self._paragraphs = [_label(text) for text in paragraphs]
        for label in self._paragraphs:
            label.setAccessibleName(label.text())
            column.addWidget(label)
        self.urgent_heading = _label(self.tr("Get urgent medical help if you have any of these:"))
        self.urgent_heading.setAccessibleName(self.urgent_heading.text())
        column.addWidget(self.urgent_heading)
        bullets = QGridLayout()
        bullets.setColumnStretch(1, 1)
        self._bullets: list[QLabel] = []
        for row, (_key, text) in enumerate(RED_FLAGS):
            dot = _label("\u2022", wrap=False)
            dot.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            item = _label(self.tr(text))  # core strings: translated when a catalogue has them
            item.setAccessibleName(item.text())
            bullets.addWidget(dot, row, 0)
            bullets.addWidget(item, row, 1)
            self._bullets += [dot, item]
        column.addLayout(bullets)
        self.urgent_text = _label(self.tr(URGENT_CARE_TEXT))
        self.urgent_text.setAccessibleName(self.urgent_text.text())
        column.addWidget(self.urgent_text)
        column.addStretch(1)
        # Lines of about 70 characters at most: long lines are hard to follow on a wide screen.
        holder = QWidget()
        centre = QHBoxLayout(holder)
        centre.setContentsMargins(0, 0, 0, 0)
        centre.addStretch(1)
        centre.addWidget(content, 100)
        centre.addStretch(1)
        self._content = content
        self._area = _scroll_area(holder)

        self.button = ActionButton(self.tr("I understand \u2014 continue (Enter)"), primary=True,
                                   accessible=self.tr("I understand, continue"))
        self.button.setAccessibleDescription(self.tr("Press Enter"))
        self.button.clicked.connect(self.acknowledged)
        self.setFocusProxy(self.button)

        layout = QVBoxLayout(self)
        layout.addWidget(self._area, 1)
        self._buttons = _ButtonRow([self.button], centred=True)
        layout.addWidget(self._buttons)

        self._scale(self.title, 2.4, bold=True)
        for label in self._paragraphs:
            self._scale(label, self.BODY)
        self._scale(self.urgent_heading, 1.6, bold=True)
        for label in self._bullets:
            self._scale(label, self.BODY)
        self._scale(self.urgent_text, self.BODY, bold=True)
        self._scale(self.button, 1.5, bold=True)
        self._colour(self.urgent_heading, "danger")
        self._colour(self.urgent_text, "danger")
        self._column = column
        self._finish()

    def _restyle(self) -> None:
        super()._restyle()
        unit, side = self._units()
        self._column.setSpacing(unit)
        self._column.setContentsMargins(side, unit, side, unit)
        body = QFontMetricsF(self._font(self.BODY))
        self._content.setMaximumWidth(round(body.averageCharWidth() * 70) + side * 2)

    def _key_action(self, event: QKeyEvent, target: QObject) -> KeyAction | None:
        if not _plain(event):
            return None
        if event.key() in _ENTER:
            return self._enter(event, target, self.acknowledged.emit)
        if event.key() in (Key.Key_Up, Key.Key_Down, *_SCROLL_KEYS):
            return _scroll_key(self._area, event.key())
        return None


def _flag_label(key: str) -> str:
    return dict(RED_FLAGS)[key]


class BeforeSessionPage(_Prompt):
    """The check before a session: today's pain (0-10) and the red-flag symptoms.

    A digit then Enter answers with no red flag ticked; a flag counts only when the person ticks
    it (Tab reaches the boxes, Space toggles). `answered(baseline, red_flag_keys)` carries the keys
    in RED_FLAGS order. Esc emits `back`. `showGate` shows the policy's answer when the session
    may not start as planned; `reset` clears the answers and the gate for the next use (the routine
    name stays until `setRoutineName` is called again).
    """

    answered = Signal(int, list)
    back = Signal()
    routineChosen = Signal(str)

    ASK, GATE = 0, 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Before the session"))
        self._gate: Gate | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_ask())
        self._gate_view = self._build_gate()
        self.stack.addWidget(self._gate_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._finish()
        self._show_view(self.ASK)

    # -- building
    def _build_ask(self) -> QWidget:
        view = QWidget()
        content = QWidget()
        column = QVBoxLayout(content)
        self.title = _label(self.tr("How is your back today?"))
        self.title.setAccessibleName(self.title.text())
        self.routine_label = _label()
        self.routine_label.setAccessibleName(self.tr("Routine"))
        self.routine_label.hide()
        self.question = _label(self.tr("Pain right now, from 0 to 10:"))
        self.question.setAccessibleName(self.question.text())
        self.picker = RatingPicker()
        self.picker.setAccessibleName(self.tr("Pain right now, 0 to 10"))
        self.picker.confirmed.connect(self._answer)
        self.flags_heading = _label(self.tr("Do you have any of these today? Tick only the ones "
                                            "that apply (Tab, then Space)."))
        self.flags_heading.setAccessibleName(self.flags_heading.text())
        self.flags: dict[str, WrappingCheckBox] = {}
        for column_widget in (self.title, self.routine_label, self.question, self.picker,
                              self.flags_heading):
            column.addWidget(column_widget)
        for key, text in RED_FLAGS:
            box = WrappingCheckBox(self.tr(text))
            box.setObjectName(f"red_flag_{key}")
            box.setAccessibleDescription(self.tr("Red-flag symptom"))
            self.flags[key] = box
            column.addWidget(box)
        column.addStretch(1)
        self._ask_area = _scroll_area(content)
        self._ask_column = column

        self.back_button = ActionButton(self.tr("Back (Esc)"), accessible=self.tr("Back"))
        self.back_button.clicked.connect(self.back)
        self.start_button = ActionButton(self.tr("Start (Enter)"), primary=True,
                                         accessible=self.tr("Start the session"))
        self.start_button.clicked.connect(self.picker.confirm)
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._ask_area, 1)
        self._ask_buttons = _ButtonRow([self.back_button], [self.start_button])
        layout.addWidget(self._ask_buttons)
        sizes: tuple[tuple[QWidget, float, bool], ...] = (
            (self.title, 2.4, True), (self.routine_label, 1.4, False),
            (self.question, 2.0, False), (self.flags_heading, 1.3, True),
            (self.back_button, 1.4, True), (self.start_button, 1.4, True),
        )
        for scaled, factor, bold in sizes:
            self._scale(scaled, factor, bold=bold)
        for box in self.flags.values():
            self._scale(box, 1.3)
        return view

    def _build_gate(self) -> QWidget:
        view = QWidget()
        content = QWidget()
        column = QVBoxLayout(content)
        self.gate_title = _label()
        self.gate_title.setAccessibleName(self.tr("Outcome"))
        self.gate_message = _label()
        self.gate_message.setAccessibleName(self.tr("Message"))
        self.gentle_label = _label(self.tr("Choose a gentle routine (Up and Down, then Enter):"))
        self.gentle_label.setAccessibleName(self.gentle_label.text())
        self.gentle_list = QListWidget()
        self.gentle_list.setAccessibleName(self.tr("Gentle routines"))
        self.gentle_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.gentle_list.itemDoubleClicked.connect(lambda _item: self._choose_gentle())
        for widget in (self.gate_title, self.gate_message, self.gentle_label, self.gentle_list):
            column.addWidget(widget)
        column.addStretch(1)
        self._gate_area = _scroll_area(content)
        self._gate_column = column

        self.gate_back_button = ActionButton(self.tr("Back (Esc)"), accessible=self.tr("Back"))
        self.gate_back_button.clicked.connect(self.back)
        self.choose_button = ActionButton(self.tr("Start this routine (Enter)"), primary=True,
                                          accessible=self.tr("Start the chosen gentle routine"))
        self.choose_button.clicked.connect(self._choose_gentle)
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._gate_area, 1)
        self._gate_buttons = _ButtonRow([self.gate_back_button], [self.choose_button])
        layout.addWidget(self._gate_buttons)
        sizes: tuple[tuple[QWidget, float, bool], ...] = (
            (self.gate_title, 2.4, True), (self.gate_message, 1.6, False),
            (self.gentle_label, 1.3, True), (self.gentle_list, 1.6, False),
            (self.gate_back_button, 1.4, True), (self.choose_button, 1.4, True),
        )
        for scaled, factor, bold in sizes:
            self._scale(scaled, factor, bold=bold)
        return view

    def _restyle(self) -> None:
        super()._restyle()
        unit, side = self._units()
        for column in (self._ask_column, self._gate_column):
            column.setSpacing(unit)
            column.setContentsMargins(side, unit, side, unit)
        for row in (self._ask_buttons, self._gate_buttons):
            row.box.setContentsMargins(side, unit // 2, side, unit)
        self._ask_column.setSpacing(round(unit * 0.6))

    # -- public API
    def setRoutineName(self, name: str) -> None:
        self.routine_label.setText(self.tr("Routine: {name}").format(name=name) if name else "")
        self.routine_label.setVisible(bool(name))

    def routineName(self) -> str:
        return self.routine_label.text()

    def redFlags(self) -> list[str]:
        """The ticked red flags, as keys in RED_FLAGS order."""
        return [key for key, box in self.flags.items() if box.isChecked()]

    def gate(self) -> Gate | None:
        """The gate shown, or None while asking the question."""
        return self._gate

    def showGate(self, result: GateResult,
                 gentle_routines: Sequence[tuple[str, str]] = ()) -> None:
        """Show why the session cannot start as planned; `gentle_routines` are (id, name)."""
        gate = Gate(result.gate)
        if gate == Gate.GO:
            logger.debug("showGate(GO): nothing to show")
            self._show_view(self.ASK)
            return
        self._gate = gate
        titles = {
            Gate.EMERGENCY: self.tr("Get medical help now"),
            Gate.SEE_CLINICIAN: self.tr("Please don't exercise today"),
            Gate.GENTLE_ONLY: self.tr("Gentle routines only today"),
        }
        self.gate_title.setText(titles[gate])
        self.gate_message.setText(self.tr(result.message))
        self.gate_message.setAccessibleDescription(self.gate_message.text())
        emergency = gate == Gate.EMERGENCY
        self._scale(self.gate_message, 1.8 if emergency else 1.6, bold=emergency)
        if emergency:
            self._colour(self.gate_title, "danger")
            self._colour(self.gate_message, "danger")
        else:
            self._colour(self.gate_title, "foreground")
            self._colour(self.gate_message, "foreground")
        self.gentle_list.clear()
        gentle = gate == Gate.GENTLE_ONLY
        for routine_id, name in gentle_routines if gentle else ():
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, routine_id)
            self.gentle_list.addItem(item)
        has_choices = self.gentle_list.count() > 0
        if gentle and not has_choices:
            self.gentle_label.setText(self.tr("No gentle routine is available. Go back and rest, "
                                              "or build a short, gentle routine."))
        else:
            self.gentle_label.setText(
                self.tr("Choose a gentle routine (Up and Down, then Enter):"))
        self.gentle_label.setVisible(gentle)
        self.gentle_list.setVisible(has_choices)
        self.choose_button.setVisible(has_choices)
        if has_choices:
            self.gentle_list.setCurrentRow(0)
            self._fit_list()
        self.gate_back_button.setText(self.tr("Back (Esc)") if has_choices
                                      else self.tr("Back (Enter or Esc)"))
        self._show_view(self.GATE)
        _announce(self, f"{self.gate_title.text()}. {self.gate_message.text()}")

    def reset(self) -> None:
        self.picker.reset()
        for box in self.flags.values():
            box.setChecked(False)
        self._gate = None
        self.gentle_list.clear()
        self._show_view(self.ASK)
        self._ask_area.verticalScrollBar().setValue(0)

    # -- behaviour
    def _fit_list(self) -> None:
        """As tall as its rows (up to six), so the choices are not lost in an empty box."""
        rows = self.gentle_list.count()
        if not rows:
            return
        self.gentle_list.setSpacing(max(2, round(QFontMetricsF(self.font()).height() / 4)))
        row_height = self.gentle_list.sizeHintForRow(0) + 2 * self.gentle_list.spacing()
        height = min(rows, 6) * row_height + self.gentle_list.frameWidth() * 2
        self.gentle_list.setFixedHeight(height)

    def _show_view(self, view: int) -> None:
        self.stack.setCurrentIndex(view)
        if view == self.ASK:
            self.setFocusProxy(self.picker)
        elif self.gentle_list.isVisibleTo(self._gate_view):
            self.setFocusProxy(self.gentle_list)
        else:
            self.setFocusProxy(self.gate_back_button)
        if self.isVisible():
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _answer(self, value: int) -> None:
        if self.stack.currentIndex() == self.ASK:
            self.answered.emit(value, self.redFlags())

    def _choose_gentle(self) -> None:
        item = self.gentle_list.currentItem()
        if item is not None:
            self.routineChosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def _key_action(self, event: QKeyEvent, target: QObject) -> KeyAction | None:
        if not _plain(event):
            return None
        key = event.key()
        if key == Key.Key_Escape:
            return self.back.emit
        if self.stack.currentIndex() == self.ASK:
            if key in _ENTER:
                return self._enter(event, target, self.picker.confirm)
            if key in _SCROLL_KEYS:
                return _scroll_key(self._ask_area, key)
            return self.picker.handleKey(event)
        choices = self.gentle_list.isVisibleTo(self._gate_view)
        if key in _ENTER:
            return self._enter(event, target, self._choose_gentle if choices else self.back.emit)
        if choices and key in (Key.Key_Up, Key.Key_Down):
            return lambda: self._move_choice(-1 if key == Key.Key_Up else 1)
        if key in _SCROLL_KEYS or key in (Key.Key_Up, Key.Key_Down):
            return _scroll_key(self._gate_area, key)
        return None

    def _move_choice(self, delta: int) -> None:
        row = max(0, min(self.gentle_list.count() - 1, self.gentle_list.currentRow() + delta))
        self.gentle_list.setCurrentRow(row)


class PainCheckPanel(_Prompt):
    """"Pain now, 0 to 10?" between exercises, with the two symptom questions.

    Digits, Up/Down and Enter work whichever child has the focus (the keys are routed from every
    child). Enter emits `answered(value, leg_symptoms, red_flag)`; both boxes start unticked.
    Esc is left to the session (it asks whether to stop). `reset` clears the answer and the
    boxes; the exercise and baseline stay until set again.
    """

    answered = Signal(int, bool, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Pain check"))
        content = QWidget()
        column = QVBoxLayout(content)
        self.question = _label(self.tr("Pain now, 0 to 10?"))
        self.question.setAccessibleName(self.question.text())
        self.exercise_label = _label()
        self.exercise_label.setAccessibleName(self.tr("Exercise just done"))
        self.exercise_label.hide()
        self.baseline_label = _label()
        self.baseline_label.setAccessibleName(self.tr("Pain before the session"))
        self.baseline_label.hide()
        self.picker = RatingPicker()
        self.picker.setAccessibleName(self.tr("Pain now, 0 to 10"))
        self.picker.confirmed.connect(self._answer)
        self.picker.setInstructions(self.tr("Type a number, then press Enter."))
        self.leg_box = WrappingCheckBox(self.tr("New or spreading leg pain, numbness or tingling"))
        self.red_flag_box = WrappingCheckBox(self.tr("A red-flag symptom (see the list)"))
        flag_list = "\n".join(f"\u2022 {self.tr(text)}" for _key, text in RED_FLAGS)
        self.red_flag_box.setToolTip(flag_list)
        self.red_flag_box.setAccessibleDescription(flag_list)
        column.addWidget(self.question)
        column.addWidget(self.exercise_label)
        column.addWidget(self.baseline_label)
        for widget in (self.picker, self.leg_box, self.red_flag_box):
            column.addWidget(widget)
        column.addStretch(1)
        self._area = _scroll_area(content)
        self._column = column
        self.confirm_button = ActionButton(self.tr("Confirm (Enter)"), primary=True,
                                           accessible=self.tr("Confirm the pain rating"))
        self.confirm_button.clicked.connect(self.picker.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._area, 1)
        self._buttons = _ButtonRow([], [self.confirm_button])
        layout.addWidget(self._buttons)
        self.setFocusProxy(self.picker)
        sizes: tuple[tuple[QWidget, float, bool], ...] = (
            (self.question, self.QUESTION, True), (self.exercise_label, 1.5, False),
            (self.baseline_label, 1.5, False),
            (self.leg_box, 1.5, False), (self.red_flag_box, 1.5, False),
            (self.confirm_button, 1.4, True),
        )
        for scaled, factor, bold in sizes:
            self._scale(scaled, factor, bold=bold)
        self._colour(self.baseline_label, "muted")
        self._finish()

    def _restyle(self) -> None:
        super()._restyle()
        unit, side = self._units()
        self._column.setSpacing(round(unit * 0.6))
        self._column.setContentsMargins(side, unit, side, unit)
        self._buttons.box.setContentsMargins(side, unit // 2, side, unit)
        self._fit_question()

    QUESTION = 3.0  # the question, times the application font, when it fits on one line
    SMALLEST_QUESTION = 1.8

    def _fit_question(self) -> None:
        """Keep the question on one line in a narrow window (large text in 800x600), so the
        numbers stay on screen without scrolling."""
        _unit, side = self._units()
        room = self.width() - 2 * side - self._area.verticalScrollBar().sizeHint().width()
        wanted = QFontMetricsF(self._font(self.QUESTION, bold=True)).horizontalAdvance(
            self.question.text())
        factor = self.QUESTION
        if 0 < room < wanted:
            factor = max(self.SMALLEST_QUESTION, self.QUESTION * room / wanted)
        self._scale(self.question, factor, bold=True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._built:
            self._fit_question()

    def setExercise(self, name: str | None) -> None:
        self.exercise_label.setText(self.tr("After: {name}").format(name=name) if name else "")
        self.exercise_label.setVisible(bool(name))

    def setBaseline(self, value: int | None) -> None:
        text = "" if value is None else self.tr("Before the session: {value}").format(value=value)
        self.baseline_label.setText(text)
        self.baseline_label.setVisible(value is not None)

    def reset(self) -> None:
        self.picker.reset()
        self.leg_box.setChecked(False)
        self.red_flag_box.setChecked(False)
        self._area.verticalScrollBar().setValue(0)

    def _answer(self, value: int) -> None:
        self.answered.emit(value, self.leg_box.isChecked(), self.red_flag_box.isChecked())

    def _key_action(self, event: QKeyEvent, target: QObject) -> KeyAction | None:
        if not _plain(event):
            return None
        if event.key() in _ENTER:
            return self._enter(event, target, self.picker.confirm)
        if event.key() in _SCROLL_KEYS:
            return _scroll_key(self._area, event.key())
        return self.picker.handleKey(event)


class ConfirmPanel(_Prompt):
    """A yes/no question such as "Stop the session?": Enter confirms, Esc cancels."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Confirm"))
        self.label = _label(self.tr("Stop the session?"))
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAccessibleName(self.label.text())
        self.keep_button = ActionButton(self.tr("Keep going (Esc)"),
                                        accessible=self.tr("Keep going"))
        self.keep_button.clicked.connect(self.cancelled)
        self.stop_button = ActionButton(self.tr("Stop (Enter)"), primary=True,
                                        accessible=self.tr("Stop"))
        self.stop_button.clicked.connect(self.confirmed)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        row = _ButtonRow([self.keep_button, self.stop_button], centred=True)
        layout.addWidget(row)
        layout.addStretch(1)
        self._layout = layout
        self._row = row
        # Read from the mat: the question and both answers large.
        self._scale(self.label, 3.0, bold=True)
        self._scale(self.keep_button, 2.0, bold=True)
        self._scale(self.stop_button, 2.0, bold=True)
        self._finish()

    def _restyle(self) -> None:
        super()._restyle()
        unit, side = self._units()
        self._layout.setSpacing(unit * 2)
        self._layout.setContentsMargins(side, unit, side, unit)
        self._row.box.setSpacing(unit * 2)

    def setText(self, text: str) -> None:
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.setAccessibleDescription(text)

    def text(self) -> str:
        return self.label.text()

    def _key_action(self, event: QKeyEvent, target: QObject) -> KeyAction | None:
        if not _plain(event):
            return None
        if event.key() in _ENTER:
            return self._enter(event, target, self.confirmed.emit)
        if event.key() == Key.Key_Escape:
            return self.cancelled.emit
        return None


class DecisionBanner(_Prompt):
    """A short message after a pain check, framed in a colour by how serious the decision is.

    The colour only repeats what the words say (never the only cue); the message is also set as
    the accessible description and announced to a running screen reader. An empty message (the
    policy says nothing when all is well) hides the banner.
    """

    SEVERITY: ClassVar[dict[str, str]] = {
        "continue": "ok",
        "caution": "warn",
        "skip_exercise": "warn",
        "stop_session": "danger",
        "emergency": "danger",
    }

    TAKES_FOCUS = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._decision: str | None = None
        self.setAccessibleName(self.tr("Pain check result"))
        self.label = _label()
        layout = QHBoxLayout(self)
        layout.addWidget(self.label)
        self._layout = layout
        self._scale(self.label, 1.6)
        self._finish()
        self.hide()

    def _restyle(self) -> None:
        super()._restyle()
        unit = QFontMetricsF(self.font()).height()
        bar = round(unit * 0.8)
        self._layout.setContentsMargins(bar + round(unit), round(unit * 0.5), round(unit),
                                        round(unit * 0.5))
        self.update()

    def decision(self) -> str | None:
        return self._decision

    def text(self) -> str:
        return self.label.text()

    def colour(self) -> QColor:
        """The colour of the current decision (the foreground colour when there is none)."""
        name = self.SEVERITY.get(self._decision or "", "foreground")
        return session_colors(self.palette())[name]

    def show_decision(self, decision: str, message: str) -> None:
        decision = str(decision)  # a core Decision (a StrEnum) or its value
        if decision not in self.SEVERITY:
            raise ValueError(f"unknown decision {decision!r}")
        if not message:
            self.clear()
            return
        self._decision = decision
        self.label.setText(message)
        self.setAccessibleDescription(message)
        serious = self.SEVERITY[decision] == "danger"
        self._scale(self.label, 1.8 if serious else 1.6, bold=serious)
        self._colour(self.label, self.SEVERITY[decision])
        self.show()
        self.update()
        _announce(self, message)

    def clear(self) -> None:
        self._decision = None
        self.label.clear()
        self.setAccessibleDescription("")
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._decision is None:
            return
        colour = self.colour()
        unit = QFontMetricsF(self.font()).height()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = max(2.0, unit / 6)
        rect = QRectF(self.rect()).adjusted(line / 2, line / 2, -line / 2, -line / 2)
        painter.setPen(QPen(colour, line))
        painter.setBrush(mix(self.palette().color(Role.Window), colour, 0.08))
        painter.drawRoundedRect(rect, unit * 0.4, unit * 0.4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        bar = QRect(0, 0, round(unit * 0.8), self.height())
        path = QPainterPath()
        path.addRoundedRect(QRectF(bar), unit * 0.4, unit * 0.4)
        painter.drawPath(path)
