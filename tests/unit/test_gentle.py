"""Gentle is what a routine asks of the body, not how long the settings make it.

The rule is explained in docs/gentle-routines.md.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from backtimer.core.gentle import GENTLE_MAX_SECONDS, is_gentle, not_gentle_reason
from backtimer.core.library import load_library
from backtimer.core.models import Library, Routine, RoutineItem
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings

LIBRARY = load_library()


def _builtin(routine_id: str) -> Routine:
    return next(r for r in LIBRARY.routines if r.id == routine_id)


def test_gentle_start_stays_gentle_when_settings_lengthen_every_hold() -> None:
    gentle_start = _builtin("gentle_start")
    longer = Settings().replace(hold_adjust=10)
    # The adjusted plan is far beyond the content limit: the old rule dropped it from the offer.
    assert build_plan(gentle_start, LIBRARY, longer).estimated_seconds > GENTLE_MAX_SECONDS
    assert is_gentle(gentle_start, LIBRARY)


def test_the_bundled_routines_that_are_gentle() -> None:
    gentle = {r.id for r in LIBRARY.routines if is_gentle(r, LIBRARY)}
    # The three the research notes list for pain 4-6 (section 7.3), and no others.
    assert gentle == {"gentle_start", "morning_mobility", "evening_wind_down"}


@pytest.mark.parametrize(
    ("routine_id", "reason"),
    [
        ("strength_builder", "Glute bridge strengthens in 3 sets"),
        ("core_stability", "Glute bridge strengthens in 2 sets"),
        ("desk_worker", "Hip hinge is not advised in acute pain"),
    ],
)
def test_strength_routines_are_not_gentle(routine_id: str, reason: str) -> None:
    assert not_gentle_reason(_builtin(routine_id), LIBRARY) == reason


def _one(exercise_id: str, **overrides: int) -> Routine:
    return Routine(id="mine", name="Mine", items=(RoutineItem(exercise_id, **overrides),))


@pytest.mark.parametrize(
    ("exercise_id", "gentle"),
    [
        ("knee_rolls", True),  # mobility
        ("hamstring_stretch_towel", True),  # stretch
        ("press_up_back_extension", True),  # a stretch with a caution tag, not acute pain
        ("glute_bridge", True),  # strengthening, lying on the back, no tags, one set
        ("partial_crunch", False),  # lying on the back but tagged osteoporosis/flexion
        ("bird_dog", False),  # strengthening on hands and knees
        ("plank", False),  # strengthening, prone
        ("wall_sit", False),  # strengthening, standing
        ("superman", False),  # acute_pain tag
        ("roll_up", False),  # acute_pain tag
    ],
)
def test_each_kind_of_exercise(exercise_id: str, gentle: bool) -> None:
    assert is_gentle(_one(exercise_id), LIBRARY) is gentle


def test_a_second_set_of_strengthening_is_not_gentle_but_of_a_stretch_is() -> None:
    assert not is_gentle(_one("glute_bridge", sets=2), LIBRARY)
    assert is_gentle(_one("knee_rolls", sets=2), LIBRARY)


def test_too_much_content_is_not_gentle_whatever_the_settings() -> None:
    long = Routine(id="long", name="Long", items=tuple(
        RoutineItem("hamstring_stretch_towel", hold=30, reps=10) for _ in range(4)))
    reason = not_gentle_reason(long, LIBRARY)
    assert reason is not None
    assert reason.startswith("it takes about")


def test_an_empty_routine_is_not_gentle() -> None:
    assert not is_gentle(Routine(id="e", name="E", items=()), LIBRARY)


def test_the_answer_ignores_the_library_routines_it_sits_beside() -> None:
    bare = Library(exercises=LIBRARY.exercises)
    assert is_gentle(replace(_builtin("gentle_start"), builtin=False), bare)
