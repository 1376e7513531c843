"""The session history's queries and writes, on a file opened by storage/history_file.py.

* Every write (session start, each step outcome, each pain rating, session end) is its own
  transaction (`with self._db:` commits or rolls back), so a kill loses at most the step in
  progress. A session still `open` at the next start belongs to a program that died;
  `close_interrupted()` marks it `interrupted`, with the time of the last thing written as its end.
* Rows come back as the types of core/records.py, with the enums of its vocabulary; the strings
  in the file are those enums' values (the CHECK constraints of the schema spell the same words).
* The reads are storage/history_reads.py (a base class, so callers hold one store).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from backtimer.core.progression import Suggestion
from backtimer.core.records import Decision, SessionRow, SessionStatus, SkipReason, StepOutcome
from backtimer.storage.history_file import HistoryError as HistoryError
from backtimer.storage.history_file import HistoryTooNewError as HistoryTooNewError
from backtimer.storage.history_file import HistoryUnavailableError as HistoryUnavailableError
from backtimer.storage.history_file import (
    memory_history,
    open_file,
    open_read_only,
    tighten_journal_modes,
)
from backtimer.storage.history_reads import HistoryReads
from backtimer.storage.paths import history_file

logger = logging.getLogger(__name__)

STATUSES: tuple[str, ...] = tuple(s.value for s in SessionStatus)
SKIP_REASONS: tuple[str, ...] = tuple(r.value for r in SkipReason)


def now_local() -> datetime:
    """Wall-clock time with the local UTC offset, to the second (what every row stores)."""
    return datetime.now().astimezone().replace(microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


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

class HistoryStore(HistoryReads):
    """The open history file. One connection, used from the thread that opened it."""

    def __init__(self, connection: sqlite3.Connection, path: Path,
                 set_aside_path: Path | None = None, notice: str = "") -> None:
        self._db = connection
        self._backlog: list[Callable[[], bool]] = []  # writes kept while the disk refused them
        self.path = path
        self.set_aside_path = set_aside_path
        # A message for the person when the file had to be set aside, or could only be read,
        # or not used at all; empty otherwise.
        self.notice = notice
        self.writable = True  # False: opened read-only (full disk, read-only folder)
        self.kept = True  # False: an empty history in memory, for a run without the file

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, now: datetime | None = None) -> HistoryStore:
        """Open (creating or migrating) the history at `path` (default: the data folder).

        A file that cannot be used as our history is set aside and a fresh one created; `notice`
        then tells the person where the old file went (storage/history_file.py).
        """
        path = path if path is not None else history_file()
        try:
            opened = open_file(path, now)
        except HistoryUnavailableError as exc:
            # The file is fine but cannot be written now: show it as it is, untouched.
            try:
                connection = open_read_only(path)
            except HistoryError:
                raise exc from None
            logger.warning("history opened read-only: %s", exc)
            store = cls(connection, path, notice=(
                f"{exc} Your history is shown as it is, but nothing from this run can be added "
                "to it until that is fixed."))
            store.writable = False
            return store
        return cls(opened.connection, path, opened.set_aside_path, opened.notice)

    @classmethod
    def open_or_memory(cls, path: Path | None = None, *,
                       now: datetime | None = None) -> HistoryStore:
        """Like `open`, but never fails: when the file cannot be used at all (written by a newer
        backtimer, a folder in its place, a data folder that cannot be created or written),
        an empty history in memory lets the app run without it, and `notice` says so."""
        path = path if path is not None else history_file()
        try:
            return cls.open(path, now=now)
        except HistoryError as exc:
            reason = str(exc)
        logger.warning("running without a history: %s", reason)
        store = cls(memory_history(), path, notice=(
            f"{reason} This run keeps no history: sessions work as usual, but they are not "
            "saved."))
        store.kept = False
        return store

    def _ensure_writable(self) -> None:
        """A store opened read-only reopens for writing as soon as it can (space came back)."""
        if self.writable:
            return
        try:
            opened = open_file(self.path)
        except HistoryError:
            return  # still not: the write goes to the read-only file and fails, and is kept
        self._db.close()
        self._db = opened.connection
        self.writable = True
        logger.info("history %s can be written again", self.path)

    def close(self) -> None:
        self.retry_backlog()
        self._db.close()

    def keep_trying(self, retry: Callable[[], bool]) -> None:
        """Keep `retry` (True once all it holds is written) until it succeeds: before each new
        session and when the store closes (storage/recorder.py hands over what it could not
        write)."""
        self._backlog.append(retry)

    def retry_backlog(self) -> bool:
        """Run the kept retries in order; True when nothing is left."""
        while self._backlog:
            if not self._backlog[0]():
                return False
            self._backlog.pop(0)
        return True

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
        self.retry_backlog()  # an earlier session first, so the file stays in order
        self._ensure_writable()
        with self._db:
            cur = self._db.execute(
                "INSERT INTO sessions (routine_id, routine_name, started_at, baseline_pain, "
                "planned_seconds, exercises_planned, pid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (routine_id, routine_name, _iso(started_at), baseline_pain, planned_seconds,
                 exercises_planned, os.getpid()),
            )
        if self.kept:
            tighten_journal_modes(self.path)
        assert cur.lastrowid is not None
        return cur.lastrowid

    def write_step(self, session_id: int, outcome: StepOutcome, *, row_id: int | None = None,
                   done_seconds: float, exercises_done: int) -> int:
        """Insert (or, after the person went back and redid it, update) one set's outcome."""
        values = (
            outcome.item, outcome.exercise_id, outcome.exercise_name, outcome.side, outcome.set_no,
            outcome.sets_planned, outcome.hold_planned, outcome.hold_actual, outcome.reps_planned,
            outcome.reps_done, int(outcome.skipped),
            None if outcome.skip_reason is None else SkipReason(outcome.skip_reason).value,
            _iso(outcome.ended_at), outcome.hold_own, outcome.hold_adjust,
        )
        self._ensure_writable()
        with self._db:
            if row_id is None:
                cur = self._db.execute(
                    "INSERT INTO steps (session_id, item, exercise_id, exercise_name, side, "
                    "set_no, sets_planned, hold_planned, hold_actual, reps_planned, reps_done, "
                    "skipped, skip_reason, ended_at, hold_own, hold_adjust) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (session_id, *values),
                )
                assert cur.lastrowid is not None
                row_id = cur.lastrowid
            else:
                self._db.execute(
                    "UPDATE steps SET item = ?, exercise_id = ?, exercise_name = ?, side = ?, "
                    "set_no = ?, sets_planned = ?, hold_planned = ?, hold_actual = ?, "
                    "reps_planned = ?, reps_done = ?, skipped = ?, skip_reason = ?, ended_at = ?, "
                    "hold_own = ?, hold_adjust = ? "
                    "WHERE id = ? AND session_id = ?",
                    (*values, row_id, session_id),
                )
            self._db.execute(
                "UPDATE sessions SET done_seconds = ?, exercises_done = ? WHERE id = ?",
                (done_seconds, exercises_done, session_id),
            )
        return row_id

    def write_pain(self, session_id: int, *, value: int, decision: Decision,
                   exercise_id: str | None, item: int | None, message: str, rated_at: datetime,
                   done_seconds: float) -> int:
        """One pain rating; it also becomes the session's final pain until a later one comes."""
        self._ensure_writable()
        with self._db:
            cur = self._db.execute(
                "INSERT INTO pain_ratings (session_id, item, exercise_id, value, decision, "
                "message, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, item, exercise_id, value, Decision(decision).value, message,
                 _iso(rated_at)),
            )
            self._db.execute(
                "UPDATE sessions SET final_pain = ?, done_seconds = ? WHERE id = ?",
                (value, done_seconds, session_id),
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def end_session(self, session_id: int, *, status: SessionStatus, ended_at: datetime,
                    message: str, done_seconds: float, exercises_done: int) -> None:
        if status not in STATUSES or status == SessionStatus.OPEN:
            raise ValueError(f"not a final session status: {status!r}")
        self._ensure_writable()
        with self._db:
            self._db.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, end_message = ?, done_seconds = ?, "
                "exercises_done = ?, pid = NULL WHERE id = ?",
                (SessionStatus(status).value, _iso(ended_at), message, done_seconds,
                 exercises_done, session_id),
            )

    def close_interrupted(self) -> list[SessionRow]:
        """Close every session left open by a program that is no longer running.

        Its end is the time of the last thing written for it (step, pain rating or start). Returns
        the sessions it closed, so the caller can tell the person.
        """
        rows = self._db.execute(
            f"SELECT id, pid FROM sessions WHERE status = '{SessionStatus.OPEN}' ORDER BY id"
        ).fetchall()
        dead = [sid for sid, pid in rows if pid is None or not _pid_alive(int(pid))]
        if not dead:
            return []
        self._ensure_writable()
        try:
            with self._db:
                for sid in dead:
                    self._db.execute(
                        f"UPDATE sessions SET status = '{SessionStatus.INTERRUPTED}', pid = NULL, "
                        "end_message = 'The program ended before the session did.', "
                        "ended_at = max(started_at, "
                        "  coalesce((SELECT max(ended_at) FROM steps WHERE session_id = ?1), ''), "
                        "  coalesce((SELECT max(rated_at) FROM pain_ratings "
                        "            WHERE session_id = ?1), '')"
                        f") WHERE id = ?1 AND status = '{SessionStatus.OPEN}'",
                        (sid,),
                    )
        except sqlite3.Error as exc:  # a full disk or a read-only file: they are closed next time
            logger.warning("history: could not close interrupted sessions (%s)", exc)
            return []
        logger.info("closed %d interrupted session(s): %s", len(dead), dead)
        return [s for sid in dead if (s := self.session(sid)) is not None]

    def record_suggestion(self, suggestion: Suggestion, *, accepted: bool,
                          decided_at: datetime | None = None) -> None:
        self._ensure_writable()
        with self._db:
            self._db.execute(
                "INSERT INTO suggestions (kind, routine_id, based_on, accepted, changes, "
                "decided_at) VALUES (?, ?, ?, ?, ?, ?)",
                (suggestion.kind, suggestion.routine_id, suggestion.based_on, int(accepted),
                 suggestion.summary(), _iso(decided_at or now_local())),
            )

    # -- internals -------------------------------------------------------------------------------

    def bulk_connection(self) -> sqlite3.Connection:
        """The raw connection, for seeding benchmarks and tests in one big transaction."""
        return self._db
