"""The question before a session that contains an exercise pain made the person leave last time.

Rules that remember (docs/pain-rules.md): for each such exercise the person chooses a lighter dose
(core/aggravating.py says how much lighter; the page says what it becomes), leaving it out today,
or doing it as planned. Keyboard first, like every prompt (ui/prompts/base.py): 1, 2, 3 choose for
the exercise in focus, Up and Down move between the exercises, Enter starts, Esc goes back. A
routine cannot have every exercise left out: when that would happen the page says so and offers
only the other choices.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QVBoxLayout, QWidget

from backtimer.core.aggravating import Choice, lighter_item
from backtimer.core.models import Library, Routine
from backtimer.core.plan import ResolvedItem, resolve_item
from backtimer.core.settings import Settings
from backtimer.storage.history_aggravating import AggravatingExercise
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

logger = logging.getLogger(__name__)

ORDER = (Choice.LIGHTER, Choice.LEAVE_OUT, Choice.AS_PLANNED)  # keys 1, 2, 3
KEYS = {Key.Key_1: Choice.LIGHTER, Key.Key_2: Choice.LEAVE_OUT, Key.Key_3: Choice.AS_PLANNED}


def dose_text(dose: ResolvedItem) -> str:
    """The dose in words: "2 sets of 8 reps \u00d7 6 s", "6 reps" for a moving exercise, "each
    side" for one done on both sides."""
    text = f"{dose.reps} rep" if dose.reps == 1 else f"{dose.reps} reps"
    if dose.hold is not None:
        text += f" \u00d7 {dose.hold} s"
    if dose.sets > 1:
        text = f"{dose.sets} sets of {text}"
    if dose.exercise.per_side:
        text += " each side"
    return text


@dataclass(frozen=True)
class AggravatingRow:
    """One exercise the page asks about, with its doses already in words."""

    exercise_id: str
    name: str
    left_on: str  # the day it was last left for pain, e.g. "1 Dec"
    lighter: str
    planned: str


def rows_for(routine: Routine, library: Library, settings: Settings,
             aggravating: Sequence[AggravatingExercise]) -> list[AggravatingRow]:
    """The routine's aggravating exercises, in routine order, once each (the first item's
    dose is the one described)."""
    known = {a.exercise_id: a for a in aggravating}
    rows: list[AggravatingRow] = []
    for item in routine.items:
        found = known.pop(item.exercise, None)
        if found is None:
            continue
        exercise = library.exercise(item.exercise)
        planned = resolve_item(item, exercise, settings)
        lighter = resolve_item(lighter_item(item, exercise), exercise, settings)
        rows.append(AggravatingRow(item.exercise, exercise.name,
                                   f"{found.left_at.day} {found.left_at:%b}",
                                   dose_text(lighter), dose_text(planned)))
    return rows


class _Exercise:
    """The widgets of one exercise: its name, when it hurt, and the three choices."""

    def __init__(self, page: AggravatingPage, row: AggravatingRow) -> None:
        self.row = row
        self.name = make_label(row.name)
        self.name.setAccessibleName(row.name)
        self.when = make_label(page.tr("Left because of pain on {day}.").format(day=row.left_on))
        self.when.setAccessibleName(self.when.text())
        texts = {
            Choice.LIGHTER: page.tr("1  Lighter dose: {lighter} instead of {planned}").format(
                lighter=row.lighter, planned=row.planned),
            Choice.LEAVE_OUT: page.tr("2  Leave it out today"),
            Choice.AS_PLANNED: page.tr("3  As planned: {planned}").format(planned=row.planned),
        }
        self.group = QButtonGroup(page)
        self.group.setExclusive(True)
        self.options: dict[Choice, WrappingCheckBox] = {}
        for choice in ORDER:
            box = WrappingCheckBox(texts[choice])
            box.setObjectName(f"{row.exercise_id}_{choice.value}")
            box.setAccessibleName(f"{row.name}: {texts[choice][3:]}")
            box.setAccessibleDescription(page.tr("Choice for this exercise today"))
            self.group.addButton(box)
            self.options[choice] = box
        self.options[Choice.LIGHTER].setChecked(True)

    def widgets(self) -> list[QWidget]:
        return [self.name, self.when, *self.options.values()]

    def choice(self) -> Choice:
        for choice, box in self.options.items():
            if box.isChecked():
                return choice
        return Choice.LIGHTER


class AggravatingPage(Prompt):
    """What to do today with the exercises that hurt last time.

    `setExercises(rows, others)` fills it (`others`: how many items of the routine are not asked
    about); every exercise starts at the lighter dose. `chosen(dict)` carries exercise id ->
    Choice when the person starts; `back` when they press Esc.
    """

    chosen = Signal(dict)
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Exercises that hurt last time"))
        self._exercises: list[_Exercise] = []
        self._others = 0
        self._current = 0
        content = QWidget()
        self._column = QVBoxLayout(content)
        self.title = make_label(self.tr("Some exercises hurt last time"))
        self.title.setAccessibleName(self.title.text())
        self.intro = make_label(self.tr(
            "Pain made you leave these. For each one, choose what to do today: 1 a lighter "
            "dose, 2 leave it out today, 3 as planned. Up and Down move between exercises."))
        self.intro.setAccessibleName(self.intro.text())
        self.note = make_label(self.tr(
            "Leaving out every exercise would leave nothing to do today, so one has to stay: "
            "choose a lighter dose or as planned."))
        self.note.setAccessibleName(self.note.text())
        self.note.hide()
        self._rows = QVBoxLayout()
        for widget in (self.title, self.intro, self.note):
            self._column.addWidget(widget)
        self._column.addLayout(self._rows)
        self._column.addStretch(1)
        self._area = scroll_area(content)
        self.back_button = ActionButton(self.tr("Back (Esc)"), accessible=self.tr("Back"))
        self.back_button.clicked.connect(self.back)
        self.start_button = ActionButton(self.tr("Start (Enter)"), primary=True,
                                         accessible=self.tr("Start the session"))
        self.start_button.clicked.connect(self.confirm)
        self._buttons = ButtonRow([self.back_button], [self.start_button])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._area, 1)
        layout.addWidget(self._buttons)
        sizes: tuple[tuple[QWidget, float, bool], ...] = (
            (self.title, 2.4, True), (self.intro, 1.4, False), (self.note, 1.4, True),
            (self.back_button, 1.4, True), (self.start_button, 1.4, True))
        for scaled, factor, bold in sizes:
            self._scale(scaled, factor, bold=bold)
        self._colour(self.note, "warn")
        self._finish()

    # -- public API
    def setExercises(self, rows: Sequence[AggravatingRow], others: int) -> None:
        for old in self._exercises:
            for widget in old.widgets():
                widget.deleteLater()
            old.group.deleteLater()
        self._exercises = []
        self._others = others
        for row in rows:
            exercise = _Exercise(self, row)
            self._scale(exercise.name, 1.8, bold=True)
            self._scale(exercise.when, 1.3)
            self._colour(exercise.when, "muted")
            for box in exercise.options.values():
                self._scale(box, 1.4)
            exercise.group.buttonToggled.connect(self._toggled)
            for widget in exercise.widgets():
                self._rows.addWidget(widget)
            self._exercises.append(exercise)
        self._restyle()
        self._route_keys()
        self._current = 0
        self._update()
        self._focus_current()
        self._area.verticalScrollBar().setValue(0)
        announce(self, f"{self.title.text()}. {self.intro.text()}")

    def exercises(self) -> list[str]:
        return [e.row.exercise_id for e in self._exercises]

    def choices(self) -> dict[str, Choice]:
        return {e.row.exercise_id: e.choice() for e in self._exercises}

    def choose(self, exercise_id: str, choice: Choice) -> bool:
        """Set one exercise's choice, as the keys do; False when it is not offered."""
        for exercise in self._exercises:
            if exercise.row.exercise_id == exercise_id:
                box = exercise.options[choice]
                if not box.isEnabled():
                    announce(self, self.note.text())
                    return False
                box.setChecked(True)
                return True
        return False

    def confirm(self) -> None:
        if self._exercises:
            self.chosen.emit({k: v.value for k, v in self.choices().items()})

    def current(self) -> str | None:
        return self._exercises[self._current].row.exercise_id if self._exercises else None

    # -- behaviour
    def _toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._update()

    def _update(self) -> None:
        """Leaving an exercise out is offered only while something else would still run."""
        left_out = [e.choice() == Choice.LEAVE_OUT for e in self._exercises]
        limited = False
        for n, exercise in enumerate(self._exercises):
            others_run = self._others > 0 or any(not out for k, out in enumerate(left_out)
                                                 if k != n)
            exercise.options[Choice.LEAVE_OUT].setEnabled(others_run)
            limited = limited or not others_run
        self.note.setVisible(limited)

    def _restyle(self) -> None:
        super()._restyle()
        unit, side = self._units()
        self._column.setSpacing(round(unit * 0.6))
        self._column.setContentsMargins(side, unit, side, unit)
        self._rows.setSpacing(round(unit * 0.4))
        for exercise in self._exercises:
            exercise.name.setContentsMargins(0, unit, 0, 0)
        self._buttons.box.setContentsMargins(side, unit // 2, side, unit)

    def _mark_current(self) -> None:
        """The exercise the keys act on is marked by more than the focus ring (a window that
        is not active draws none): an arrow before its name, in the accent colour."""
        for n, exercise in enumerate(self._exercises):
            current = n == self._current
            exercise.name.setText(f"\u25b6 {exercise.row.name}" if current else exercise.row.name)
            self._colour(exercise.name, "accent" if current else "foreground")

    def _focus_current(self) -> None:
        if not self._exercises:
            self.setFocusProxy(self.start_button)
            return
        self._mark_current()
        exercise = self._exercises[self._current]
        box = exercise.options[exercise.choice()]
        self.setFocusProxy(box)
        if self.isVisible():
            box.setFocus(Qt.FocusReason.OtherFocusReason)
            self._area.ensureWidgetVisible(exercise.name)
            self._area.ensureWidgetVisible(box)

    def _move(self, delta: int) -> None:
        self._current = max(0, min(len(self._exercises) - 1, self._current + delta))
        self._focus_current()

    def _exercise_of(self, target: QObject) -> int | None:
        for n, exercise in enumerate(self._exercises):
            if target in exercise.options.values():
                return n
        return None

    def _pick(self, target: QObject, choice: Choice) -> None:
        n = self._exercise_of(target)
        if n is not None:
            self._current = n
        if self._exercises:
            self.choose(self._exercises[self._current].row.exercise_id, choice)
            self._focus_current()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:  # Tab or a click moved to another exercise
            n = self._exercise_of(watched)
            if n is not None and n != self._current:
                self._current = n
                self._mark_current()
        return super().eventFilter(watched, event)

    def _key_action(self, event: QKeyEvent, target: QObject) -> KeyAction | None:
        if not plain(event):
            return None
        key = event.key()
        if key == Key.Key_Escape:
            return self.back.emit
        if key in ENTER:
            return self._enter(event, target, self.confirm)
        if key in KEYS:
            choice = KEYS[Key(key)]
            return lambda: self._pick(target, choice)
        if key in (Key.Key_Up, Key.Key_Down):
            n = self._exercise_of(target)
            if n is not None:
                self._current = n
            return lambda: self._move(-1 if key == Key.Key_Up else 1)
        if key in SCROLL_KEYS:
            return scroll_key(self._area, key)
        return None
