"""Property-based tests: any actions at any times keep the session valid and on time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.core.events import PhaseEnded, PhaseStarted
from backtimer.core.models import RoutineItem
from backtimer.core.session import Session
from backtimer.core.settings import Settings
from tests.helpers.factories import exercise, library, make_session, plan_of

S = Settings(lead_in=3, rest_between_exercises=5, rest_between_reps=2, rest_between_sets=5,
             switch_side=3, rep_tempo=2.0)
LIB = library(
    exercise("hold_it", hold=7, reps=2),
    exercise("sided", "reps_hold", hold=5, reps=2, per_side=True, sets=2, rest=5),
    exercise("moves", "reps", reps=3),
)
ITEMS = ("hold_it", "sided", RoutineItem("moves", sets=2), "hold_it")
S_GAP = 5.01  # just over the session's max_tick_gap

tick = st.floats(min_value=0.0, max_value=1.5).map(lambda dt: ("tick", dt))
action = st.one_of(
    tick, tick, tick, tick,
    st.sampled_from([("pause",), ("resume",), ("skip",), ("skip_exercise",), ("back",),
                     ("count_rep",), ("report_pain",), ("stop",)]),
    st.integers(min_value=0, max_value=10).map(lambda v: ("answer", v)),
    st.floats(min_value=5.1, max_value=900).map(lambda dt: ("sleep", dt)),
)


def apply(session: Session, clock, act) -> None:
    kind = act[0]
    if kind in ("tick", "sleep"):
        clock.advance(act[1])
        session.tick()
    elif kind == "answer":
        if session.step.kind == "pain_check" and session.state in ("running", "paused"):
            session.answer_pain(act[1])
    else:
        getattr(session, kind)()


def check_invariants(session: Session, events) -> None:
    assert session.state in ("ready", "running", "paused", "ended")
    names = [e.name for e in events]
    assert names[0] == "session_started"
    assert names.count("session_ended") == (1 if session.state == "ended" else 0)
    if session.state == "ended":
        assert names[-1] == "session_ended"
        assert session.status in ("completed", "stopped")
    else:
        step = session.step
        remaining = session.remaining()
        if step.planned is None:
            assert remaining is None
        else:
            assert remaining is not None
            assert -1e-9 <= remaining <= step.planned + 1e-9
        assert not session._is_skipped(step)
    # phases strictly alternate: started, ended, started, ended ...
    open_phase = None
    for e in events:
        if isinstance(e, PhaseStarted):
            assert open_phase is None
            open_phase = e
        elif isinstance(e, PhaseEnded):
            assert open_phase is not None
            assert open_phase.index == e.index
            assert e.kind == open_phase.kind
            if e.reason == "done" and open_phase.planned is not None:
                # a timed phase that ran out took exactly its planned active time
                assert e.active == pytest.approx(open_phase.planned, abs=1e-6)
                assert e.t >= open_phase.t
            open_phase = None
    assert (open_phase is None) == (session.state == "ended")


@settings(max_examples=300, deadline=None)
@given(st.lists(action, max_size=120), st.integers(min_value=0, max_value=6))
def test_any_actions_leave_a_valid_session(actions, baseline):
    session, clock, rec = make_session(plan_of(LIB, *ITEMS, settings=S), baseline=baseline)
    session.start()
    for act in actions:
        apply(session, clock, act)
        check_invariants(session, rec.events)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.floats(min_value=0.05, max_value=2.0), min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(min_value=0, max_value=400),
                       st.floats(min_value=0.0, max_value=600.0), st.booleans()), max_size=6),
)
def test_active_time_equals_planned_time_when_nothing_is_skipped(tick_sizes, pauses):
    """Irregular ticks, pauses of any length and sleeps never change how long phases run."""
    session, clock, rec = make_session(plan_of(LIB, *ITEMS, settings=S), baseline=0)
    pause_at = {n: (length, by_hand) for n, length, by_hand in pauses}
    session.start()
    n = 0
    while session.state != "ended" and n < 20000:
        if n in pause_at and session.state == "running":
            length, by_hand = pause_at[n]
            if by_hand:
                session.pause()
            clock.advance(length if by_hand else length + S_GAP)  # else: the laptop slept
            session.tick()
            session.resume()
        if session.state == "paused":  # paused by a detected sleep
            session.resume()
        if session.step.kind == "pain_check":
            session.answer_pain(0)
        elif session.step.planned is None:
            session.count_rep()
        clock.advance(tick_sizes[n % len(tick_sizes)])
        session.tick()
        n += 1
    assert session.status == "completed"
    planned = sum(s.planned for s in session.plan.steps if s.planned is not None)
    ended = [e for e in rec.events if isinstance(e, PhaseEnded)]
    assert all(e.reason == "done" for e in ended)
    timed_active = sum(e.active for e in ended if e.kind != "pain_check")
    assert timed_active == pytest.approx(planned, abs=1e-6)
