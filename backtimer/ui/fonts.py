"""The one font helper of the windows: sizes relative to the text-size setting, kept up to date.

The text-size setting is the application font: `theme.apply_theme` sets it to the platform font
times `text_scale`. A widget whose font is set with `setFont` keeps that size when the application
font changes later (Qt resolves explicitly set attributes against the new default and keeps them),
so a title made 2.4 times larger once would stay at the old size until a restart. `follow` fixes
that: the widget gets the application font times a factor now, and again each time the
application font changes (`QGuiApplication.fontChanged`, emitted before Qt sends the widgets their
`ApplicationFontChange` events, so a widget that re-measures itself on that event already sees the
new size). Every window -- session, prompts, main window, editor, history -- uses this one
mechanism, so a new text size applies at once, everywhere.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

logger = logging.getLogger(__name__)

_FOLLOWER = "_backtimer_font_follower"
TEXT_SCALE_PROPERTY = "_backtimer_text_scale"  # set by theme.apply_theme on the application


def text_scale() -> float:
    """The text-size setting in force (1.0 before any theme was applied)."""
    app = QApplication.instance()
    value = app.property(TEXT_SCALE_PROPERTY) if app is not None else None
    return float(value) if isinstance(value, int | float) and value > 0 else 1.0


def pixel_font(pixels: float, *, bold: bool = False) -> QFont:
    """The application's font family at `pixels` px: for screens laid out in pixels (the session
    screen is designed for a 1366x768 laptop seen from the floor), scaled by the caller."""
    font = QFont(QApplication.font())
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


def scaled_font(base: QFont, factor: float, *, bold: bool | None = None) -> QFont:
    """`base` times `factor` (in points when it has a point size, else in pixels).

    `bold` None keeps the base's weight; True or False sets it.
    """
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(max(1.0, base.pointSizeF() * factor))
    else:  # a font given in pixels
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    if bold is not None:
        font.setBold(bold)
    return font


def text_font(factor: float = 1.0, *, bold: bool | None = None) -> QFont:
    """The application font (the text-size setting) times `factor`."""
    return scaled_font(QApplication.font(), factor, bold=bold)


class _Follower(QObject):
    """Re-applies one widget's relative font when the application font changes.

    A child of the widget, so it (and its connection) goes away with the widget.
    """

    def __init__(self, widget: QWidget, factor: float, bold: bool | None) -> None:
        super().__init__(widget)
        self.setObjectName(_FOLLOWER)
        self._widget = widget
        self.factor = factor
        self.bold = bold
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self.apply)

    @Slot()
    def apply(self) -> None:
        self._widget.setFont(text_font(self.factor, bold=self.bold))


def _follower_of(widget: QWidget) -> _Follower | None:
    found = widget.findChild(_Follower, _FOLLOWER, Qt.FindChildOption.FindDirectChildrenOnly)
    return found if isinstance(found, _Follower) else None


def follow(widget: QWidget, factor: float = 1.0, *, bold: bool | None = None) -> None:
    """Give `widget` the application font times `factor`, now and whenever the text size changes.

    Calling it again on the same widget replaces its factor (one follower per widget).
    """
    follower = _follower_of(widget)
    if follower is not None:
        follower.factor, follower.bold = factor, bold
    else:
        follower = _Follower(widget, factor, bold)
    follower.apply()


def factor_of(widget: QWidget) -> float | None:
    """The factor `follow` gave `widget`, or None when its font does not follow (for tests)."""
    follower = _follower_of(widget)
    return None if follower is None else follower.factor
