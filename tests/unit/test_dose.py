"""The dose and the equipment in words, as the sheet and the routine preview print them."""

from __future__ import annotations

import dataclasses

from backtimer.core.dose import dose_in_words, equipment_phrase, equipment_word, guidance_phrase
from backtimer.core.library import load_library
from backtimer.core.models import RoutineItem
from backtimer.core.plan import resolve_item
from backtimer.core.settings import Settings
from tests.helpers.factories import exercise


def words(item: RoutineItem, ex_mode: str = "reps_hold", settings: Settings | None = None,
          **fields: object) -> str:
    ex = exercise(item.exercise, ex_mode, **fields)  # type: ignore[arg-type]
    settings = settings or Settings()
    return dose_in_words(resolve_item(item, ex, settings), settings)


def test_held_reps_with_sets_and_rests() -> None:
    assert words(RoutineItem("bridge", hold=6, reps=8, sets=2, rest=30)) == (
        "2 sets \u00d7 8 reps, hold each 6 s. Rest 5 s between reps, 30 s between sets.")


def test_timed_holds_each_side() -> None:
    assert words(RoutineItem("knee", hold=15), "hold", reps=2, per_side=True) == (
        "2 holds of 15 s each side. Rest 5 s between holds.")
    assert words(RoutineItem("plank"), "hold", hold=15, reps=1, sets=3, rest=20) == (
        "3 sets \u00d7 1 hold of 15 s. Rest 20 s between sets.")


def test_movement_reps_follow_the_tempo_or_the_person() -> None:
    assert words(RoutineItem("cat"), "reps", reps=8) == "8 reps, about 4 s each."
    paced = Settings().replace(user_paced_reps=True)
    assert words(RoutineItem("cat"), "reps", paced, reps=1) == "1 rep, at your own pace."


def test_settings_change_the_words_as_they_change_the_plan() -> None:
    slower = Settings().replace(hold_adjust=4, rest_between_reps=10, rest_between_sets=45)
    assert words(RoutineItem("bridge", sets=2), settings=slower, hold=6, reps=8) == (
        "2 sets \u00d7 8 reps, hold each 10 s. Rest 10 s between reps, 45 s between sets.")


def test_equipment_once_each_in_order_of_need() -> None:
    mat = exercise("a")
    towel = dataclasses.replace(exercise("b"), equipment=("mat", "towel"))
    wall = dataclasses.replace(exercise("c"), equipment=("wall",))
    assert equipment_phrase([mat, towel, wall, mat]) == "a mat, a towel or strap, a wall"
    assert equipment_phrase([dataclasses.replace(mat, equipment=())]) == (
        "nothing but a little floor space")
    assert equipment_word("exercise_band") == "an exercise band"
    assert equipment_word("foam_block") == "a foam block"


def test_every_equipment_of_the_library_has_words() -> None:
    library = load_library()
    for ex in library.exercises.values():
        for item in ex.equipment:
            assert equipment_word(item).strip(), (ex.id, item)


def test_guidance_is_named_in_full_and_unknown_names_pass_through() -> None:
    ex = dataclasses.replace(exercise("a"), sources=("Mayo", "ours", "Physio Smith 2024"))
    assert guidance_phrase(ex) == (
        "Mayo Clinic, a cautious default (no published number), Physio Smith 2024")
    assert guidance_phrase(dataclasses.replace(ex, sources=())) == ""
