"""The history's reads: sessions, steps and ratings back as core/records.py types, the
summaries the windows and the report draw, progression's facts, and the CSV's streams.

A base class of HistoryStore (storage/history.py), so a caller holds one object; it only reads
through the connection the store opened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from backtimer.core.progression import Dose, PainCheck, SessionFacts
from backtimer.core.records import (
    Decision,
    ExerciseProgress,
    ExerciseSummary,
    PainRow,
    SessionRow,
    SessionStatus,
    SkipReason,
    StepOutcome,
)

# Pain decisions that leave the exercise rated (what "skipped for pain" counts).
LEAVING_DECISIONS: tuple[Decision, ...] = tuple(d for d in Decision if d.leaves_exercise)
_LEAVING = ", ".join(f"'{d}'" for d in LEAVING_DECISIONS)
SESSION_COLUMNS = (
    "id, routine_id, routine_name, started_at, ended_at, status, baseline_pain, final_pain, "
    "planned_seconds, done_seconds, exercises_planned, exercises_done, end_message"
)
_STEP_COLUMNS = (
    "item, exercise_id, exercise_name, side, set_no, sets_planned, hold_planned, hold_actual, "
    "reps_planned, reps_done, skipped, skip_reason, ended_at, id, session_id, hold_own, hold_adjust"
)


class ExportSession(NamedTuple):
    """A session's columns of the CSV, named as its header names them."""

    session_id: int
    session_start: str
    session_end: str | None
    session_status: str
    routine_id: str
    routine_name: str
    baseline_pain: int | None
    final_pain: int | None
    planned_minutes: float
    done_minutes: float


class ExportStep(NamedTuple):
    """A step's stored columns for the CSV (`item` joins it to the pain after its exercise)."""

    session_id: int
    item: int
    exercise_id: str
    exercise_name: str
    side: str | None
    set: int
    sets_planned: int
    hold_planned_s: float | None
    hold_actual_s: float | None
    reps_planned: int
    reps_done: int
    skipped: int
    skip_reason: str | None
    step_ended_at: str


@dataclass(frozen=True)
class ExportSources:
    sessions: list[ExportSession]
    pain: dict[tuple[int, int | None], tuple[int, str]]  # (session, item) -> last rating
    steps: Iterator[ExportStep]


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def session_row(row: tuple[Any, ...]) -> SessionRow:
    return SessionRow(
        row[0], row[1], row[2], parse_time(row[3]), parse_time(row[4]) if row[4] else None,
        SessionStatus(row[5]), *row[6:13],
    )


def _step(row: tuple[Any, ...]) -> StepOutcome:
    return StepOutcome(
        item=row[0], exercise_id=row[1], exercise_name=row[2], side=row[3], set_no=row[4],
        sets_planned=row[5], hold_planned=row[6], hold_actual=row[7], reps_planned=row[8],
        reps_done=row[9], skipped=bool(row[10]),
        skip_reason=None if row[11] is None else SkipReason(row[11]), ended_at=parse_time(row[12]),
        id=row[13], session_id=row[14], hold_own=row[15], hold_adjust=row[16],
    )


def _pain(row: tuple[Any, ...]) -> PainRow:
    return PainRow(row[0], row[1], row[2], row[3], row[4], Decision(row[5]), row[6],
                   parse_time(row[7]))


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


class HistoryReads:
    """Every read of the history; HistoryStore adds opening and the writes."""

    _db: sqlite3.Connection

    # -- sessions --------------------------------------------------------------------------------

    def sessions(self, since: date | None = None, until: date | None = None,
                 routine: str | None = None) -> list[SessionRow]:
        """Sessions that started between `since` and `until` (inclusive days), oldest first."""
        where, params = _day_bounds(since, until)
        if routine is not None:
            where += " AND routine_id = ?"
            params.append(routine)
        rows = self._db.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE {where} ORDER BY started_at, id",
            params,
        ).fetchall()
        return [session_row(r) for r in rows]

    def session(self, session_id: int) -> SessionRow | None:
        row = self._db.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        return session_row(row) if row else None

    def steps(self, session_id: int) -> list[StepOutcome]:
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
        sessions = [ExportSession._make(r) for r in self._db.execute(
            f"SELECT id, started_at, ended_at, status, routine_id, routine_name, baseline_pain, "
            f"final_pain, round(planned_seconds / 60.0, 1), round(done_seconds / 60.0, 1) "
            f"FROM sessions WHERE {where} ORDER BY started_at, id",
            params,
        )]
        pain: dict[tuple[int, int | None], tuple[int, str]] = {}
        for sid, item, value, decision in self._db.execute(
            f"SELECT session_id, item, value, decision FROM pain_ratings WHERE session_id IN "
            f"(SELECT id FROM sessions WHERE {where}) ORDER BY id",
            params,
        ):
            pain[(sid, item)] = (value, decision)  # the last rating after each exercise wins
        steps = map(ExportStep._make, self._db.execute(
            f"SELECT t.session_id, t.item, t.exercise_id, t.exercise_name, t.side, t.set_no, "
            f"t.sets_planned, t.hold_planned, round(t.hold_actual, 1), t.reps_planned, "
            f"t.reps_done, t.skipped, t.skip_reason, t.ended_at "
            f"FROM steps AS t JOIN (SELECT id, started_at FROM sessions WHERE {where}) AS s "
            f"ON s.id = t.session_id ORDER BY s.started_at, s.id, t.id",
            params,
        ))
        return ExportSources(sessions, pain, steps)

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
                WHERE skip_reason = '{SkipReason.PAIN}' AND session_id IN {chosen}
                UNION
                SELECT exercise_id, session_id FROM pain_ratings
                WHERE decision IN ({_LEAVING}) AND exercise_id IS NOT NULL
                  AND session_id IN {chosen}
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
        return [ExerciseProgress(r[0], parse_time(r[1]), r[2], r[3], r[4], r[5]) for r in rows]

    def pain_events(self, since: date | None = None, until: date | None = None,
                    decisions: Iterable[str] = LEAVING_DECISIONS,
                    ) -> list[tuple[SessionRow, PainRow]]:
        """Pain ratings with the given decisions, with their sessions (for the cautions)."""
        wanted = tuple(decisions)
        where, params = _day_bounds(since, until)
        marks = ", ".join("?" for _ in wanted)
        rows = self._db.execute(
            f"SELECT p.id, p.session_id, p.item, p.exercise_id, p.value, p.decision, p.message, "
            f"p.rated_at FROM pain_ratings AS p WHERE p.decision IN ({marks}) AND p.session_id IN "
            f"(SELECT id FROM sessions WHERE {where}) ORDER BY p.id",
            [*(Decision(d).value for d in wanted), *params],
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
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE status != '{SessionStatus.OPEN}' "
            "ORDER BY started_at DESC, id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        facts: list[SessionFacts] = []
        for row in reversed(sessions):
            s = session_row(row)
            checks = tuple(
                PainCheck(v, Decision(d)) for v, d in self._db.execute(
                    "SELECT value, decision FROM pain_ratings WHERE session_id = ? ORDER BY id",
                    (s.id,),
                )
            )
            doses: dict[str, Dose] = {}
            # The own hold, not the planned one (core/plan.py): rows from before schema 3 have
            # no own value, and their planned hold is the best that is known.
            for ex_id, name, hold, reps, sets, adjust in self._db.execute(
                "SELECT exercise_id, exercise_name, max(coalesce(hold_own, hold_planned)), "
                "max(reps_planned), max(sets_planned), max(coalesce(hold_adjust, 0)) "
                "FROM steps WHERE session_id = ? GROUP BY item ORDER BY item",
                (s.id,),
            ):
                doses.setdefault(ex_id, Dose(ex_id, name, None if hold is None else int(hold),
                                             int(reps), int(sets), int(adjust)))
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
        return [(r[0], r[1], r[2], bool(r[3]), r[4], parse_time(r[5])) for r in rows]
