"""The form for the selected exercise of a routine: its own hold, reps, sets and rest.

Three meanings of a hold are kept apart: the exercise's default, the routine item's own value
(what this form edits and what is saved) and the planned value, the own value plus the adjustment
from Settings, clamped to 5-30 s. Only `core.plan.resolve_item` computes the planned value; the
form and the exercise list show it with its meaning, e.g. "10 s (7 s + 3 s from Settings)".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QSpinBox, QWidget

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


@dataclass(frozen=True)
class HoldParts:
    """A planned hold and what it is made of: the item's own value and the Settings adjustment."""

    planned: int
    own: int
    adjust: int

    @property
    def kept_in_range(self) -> bool:
        """True when the 5-30 s bounds changed the sum (the plan clamps it)."""
        return self.planned != self.own + self.adjust

    def sum_text(self) -> str:
        """"7 s + 3 s" (the own value and the adjustment), or "" without an adjustment."""
        if self.adjust == 0:
            return ""
        sign = "+" if self.adjust > 0 else "\u2212"
        return _tr("{own} s {sign} {adjust} s").format(
            own=self.own, sign=sign, adjust=abs(self.adjust))


def hold_parts(item: RoutineItem, exercise: Exercise, settings: Settings) -> HoldParts | None:
    """The planned hold (always the plan's own figure, `resolve_item`) and its parts, or None."""
    planned = resolve_item(item, exercise, settings).hold
    own = item.hold if item.hold is not None else exercise.hold
    if planned is None or own is None:
        return None
    return HoldParts(planned, own, settings.hold_adjust)


def hold_meaning(item: RoutineItem, exercise: Exercise, settings: Settings) -> str | None:
    """"10 s (7 s + 3 s from Settings)", "7 s" without an adjustment, None for no hold."""
    parts = hold_parts(item, exercise, settings)
    if parts is None:
        return None
    if parts.adjust == 0:
        return _tr("{planned} s").format(planned=parts.planned)
    why = _tr("{sum} from Settings").format(sum=parts.sum_text())
    if parts.kept_in_range:
        why += ", " + _tr("kept within {low}\u2013{high} s").format(low=HOLD_MIN, high=HOLD_MAX)
    return _tr("{planned} s ({why})").format(planned=parts.planned, why=why)


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
        # Two pairs a row, so the form stays short at a large text size.
        details = QGridLayout(self)
        seconds = " " + _tr("s")
        self.hold_spin = OverrideSpin(HOLD_MIN, HOLD_MAX, seconds, self)
        self.reps_spin = OverrideSpin(1, REPS_MAX, "", self)
        self.sets_spin = OverrideSpin(1, SETS_MAX, "", self)
        self.rest_spin = OverrideSpin(0, REST_MAX, seconds, self)
        self.planned_hold = QLabel(self)
        self.planned_hold.setObjectName("planned_hold")
        self.planned_hold.setAccessibleName(_tr("Planned hold"))
        self.planned_hold.setWordWrap(True)
        spins: list[tuple[QLabel, OverrideSpin]] = []
        for spin, name, label, text in (
            (self.hold_spin, "item_hold", _tr("&Hold"),
             _tr("Seconds each hold lasts, before the adjustment in Settings")),
            (self.reps_spin, "item_reps", _tr("&Reps"),
             _tr("Repetitions per set, on each side")),
            (self.sets_spin, "item_sets", _tr("&Sets"), _tr("Number of sets")),
            (self.rest_spin, "item_rest", _tr("Res&t"),
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
            spins.append((caption, spin))
        for index, (caption, spin) in enumerate(spins):
            row, column = divmod(index, 2)
            details.addWidget(caption, row, 2 * column)
            details.addWidget(spin, row, 2 * column + 1)
        details.addWidget(QLabel(_tr("Planned hold"), self), 2, 0)
        details.addWidget(self.planned_hold, 2, 1, 1, 3)
        details.setColumnStretch(1, 1)
        details.setColumnStretch(3, 1)
        self.reps_spin.setAccessibleName(_tr("Repetitions"))
        self.rest_spin.setAccessibleName(_tr("Rest between sets"))
        self._fit_spins()

    def _fit_spins(self) -> None:
        """Each spin box at least as wide as its widest text, so none is ever cut or squeezed.

        Measured once per text size (here and on a font change), not per exercise, so the
        columns never jump when the selection moves.
        """
        for spin, widest in (
            (self.hold_spin, _tr("Default ({value} s)").format(value=HOLD_MAX)),
            (self.reps_spin, _tr("Default ({value})").format(value=REPS_MAX)),
            (self.sets_spin, _tr("Default ({value})").format(value=SETS_MAX)),
            (self.rest_spin, _tr("Default ({value} s)").format(value=REST_MAX)),
        ):
            shown = spin.specialValueText()
            spin.setSpecialValueText(widest)
            spin.setMinimumWidth(spin.sizeHint().width())
            spin.setSpecialValueText(shown)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_spins()
        super().changeEvent(event)

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
            self.hold_spin.set_default(None, _tr("No hold"))
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
