"""HistoryRecorder on a real Session's bus with a fake clock: what lands in SQLite, and when."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backtimer.core.settings import Settings
from backtimer.storage.history import HistoryStore
from backtimer.storage.recorder import HistoryRecorder
from tests.helpers.factories import exercise, library, make_session, plan_of, run_for

S = Settings(lead_in=5, rest_between_exercises=5, rest_between_reps=3, rest_between_sets=10,
             switch_side=4, rep_tempo=2.0)


class Wall:
    """A wall clock that follows the fake monotonic clock."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.t0 = clock.now
        self.base = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.base + timedelta(seconds=round(self.clock.now - self.t0))


@pytest.fixture
def store(tmp_path: Path):
    with HistoryStore.open(tmp_path / "history.sqlite3") as s:
        yield s


def recorded(store, *names, baseline=2, settings=S, **ex):
    """A session over exercises `names` (defaults overridable per name), recorded into `store`."""
    lib = library(
        exercise("stretch", hold=10, reps=2, per_side=True),
        exercise("bridge", hold=5, reps=2, sets=2),
        exercise("crunch", "reps", reps=3),
    )
    plan = plan_of(lib, *names, settings=settings)
    session, clock, _ = make_session(plan, baseline=baseline)
    recorder = HistoryRecorder(store, plan, clock, baseline, wall=Wall(clock))
    session.bus.subscribe(recorder.on_event)
    return session, clock, recorder


def run_to_end(session, clock, pain=2):
    while session.state != "ended":
        run_for(session, clock, 0.5)
        if session.step.kind == "pain_check":
            session.answer_pain(pain)


def run_until(session, clock, predicate, limit=600):
    for _ in range(int(limit / 0.1)):
        if predicate(session):
            return
        run_for(session, clock, 0.1)
    raise AssertionError("condition never reached")


def outcomes(store, sid):
    return [(s.exercise_id, s.side, s.set_no, s.reps_done, s.skipped, s.skip_reason)
            for s in store.steps(sid)]


def test_a_completed_session_has_one_row_per_set_and_side(store):
    session, clock, rec = recorded(store, "stretch", "bridge", "crunch")
    session.start()
    run_to_end(session, clock, pain=2)
    sid = rec.session_id
    assert outcomes(store, sid) == [
        ("stretch", "left", 1, 2, False, None),
        ("stretch", "right", 1, 2, False, None),
        ("bridge", None, 1, 2, False, None),
        ("bridge", None, 2, 2, False, None),
        ("crunch", None, 1, 3, False, None),
    ]
    steps = store.steps(sid)
    assert [(s.hold_planned, s.hold_actual) for s in steps[:3]] == [(10, 10), (10, 10), (5, 5)]
    assert steps[4].hold_planned is None
    assert steps[4].hold_actual is None
    s = store.session(sid)
    assert (s.status, s.baseline_pain, s.final_pain) == ("completed", 2, 2)
    assert (s.exercises_planned, s.exercises_done) == (3, 3)
    assert s.done_seconds == pytest.approx(session.plan.estimated_seconds - 3 * 10, abs=1)
    assert s.planned_seconds == pytest.approx(session.plan.estimated_seconds)
    assert s.end_message == "Session complete."
    assert [(p.value, p.decision, p.exercise_id, p.item) for p in store.pain_ratings(sid)] == [
        (2, "continue", "stretch", 0), (2, "continue", "bridge", 1), (2, "continue", "crunch", 2)]
    assert rec.errors == 0


def test_each_set_is_committed_when_it_ends_not_at_the_end_of_the_session(store):
    session, clock, _ = recorded(store, "bridge")
    other = sqlite3.connect(store.path)
    session.start()

    def count():
        return other.execute("SELECT count(*) FROM steps").fetchone()[0]

    assert other.execute("SELECT status FROM sessions").fetchone() == ("open",)
    run_until(session, clock, lambda s: s.step.kind == "rest" and s.step.set == 2)
    assert count() == 1  # set 1 is on disk the moment the rest before set 2 begins
    run_until(session, clock, lambda s: s.step.kind == "pain_check")
    assert count() == 2
    session.answer_pain(5)
    rating = other.execute("SELECT value, decision FROM pain_ratings").fetchone()
    assert rating == (5, "stop_session")
    assert other.execute("SELECT status FROM sessions").fetchone() == ("stopped",)
    other.close()


def test_skipping_reps_and_a_whole_exercise_is_recorded_as_the_persons_choice(store):
    session, clock, rec = recorded(store, "bridge", "crunch")
    session.start()
    run_until(session, clock, lambda s: s.step.kind == "hold")
    session.skip()  # rep 1 of set 1 skipped
    run_until(session, clock, lambda s: s.step.kind == "hold" and s.step.set == 2)
    session.skip_exercise()  # the rest of the bridge
    run_to_end(session, clock)
    assert outcomes(store, rec.session_id) == [
        ("bridge", None, 1, 1, True, "user"),
        ("bridge", None, 2, 0, True, "user"),
        ("crunch", None, 1, 3, False, None),
    ]
    assert store.session(rec.session_id).exercises_done == 1


def test_this_hurts_then_skip_marks_the_set_and_the_rest_of_the_exercise_as_pain(store):
    session, clock, rec = recorded(store, "stretch", "crunch", baseline=1)
    session.start()
    run_until(session, clock, lambda s: s.step.kind == "hold" and s.step.rep == 2)
    session.report_pain()
    assert session.step.kind == "pain_check"
    result = session.answer_pain(3)  # two points above the baseline: skip the exercise
    assert result.decision == "skip_exercise"
    run_to_end(session, clock, pain=1)
    assert outcomes(store, rec.session_id) == [
        ("stretch", "left", 1, 1, True, "pain"),
        ("stretch", "right", 1, 0, True, "pain"),
        ("crunch", None, 1, 3, False, None),
    ]
    pains = store.pain_ratings(rec.session_id)
    assert [(p.value, p.decision, p.item) for p in pains] == [
        (3, "skip_exercise", 0), (1, "continue", 1)]
    assert pains[0].message.startswith("Leaving Stretch")
    summary = {e.exercise_id: e for e in store.exercise_summary()}
    assert summary["stretch"].sessions_skipped_for_pain == 1
    assert summary["crunch"].sessions_skipped_for_pain == 0


def test_this_hurts_on_the_last_rep_leaves_the_set_with_two_reps_for_pain(store):
    session, clock, rec = recorded(store, "crunch")
    session.start()
    run_until(session, clock, lambda s: s.step.kind == "rep" and s.step.rep == 3)
    session.report_pain()
    session.answer_pain(0)  # no rise, but "this hurts" always leaves the exercise
    run_to_end(session, clock)
    assert outcomes(store, rec.session_id) == [("crunch", None, 1, 2, True, "pain")]


def test_going_back_and_redoing_a_set_updates_its_row(store):
    session, clock, rec = recorded(store, "bridge", "crunch")
    session.start()
    run_until(session, clock, lambda s: s.step.kind == "hold" and s.step.set == 2)
    for _ in range(3):
        session.skip()  # hold, rest, hold: set 2 ends with both reps skipped
    run_until(session, clock, lambda s: s.step.kind == "pain_check")
    assert outcomes(store, rec.session_id)[-1] == ("bridge", None, 2, 0, True, "user")
    session.back()  # repeat the bridge
    run_to_end(session, clock)
    assert outcomes(store, rec.session_id) == [
        ("bridge", None, 1, 2, False, None),
        ("bridge", None, 2, 2, False, None),
        ("crunch", None, 1, 3, False, None),
    ]


def test_stopping_mid_set_records_the_set_as_not_finished(store):
    session, clock, rec = recorded(store, "bridge", "crunch")
    session.start()
    run_until(session, clock, lambda s: s.step.kind == "hold" and s.step.rep == 2)
    session.stop()
    assert outcomes(store, rec.session_id) == [("bridge", None, 1, 1, True, "stopped")]
    s = store.session(rec.session_id)
    assert (s.status, s.end_message, s.exercises_done) == ("stopped", "Session stopped.", 0)
    assert s.ended_at is not None


def test_a_pain_stop_marks_what_was_left_open_as_pain(store):
    session, clock, rec = recorded(store, "bridge", baseline=2)
    session.start()
    run_until(session, clock, lambda s: s.step.kind == "hold" and s.step.set == 2)
    session.report_pain()
    session.answer_pain(8)
    s = store.session(rec.session_id)
    assert (s.status, s.final_pain) == ("stopped", 8)
    assert "Stopping" in s.end_message
    assert outcomes(store, rec.session_id) == [
        ("bridge", None, 1, 2, False, None),
        ("bridge", None, 2, 0, True, "pain"),
    ]


def test_a_failing_write_is_counted_and_the_session_goes_on(store):
    session, clock, rec = recorded(store, "crunch")
    session.start()
    store.close()  # e.g. the disk went away
    run_to_end(session, clock)
    assert session.status == "completed"
    assert rec.errors >= 1


def test_events_after_the_end_are_ignored(store):
    session, clock, rec = recorded(store, "crunch")
    session.start()
    run_to_end(session, clock)
    before = outcomes(store, rec.session_id)
    from backtimer.core.events import PhaseEnded

    rec.on_event(PhaseEnded(t=clock.now, kind="rep", reason="done", index=1, active=2.0))
    assert outcomes(store, rec.session_id) == before


# --- a disk that refuses writes (issue 9) ------------------------------------------------------


class FullDisk:
    """The store's connection, refusing every statement with SQLite's disk-full error while
    `full` is set: an injected failure, for machines where a real full filesystem cannot be
    mounted (tests/integration/test_history_disk_full.py uses a real one)."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real
        self.full = False

    def execute(self, *args):
        if self.full:
            raise sqlite3.OperationalError("database or disk is full")
        return self.real.execute(*args)

    def __enter__(self):
        return self.real.__enter__()

    def __exit__(self, *exc):
        return self.real.__exit__(*exc)

    def close(self) -> None:
        self.real.close()


def test_a_full_disk_is_told_at_once_and_the_session_is_recorded_as_it_was(store):
    lib = library(exercise("bridge", hold=5, reps=2, sets=2), exercise("crunch", "reps", reps=3))
    plan = plan_of(lib, "bridge", "crunch", settings=S)
    session, clock, _ = make_session(plan, baseline=2)
    told: list[str] = []
    rec = HistoryRecorder(store, plan, clock, 2, wall=Wall(clock), on_problem=told.append)
    session.bus.subscribe(rec.on_event)
    disk = FullDisk(store._db)
    store._db = disk
    session.start()
    run_until(session, clock, lambda s: s.step.kind == "rest")  # set 1 written
    disk.full = True
    run_until(session, clock, lambda s: s.step.kind == "pain_check")  # set 2 refused
    assert len(told) == 1  # at once, on the first refused write
    assert "could not be saved" in told[0]
    assert "disk is full" in told[0]
    run_to_end(session, clock, pain=3)
    assert session.status == "completed"
    assert len(told) == 1  # told once, not at every refused write
    assert rec.pending  # the second set, both ratings and the end are kept in memory
    disk.full = False  # space returns
    clock.advance(5)
    assert rec.retry()
    assert told[-1].startswith("Your history has caught up")
    s = store.session(rec.session_id)
    assert (s.status, s.final_pain, s.exercises_done) == ("completed", 3, 2)
    assert outcomes(store, rec.session_id) == [
        ("bridge", None, 1, 2, False, None),
        ("bridge", None, 2, 2, False, None),
        ("crunch", None, 1, 3, False, None),
    ]
    assert [p.value for p in store.pain_ratings(rec.session_id)] == [3, 3]


def test_writes_still_refused_at_the_end_are_written_when_the_store_closes(tmp_path):
    path = tmp_path / "history.sqlite3"
    store = HistoryStore.open(path)
    session, clock, rec = recorded(store, "crunch")
    disk = FullDisk(store._db)
    store._db = disk
    session.start()
    disk.full = True
    run_to_end(session, clock)
    assert not rec.retry()
    store.keep_trying(rec.retry)  # what SessionRunner.close() does with a backlog
    disk.full = False
    store.close()
    with HistoryStore.open(path) as again:
        [s] = again.sessions()
        assert (s.status, s.exercises_done) == ("completed", 1)
        assert len(again.steps(s.id)) == 1
