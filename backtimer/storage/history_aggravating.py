"""Rules that remember (docs/pain-rules.md): which exercises are aggravating for this person, and
what the person chose for them at the start of each session.

An exercise is aggravating when pain made the person leave it (a set skipped for pain, or a pain
rating with a decision that leaves the exercise) and no session since has done a repetition of it.
A session where it was left out by choice, or skipped or stopped before any repetition, does not
clear it: only doing the exercise again without a pain skip does. The choices are kept in the
`aggravating_choices` table (migration 4 in storage/history_file.py), one row per session and
exercise, written when the session's row is (storage/recorder.py).

A mixin of HistoryStore (storage/history.py); it only uses the store's connection.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backtimer.core.aggravating import Choice
from backtimer.core.records import Decision, SkipReason

logger = logging.getLogger(__name__)

_LEAVING = ", ".join(f"'{d}'" for d in Decision if d.leaves_exercise)


@dataclass(frozen=True)
class AggravatingExercise:
    """An exercise pain made the person leave, not done since."""

    exercise_id: str
    exercise_name: str
    session_id: int  # the latest session where it was left for pain
    left_at: datetime  # that session's start
    # What was chosen for it from that session on (its own start included), oldest first.
    chosen: tuple[tuple[datetime, Choice], ...] = ()


class AggravatingHistory:
    """The history's part of the rules that remember."""

    _db: sqlite3.Connection

    def aggravating(self, until: date | None = None) -> list[AggravatingExercise]:
        """The aggravating exercises, as of the end of `until` (default: everything recorded),
        the most recently aggravated first."""
        bound = "9999" if until is None else (until + timedelta(days=1)).isoformat()
        rows = self._db.execute(
            f"""
            WITH pain AS (
                SELECT exercise_id, session_id FROM steps WHERE skip_reason = '{SkipReason.PAIN}'
                UNION
                SELECT exercise_id, session_id FROM pain_ratings
                WHERE decision IN ({_LEAVING}) AND exercise_id IS NOT NULL
            ), latest AS (
                SELECT p.exercise_id, s.id AS session_id, s.started_at,
                       row_number() OVER (PARTITION BY p.exercise_id
                                          ORDER BY s.started_at DESC, s.id DESC) AS n
                FROM pain AS p JOIN sessions AS s ON s.id = p.session_id
                WHERE s.started_at < ?1
            )
            SELECT l.exercise_id, l.session_id, l.started_at,
                   (SELECT exercise_name FROM steps WHERE exercise_id = l.exercise_id
                    ORDER BY session_id DESC LIMIT 1)
            FROM latest AS l
            WHERE l.n = 1 AND NOT EXISTS (
                -- the sessions after it, in time (sessions_by_start), until one did a rep of it
                SELECT 1 FROM sessions AS s
                WHERE s.started_at >= l.started_at AND s.started_at < ?1
                  AND (s.started_at, s.id) > (l.started_at, l.session_id)
                  AND EXISTS (SELECT 1 FROM steps AS t WHERE t.session_id = s.id
                              AND t.exercise_id = l.exercise_id AND t.reps_done > 0))
            ORDER BY l.started_at DESC, l.session_id DESC, l.exercise_id
            """,
            (bound,),
        ).fetchall()
        out: list[AggravatingExercise] = []
        for exercise_id, session_id, started_at, name in rows:
            left_at = datetime.fromisoformat(started_at)
            chosen = tuple(
                (datetime.fromisoformat(at), Choice(choice)) for at, choice in self._db.execute(
                    "SELECT s.started_at, c.choice FROM aggravating_choices AS c "
                    "JOIN sessions AS s ON s.id = c.session_id "
                    "WHERE c.exercise_id = ?1 AND s.started_at < ?2 "
                    "AND (s.started_at, s.id) >= (?3, ?4) ORDER BY s.started_at, s.id",
                    (exercise_id, bound, started_at, session_id))
            )
            out.append(AggravatingExercise(exercise_id, name or exercise_id, session_id, left_at,
                                           chosen))
        return out

    def aggravating_ids(self) -> set[str]:
        """The ids of the exercises aggravating now (what the start of a session asks about)."""
        return {a.exercise_id for a in self.aggravating()}

    def choices(self, session_id: int) -> dict[str, Choice]:
        """What was chosen at the start of the session, by exercise."""
        return {e: Choice(c) for e, c in self._db.execute(
            "SELECT exercise_id, choice FROM aggravating_choices WHERE session_id = ? ORDER BY id",
            (session_id,))}

    def record_choices(self, session_id: int, choices: Mapping[str, Choice]) -> None:
        """Keep what the person chose for each aggravating exercise of the session."""
        if not choices:
            return
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO aggravating_choices (session_id, exercise_id, choice) "
                "VALUES (?, ?, ?)",
                [(session_id, exercise, Choice(choice).value)
                 for exercise, choice in choices.items()],
            )
