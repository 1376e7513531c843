from __future__ import annotations

import pytest

from backtimer.core.models import RoutineItem
from backtimer.core.plan import PAIN_CHECK_ESTIMATE
from backtimer.core.settings import Settings
from tests.helpers.factories import exercise, library, plan_of

SETTINGS = Settings(lead_in=10, rest_between_exercises=15, rest_between_reps=5,
                    rest_between_sets=30, switch_side=8, rep_tempo=4.0)


def kinds(plan):
    return [s.kind for s in plan.steps]


def test_hold_mode_has_rests_between_held_reps_and_a_pain_check():
    plan = plan_of(library(exercise("stretch", hold=20, reps=2)), "stretch", settings=SETTINGS)
    assert kinds(plan) == ["prepare", "hold", "rest", "hold", "pain_check"]
    assert [s.planned for s in plan.steps] == [10, 20, 5, 20, None]
    assert plan.estimated_seconds == 10 + 20 + 5 + 20 + PAIN_CHECK_ESTIMATE


def test_per_side_runs_the_whole_item_on_each_side():
    lib = library(exercise("bird", "reps_hold", hold=5, reps=2, per_side=True))
    plan = plan_of(lib, "bird", settings=SETTINGS)
    rep = ["lift", "hold", "lower"]
    assert kinds(plan) == ["prepare", *rep, "rest", *rep, "switch_side", *rep, "rest", *rep,
                           "pain_check"]
    assert [s.side for s in plan.steps[:-1]] == ["left"] * 8 + ["right"] * 8


def test_sets_rest_between_sets_and_item_overrides():
    lib = library(exercise("bridge", "reps_hold", hold=6, reps=2, sets=1))
    plan = plan_of(lib, RoutineItem("bridge", hold=8, reps=1, sets=3, rest=40), settings=SETTINGS)
    rep = ["lift", "hold", "lower"]
    assert kinds(plan) == ["prepare", *rep, "rest", *rep, "rest", *rep, "pain_check"]
    moves = [2, 8, 2]
    assert [s.planned for s in plan.steps] == [10, *moves, 40, *moves, 40, *moves, None]
    assert [s.set for s in plan.steps[1:9]] == [1, 1, 1, 2, 2, 2, 2, 3]


def test_a_held_rep_is_lift_hold_lower_timed_from_the_settings_and_estimated():
    lib = library(exercise("bridge", "reps_hold", hold=6, reps=2))
    settings = SETTINGS.replace(lift_seconds=3.0, lower_seconds=1.5)
    plan = plan_of(lib, "bridge", settings=settings)
    assert kinds(plan) == ["prepare", "lift", "hold", "lower", "rest", "lift", "hold", "lower",
                           "pain_check"]
    assert [s.planned for s in plan.steps] == [10, 3.0, 6, 1.5, 5, 3.0, 6, 1.5, None]
    assert [s.rep for s in plan.steps[1:8]] == [1, 1, 1, 2, 2, 2, 2]
    assert plan.estimated_seconds == 10 + 2 * (3.0 + 6 + 1.5) + 5 + PAIN_CHECK_ESTIMATE


def test_reps_mode_app_paced_and_user_paced():
    lib = library(exercise("crunch", "reps", reps=3))
    paced = plan_of(lib, "crunch", settings=SETTINGS)
    assert kinds(paced) == ["prepare", "rep", "rep", "rep", "pain_check"]
    assert [s.rep for s in paced.steps[1:4]] == [1, 2, 3]
    assert all(s.planned == 4.0 for s in paced.steps[1:4])
    own = plan_of(lib, "crunch", settings=SETTINGS.replace(user_paced_reps=True))
    assert all(s.planned is None for s in own.steps[1:4])
    # user-paced reps still count in the estimate at the tempo
    assert own.estimated_seconds == paced.estimated_seconds


def test_second_exercise_gets_time_to_get_into_position():
    lib = library(exercise("a", reps=1), exercise("b", reps=1))
    plan = plan_of(lib, "a", "b", settings=SETTINGS)
    assert kinds(plan) == ["prepare", "hold", "pain_check", "prepare", "hold", "pain_check"]
    assert [s.planned for s in plan.steps] == [10, 10, None, 15, 10, None]
    assert plan.item_start(1) == 3
    assert plan.item_end(0) == 3


def test_fewer_pain_checks_is_never_none():
    """Switching "after every exercise" off asks after every second exercise and the last."""
    lib = library(*(exercise(x, reps=1) for x in "abcde"))
    plan = plan_of(lib, *"abcde", settings=SETTINGS.replace(pain_checks=False))
    checked = [s.exercise for s in plan.steps if s.kind == "pain_check"]
    assert checked == ["b", "d", "e"]
    single = plan_of(lib, "a", settings=SETTINGS.replace(pain_checks=False))
    assert [s.kind for s in single.steps][-1] == "pain_check"


@pytest.mark.parametrize(("adjust", "base", "expected"), [(5, 28, 30), (-10, 12, 5), (3, 10, 13)])
def test_hold_adjust_is_clamped_to_5_30(adjust, base, expected):
    lib = library(exercise("s", hold=base, reps=1))
    plan = plan_of(lib, "s", settings=SETTINGS.replace(hold_adjust=adjust))
    assert plan.steps[1].planned == expected
