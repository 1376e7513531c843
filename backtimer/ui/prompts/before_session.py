"""The check before a session: today's pain and the red-flag symptoms, then the policy's answer."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import (
    QFontMetricsF,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.pain import RED_FLAGS, Gate, GateResult
from backtimer.ui.prompts.base import (
    ENTER,
    SCROLL_KEYS,
    ActionButton,
    Key,
    KeyAction,
    Prompt,
    announce,
    make_label,
    plain,
    scroll_area,
    scroll_key,
)
from backtimer.ui.prompts.controls import ButtonRow, WrappingCheckBox
from backtimer.ui.prompts.rating import RatingPicker

logger = logging.getLogger(__name__)


class BeforeSessionPage(Prompt):
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
        self.title = make_label(self.tr("How is your back today?"))
        self.title.setAccessibleName(self.title.text())
        self.routine_label = make_label()
        self.routine_label.setAccessibleName(self.tr("Routine"))
        self.routine_label.hide()
        self.question = make_label(self.tr("Pain right now, from 0 to 10:"))
        self.question.setAccessibleName(self.question.text())
        self.picker = RatingPicker()
        self.picker.setAccessibleName(self.tr("Pain right now, 0 to 10"))
        self.picker.confirmed.connect(self._answer)
        self.flags_heading = make_label(self.tr(
            "Do you have any of these today? Tick only the ones that apply (Tab, then Space)."))
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
        self._ask_area = scroll_area(content)
        self._ask_column = column

        self.back_button = ActionButton(self.tr("Back (Esc)"), accessible=self.tr("Back"))
        self.back_button.clicked.connect(self.back)
        self.start_button = ActionButton(self.tr("Start (Enter)"), primary=True,
                                         accessible=self.tr("Start the session"))
        self.start_button.clicked.connect(self.picker.confirm)
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._ask_area, 1)
        self._ask_buttons = ButtonRow([self.back_button], [self.start_button])
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
        self.gate_title = make_label()
        self.gate_title.setAccessibleName(self.tr("Outcome"))
        self.gate_message = make_label()
        self.gate_message.setAccessibleName(self.tr("Message"))
        self.gentle_label = make_label(
            self.tr("Choose a gentle routine (Up and Down, then Enter):"))
        self.gentle_label.setAccessibleName(self.gentle_label.text())
        self.gentle_list = QListWidget()
        self.gentle_list.setAccessibleName(self.tr("Gentle routines"))
        self.gentle_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.gentle_list.itemDoubleClicked.connect(lambda _item: self._choose_gentle())
        for widget in (self.gate_title, self.gate_message, self.gentle_label, self.gentle_list):
            column.addWidget(widget)
        column.addStretch(1)
        self._gate_area = scroll_area(content)
        self._gate_column = column

        self.gate_back_button = ActionButton(self.tr("Back (Esc)"), accessible=self.tr("Back"))
        self.gate_back_button.clicked.connect(self.back)
        self.choose_button = ActionButton(self.tr("Start this routine (Enter)"), primary=True,
                                          accessible=self.tr("Start the chosen gentle routine"))
        self.choose_button.clicked.connect(self._choose_gentle)
        layout = QVBoxLayout(view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._gate_area, 1)
        self._gate_buttons = ButtonRow([self.gate_back_button], [self.choose_button])
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
        announce(self, f"{self.gate_title.text()}. {self.gate_message.text()}")

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
        if not plain(event):
            return None
        key = event.key()
        if key == Key.Key_Escape:
            return self.back.emit
        if self.stack.currentIndex() == self.ASK:
            if key in ENTER:
                return self._enter(event, target, self.picker.confirm)
            if key in SCROLL_KEYS:
                return scroll_key(self._ask_area, key)
            return self.picker.handleKey(event)
        choices = self.gentle_list.isVisibleTo(self._gate_view)
        if key in ENTER:
            return self._enter(event, target, self._choose_gentle if choices else self.back.emit)
        if choices and key in (Key.Key_Up, Key.Key_Down):
            return lambda: self._move_choice(-1 if key == Key.Key_Up else 1)
        if key in SCROLL_KEYS or key in (Key.Key_Up, Key.Key_Down):
            return scroll_key(self._gate_area, key)
        return None

    def _move_choice(self, delta: int) -> None:
        row = max(0, min(self.gentle_list.count() - 1, self.gentle_list.currentRow() + delta))
        self.gentle_list.setCurrentRow(row)
