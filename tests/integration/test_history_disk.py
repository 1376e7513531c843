"""The history on real filesystems that refuse writes: full, and read-only (issue 9).

A small tmpfs is mounted for each test (this needs root; the tests skip otherwise, and
tests/unit/test_history_recorder.py covers the same rules with an injected failing connection).
Filling it to the last byte gives SQLite's real "database or disk is full"; remounting it
read-only gives a real read-only folder, which root cannot fake with chmod.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from backtimer.storage.history import HistoryStore, now_local
from backtimer.storage.recorder import DISK_RECOVERED, HistoryRecorder
from tests.helpers.history import _kill_test_plan, fill, record_session, remount, tmpfs

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def disk(tmp_path: Path):
    with tmpfs(tmp_path / "disk", 512) as where:
        if where is None:
            pytest.skip("cannot mount a tmpfs here (needs root)")
        yield where


def test_a_disk_that_fills_up_mid_session_is_told_at_once_and_the_session_is_kept(disk):
    from backtimer.core.clock import FakeClock
    from backtimer.core.events import EventBus
    from backtimer.core.pain import PainTracker
    from backtimer.core.session import Session
    from backtimer.storage.recorder import recording_bus

    path = disk / "backtimer" / "history.sqlite3"
    plan = _kill_test_plan()
    store = HistoryStore.open(path)
    clock = FakeClock()
    told: list[str] = []
    recorder = HistoryRecorder(store, plan, clock, 3, on_problem=told.append)
    session = Session(plan, clock, recording_bus(recorder, EventBus()),
                      pain=PainTracker(baseline=3, clock=clock))
    session.start()
    while len(store.steps(recorder.session_id or 0)) < 1:  # the first set is on disk
        clock.advance(0.25)
        session.tick()
    filler = fill(disk)
    refused_at = None
    while session.state != "ended":
        clock.advance(0.25)
        session.tick()
        if told and refused_at is None:
            refused_at = clock.now
        if session.step.kind == "pain_check" and session.state == "running":
            session.answer_pain(2)
    assert session.status == "completed"
    assert refused_at is not None  # told during the session, not after it
    assert len(told) == 1
    assert "disk is full" in told[0]
    assert recorder.pending  # what the full disk refused is kept in memory
    filler.unlink()  # space returns
    clock.advance(5)
    assert recorder.retry()
    assert told[-1] == DISK_RECOVERED
    store.close()
    with HistoryStore.open(path) as again:
        [s] = again.sessions()
        assert (s.status, s.exercises_done, s.final_pain) == ("completed", 3, 2)
        assert [(t.exercise_id, t.side, t.set_no, t.reps_done) for t in again.steps(s.id)] == [
            ("bridge", None, 1, 3), ("bridge", None, 2, 3), ("bird_dog", "left", 1, 2),
            ("bird_dog", "right", 1, 2), ("cat_cow", None, 1, 4),
        ]
        assert len(again.pain_ratings(s.id)) == 3


def _history_with_one_session(path: Path, *, open_session: bool = False) -> int:
    with HistoryStore.open(path) as store:
        sid = record_session(store, _kill_test_plan())
        if open_session:  # one more, left open as by a program that died
            store.start_session(routine_id="kill_test", routine_name="Kill test",
                                started_at=now_local() - timedelta(hours=1), baseline_pain=2,
                                planned_seconds=60, exercises_planned=3)
    return sid


def _export(data_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "backtimer", "history", "export", "--format",
                           "csv"], capture_output=True, text=True, env=env, timeout=120,
                          check=False)


def test_with_the_disk_still_full_the_store_and_export_start_without_a_traceback(disk):
    path = disk / "backtimer" / "history.sqlite3"
    _history_with_one_session(path, open_session=True)
    fill(disk)
    store = HistoryStore.open_or_memory(path)
    assert store.kept
    assert store.close_interrupted() == []  # cannot be written now: closed at a later start
    assert len(store.sessions()) == 2  # but the history is there to be seen
    assert "cannot be written" in store.notice
    store.close()
    result = _export(disk)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["session_status"] for r in rows} == {"completed", "open"}
    assert path.exists()
    assert not list(path.parent.glob("*.corrupt-*"))


def test_a_healthy_history_in_a_read_only_folder_is_shown_never_set_aside(disk):
    path = disk / "backtimer" / "history.sqlite3"
    _history_with_one_session(path)
    remount(disk, "ro")
    try:
        with HistoryStore.open_or_memory(path) as store:
            assert (store.kept, store.writable) == (True, False)
            assert "cannot be written" in store.notice
            assert len(store.sessions()) == 1
            # A session still runs; its writes fail and are kept, they do not stop it.
            told: list[str] = []
            recorder = HistoryRecorder(store, _kill_test_plan(), lambda: 0.0, 2,
                                       on_problem=told.append)
            from backtimer.core.events import SessionStarted
            recorder.on_event(SessionStarted(t=0.0, routine="kill_test"))
            assert recorder.pending
            assert len(told) == 1
        result = _export(disk)
        assert result.returncode == 0, result.stderr
        assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 5
    finally:
        remount(disk, "rw")
    assert sorted(p.name for p in path.parent.iterdir() if "corrupt" in p.name) == []
    with HistoryStore.open(path) as store:  # the writable retry finds it healthy
        assert store.notice == ""
        assert len(store.sessions()) == 1


def test_an_empty_read_only_data_folder_runs_without_a_history(disk):
    (disk / "backtimer").mkdir()
    remount(disk, "ro")
    try:
        with HistoryStore.open_or_memory(disk / "backtimer" / "history.sqlite3") as store:
            assert not store.kept
            assert "This run keeps no history" in store.notice
            sid = record_session(store, _kill_test_plan())  # sessions still work, in memory
            assert store.session(sid).status == "completed"
    finally:
        remount(disk, "rw")
    assert list((disk / "backtimer").iterdir()) == []
