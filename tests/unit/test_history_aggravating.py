"""Which exercises the history remembers as aggravating, and the choices kept for them."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from backtimer.core.aggravating import Choice
from backtimer.core.clock import FakeClock
from backtimer.core.events import EventBus, SessionStarted
from backtimer.core.models import Library, Routine, RoutineItem
from backtimer.core.plan import build_plan
from backtimer.core.records import Decision, SessionStatus, SkipReason, StepOutcome
from backtimer.core.settings import Settings
from backtimer.storage.history import HistoryStore
from backtimer.storage.history_schema import SCHEMA_VERSION, migrations
from backtimer.storage.recorder import HistoryRecorder

TZ = timezone(timedelta(hours=1))
DAY = date(2026, 11, 2)


def session(store: HistoryStore, day: int, steps: list[tuple[str, int, SkipReason | None]] = (),
            pains: list[tuple[str, Decision]] = (),
            choices: dict[str, Choice] | None = None) -> int:
    """A finished session `day` days after DAY: steps are (exercise, reps done, skip reason)."""
    at = datetime.combine(DAY + timedelta(days=day), datetime.min.time(), TZ).replace(hour=8)
    sid = store.start_session(routine_id="r", routine_name="R", started_at=at, baseline_pain=2,
                              planned_seconds=600, exercises_planned=len(steps))
    store.record_choices(sid, choices or {})
    for item, (exercise, done, reason) in enumerate(steps):
        store.write_step(sid, StepOutcome(
            item=item, exercise_id=exercise, exercise_name=exercise.title(), side=None, set_no=1,
            sets_planned=1, hold_planned=6, hold_actual=6 if done else None, reps_planned=8,
            reps_done=done, skipped=reason is not None, skip_reason=reason, ended_at=at),
            done_seconds=60, exercises_done=item)
    for exercise, decision in pains:
        store.write_pain(sid, value=5, decision=decision, exercise_id=exercise, item=0,
                         message="", rated_at=at, done_seconds=60)
    store.end_session(sid, status=SessionStatus.COMPLETED, ended_at=at, message="",
                      done_seconds=60, exercises_done=len(steps))
    return sid


def ids(store: HistoryStore) -> list[str]:
    return [a.exercise_id for a in store.aggravating()]


def test_a_set_skipped_for_pain_makes_the_exercise_aggravating(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        session(store, 0, [("bridge", 8, None), ("cat_cow", 8, None)])
        assert ids(store) == []
        sid = session(store, 1, [("bridge", 3, SkipReason.PAIN), ("cat_cow", 8, None)])
        [found] = store.aggravating()
        assert (found.exercise_id, found.exercise_name, found.session_id) == (
            "bridge", "Bridge", sid)
        assert found.left_at.date() == DAY + timedelta(days=1)


def test_a_pain_rating_that_leaves_the_exercise_counts_and_a_caution_does_not(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        session(store, 0, [("bridge", 8, None), ("cat_cow", 8, None), ("tilt", 8, None)],
                pains=[("bridge", Decision.CAUTION), ("cat_cow", Decision.SKIP_EXERCISE),
                       ("tilt", Decision.STOP_SESSION)])
        assert sorted(ids(store)) == ["cat_cow", "tilt"]


def test_done_since_without_pain_clears_it_but_left_out_or_not_reached_does_not(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        session(store, 0, [("bridge", 2, SkipReason.PAIN), ("cat_cow", 8, None)])
        # Left out by choice: no step of it at all.
        session(store, 1, [("cat_cow", 8, None)], choices={"bridge": Choice.LEAVE_OUT})
        assert ids(store) == ["bridge"]
        # Reached but stopped before a repetition: not a try.
        session(store, 2, [("bridge", 0, SkipReason.STOPPED)])
        assert ids(store) == ["bridge"]
        # Done lighter, without pain: no longer aggravating.
        session(store, 3, [("bridge", 5, None)], choices={"bridge": Choice.LIGHTER})
        assert ids(store) == []
        # As of an earlier day, it still was.
        assert [a.exercise_id for a in store.aggravating(DAY + timedelta(days=2))] == ["bridge"]


def test_the_choices_since_the_pain_are_listed_with_it(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        session(store, 0, [("bridge", 2, SkipReason.PAIN)])
        session(store, 1, [("cat_cow", 8, None)], choices={"bridge": Choice.LEAVE_OUT})
        sid = session(store, 2, [("bridge", 2, SkipReason.PAIN)],
                      choices={"bridge": Choice.LIGHTER})
        session(store, 3, [("cat_cow", 8, None)], choices={"bridge": Choice.LEAVE_OUT})
        [found] = store.aggravating()
        assert found.session_id == sid
        assert [c for _at, c in found.chosen] == [Choice.LIGHTER, Choice.LEAVE_OUT]
        assert store.choices(sid) == {"bridge": Choice.LIGHTER}


def test_migration_4_adds_the_choices_to_an_older_file_keeping_its_rows(tmp_path):
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    for script in migrations()[:3]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 3")
    db.execute("PRAGMA application_id = 1112821074")
    db.execute("INSERT INTO sessions (routine_id, routine_name, started_at, planned_seconds, "
               "exercises_planned, status) VALUES ('r', 'R', '2026-11-02T08:00:00+01:00', 60, 1, "
               "'completed')")
    db.execute("INSERT INTO steps (session_id, item, exercise_id, exercise_name, set_no, "
               "sets_planned, reps_planned, reps_done, skipped, skip_reason, ended_at) VALUES "
               "(1, 0, 'bridge', 'Bridge', 1, 1, 8, 1, 1, 'pain', '2026-11-02T08:01:00+01:00')")
    db.commit()
    db.close()
    with HistoryStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 4
        assert ids(store) == ["bridge"]
        store.record_choices(1, {"bridge": Choice.AS_PLANNED})
        assert store.choices(1) == {"bridge": Choice.AS_PLANNED}


def _library() -> Library:
    from backtimer.core.library import load_library

    return load_library()


def test_the_recorder_writes_the_choices_with_the_session_row(tmp_path: Path):
    library = _library()
    routine = Routine("r", "R", (RoutineItem("pelvic_tilt"), RoutineItem("glute_bridge")))
    plan = build_plan(routine, library, Settings())
    clock = FakeClock()
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        recorder = HistoryRecorder(store, plan, clock, 2,
                                   choices={"glute_bridge": Choice.LIGHTER})
        bus = EventBus()
        bus.subscribe(recorder.on_event)
        bus.publish(SessionStarted(t=0.0, routine=routine.id))
        assert recorder.session_id is not None
        assert store.choices(recorder.session_id) == {"glute_bridge": Choice.LIGHTER}


def test_choices_the_disk_refused_are_written_later_without_a_second_session(tmp_path, monkeypatch):
    library = _library()
    routine = Routine("r", "R", (RoutineItem("glute_bridge"),))
    plan = build_plan(routine, library, Settings())
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        real = store.record_choices
        calls: list[int] = []

        def full_once(session_id: int, choices: dict[str, Choice]) -> None:
            calls.append(session_id)
            if len(calls) == 1:
                raise sqlite3.OperationalError("database or disk is full")
            real(session_id, choices)

        monkeypatch.setattr(store, "record_choices", full_once)
        recorder = HistoryRecorder(store, plan, FakeClock(), 2,
                                   choices={"glute_bridge": Choice.LEAVE_OUT})
        recorder.on_event(SessionStarted(t=0.0, routine=routine.id))
        assert recorder.pending  # kept
        assert recorder.retry()
        [only] = store.sessions()
        assert store.choices(only.id) == {"glute_bridge": Choice.LEAVE_OUT}
        assert calls == [only.id, only.id]
