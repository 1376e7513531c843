"""The session history: one SQLite file that survives kills, power cuts and bad files.

Why it is built this way:

* One file (stdlib `sqlite3`) in the platformdirs data folder, created with mode 0600 before
  SQLite ever touches it (it holds health data). SQLite gives its `-wal` and `-shm` files the mode
  of the database file; we chmod them as well in case a umask or an older file got in the way.
* WAL journal with `synchronous=NORMAL`. In WAL mode a commit is one `write()` of the WAL frames;
  the data is then in the kernel, so a SIGKILL of the program, at any moment, loses nothing that
  was committed. Only a power cut or OS crash can roll back the last few commits (never corrupt
  the file), because NORMAL does not fsync the WAL on every commit. That trade keeps one step write
  well under the 5 ms budget on a laptop disk, where FULL would cost an fsync per step.
* Every write (session start, each step outcome, each pain rating, session end) is its own
  transaction (`with self._db:` commits or rolls back), so a kill loses at most the step in
  progress. A session still `open` at the next start belongs to a program that died;
  `close_interrupted()` marks it `interrupted`, with the time of the last thing written as its end.
* Schema changes go through `PRAGMA user_version` and the ordered `_MIGRATIONS` list, each applied
  in its own transaction. `PRAGMA application_id` marks the file as ours, so a foreign SQLite file
  at our path is recognised and set aside, never written into.
* A file that is not a database, fails `PRAGMA quick_check`, or belongs to another program is
  renamed to `history.sqlite3.corrupt-TIMESTAMP` (its -wal/-shm beside it, so SQLite can still open
  the pair), a new file is created, and `notice` says so in plain words. Nothing is overwritten or
  deleted. A file written by a newer backtimer is refused (`HistoryTooNewError`), left as it is.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from backtimer.core.progression import Dose, PainCheck, SessionFacts, Suggestion
from backtimer.storage.files import set_aside
from backtimer.storage.paths import history_file

logger = logging.getLogger(__name__)

APPLICATION_ID = 0x42544D52  # "BTMR": marks the file as a backtimer history
SQLITE_HEADER = b"SQLite format 3\x00"
STATUSES = ("open", "completed", "stopped", "interrupted")
SKIP_REASONS = ("user", "pain", "stopped")


class HistoryError(Exception):
    """The history file cannot be used; the message is meant for the person."""


class HistoryTooNewError(HistoryError):
    """The file was written by a newer backtimer; it is left untouched."""


# --- schema ------------------------------------------------------------------------------------

_SCHEMA_V1 = """
CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY,
    routine_id        TEXT    NOT NULL,
    routine_name      TEXT    NOT NULL,
    started_at        TEXT    NOT NULL,          -- ISO 8601 local time with UTC offset
    ended_at          TEXT,                      -- NULL while the session is open
    status            TEXT    NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'completed', 'stopped', 'interrupted')),
    baseline_pain     INTEGER CHECK (baseline_pain BETWEEN 0 AND 10),
    final_pain        INTEGER CHECK (final_pain BETWEEN 0 AND 10),
    planned_seconds   REAL    NOT NULL,
    done_seconds      REAL    NOT NULL DEFAULT 0,  -- active time, pauses excluded
    exercises_planned INTEGER NOT NULL,
    exercises_done    INTEGER NOT NULL DEFAULT 0,
    end_message       TEXT    NOT NULL DEFAULT '',
    pid               INTEGER                    -- process that records it, while open
);
CREATE INDEX sessions_by_start ON sessions (started_at);
CREATE INDEX sessions_open ON sessions (status) WHERE status = 'open';

CREATE TABLE steps (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id),
    item          INTEGER NOT NULL,              -- position of the exercise in the routine
    exercise_id   TEXT    NOT NULL,
    exercise_name TEXT    NOT NULL,
    side          TEXT    CHECK (side IN ('left', 'right')),
    set_no        INTEGER NOT NULL,
    sets_planned  INTEGER NOT NULL,
    hold_planned  REAL,                          -- seconds per held rep; NULL for movement reps
    hold_actual   REAL,                          -- mean active seconds of the finished holds
    reps_planned  INTEGER NOT NULL,
    reps_done     INTEGER NOT NULL,
    skipped       INTEGER NOT NULL CHECK (skipped IN (0, 1)),
    skip_reason   TEXT    CHECK (skip_reason IN ('user', 'pain', 'stopped')),
    ended_at      TEXT    NOT NULL
);
CREATE INDEX steps_by_session ON steps (session_id, id);

CREATE TABLE pain_ratings (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    item        INTEGER,
    exercise_id TEXT,
    value       INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),
    decision    TEXT    NOT NULL,
    message     TEXT    NOT NULL DEFAULT '',
    rated_at    TEXT    NOT NULL
);
CREATE INDEX pain_by_session ON pain_ratings (session_id, id);
"""

_SCHEMA_V2 = """
CREATE INDEX steps_by_exercise ON steps (exercise_id, session_id);
CREATE INDEX steps_skipped_for_pain ON steps (session_id) WHERE skip_reason = 'pain';
CREATE INDEX pain_by_decision ON pain_ratings (decision, session_id);
CREATE TABLE suggestions (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL CHECK (kind IN ('progress', 'lighten')),
    routine_id   TEXT    NOT NULL,
    based_on     INTEGER NOT NULL REFERENCES sessions (id),
    accepted     INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    changes      TEXT    NOT NULL,               -- human-readable summary of what was suggested
    decided_at   TEXT    NOT NULL
);
"""

# Index i upgrades a file from user_version i to i + 1. Never edit a released entry: add one.
_MIGRATIONS: tuple[str, ...] = (_SCHEMA_V1, _SCHEMA_V2)
SCHEMA_VERSION = len(_MIGRATIONS)


# --- rows --------------------------------------------------------------------------------------


class SessionRow(NamedTuple):
    """One session (a NamedTuple: ten years of them load several times faster than dataclasses)."""

    id: int
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime | None
    status: str
    baseline_pain: int | None
    final_pain: int | None
    planned_seconds: float
    done_seconds: float
    exercises_planned: int
    exercises_done: int
    end_message: str

    @property
    def day(self) -> date:
        return self.started_at.date()

    @property
    def pain_change(self) -> int | None:
        if self.baseline_pain is None or self.final_pain is None:
            return None
        return self.final_pain - self.baseline_pain


@dataclass(frozen=True)
class StepRow:
    id: int
    session_id: int
    item: int
    exercise_id: str
    exercise_name: str
    side: str | None
    set_no: int
    sets_planned: int
    hold_planned: float | None
    hold_actual: float | None
    reps_planned: int
    reps_done: int
    skipped: bool
    skip_reason: str | None
    ended_at: datetime


@dataclass(frozen=True)
class PainRow:
    id: int
    session_id: int
    item: int | None
    exercise_id: str | None
    value: int
    decision: str
    message: str
    rated_at: datetime


@dataclass(frozen=True)
class StepOutcome:
    """What the recorder writes for one set of one exercise on one side."""

    item: int
    exercise_id: str
    exercise_name: str
    side: str | None
    set_no: int
    sets_planned: int
    hold_planned: float | None
    hold_actual: float | None
    reps_planned: int
    reps_done: int
    skipped: bool
    skip_reason: str | None
    ended_at: datetime


@dataclass(frozen=True)
class ExerciseSummary:
    exercise_id: str
    exercise_name: str
    sessions: int  # sessions in which it was recorded
    sets: int
    sets_skipped: int
    sessions_skipped_for_pain: int


@dataclass(frozen=True)
class ExerciseProgress:
    """One session's dose of one exercise (means over its sets and sides)."""

    session_id: int
    started_at: datetime
    hold_planned: float | None
    hold_actual: float | None
    reps_planned: float
    reps_done: float


@dataclass(frozen=True)
class ExportSources:
    sessions: list[tuple[Any, ...]]  # the 10 session columns of EXPORT_COLUMNS
    pain: dict[tuple[int, int | None], tuple[int, str]]  # (session, item) -> last rating
    # (session id, item, then EXPORT_COLUMNS exercise_id .. skip_reason, then step_ended_at)
    steps: Iterator[tuple[Any, ...]]


_SESSION_COLUMNS = (
    "id, routine_id, routine_name, started_at, ended_at, status, baseline_pain, final_pain, "
    "planned_seconds, done_seconds, exercises_planned, exercises_done, end_message"
)
_STEP_COLUMNS = (
    "id, session_id, item, exercise_id, exercise_name, side, set_no, sets_planned, hold_planned, "
    "hold_actual, reps_planned, reps_done, skipped, skip_reason, ended_at"
)

# Column order of the CSV export (documented in docs/csv-columns.md); see export_rows().
EXPORT_COLUMNS: tuple[str, ...] = (
    "session_id", "session_start", "session_end", "session_status", "routine_id",
    "routine_name", "baseline_pain", "final_pain", "planned_minutes", "done_minutes",
    "step_no", "exercise_id", "exercise_name", "side", "set", "sets_planned",
    "hold_planned_s", "hold_actual_s", "reps_planned", "reps_done", "skipped", "skip_reason",
    "pain_after_exercise", "pain_decision", "step_ended_at",
)


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _session(row: tuple[Any, ...]) -> SessionRow:
    return SessionRow(
        row[0], row[1], row[2], _dt(row[3]), _dt(row[4]) if row[4] else None, *row[5:13],
    )


def _step(row: tuple[Any, ...]) -> StepRow:
    return StepRow(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
        row[11], bool(row[12]), row[13], _dt(row[14]),
    )


def _pain(row: tuple[Any, ...]) -> PainRow:
    return PainRow(row[0], row[1], row[2], row[3], row[4], row[5], row[6], _dt(row[7]))


def now_local() -> datetime:
    """Wall-clock time with the local UTC offset, to the second (what every row stores)."""
    return datetime.now().astimezone().replace(microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _day_bounds(since: date | None, until: date | None) -> tuple[str, list[str]]:
    """A WHERE fragment on `started_at` (text compare of local ISO dates; uses the index)."""
    clauses: list[str] = []
    params: list[str] = []
    if since is not None:
        clauses.append("started_at >= ?")
        params.append(since.isoformat())
    if until is not None:
        clauses.append("started_at < ?")
        params.append((until + timedelta(days=1)).isoformat())
    return (" AND ".join(clauses) if clauses else "1"), params


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # we are starting up: nothing of ours can be recording yet
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


# --- the store ---------------------------------------------------------------------------------


class HistoryStore:
    """The open history file. One connection, used from the thread that opened it."""

    def __init__(self, connection: sqlite3.Connection, path: Path,
                 set_aside_path: Path | None = None, notice: str = "") -> None:
        self._db = connection
        self.path = path
        self.set_aside_path = set_aside_path
        # A message for the person when the file had to be set aside; empty otherwise.
        self.notice = notice

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, now: datetime | None = None) -> HistoryStore:
        """Open (creating or migrating) the history at `path` (default: the data folder).

        A file that cannot be used as our history is set aside and a fresh one created; `notice`
        then tells the person where the old file went.
        """
        path = path if path is not None else history_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        problem = _inspect(path)
        aside: Path | None = None
        notice = ""
        if problem is None:
            try:
                return cls(_connect(path), path)
            except sqlite3.DatabaseError as exc:
                problem = f"it could not be read ({exc})"
        aside = _set_aside_with_journal(path, now)
        notice = (
            f"The history file could not be used because {problem}. It was kept as "
            f"{aside.name} in {aside.parent} and a new, empty history was started."
        )
        logger.warning("history file set aside: %s -> %s (%s)", path, aside, problem)
        return cls(_connect(path), path, aside, notice)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # -- writes (each one its own transaction) ---------------------------------------------------

    def start_session(self, *, routine_id: str, routine_name: str, started_at: datetime,
                      baseline_pain: int | None, planned_seconds: float,
                      exercises_planned: int) -> int:
        with self._db:
            cur = self._db.execute(
                "INSERT INTO sessions (routine_id, routine_name, started_at, baseline_pain, "
                "planned_seconds, exercises_planned, pid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (routine_id, routine_name, _iso(started_at), baseline_pain, planned_seconds,
                 exercises_planned, os.getpid()),
            )
        self._tighten_journal_modes()
        assert cur.lastrowid is not None
        return cur.lastrowid

    def write_step(self, session_id: int, outcome: StepOutcome, *, row_id: int | None = None,
                   done_seconds: float, exercises_done: int) -> int:
        """Insert (or, after the person went back and redid it, update) one set's outcome."""
        values = (
            outcome.item, outcome.exercise_id, outcome.exercise_name, outcome.side, outcome.set_no,
            outcome.sets_planned, outcome.hold_planned, outcome.hold_actual, outcome.reps_planned,
            outcome.reps_done, int(outcome.skipped), outcome.skip_reason, _iso(outcome.ended_at),
        )
        with self._db:
            if row_id is None:
                cur = self._db.execute(
                    "INSERT INTO steps (session_id, item, exercise_id, exercise_name, side, "
                    "set_no, sets_planned, hold_planned, hold_actual, reps_planned, reps_done, "
                    "skipped, skip_reason, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    "?, ?)",
                    (session_id, *values),
                )
                assert cur.lastrowid is not None
                row_id = cur.lastrowid
            else:
                self._db.execute(
                    "UPDATE steps SET item = ?, exercise_id = ?, exercise_name = ?, side = ?, "
                    "set_no = ?, sets_planned = ?, hold_planned = ?, hold_actual = ?, "
                    "reps_planned = ?, reps_done = ?, skipped = ?, skip_reason = ?, ended_at = ? "
                    "WHERE id = ? AND session_id = ?",
                    (*values, row_id, session_id),
                )
            self._db.execute(
                "UPDATE sessions SET done_seconds = ?, exercises_done = ? WHERE id = ?",
                (done_seconds, exercises_done, session_id),
            )
        return row_id

    def write_pain(self, session_id: int, *, value: int, decision: str, exercise_id: str | None,
                   item: int | None, message: str, rated_at: datetime,
                   done_seconds: float) -> int:
        """One pain rating; it also becomes the session's final pain until a later one comes."""
        with self._db:
            cur = self._db.execute(
                "INSERT INTO pain_ratings (session_id, item, exercise_id, value, decision, "
                "message, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, item, exercise_id, value, decision, message, _iso(rated_at)),
            )
            self._db.execute(
                "UPDATE sessions SET final_pain = ?, done_seconds = ? WHERE id = ?",
                (value, done_seconds, session_id),
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def end_session(self, session_id: int, *, status: str, ended_at: datetime, message: str,
                    done_seconds: float, exercises_done: int) -> None:
        if status not in STATUSES or status == "open":
            raise ValueError(f"not a final session status: {status!r}")
        with self._db:
            self._db.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, end_message = ?, done_seconds = ?, "
                "exercises_done = ?, pid = NULL WHERE id = ?",
                (status, _iso(ended_at), message, done_seconds, exercises_done, session_id),
            )

    def close_interrupted(self) -> list[SessionRow]:
        """Close every session left open by a program that is no longer running.

        Its end is the time of the last thing written for it (step, pain rating or start). Returns
        the sessions it closed, so the caller can tell the person.
        """
        rows = self._db.execute(
            "SELECT id, pid FROM sessions WHERE status = 'open' ORDER BY id"
        ).fetchall()
        dead = [sid for sid, pid in rows if pid is None or not _pid_alive(int(pid))]
        if not dead:
            return []
        with self._db:
            for sid in dead:
                self._db.execute(
                    "UPDATE sessions SET status = 'interrupted', pid = NULL, "
                    "end_message = 'The program ended before the session did.', "
                    "ended_at = max(started_at, "
                    "  coalesce((SELECT max(ended_at) FROM steps WHERE session_id = ?1), ''), "
                    "  coalesce((SELECT max(rated_at) FROM pain_ratings WHERE session_id = ?1), '')"
                    ") WHERE id = ?1 AND status = 'open'",
                    (sid,),
                )
        logger.info("closed %d interrupted session(s): %s", len(dead), dead)
        return [s for sid in dead if (s := self.session(sid)) is not None]

    def record_suggestion(self, suggestion: Suggestion, *, accepted: bool,
                          decided_at: datetime | None = None) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO suggestions (kind, routine_id, based_on, accepted, changes, "
                "decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                (suggestion.kind, suggestion.routine_id, suggestion.based_on, int(accepted),
                 suggestion.summary(), _iso(decided_at or now_local())),
            )

    # -- reads -----------------------------------------------------------------------------------

    def sessions(self, since: date | None = None, until: date | None = None,
                 routine: str | None = None) -> list[SessionRow]:
        """Sessions that started between `since` and `until` (inclusive days), oldest first."""
        where, params = _day_bounds(since, until)
        if routine is not None:
            where += " AND routine_id = ?"
            params.append(routine)
        rows = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE {where} ORDER BY started_at, id",
            params,
        ).fetchall()
        return [_session(r) for r in rows]

    def session(self, session_id: int) -> SessionRow | None:
        row = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return _session(row) if row else None

    def steps(self, session_id: int) -> list[StepRow]:
        rows = self._db.execute(
            f"SELECT {_STEP_COLUMNS} FROM steps WHERE session_id = ? ORDER BY id", (session_id,)
        ).fetchall()
        return [_step(r) for r in rows]

    def pain_ratings(self, session_id: int) -> list[PainRow]:
        rows = self._db.execute(
            "SELECT id, session_id, item, exercise_id, value, decision, message, rated_at "
            "FROM pain_ratings WHERE session_id = ? ORDER BY id", (session_id,)
        ).fetchall()
        return [_pain(r) for r in rows]

    def routines(self) -> list[tuple[str, str]]:
        """(id, latest name) of every routine in the history, by name."""
        rows = self._db.execute(
            "SELECT routine_id, routine_name FROM sessions WHERE id IN "
            "(SELECT max(id) FROM sessions GROUP BY routine_id) ORDER BY routine_name"
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def export_sources(self, since: date | None = None, until: date | None = None,
                       ) -> ExportSources:
        """The three streams an export merges, each one plain query (joining the session
        columns and each exercise's last pain rating in SQL costs several times more for ten
        years of history). Sessions and steps come in the same order: oldest session first."""
        where, params = _day_bounds(since, until)
        sessions = self._db.execute(
            f"SELECT id, started_at, ended_at, status, routine_id, routine_name, baseline_pain, "
            f"final_pain, round(planned_seconds / 60.0, 1), round(done_seconds / 60.0, 1) "
            f"FROM sessions WHERE {where} ORDER BY started_at, id",
            params,
        ).fetchall()
        pain: dict[tuple[int, int | None], tuple[int, str]] = {}
        for sid, item, value, decision in self._db.execute(
            f"SELECT session_id, item, value, decision FROM pain_ratings WHERE session_id IN "
            f"(SELECT id FROM sessions WHERE {where}) ORDER BY id",
            params,
        ):
            pain[(sid, item)] = (value, decision)  # the last rating after each exercise wins
        steps = self._db.execute(
            f"SELECT t.session_id, t.item, t.exercise_id, t.exercise_name, t.side, t.set_no, "
            f"t.sets_planned, t.hold_planned, round(t.hold_actual, 1), t.reps_planned, "
            f"t.reps_done, t.skipped, t.skip_reason, t.ended_at "
            f"FROM steps AS t JOIN (SELECT id, started_at FROM sessions WHERE {where}) AS s "
            f"ON s.id = t.session_id ORDER BY s.started_at, s.id, t.id",
            params,
        )
        return ExportSources(sessions, pain, steps)

    def export_sessions(self, since: date | None = None, until: date | None = None,
                        ) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """(session columns, [step columns, ...]) per session, oldest first, as typed values.

        The session part is the first 10 EXPORT_COLUMNS, each step part the other 15.
        """
        src = self.export_sources(since, until)
        no_pain = (None, None)
        step = next(src.steps, None)
        for session in src.sessions:
            sid = session[0]
            rows: list[tuple[Any, ...]] = []
            while step is not None and step[0] == sid:
                value, decision = src.pain.get((sid, step[1]), no_pain)
                rows.append((len(rows) + 1, *step[2:13], value, decision, step[13]))
                step = next(src.steps, None)
            yield session, rows

    def export_rows(self, since: date | None = None,
                    until: date | None = None) -> Iterator[tuple[Any, ...]]:
        """One tuple per step row (EXPORT_COLUMNS), sessions oldest first.

        A session without any step row (stopped or killed before the first set finished) still
        gets one row, with the step columns empty, so every session appears in the export.
        """
        no_step = (None,) * (len(EXPORT_COLUMNS) - 10)
        for session, steps in self.export_sessions(since, until):
            if not steps:
                yield session + no_step
            for step in steps:
                yield session + step

    def exercise_summary(self, since: date | None = None, until: date | None = None,
                         routine: str | None = None) -> list[ExerciseSummary]:
        """Per exercise: how often recorded, sets skipped, and sessions where pain stopped it.

        "Skipped for pain" counts a session once when a set of the exercise was skipped for pain
        or a pain check named the exercise with a skip or stop decision.
        """
        where, params = _day_bounds(since, until)
        if routine is not None:
            where += " AND routine_id = ?"
            params.append(routine)
        chosen = f"(SELECT id FROM sessions WHERE {where})"
        hits = dict(self._db.execute(
            f"""
            SELECT exercise_id, count(*) FROM (
                SELECT exercise_id, session_id FROM steps
                WHERE skip_reason = 'pain' AND session_id IN {chosen}
                UNION
                SELECT exercise_id, session_id FROM pain_ratings
                WHERE decision IN ('skip_exercise', 'stop_session', 'emergency')
                  AND exercise_id IS NOT NULL AND session_id IN {chosen}
            ) GROUP BY exercise_id
            """,
            params + params,
        ).fetchall())
        rows = self._db.execute(
            f"SELECT exercise_id, max(exercise_name), count(DISTINCT session_id), count(*), "
            f"sum(skipped) FROM steps WHERE session_id IN {chosen} GROUP BY exercise_id",
            params,
        ).fetchall()
        out = [ExerciseSummary(r[0], r[1], r[2], r[3], r[4], int(hits.get(r[0], 0)))
               for r in rows]
        return sorted(out, key=lambda e: e.exercise_name.casefold())

    def exercise_progress(self, exercise_id: str, since: date | None = None,
                          until: date | None = None) -> list[ExerciseProgress]:
        where, params = _day_bounds(since, until)
        rows = self._db.execute(
            f"""
            SELECT s.id, s.started_at, avg(t.hold_planned), avg(t.hold_actual),
                   avg(t.reps_planned), avg(t.reps_done)
            FROM steps AS t JOIN sessions AS s ON s.id = t.session_id
            WHERE t.exercise_id = ? AND s.id IN (SELECT id FROM sessions WHERE {where})
            GROUP BY s.id ORDER BY s.started_at, s.id
            """,
            [exercise_id, *params],
        ).fetchall()
        return [ExerciseProgress(r[0], _dt(r[1]), r[2], r[3], r[4], r[5]) for r in rows]

    def skipped_for_pain(self, since: date | None = None,
                         until: date | None = None) -> list[tuple[str, str, int, int]]:
        """(exercise id, name, sessions where skipped for pain, sessions where recorded)."""
        return [
            (e.exercise_id, e.exercise_name, e.sessions_skipped_for_pain, e.sessions)
            for e in self.exercise_summary(since, until)
            if e.sessions_skipped_for_pain
        ]

    def pain_events(self, since: date | None = None, until: date | None = None,
                    decisions: Iterable[str] = ("skip_exercise", "stop_session", "emergency"),
                    ) -> list[tuple[SessionRow, PainRow]]:
        """Pain ratings with the given decisions, with their sessions (for the cautions)."""
        wanted = tuple(decisions)
        where, params = _day_bounds(since, until)
        marks = ", ".join("?" for _ in wanted)
        rows = self._db.execute(
            f"SELECT p.id, p.session_id, p.item, p.exercise_id, p.value, p.decision, p.message, "
            f"p.rated_at FROM pain_ratings AS p WHERE p.decision IN ({marks}) AND p.session_id IN "
            f"(SELECT id FROM sessions WHERE {where}) ORDER BY p.id",
            [*wanted, *params],
        ).fetchall()
        out: list[tuple[SessionRow, PainRow]] = []
        cache: dict[int, SessionRow] = {}
        for r in rows:
            sid = int(r[1])
            if sid not in cache:
                found = self.session(sid)
                assert found is not None
                cache[sid] = found
            out.append((cache[sid], _pain(r)))
        return out

    # -- progression -----------------------------------------------------------------------------

    def progression_facts(self, limit: int = 10) -> list[SessionFacts]:
        """The latest `limit` finished sessions, oldest first, as input to core.progression."""
        sessions = self._db.execute(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE status != 'open' "
            "ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        facts: list[SessionFacts] = []
        for row in reversed(sessions):
            s = _session(row)
            checks = tuple(
                PainCheck(v, d) for v, d in self._db.execute(
                    "SELECT value, decision FROM pain_ratings WHERE session_id = ? ORDER BY id",
                    (s.id,),
                )
            )
            doses: dict[str, Dose] = {}
            for ex_id, name, hold, reps, sets in self._db.execute(
                "SELECT exercise_id, exercise_name, max(hold_planned), max(reps_planned), "
                "max(sets_planned) FROM steps WHERE session_id = ? GROUP BY item ORDER BY item",
                (s.id,),
            ):
                doses.setdefault(ex_id, Dose(ex_id, name, None if hold is None else int(hold),
                                             int(reps), int(sets)))
            facts.append(SessionFacts(
                session_id=s.id, routine_id=s.routine_id, routine_name=s.routine_name,
                status=s.status, baseline=s.baseline_pain, final=s.final_pain, checks=checks,
                doses=tuple(doses.values()),
            ))
        return facts

    def decided_suggestions(self) -> dict[tuple[str, str], int]:
        """(routine id, kind) -> the newest session a suggestion of that kind was decided on."""
        rows = self._db.execute(
            "SELECT routine_id, kind, max(based_on) FROM suggestions GROUP BY routine_id, kind"
        ).fetchall()
        return {(r[0], r[1]): int(r[2]) for r in rows}

    def suggestion_log(self) -> list[tuple[str, str, int, bool, str, datetime]]:
        rows = self._db.execute(
            "SELECT kind, routine_id, based_on, accepted, changes, decided_at FROM suggestions "
            "ORDER BY id"
        ).fetchall()
        return [(r[0], r[1], r[2], bool(r[3]), r[4], _dt(r[5])) for r in rows]

    # -- internals -------------------------------------------------------------------------------

    def _tighten_journal_modes(self) -> None:
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.chmod(f"{self.path}{suffix}", 0o600)

    def bulk_connection(self) -> sqlite3.Connection:
        """The raw connection, for seeding benchmarks and tests in one big transaction."""
        return self._db


# --- opening helpers ---------------------------------------------------------------------------


def _inspect(path: Path) -> str | None:
    """Why the file at `path` cannot be our history, judged without writing to it; None if fine."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return None
    if size == 0:
        return None  # created but never written (e.g. a crash right after creating it)
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        return "it is not a SQLite database"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"it could not be opened ({exc})"
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables):
            return "it belongs to another program"
        check = con.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            return f"it is damaged ({check})"
    except sqlite3.DatabaseError as exc:
        return f"it is damaged ({exc})"
    finally:
        con.close()
    return None


def _set_aside_with_journal(path: Path, now: datetime | None) -> Path:
    """Set the file aside, with its -wal and -shm under the matching names so SQLite pairs them."""
    if path.exists():
        aside = set_aside(path, now)
    else:  # only journal files are left; give them a name of their own
        aside = path.with_name(f"{path.name}.corrupt-{(now or datetime.now()):%Y%m%d-%H%M%S}")
    for suffix in ("-wal", "-shm", "-journal"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            os.replace(extra, Path(f"{aside}{suffix}"))
    return aside


def _create_private(path: Path) -> None:
    """Create an empty file with mode 0600 so SQLite never creates it with a looser one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)
    os.chmod(path, 0o600)


def _connect(path: Path) -> sqlite3.Connection:
    if not path.exists():
        _create_private(path)
    # Default (legacy) transaction handling: a DML statement opens a transaction and `with con:`
    # commits it, which is what every write method relies on; _migrate issues BEGIN itself.
    con = sqlite3.connect(path, timeout=5.0)
    try:
        _refuse_newer(con, path)  # before anything (even the journal mode) writes to the file
        con.execute("PRAGMA busy_timeout = 5000")
        mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            logger.warning("history: WAL journal not available (%s); using %s", path, mode)
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")
        _migrate(con, path)
    except BaseException:
        con.close()
        raise
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.chmod(f"{path}{suffix}", 0o600)
    return con


def _refuse_newer(con: sqlite3.Connection, path: Path) -> int:
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HistoryTooNewError(
            f"The history file {path} was written by a newer version of backtimer "
            f"(schema {version}, this version reads up to {SCHEMA_VERSION}); it was left as it is."
        )
    return version


def _migrate(con: sqlite3.Connection, path: Path) -> None:
    version = _refuse_newer(con, path)
    for target in range(version + 1, SCHEMA_VERSION + 1):
        script = _MIGRATIONS[target - 1]
        # executescript() commits first; run the statements ourselves inside one transaction so a
        # kill half-way through a migration leaves the previous version intact.
        con.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                con.execute(statement)
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {target}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        logger.info("history %s migrated to schema %d", path, target)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (complete_statement knows about quotes)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def migrations() -> tuple[str, ...]:
    """The migration scripts, for tests that build a file at an older schema."""
    return _MIGRATIONS


# --- summaries over session rows (shared by the window and the report) -------------------------

MEANINGFUL_CHANGE = 2  # points on the 0-10 scale (docs/exercise-sources.md, pain change)


@dataclass(frozen=True)
class WeekSummary:
    monday: date
    sessions: int
    days: int  # days with an exercised session
    minutes: float
    exercises_done: int
    exercises_planned: int
    pain_before: float | None  # mean baseline of the week's sessions
    pain_after: float | None  # mean final pain


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def exercised(session: SessionRow) -> bool:
    """A session counts for the calendar and the streak when at least one exercise was done."""
    return session.exercises_done > 0 or session.status == "completed"


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def weekly_summary(sessions: Iterable[SessionRow], first: date | None = None,
                   last: date | None = None) -> list[WeekSummary]:
    """One entry per calendar week (Monday first) from `first` to `last`, empty weeks included."""
    rows = list(sessions)
    if not rows and (first is None or last is None):
        return []
    first = first or rows[0].day
    last = last or max(s.day for s in rows)
    by_week: dict[date, list[SessionRow]] = {}
    for s in rows:
        by_week.setdefault(week_start(s.day), []).append(s)
    out: list[WeekSummary] = []
    monday = week_start(first)
    while monday <= last:
        week = by_week.get(monday, [])
        out.append(WeekSummary(
            monday=monday,
            sessions=len(week),
            days=len({s.day for s in week if exercised(s)}),
            minutes=sum(s.done_seconds for s in week) / 60.0,
            exercises_done=sum(s.exercises_done for s in week),
            exercises_planned=sum(s.exercises_planned for s in week),
            pain_before=_mean([s.baseline_pain for s in week if s.baseline_pain is not None]),
            pain_after=_mean([s.final_pain for s in week if s.final_pain is not None]),
        ))
        monday += timedelta(days=7)
    return out


def exercised_days(sessions: Iterable[SessionRow]) -> set[date]:
    return {s.day for s in sessions if exercised(s)}


def current_streak(days: set[date], today: date) -> int:
    """Days in a row with exercise, ending today, or yesterday when today is still to come."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def reference_band(sessions: list[SessionRow]) -> tuple[float, float, float] | None:
    """(mean, low, high): the first week's mean pain before, +/- the 2-point meaningful change.

    A later weekly mean below `low` is a meaningful improvement (Farrar 2001, Ostelo 2008); inside
    the band the change may be measurement noise (Childs 2005: MDC 2 points).
    """
    rated = [s for s in sessions if s.baseline_pain is not None]
    if not rated:
        return None
    end = rated[0].day + timedelta(days=7)
    first_week = [s.baseline_pain for s in rated if s.day < end and s.baseline_pain is not None]
    mean = sum(first_week) / len(first_week)
    return mean, max(0.0, mean - MEANINGFUL_CHANGE), min(10.0, mean + MEANINGFUL_CHANGE)


PAIN_POINTS_WEEKLY_AFTER = 60  # sessions; beyond this a per-session chart is unreadable


def pain_points(sessions: Sequence[SessionRow]) -> tuple[list[tuple[date, float]],
                                                         list[tuple[date, float]], bool]:
    """(before, after, weekly) pain points for a chart: one per session, or weekly means once
    there are more sessions than a chart can show one by one (the window and the PDF agree)."""
    if len(sessions) <= PAIN_POINTS_WEEKLY_AFTER:
        before = [(s.day, float(s.baseline_pain)) for s in sessions if s.baseline_pain is not None]
        after = [(s.day, float(s.final_pain)) for s in sessions if s.final_pain is not None]
        return before, after, False
    before_w: list[tuple[date, float]] = []
    after_w: list[tuple[date, float]] = []
    for week in weekly_summary(sessions):
        mid = week.monday + timedelta(days=3)
        if week.pain_before is not None:
            before_w.append((mid, week.pain_before))
        if week.pain_after is not None:
            after_w.append((mid, week.pain_after))
    return before_w, after_w, True
