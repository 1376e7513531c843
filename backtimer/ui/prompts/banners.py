"""Panels shown over the session: the yes/no stop question and the pain-check decision banner."""

from __future__ import annotations

import logging
from typing import ClassVar

from PySide6.QtCore import QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from backtimer.ui.prompts.base import (
    ENTER,
    ActionButton,
    Key,
    KeyAction,
    Prompt,
    Role,
    announce,
    make_label,
    plain,
)
from backtimer.ui.prompts.controls import ButtonRow
from backtimer.ui.theme import mix, session_colors

logger = logging.getLogger(__name__)


class ConfirmPanel(Prompt):
    """A yes/no question such as "Stop the session?": Enter confirms, Esc cancels."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Confirm"))
        self.label = make_label(self.tr("Stop the session?"))
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
        row = ButtonRow([self.keep_button, self.stop_button], centred=True)
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
        if not plain(event):
            return None
        if event.key() in ENTER:
            return self._enter(event, target, self.confirmed.emit)
        if event.key() == Key.Key_Escape:
            return self.cancelled.emit
        return None


class DecisionBanner(Prompt):
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
        self.label = make_label()
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
        announce(self, message)

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
