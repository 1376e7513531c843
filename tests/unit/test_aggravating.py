"""What the choices for an exercise that aggravated last time do to a routine."""

from __future__ import annotations

from backtimer.core.aggravating import Choice, apply_choices, lighter_item
from backtimer.core.models import Routine, RoutineItem
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings
from tests.helpers.factories import exercise, library

LIB = library(exercise("bridge", "reps_hold", hold=9, reps=8, sets=2),
              exercise("cat", "reps", reps=6), exercise("tilt", "reps_hold", hold=5, reps=1))
ROUTINE = Routine("r", "R", (RoutineItem("bridge"), RoutineItem("cat", reps=9),
                             RoutineItem("tilt")))


def test_lighter_is_shorter_fewer_and_never_below_the_minimums():
    assert lighter_item(RoutineItem("bridge"), LIB.exercise("bridge")) == RoutineItem(
        "bridge", hold=6, reps=5, sets=1)
    assert lighter_item(RoutineItem("cat", reps=9), LIB.exercise("cat")) == RoutineItem(
        "cat", hold=None, reps=6, sets=1)
    assert lighter_item(RoutineItem("tilt"), LIB.exercise("tilt")) == RoutineItem(
        "tilt", hold=5, reps=1, sets=1)


def test_choices_lighten_or_leave_out_and_the_plan_adds_the_adjustment_once():
    today = apply_choices(ROUTINE, LIB, {"bridge": Choice.LIGHTER, "cat": Choice.LEAVE_OUT})
    assert [i.exercise for i in today.items] == ["bridge", "tilt"]
    plan = build_plan(today, LIB, Settings(hold_adjust=3))
    assert {s.planned for s in plan.steps if s.kind == "hold" and s.exercise == "bridge"} == {9}
    assert apply_choices(ROUTINE, LIB, {}) == ROUTINE
    assert apply_choices(ROUTINE, LIB, {"tilt": Choice.AS_PLANNED}) == ROUTINE
