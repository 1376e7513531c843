"""The shared vocabulary of what happened in a session, and the row types of the history.

A decision, a session's status and the reason a step was skipped are enums here and nowhere else:
the session puts them on the bus, the recorder stores their values, and the CSV, the PDF and the
windows read them back as these enums, so no file re-spells them as strings. They are `StrEnum`s,
so their values are exactly the words of the event log and the history file.

The row types are what storage/history.py reads and writes, one type per concept: a session, one
set's outcome (the same type is written by the recorder and read back, with its ids filled in),
a pain rating, and the summaries the windows and reports draw. They live in the core so the
trends, the progression rules and the reports use them without importing storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple


class Decision(StrEnum):
    """What a pain rating leads to, least serious first (the rules: docs/pain-rules.md)."""

    CONTINUE = "continue"
    CAUTION = "caution"
    SKIP_EXERCISE = "skip_exercise"
    STOP_SESSION = "stop_session"
    EMERGENCY = "emergency"

    @property
    def ends_session(self) -> bool:
        return self in (Decision.STOP_SESSION, Decision.EMERGENCY)

    @property
    def leaves_exercise(self) -> bool:
        """The exercise rated is not done again in this session."""
        return self in (Decision.SKIP_EXERCISE, Decision.STOP_SESSION, Decision.EMERGENCY)


class SessionStatus(StrEnum):
    """How a session ended. OPEN is only ever in the history file, for one still running."""

    OPEN = "open"
    COMPLETED = "completed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"


class SkipReason(StrEnum):
    """Why a planned step was not done."""

    USER = "user"  # the person skipped it
    PAIN = "pain"  # a pain decision left the exercise
    STOPPED = "stopped"  # the session ended before it


class SessionRow(NamedTuple):
    """One session (a NamedTuple: ten years of them load several times faster than dataclasses)."""

    id: int
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus
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
class StepOutcome:
    """One set of one exercise on one side: what the recorder writes and the history reads back.

    `hold_planned` is the hold the session ran (core/plan.py: the own value plus the settings'
    adjustment, clamped); `hold_own` is the routine item's own value and `hold_adjust` the
    adjustment in force, so progression proposes a new own value. Both are None in rows written
    before schema 3, and for movement reps. `id` and `session_id` are None until it is stored.
    """

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
    skip_reason: SkipReason | None
    ended_at: datetime
    hold_own: float | None = None
    hold_adjust: int | None = None
    id: int | None = None
    session_id: int | None = None


@dataclass(frozen=True)
class PainRow:
    id: int
    session_id: int
    item: int | None
    exercise_id: str | None
    value: int
    decision: Decision
    message: str
    rated_at: datetime


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
