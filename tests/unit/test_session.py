"""The session engine driven by a fake clock: timing, controls, sleep, and pain decisions."""

from __future__ import annotations

import pytest

from backtimer.core.models import RoutineItem
from backtimer.core.session import SessionError
from backtimer.core.settings import Settings
from tests.helpers.factories import exercise, library, make_session, plan_of, run_for

S = Settings(lead_in=5, rest_between_exercises=5, rest_between_reps=3, rest_between_sets=10,
             switch_side=4, rep_tempo=2.0)


def phases(rec):
    return [(e.kind, e.index) for e in rec.named("phase_started")]


def ended(rec):
    return [(e.kind, e.reason) for e in rec.named("phase_ended")]


def two_exercises(**kw):
    lib = library(exercise("stretch", hold=10, reps=2), exercise("crunch", "reps", reps=2))
    return plan_of(lib, "stretch", "crunch", settings=kw.pop("settings", S))


def test_runs_a_whole_routine_on_time_and_completes():
    session, clock, rec = make_session(two_exercises())
    t0 = clock.now
    session.start()
    run_for(session, clock, 5 + 10 + 3 + 10)
    assert session.step.kind == "pain_check"
    assert clock.now - t0 == pytest.approx(28)
    session.answer_pain(0)
    run_for(session, clock, 5 + 2 + 2)
    session.answer_pain(1)
    assert session.state == "ended"
    assert session.status == "completed"
    assert rec.names()[0] == "session_started"
    assert rec.named("session_ended")[0].status == "completed"
    kinds = [k for k, _ in phases(rec)]
    assert kinds == ["prepare", "hold", "rest", "hold", "pain_check", "prepare", "rep", "rep",
                     "pain_check"]
    assert all(reason == "done" for _, reason in ended(rec))


def test_display_counts_down_each_second_boundary():
    lib = library(exercise("s", hold=5, reps=1))
    session, clock, rec = make_session(plan_of(lib, "s", settings=S))
    session.start()
    run_for(session, clock, 5)  # the lead-in
    values = [e.value for e in rec.named("display")]
    assert values == [5, 4, 3, 2, 1, 5]  # lead-in 5..1, then the hold shows 5
    start = clock.now
    run_for(session, clock, 2.05, step=0.05)
    shown = [(round(e.t - start, 2), e.value) for e in rec.named("display")[6:]]
    assert shown == [(1.0, 4), (2.0, 3)]


def test_late_tick_does_not_lengthen_the_hold_or_shift_the_next_phase():
    lib = library(exercise("s", hold=10, reps=2))
    session, clock, rec = make_session(plan_of(lib, "s", settings=S))
    session.start()
    run_for(session, clock, 5)
    hold_start = clock.now
    run_for(session, clock, 9.9)
    clock.advance(0.8)  # the tick due at the deadline arrives 0.7 s late
    session.tick()
    end = rec.named("phase_ended")[-1]
    assert (end.kind, end.reason) == ("hold", "done")
    assert end.active == pytest.approx(10.0)
    # the rest began at the hold's deadline, so 0.7 s of it are already gone
    assert session.step.kind == "rest"
    assert session.remaining() == pytest.approx(3 - 0.7)
    assert session.next_wakeup() == pytest.approx(hold_start + 10 + 1)


def test_pause_excludes_paused_time_and_resume_keeps_remaining():
    lib = library(exercise("s", hold=10, reps=1))
    session, clock, rec = make_session(plan_of(lib, "s", settings=S))
    session.start()
    run_for(session, clock, 5 + 4)
    session.pause()
    assert session.state == "paused"
    clock.advance(120)
    session.tick()
    assert session.remaining() == pytest.approx(6)
    assert session.step.kind == "hold"
    session.resume()
    run_for(session, clock, 6)
    hold_end = next(e for e in rec.named("phase_ended") if e.kind == "hold")
    assert hold_end.reason == "done"
    assert hold_end.active == pytest.approx(10)
    assert rec.names().count("paused") == 1
    assert rec.names().count("resumed") == 1


def test_clock_jump_pauses_where_the_machine_slept():
    lib = library(exercise("s", hold=20, reps=1))
    session, clock, rec = make_session(plan_of(lib, "s", settings=S))
    session.start()
    run_for(session, clock, 5 + 8)
    clock.advance(300)  # laptop lid closed for five minutes
    session.tick()
    assert session.state == "paused"
    assert rec.named("paused")[-1].reason == "sleep"
    assert session.step.kind == "hold"
    assert session.remaining() == pytest.approx(12, abs=0.11)
    session.resume()
    run_for(session, clock, 12.2)
    hold_end = next(e for e in rec.named("phase_ended") if e.kind == "hold")
    assert hold_end.active == pytest.approx(20, abs=0.11)


def test_skip_moves_to_next_phase_and_skip_exercise_leaves_the_item():
    session, _clock, rec = make_session(two_exercises())
    session.start()
    session.skip()
    assert session.step.kind == "hold"
    assert ended(rec)[-1] == ("prepare", "skipped")
    session.skip_exercise()
    assert session.step.kind == "prepare"
    assert session.step.exercise == "crunch"


def test_back_goes_to_start_of_exercise_then_to_previous_one():
    session, clock, rec = make_session(two_exercises())
    session.start()
    run_for(session, clock, 5 + 10 + 1)  # in the rest between holds of the first exercise
    session.back()
    assert (session.step.kind, session.step.index) == ("prepare", 0)
    assert ended(rec)[-1] == ("rest", "back")
    session.skip_exercise()  # past the first exercise and its pain check
    assert (session.step.kind, session.step.exercise) == ("prepare", "crunch")
    session.back()  # already at the start of crunch: back to the previous exercise
    assert (session.step.kind, session.step.exercise) == ("prepare", "stretch")
    session.back()  # at the very first step: stays there
    assert session.step.index == 0


def test_back_from_the_pain_check_repeats_the_exercise():
    session, clock, _rec = make_session(two_exercises())
    session.start()
    run_for(session, clock, 28)
    assert session.step.kind == "pain_check"
    session.back()
    assert (session.step.kind, session.step.exercise) == ("prepare", "stretch")


def test_stop_ends_the_phase_and_the_session():
    session, clock, rec = make_session(two_exercises())
    session.start()
    run_for(session, clock, 7)
    session.stop()
    assert ended(rec)[-1] == ("hold", "stopped")
    assert session.status == "stopped"
    assert rec.named("session_ended")[0].status == "stopped"
    session.tick()
    session.skip()
    assert rec.names()[-1] == "session_ended"  # nothing happens after the end


def test_user_paced_reps_wait_for_a_key():
    lib = library(exercise("crunch", "reps", reps=2))
    session, clock, _rec = make_session(plan_of(lib, "crunch",
                                               settings=S.replace(user_paced_reps=True)))
    session.start()
    run_for(session, clock, 5 + 60)
    assert (session.step.kind, session.step.rep) == ("rep", 1)
    assert session.display_value() is None
    session.count_rep()
    session.count_rep()
    assert session.step.kind == "pain_check"


def test_answering_is_only_possible_in_a_pain_check():
    session, _clock, _rec = make_session(two_exercises())
    session.start()
    with pytest.raises(SessionError):
        session.answer_pain(3)
    with pytest.raises(ValueError, match="0 to 10"):
        session.pain.rate(11)


def test_skip_decision_drops_later_occurrences_of_that_exercise():
    lib = library(exercise("bridge", hold=5, reps=1), exercise("tilt", hold=5, reps=1))
    plan = plan_of(lib, "bridge", "tilt", "bridge", settings=S)
    session, clock, rec = make_session(plan, baseline=2)
    session.start()
    run_for(session, clock, 10)
    result = session.answer_pain(4)
    assert result.decision == "skip_exercise"
    assert rec.named("pain_rated")[0].message == (
        "Bridge made the pain rise by two points: it is left out for the rest of this session.")
    run_for(session, clock, 10)
    assert session.step.kind == "pain_check"
    assert session.step.exercise == "tilt"
    session.answer_pain(4)  # still two above the start at the next check: stop
    assert session.status == "stopped"
    assert "still two points above" in rec.named("session_ended")[0].message


def test_skipped_exercise_is_not_run_again():
    lib = library(exercise("bridge", hold=5, reps=1), exercise("tilt", hold=5, reps=1))
    plan = plan_of(lib, "bridge", "tilt", "bridge", settings=S)
    session, clock, rec = make_session(plan, baseline=2)
    session.start()
    run_for(session, clock, 10)
    session.answer_pain(4)  # skip bridge
    run_for(session, clock, 10)
    session.answer_pain(3)  # tilt fine
    assert session.status == "completed"
    started = [(e.kind, e.exercise) for e in rec.named("phase_started")]
    assert started.count(("hold", "bridge")) == 1


def test_this_hurts_interrupts_and_always_leaves_the_exercise():
    """Even with no rise: an exercise that hurts is not done on (docs/pain-rules.md)."""
    lib = library(exercise("s", hold=10, reps=1), exercise("t", hold=5, reps=1))
    session, clock, rec = make_session(plan_of(lib, "s", "t", settings=S), baseline=2)
    session.start()
    run_for(session, clock, 5 + 6)
    session.report_pain()
    assert session.step.kind == "pain_check"
    assert ended(rec)[-1] == ("hold", "skipped")
    assert session.answer_pain(3).decision == "skip_exercise"  # rise of one, but it hurt
    assert (session.step.kind, session.step.exercise) == ("prepare", "t")
    assert rec.named("pain_rated")[0].message == "Leaving S: it hurt."


def test_the_end_message_names_what_was_left_out_and_why():
    lib = library(exercise("a", hold=5, reps=1), exercise("b", hold=5, reps=1),
                  exercise("c", hold=5, reps=1))
    session, clock, rec = make_session(plan_of(lib, "a", "b", "c", settings=S), baseline=1)
    session.start()
    run_for(session, clock, 3)
    session.report_pain()
    session.answer_pain(1)  # "this hurts" on a: left for pain
    session.skip_exercise()  # b's prepare: skipped by the person
    while session.state == "running":
        if session.step.kind == "pain_check":
            session.answer_pain(1)
        else:
            run_for(session, clock, 1)
    assert session.status == "completed"
    assert rec.named("session_ended")[0].message == (
        "Session finished, with A left out because of pain and B skipped by you.")


def test_a_session_with_everything_done_is_complete():
    lib = library(exercise("a", hold=5, reps=1))
    session, clock, rec = make_session(plan_of(lib, "a", settings=S), baseline=1)
    session.start()
    run_for(session, clock, 20)
    session.answer_pain(1)
    assert rec.named("session_ended")[0].message == "Session complete."


def test_this_hurts_with_a_skip_decision_leaves_the_exercise():
    lib = library(exercise("s", hold=10, reps=3), exercise("t", hold=5, reps=1))
    session, clock, _rec = make_session(plan_of(lib, "s", "t", settings=S), baseline=1)
    session.start()
    run_for(session, clock, 5 + 4)
    session.report_pain()
    assert session.answer_pain(3).decision == "skip_exercise"
    assert (session.step.kind, session.step.exercise) == ("prepare", "t")


@pytest.mark.parametrize(
    ("baseline", "rating", "decision", "status"),
    [
        (2, 2, "continue", "running"),
        (4, 5, "caution", "running"),
        (2, 4, "skip_exercise", "running"),
        (2, 5, "stop_session", "ended"),
        (1, 7, "stop_session", "ended"),
    ],
)
def test_each_pain_decision_is_acted_on(baseline, rating, decision, status):
    session, clock, rec = make_session(two_exercises(), baseline=baseline)
    session.start()
    run_for(session, clock, 28)
    result = session.answer_pain(rating)
    assert result.decision == decision
    assert session.state == status
    assert rec.named("pain_rated")[0].decision == decision


def test_emergency_stops_with_urgent_care_text():
    session, clock, rec = make_session(two_exercises(), baseline=1)
    session.start()
    run_for(session, clock, 28)
    session.answer_pain(3, red_flag=True)
    assert session.status == "stopped"
    assert "emergency" in rec.named("session_ended")[0].message


def test_paused_then_skip_starts_next_phase_paused():
    session, clock, _rec = make_session(two_exercises())
    session.start()
    session.pause()
    session.skip()
    assert session.state == "paused"
    assert session.step.kind == "hold"
    clock.advance(50)
    session.tick()
    assert session.remaining() == pytest.approx(10)


def test_time_left_counts_down_and_drops_skipped_items():
    session, clock, _rec = make_session(two_exercises())
    total = session.plan.estimated_seconds
    session.start()
    assert session.time_left() == pytest.approx(total)
    run_for(session, clock, 7)
    assert session.time_left() == pytest.approx(total - 7)
    with pytest.raises(SessionError):
        session.start()


def test_override_items_flow_through_to_the_session():
    lib = library(exercise("s", hold=10, reps=1))
    session, clock, _rec = make_session(plan_of(lib, RoutineItem("s", hold=25), settings=S))
    session.start()
    run_for(session, clock, 5)
    assert session.remaining() == pytest.approx(25)
