"""The base of the prompts (the questions a session asks) and what they share: key routing,
fonts and colours that follow the settings, and the large ActionButton.

The prompts are plain widgets the windows embed (no modal dialogs).

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
from collections.abc import Callable

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from backtimer.ui.fonts import follow, scaled_font, text_font
from backtimer.ui.theme import ensure_contrast, mix, session_colors

logger = logging.getLogger(__name__)

Role = QPalette.ColorRole
Key = Qt.Key

DIGITS = {getattr(Key, f"Key_{n}"): n for n in range(10)}
ENTER = (Key.Key_Return, Key.Key_Enter)
# Shift and the keypad flag are fine (some layouts need Shift for digits); Ctrl/Alt/Meta mean
# the key is meant for a shortcut, not for the prompt.
SHORTCUT_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                       | Qt.KeyboardModifier.MetaModifier)
SCROLL_KEYS = (Key.Key_PageUp, Key.Key_PageDown, Key.Key_Home, Key.Key_End)

KeyAction = Callable[[], object]


def plain(event: QKeyEvent) -> bool:
    return not (event.modifiers() & SHORTCUT_MODIFIERS)


def nothing() -> None:
    """A key that is claimed but does nothing (a held-down Enter must not answer twice)."""


def announce(widget: QWidget, message: str) -> None:
    """Ask a running screen reader to read `message` (Qt 6.8+; silently skipped before)."""
    event_class = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_class is None or not message or not QAccessible.isActive():
        return
    QAccessible.updateAccessibility(event_class(widget, message))


class Prompt(QWidget):
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
            return nothing
        if isinstance(target, ActionButton) and not target.isHidden() and target.isEnabled():
            return target.click
        return action

    def _claims(self, event: QKeyEvent, target: QObject) -> bool:
        if self._key_action(event, target) is not None:
            return True
        # Space belongs to the focused check box or button, not to a window shortcut.
        return (event.key() == Key.Key_Space and plain(event)
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


def scroll_area(content: QWidget) -> QScrollArea:
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


def scroll_key(area: QScrollArea, key: int) -> KeyAction | None:
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


def make_label(text: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def focus_pen(widget: QWidget, colour: QColor) -> QPen:
    width = max(2.0, QFontMetricsF(widget.font()).height() / 8)
    return QPen(colour, width)


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
