"""The pain check between exercises."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import (
    QFontMetricsF,
    QKeyEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from backtimer.core.pain import RED_FLAGS
from backtimer.ui.prompts.base import (
    ENTER,
    SCROLL_KEYS,
    ActionButton,
    KeyAction,
    Prompt,
    make_label,
    plain,
    scroll_area,
    scroll_key,
)
from backtimer.ui.prompts.controls import ButtonRow, WrappingCheckBox
from backtimer.ui.prompts.rating import RatingPicker

logger = logging.getLogger(__name__)


class PainCheckPanel(Prompt):
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
        self.question = make_label(self.tr("Pain now, 0 to 10?"))
        self.question.setAccessibleName(self.question.text())
        self.exercise_label = make_label()
        self.exercise_label.setAccessibleName(self.tr("Exercise just done"))
        self.exercise_label.hide()
        self.baseline_label = make_label()
        self.baseline_label.setAccessibleName(self.tr("Pain before the session"))
        self.baseline_label.hide()
        self.picker = RatingPicker()
        self.picker.setAccessibleName(self.tr("Pain now, 0 to 10"))
        self.picker.confirmed.connect(self._answer)
        self.picker.setInstructions(self.tr("Type a number, then press Enter."))
        self.leg_box = WrappingCheckBox(self.tr("New or spreading leg pain, numbness or tingling"))
        self.red_flag_box = WrappingCheckBox(
            self.tr("A red-flag symptom (any in the list below)"))
        flag_list = "\n".join(f"\u2022 {self.tr(text)}" for _key, text in RED_FLAGS)
        self.red_flag_box.setToolTip(flag_list)
        self.red_flag_box.setAccessibleDescription(flag_list)
        # The list itself, on screen: a tooltip cannot be read from the mat.
        self.red_flag_list = make_label(flag_list)
        self.red_flag_list.setObjectName("red_flag_list")
        self.red_flag_list.setAccessibleName(self.tr("Red-flag symptoms"))
        column.addWidget(self.question)
        column.addWidget(self.exercise_label)
        column.addWidget(self.baseline_label)
        for widget in (self.picker, self.leg_box, self.red_flag_box, self.red_flag_list):
            column.addWidget(widget)
        column.addStretch(1)
        self._area = scroll_area(content)
        self._column = column
        self.confirm_button = ActionButton(self.tr("Confirm (Enter)"), primary=True,
                                           accessible=self.tr("Confirm the pain rating"))
        self.confirm_button.clicked.connect(self.picker.confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._area, 1)
        self._buttons = ButtonRow([], [self.confirm_button])
        layout.addWidget(self._buttons)
        self.setFocusProxy(self.picker)
        sizes: tuple[tuple[QWidget, float, bool], ...] = (
            (self.question, self.QUESTION, True), (self.exercise_label, 1.8, False),
            (self.baseline_label, 1.6, False),
            (self.leg_box, 1.8, False), (self.red_flag_box, 1.8, False),
            (self.red_flag_list, 1.5, False),
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

    def setInterrupted(self, text: str) -> None:
        """Instead of "After: ...", what "This hurts" interrupted (an exercise mid-way)."""
        if text:
            self.exercise_label.setText(text)
            self.exercise_label.setVisible(True)

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
        if not plain(event):
            return None
        if event.key() in ENTER:
            return self._enter(event, target, self.picker.confirm)
        if event.key() in SCROLL_KEYS:
            return scroll_key(self._area, event.key())
        return self.picker.handleKey(event)
