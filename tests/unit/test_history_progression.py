"""Progression rules: more after green runs, less after a session that ended worse."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from backtimer.core.models import HOLD_MAX, Routine, RoutineItem
from backtimer.core.progression import (
    GREEN_STREAK,
    Dose,
    PainCheck,
    SessionFacts,
    apply,
    suggest,
)

GREEN = (PainCheck(2, "continue"), PainCheck(1, "continue"))
DOSES = (Dose("bridge", "Bridge", 6, 8, 2), Dose("cat_cow", "Cat-cow", None, 10, 1),
         Dose("plank", "Plank", 28, 3, 1), Dose("side", "Side plank", 30, 4, 1))


def facts(sid: int, *, routine: str = "core", checks=GREEN, status: str = "completed",
          baseline: int | None = 2, final: int | None = 2, doses=DOSES) -> SessionFacts:
    return SessionFacts(sid, routine, routine.title(), status, baseline, final, checks, doses)


def test_three_green_sessions_in_a_row_suggest_a_little_more():
    [s] = suggest([facts(1), facts(2), facts(3)])
    assert (s.kind, s.routine_id, s.based_on, s.sessions) == ("progress", "core", 3, 3)
    assert [(c.exercise_id, c.field, c.old, c.new) for c in s.changes] == [
        ("bridge", "hold", 6, 11),  # 5 s more
        ("cat_cow", "reps", 10, 12),  # movement reps: two more
        ("plank", "hold", 28, 30),  # capped at 30 s
        ("side", "reps", 4, 5),  # already at 30 s: one more held rep instead
    ]
    assert "Bridge: hold 6 s \u2192 11 s" in s.summary()


def test_two_green_sessions_are_not_yet_enough_and_streak_is_adjustable():
    assert GREEN_STREAK == 3
    assert suggest([facts(1), facts(2)]) == []
    assert suggest([facts(1), facts(2)], streak=2)[0].kind == "progress"


def test_an_amber_check_or_an_unfinished_session_breaks_the_run():
    amber = (PainCheck(4, "caution"),)
    assert suggest([facts(1), facts(2), facts(3, checks=GREEN + amber)]) == []
    assert suggest([facts(1), facts(2, checks=amber), facts(3), facts(4)]) == []
    assert suggest([facts(1), facts(2), facts(3, status="stopped")]) == []
    assert suggest([facts(1), facts(2), facts(3, checks=())]) == []  # no checks: no evidence


def test_green_sessions_of_other_routines_neither_count_nor_break_the_run():
    history = [facts(1), facts(2, routine="walk"), facts(3), facts(4, routine="walk"), facts(5)]
    [s] = suggest(history)
    assert (s.routine_id, s.sessions) == ("core", 3)


def test_a_session_ending_two_points_worse_suggests_a_lighter_plan_first():
    [s] = suggest([facts(1), facts(2), facts(3, baseline=2, final=4)])
    assert s.kind == "lighten"
    assert [(c.exercise_id, c.field, c.old, c.new) for c in s.changes] == [
        ("bridge", "sets", 2, 1), ("cat_cow", "reps", 10, 8), ("plank", "reps", 3, 2),
        ("side", "reps", 4, 3)]
    assert suggest([facts(1, baseline=2, final=3)]) == []  # one point may be noise
    assert suggest([facts(1, baseline=None, final=9)]) == []


def test_a_decided_suggestion_is_not_offered_again_for_the_same_sessions():
    history = [facts(1), facts(2), facts(3)]
    assert suggest(history, {("core", "progress"): 3}) == []
    # Three new green sessions after the decision earn a new suggestion.
    more = [*history, facts(4), facts(5), facts(6)]
    assert suggest(more, {("core", "progress"): 3})[0].based_on == 6
    worse = [facts(1, baseline=1, final=5)]
    assert suggest(worse, {("core", "lighten"): 1}) == []


def test_apply_writes_the_changes_into_the_routine_items():
    routine = Routine("core", "Core", (RoutineItem("bridge"), RoutineItem("cat_cow", reps=10),
                                       RoutineItem("walk")), builtin=True)
    [s] = suggest([facts(1), facts(2), facts(3)])
    changed = apply(routine, s)
    assert changed.items == (RoutineItem("bridge", hold=11), RoutineItem("cat_cow", reps=12),
                             RoutineItem("walk"))
    assert not changed.builtin


doses = st.builds(Dose, st.sampled_from(["a", "b", "c"]), st.just("X"),
                  st.one_of(st.none(), st.integers(5, 30)), st.integers(1, 50),
                  st.integers(1, 10))


@given(st.lists(doses, min_size=1, max_size=6), st.integers(0, 10), st.integers(0, 10))
def test_suggestions_never_exceed_the_bounds(dose_list, baseline, final):
    history = [facts(n, doses=tuple(dose_list), baseline=baseline, final=final)
               for n in range(1, 5)]
    for s in suggest(history):
        for c in s.changes:
            if c.field == "hold":
                assert c.old < c.new <= HOLD_MAX
                assert c.new - c.old <= 5
            elif s.kind == "progress":
                assert c.new - c.old in (1, 2)
                assert c.new <= 50
            else:
                assert 1 <= c.new < c.old
