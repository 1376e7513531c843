"""The form for the selected exercise of a routine: its own hold, reps, sets and rest.

Three meanings of a hold are kept apart: the exercise's default, the routine item's own value
(what this form edits and what is saved) and the planned value, the own value plus the adjustment
from Settings, clamped to 5-30 s. Only `core.plan.resolve_item` computes the planned value; the
form and the exercise list show it with its meaning, e.g. "10 s (7 s + 3 s from Settings)".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from backtimer.core.models import (
    HOLD_MAX,
    HOLD_MIN,
    REPS_MAX,
    REST_MAX,
    SETS_MAX,
    Exercise,
    RoutineItem,
)
from backtimer.core.plan import resolve_item
from backtimer.core.settings import Settings

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ItemForm", text)


def hold_explained(item: RoutineItem, exercise: Exercise,
                   settings: Settings) -> tuple[int, str] | None:
    """The planned hold and where it comes from: (10, "7 s + 3 s from Settings"), or None.

    The explanation is "" without an adjustment in Settings. The planned figure is always the
    plan's own (`resolve_item`), so what the editor says is what a session will hold.
    """
    planned = resolve_item(item, exercise, settings).hold
    if planned is None:
        return None
    own = item.hold if item.hold is not None else exercise.hold
    adjust = settings.hold_adjust
    if own is None or adjust == 0:
        return planned, ""
    sign = "+" if adjust > 0 else "\u2212"
    text = _tr("{own} s {sign} {adjust} s from Settings").format(
        own=own, sign=sign, adjust=abs(adjust))
    if planned != own + adjust:
        text += ", " + _tr("kept within {low}\u2013{high} s").format(low=HOLD_MIN, high=HOLD_MAX)
    return planned, text


def hold_meaning(item: RoutineItem, exercise: Exercise, settings: Settings) -> str | None:
    """"10 s (7 s + 3 s from Settings)", "7 s" without an adjustment, None for no hold."""
    explained = hold_explained(item, exercise, settings)
    if explained is None:
        return None
    planned, why = explained
    if not why:
        return _tr("{planned} s").format(planned=planned)
    return _tr("{planned} s ({why})").format(planned=planned, why=why)


class OverrideSpin(QSpinBox):
    """A number that may be left at the exercise's default (shown as "Default (8 s)").

    The lowest position of the spin box means "no override". Stepping up from it starts at the
    default value rather than at the bottom of the range, which is what one expects.
    """

    def __init__(self, low: int, high: int, suffix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._low = low
        self.setRange(low - 1, high)
        self.setSuffix(suffix)
        self.default_value: int | None = None

    def set_default(self, value: int | None, text: str) -> None:
        self.default_value = value
        self.setSpecialValueText(text)

    def override(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_override(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)

    def stepBy(self, steps: int) -> None:
        if self.value() == self.minimum() and steps > 0 and self.default_value is not None:
            target = max(self._low, self.default_value + steps - 1)
            self.setValue(min(self.maximum(), target))
            return
        super().stepBy(steps)


class ItemForm(QGroupBox):
    """Edits one routine item's own values; `changed` says the person changed one of them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Selected exercise"), parent)
        self._loading = False
        self._item: RoutineItem | None = None
        self._exercise: Exercise | None = None
        details = QFormLayout(self)
        seconds = " " + _tr("s")
        self.hold_spin = OverrideSpin(HOLD_MIN, HOLD_MAX, seconds, self)
        self.reps_spin = OverrideSpin(1, REPS_MAX, "", self)
        self.sets_spin = OverrideSpin(1, SETS_MAX, "", self)
        self.rest_spin = OverrideSpin(0, REST_MAX, seconds, self)
        self.planned_hold = QLabel(self)
        self.planned_hold.setObjectName("planned_hold")
        self.planned_hold.setAccessibleName(_tr("Planned hold"))
        self.planned_hold.setWordWrap(True)
        for spin, name, label, text in (
            (self.hold_spin, "item_hold", _tr("&Hold"),
             _tr("Seconds each hold lasts, before the adjustment in Settings")),
            (self.reps_spin, "item_reps", _tr("&Repetitions"),
             _tr("Repetitions per set, on each side")),
            (self.sets_spin, "item_sets", _tr("&Sets"), _tr("Number of sets")),
            (self.rest_spin, "item_rest", _tr("Res&t between sets"),
             _tr("Seconds of rest after each set")),
        ):
            spin.setObjectName(name)
            spin.setAccessibleName(label.replace("&", ""))
            spin.setAccessibleDescription(
                text + ". " + _tr("The lowest value means the exercise's own default.")
            )
            spin.valueChanged.connect(self._on_value_changed)
            caption = QLabel(label, self)
            caption.setBuddy(spin)
            details.addRow(caption, spin)
            if spin is self.hold_spin:
                details.addRow(QLabel(_tr("Planned hold"), self), self.planned_hold)

    def overrides(self) -> RoutineItem | None:
        """The shown item with the form's values as its own values."""
        if self._item is None or self._exercise is None:
            return None
        return RoutineItem(
            self._item.exercise,
            hold=self.hold_spin.override() if self._exercise.is_held else None,
            reps=self.reps_spin.override(),
            sets=self.sets_spin.override(),
            rest=self.rest_spin.override(),
        )

    def show_item(self, item: RoutineItem | None, exercise: Exercise | None,
                  settings: Settings, editable: bool) -> None:
        """Show `item` (None: nothing selected) with its defaults from `exercise` and Settings."""
        self._loading = True
        try:
            self._show(item, exercise, settings, editable)
        finally:
            self._loading = False

    def _show(self, item: RoutineItem | None, exercise: Exercise | None,
              settings: Settings, editable: bool) -> None:
        self._item, self._exercise = item, exercise
        self.setEnabled(editable and item is not None)
        if item is None or exercise is None:
            for spin in (self.hold_spin, self.reps_spin, self.sets_spin, self.rest_spin):
                spin.set_default(None, _tr("Default"))
                spin.set_override(None)
            self.setTitle(_tr("Selected exercise"))
            self.planned_hold.setText("")
            return
        self.setTitle(exercise.name)
        defaults = resolve_item(RoutineItem(item.exercise), exercise, settings)
        if exercise.is_held and exercise.hold is not None:
            # The default shown is the exercise's own hold, before the adjustment in Settings.
            self.hold_spin.set_default(
                exercise.hold, _tr("Default ({value} s)").format(value=exercise.hold))
            self.hold_spin.setEnabled(editable)
        else:
            self.hold_spin.set_default(None, _tr("No hold (repetitions)"))
            self.hold_spin.setEnabled(False)
        self.reps_spin.set_default(defaults.reps, _tr("Default ({value})").format(
            value=defaults.reps))
        self.sets_spin.set_default(defaults.sets, _tr("Default ({value})").format(
            value=defaults.sets))
        self.rest_spin.set_default(defaults.rest, _tr("Default ({value} s)").format(
            value=defaults.rest))
        self.hold_spin.set_override(item.hold)
        self.reps_spin.set_override(item.reps)
        self.sets_spin.set_override(item.sets)
        self.rest_spin.set_override(item.rest)
        self.planned_hold.setText(hold_meaning(item, exercise, settings) or _tr("No hold"))

    def _on_value_changed(self, _value: int) -> None:
        if not self._loading and self._item is not None:
            self.changed.emit()
