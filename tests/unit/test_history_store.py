"""The history file: creation, durability settings, migration, bad files, interrupted sessions."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from backtimer.core.records import StepOutcome
from backtimer.storage.history import HistoryStore
from backtimer.storage.history_file import APPLICATION_ID, HistoryTooNewError
from backtimer.storage.history_schema import SCHEMA_VERSION, migrations
from backtimer.storage.paths import history_file
from tests.helpers.history import make_newer_history

TZ = UTC
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=TZ)  # a Monday


def outcome(item: int = 0, set_no: int = 1, *, reps_done: int = 5, at: datetime = T0,
            exercise: str = "bridge") -> StepOutcome:
    return StepOutcome(item=item, exercise_id=exercise, exercise_name=exercise.title(),
                       side=None, set_no=set_no, sets_planned=2, hold_planned=6.0,
                       hold_actual=6.0, reps_planned=5, reps_done=reps_done,
                       skipped=reps_done < 5, skip_reason="user" if reps_done < 5 else None,
                       ended_at=at)


def start(store: HistoryStore, at: datetime = T0, *, routine: str = "morning",
          baseline: int | None = 3) -> int:
    return store.start_session(routine_id=routine, routine_name=routine.title(), started_at=at,
                               baseline_pain=baseline, planned_seconds=600.0,
                               exercises_planned=3)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- creation ----------------------------------------------------------------------------------


def test_default_file_lives_in_the_data_folder_private_wal_current_schema(isolated_dirs):
    with HistoryStore.open() as store:
        sid = start(store)
        store.write_step(sid, outcome(), done_seconds=30, exercises_done=0)
        path = history_file()
        assert store.path == path
        assert str(path).startswith(str(isolated_dirs / "data"))
        assert mode(path) == 0o600
        for suffix in ("-wal", "-shm"):
            side = Path(f"{path}{suffix}")
            assert side.exists()
            assert mode(side) == 0o600
        db = store.bulk_connection()
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert store.schema_version == SCHEMA_VERSION
        assert store.notice == ""


def test_every_write_is_visible_to_another_connection_at_once(tmp_path):
    path = tmp_path / "h.sqlite3"
    with HistoryStore.open(path) as store:
        other = sqlite3.connect(path)
        sid = start(store)
        assert other.execute("SELECT status FROM sessions").fetchall() == [("open",)]
        store.write_step(sid, outcome(), done_seconds=30.5, exercises_done=0)
        assert other.execute("SELECT count(*) FROM steps").fetchone()[0] == 1
        store.write_pain(sid, value=4, decision="caution", exercise_id="bridge", item=0,
                         message="Go gently.", rated_at=T0, done_seconds=40)
        assert other.execute("SELECT final_pain, done_seconds FROM sessions").fetchone() == (4, 40)
        assert not store.bulk_connection().in_transaction
        other.close()


def test_rewriting_a_step_updates_the_same_row(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        row = store.write_step(sid, outcome(reps_done=2), done_seconds=10, exercises_done=0)
        again = store.write_step(sid, outcome(reps_done=5), row_id=row, done_seconds=20,
                                 exercises_done=1)
        assert again == row
        [step] = store.steps(sid)
        assert (step.reps_done, step.skipped, step.skip_reason) == (5, False, None)
        assert store.session(sid).exercises_done == 1


def test_end_session_rejects_a_non_final_status(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        with pytest.raises(ValueError, match="final"):
            store.end_session(sid, status="open", ended_at=T0, message="", done_seconds=0,
                              exercises_done=0)


# --- migration ---------------------------------------------------------------------------------

# The first released schema, frozen here on purpose: if someone edits migration 1 in place
# instead of adding a new one, this test still builds the file that users really have.
FIRST_SCHEMA = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY, routine_id TEXT NOT NULL, routine_name TEXT NOT NULL,
    started_at TEXT NOT NULL, ended_at TEXT,
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'completed', 'stopped', 'interrupted')),
    baseline_pain INTEGER CHECK (baseline_pain BETWEEN 0 AND 10),
    final_pain INTEGER CHECK (final_pain BETWEEN 0 AND 10),
    planned_seconds REAL NOT NULL, done_seconds REAL NOT NULL DEFAULT 0,
    exercises_planned INTEGER NOT NULL, exercises_done INTEGER NOT NULL DEFAULT 0,
    end_message TEXT NOT NULL DEFAULT '', pid INTEGER);
CREATE INDEX sessions_by_start ON sessions (started_at);
CREATE INDEX sessions_open ON sessions (status) WHERE status = 'open';
CREATE TABLE steps (
    id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions (id),
    item INTEGER NOT NULL, exercise_id TEXT NOT NULL, exercise_name TEXT NOT NULL,
    side TEXT CHECK (side IN ('left', 'right')), set_no INTEGER NOT NULL,
    sets_planned INTEGER NOT NULL, hold_planned REAL, hold_actual REAL,
    reps_planned INTEGER NOT NULL, reps_done INTEGER NOT NULL,
    skipped INTEGER NOT NULL CHECK (skipped IN (0, 1)),
    skip_reason TEXT CHECK (skip_reason IN ('user', 'pain', 'stopped')),
    ended_at TEXT NOT NULL);
CREATE INDEX steps_by_session ON steps (session_id, id);
CREATE TABLE pain_ratings (
    id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions (id),
    item INTEGER, exercise_id TEXT, value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),
    decision TEXT NOT NULL, message TEXT NOT NULL DEFAULT '', rated_at TEXT NOT NULL);
CREATE INDEX pain_by_session ON pain_ratings (session_id, id);
"""


def make_first_schema_file(path: Path) -> None:
    db = sqlite3.connect(path)
    db.executescript(FIRST_SCHEMA)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO sessions (routine_id, routine_name, started_at, ended_at, status, "
               "baseline_pain, final_pain, planned_seconds, done_seconds, exercises_planned, "
               "exercises_done) VALUES ('morning', 'Morning', '2026-03-02T08:00:00+00:00', "
               "'2026-03-02T08:10:00+00:00', 'completed', 3, 2, 600, 580, 2, 2)")
    db.execute("INSERT INTO steps (session_id, item, exercise_id, exercise_name, side, set_no, "
               "sets_planned, hold_planned, hold_actual, reps_planned, reps_done, skipped, "
               "ended_at) VALUES (1, 0, 'bridge', 'Bridge', NULL, 1, 1, 6, 6, 8, 8, 0, "
               "'2026-03-02T08:05:00+00:00')")
    db.execute("INSERT INTO pain_ratings (session_id, item, exercise_id, value, decision, "
               "rated_at) VALUES (1, 0, 'bridge', 2, 'continue', '2026-03-02T08:06:00+00:00')")
    db.commit()
    db.close()


def test_migrates_a_file_of_the_first_schema_keeping_its_rows(tmp_path):
    path = tmp_path / "history.sqlite3"
    make_first_schema_file(path)
    with HistoryStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 4  # 3: own hold; 4: choices
        assert store.notice == ""
        [session] = store.sessions()
        assert (session.routine_id, session.status, session.baseline_pain,
                session.final_pain) == ("morning", "completed", 3, 2)
        assert [s.exercise_id for s in store.steps(session.id)] == ["bridge"]
        assert [p.decision for p in store.pain_ratings(session.id)] == ["continue"]
        # What migration 2 added works on the old rows.
        indexes = {r[0] for r in store.bulk_connection().execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"steps_by_exercise", "steps_skipped_for_pain"} <= indexes
        facts = store.progression_facts()
        assert facts[0].doses[0].exercise_id == "bridge"
        from backtimer.core.progression import Change, Suggestion
        store.record_suggestion(
            Suggestion("progress", "morning", "Morning", session.id,
                       (Change("bridge", "Bridge", "hold", 6, 11),), 3), accepted=True,
            decided_at=T0)
        assert store.decided_suggestions() == {("morning", "progress"): session.id}


def test_migration_written_as_migrations_1_matches_the_frozen_first_schema(tmp_path):
    """Migration 1 must stay what users' files were made with (compare the resulting schemas)."""
    frozen = tmp_path / "frozen.sqlite3"
    make_first_schema_file(frozen)
    ours = tmp_path / "ours.sqlite3"
    db = sqlite3.connect(ours)
    db.executescript(migrations()[0])
    db.close()

    def shape(path: Path) -> dict[str, list[tuple[object, ...]]]:
        con = sqlite3.connect(path)
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {t: con.execute(f"PRAGMA table_info({t})").fetchall() for t in tables}
        con.close()
        return out

    assert shape(ours) == shape(frozen)


def test_a_file_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "history.sqlite3"
    make_newer_history(path)
    before = path.read_bytes()
    with pytest.raises(HistoryTooNewError, match="newer version"):
        HistoryStore.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["history.sqlite3"]


# --- bad files ---------------------------------------------------------------------------------


def _check_set_aside(tmp_path: Path, store: HistoryStore, original: bytes) -> None:
    aside = store.set_aside_path
    assert aside is not None
    assert aside.parent == tmp_path
    assert aside.name.startswith("history.sqlite3.corrupt-")
    assert aside.read_bytes() == original  # kept byte for byte, nothing overwritten
    assert aside.name in store.notice
    assert "new, empty history" in store.notice
    sid = start(store)  # and the new file works
    assert store.session(sid) is not None
    assert store.schema_version == SCHEMA_VERSION


def test_a_file_that_is_not_a_database_is_set_aside(tmp_path):
    path = tmp_path / "history.sqlite3"
    original = b"this is my shopping list, not a database\n" * 50
    path.write_bytes(original)
    with HistoryStore.open(path, now=datetime(2026, 3, 2, 8, 0)) as store:
        _check_set_aside(tmp_path, store, original)
        assert store.set_aside_path.name == "history.sqlite3.corrupt-20260302-080000"
        assert "not a SQLite database" in store.notice


def test_a_foreign_sqlite_file_is_set_aside(tmp_path):
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE contacts (name TEXT)")
    db.execute("INSERT INTO contacts VALUES ('Ann')")
    db.commit()
    db.close()
    original = path.read_bytes()
    with HistoryStore.open(path) as store:
        _check_set_aside(tmp_path, store, original)
        assert "another program" in store.notice


def test_a_database_with_damaged_pages_is_set_aside(tmp_path):
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        for n in range(200):
            sid = start(store, T0 + timedelta(days=n))
            store.write_step(sid, outcome(), done_seconds=1, exercises_done=0)
        store.bulk_connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page:5 * page] = b"\xa5" * (2 * page)  # two b-tree pages turned to noise
    path.write_bytes(bytes(data))
    with HistoryStore.open(path) as store:
        _check_set_aside(tmp_path, store, bytes(data))
        assert "damaged" in store.notice


def test_a_set_aside_file_takes_its_wal_and_shm_along(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"garbage" * 100)
    Path(f"{path}-wal").write_bytes(b"old wal")
    Path(f"{path}-shm").write_bytes(b"old shm")
    with HistoryStore.open(path) as store:
        aside = store.set_aside_path
        assert Path(f"{aside}-wal").read_bytes() == b"old wal"
        assert Path(f"{aside}-shm").read_bytes() == b"old shm"
        assert store.sessions() == []


def test_an_empty_file_is_simply_initialised(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.touch()
    with HistoryStore.open(path) as store:
        assert store.set_aside_path is None
        assert store.schema_version == SCHEMA_VERSION


# --- interrupted sessions ----------------------------------------------------------------------


def test_close_interrupted_closes_open_sessions_of_dead_programs_at_their_last_write(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        done = start(store, T0)
        store.end_session(done, status="completed", ended_at=T0 + timedelta(minutes=9),
                          message="Session complete.", done_seconds=500, exercises_done=3)
        killed = start(store, T0 + timedelta(days=1))
        store.write_step(killed, outcome(at=T0 + timedelta(days=1, minutes=3)),
                         done_seconds=180, exercises_done=0)
        store.write_pain(killed, value=3, decision="continue", exercise_id="bridge", item=0,
                         message="", rated_at=T0 + timedelta(days=1, minutes=4),
                         done_seconds=190)
        alive = start(store, T0 + timedelta(days=2))
        db = store.bulk_connection()
        with db:
            db.execute("UPDATE sessions SET pid = ? WHERE id = ?", (dead_pid(), killed))
            db.execute("UPDATE sessions SET pid = ? WHERE id = ?", (os.getppid(), alive))

        closed = store.close_interrupted()

        assert [s.id for s in closed] == [killed]
        s = store.session(killed)
        assert s.status == "interrupted"
        assert s.ended_at == T0 + timedelta(days=1, minutes=4)
        assert (s.done_seconds, s.final_pain) == (190, 3)
        assert "ended before" in s.end_message
        assert store.session(alive).status == "open"  # another running backtimer's session
        assert store.session(done).status == "completed"
        assert store.close_interrupted() == []


def test_close_interrupted_with_nothing_written_ends_at_the_start(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        sid = start(store)
        with store.bulk_connection() as db:
            db.execute("UPDATE sessions SET pid = NULL")
        [closed] = store.close_interrupted()
        assert closed.id == sid
        assert closed.ended_at == T0


# --- queries and summaries ---------------------------------------------------------------------


def test_sessions_filter_by_inclusive_days_and_routine(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        for n in range(10):
            start(store, T0 + timedelta(days=n, hours=15), routine="core" if n % 2 else "morning")
        days = [s.day for s in store.sessions(date(2026, 3, 3), date(2026, 3, 5))]
        assert days == [date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)]
        assert [s.day.day for s in store.sessions(routine="core")] == [3, 5, 7, 9, 11]
        assert store.routines() == [("core", "Core"), ("morning", "Morning")]
