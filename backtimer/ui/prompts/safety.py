"""The first-run safety notice."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import (
    QFontMetricsF,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.pain import RED_FLAGS, URGENT_CARE_TEXT
from backtimer.ui.prompts.base import (
    ENTER,
    SCROLL_KEYS,
    ActionButton,
    Key,
    KeyAction,
    Prompt,
    make_label,
    plain,
    scroll_area,
    scroll_key,
)
from backtimer.ui.prompts.controls import ButtonRow

logger = logging.getLogger(__name__)


class SafetyNoticePage(Prompt):
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
        self.title = make_label(self.tr("Before you start"))
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
        self._paragraphs = [make_label(text) for text in paragraphs]
        for label in self._paragraphs:
            label.setAccessibleName(label.text())
            column.addWidget(label)
        self.urgent_heading = make_label(
            self.tr("Get urgent medical help if you have any of these:"))
        self.urgent_heading.setAccessibleName(self.urgent_heading.text())
        column.addWidget(self.urgent_heading)
        bullets = QGridLayout()
        bullets.setColumnStretch(1, 1)
        self._bullets: list[QLabel] = []
        for row, (_key, text) in enumerate(RED_FLAGS):
            dot = make_label("\u2022", wrap=False)
            dot.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            item = make_label(self.tr(text))  # core strings: translated when a catalogue has them
            item.setAccessibleName(item.text())
            bullets.addWidget(dot, row, 0)
            bullets.addWidget(item, row, 1)
            self._bullets += [dot, item]
        column.addLayout(bullets)
        self.urgent_text = make_label(self.tr(URGENT_CARE_TEXT))
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
        self._area = scroll_area(holder)

        self.button = ActionButton(self.tr("I understand \u2014 continue (Enter)"), primary=True,
                                   accessible=self.tr("I understand, continue"))
        self.button.setAccessibleDescription(self.tr("Press Enter"))
        self.button.clicked.connect(self.acknowledged)
        self.setFocusProxy(self.button)

        layout = QVBoxLayout(self)
        layout.addWidget(self._area, 1)
        self._buttons = ButtonRow([self.button], centred=True)
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
        if not plain(event):
            return None
        if event.key() in ENTER:
            return self._enter(event, target, self.acknowledged.emit)
        if event.key() in (Key.Key_Up, Key.Key_Down, *SCROLL_KEYS):
            return scroll_key(self._area, event.key())
        return None
