"""Exercises that made the pain worse last time, and what the person chose to do about them.

The pain rules (docs/pain-rules.md) leave an exercise when it aggravates. That is remembered: the
next session that contains the exercise says so before it starts and offers a lighter dose or
leaving it out for now; whatever is chosen is recorded. This module is the pure part: the choices
and what each one does to a routine. Which exercises count as aggravating is read from the
history by the storage layer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from enum import StrEnum

from backtimer.core.models import HOLD_MIN, Exercise, Library, Routine, RoutineItem

# How much lighter "lighter" is: about two thirds of the hold and the reps, one set fewer. A dose
# step of this size is a design choice (docs/pain-rules.md, "Rules that remember").
LIGHTER_FACTOR = 2 / 3


class Choice(StrEnum):
    """What the person chose for an exercise that aggravated last time."""

    LIGHTER = "lighter"  # a lighter dose this session
    LEAVE_OUT = "leave_out"  # not this session
    AS_PLANNED = "as_planned"  # the usual dose


def lighter_item(item: RoutineItem, exercise: Exercise) -> RoutineItem:
    """The item with a shorter hold, fewer reps and one set fewer (never below the minimums).

    Works on the item's own values (or the exercise's defaults); the settings' hold adjustment is
    still added by the plan, once.
    """
    hold = item.hold if item.hold is not None else exercise.hold
    reps = item.reps if item.reps is not None else exercise.reps
    sets = item.sets if item.sets is not None else exercise.sets
    return dataclasses.replace(
        item,
        hold=None if hold is None else max(HOLD_MIN, round(hold * LIGHTER_FACTOR)),
        reps=max(1, round(reps * LIGHTER_FACTOR)),
        sets=max(1, sets - 1),
    )


def apply_choices(routine: Routine, library: Library, choices: Mapping[str, Choice]) -> Routine:
    """The routine as it runs today: aggravating exercises lightened or left out, as chosen.

    A routine with every exercise left out cannot run; the caller offers the choice again.
    """
    items: list[RoutineItem] = []
    for item in routine.items:
        choice = choices.get(item.exercise, Choice.AS_PLANNED)
        if choice == Choice.LEAVE_OUT:
            continue
        if choice == Choice.LIGHTER:
            item = lighter_item(item, library.exercise(item.exercise))
        items.append(item)
    return dataclasses.replace(routine, items=tuple(items))
