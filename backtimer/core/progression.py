"""When to suggest doing a little more, or a little less (research/exercise-facts.md, section 7.3).

Pure functions over facts taken from the history, so the rules are tested without a database:

* **Progress** after `GREEN_STREAK` sessions in a row of the same routine, each completed and with
  every pain check green (decision `continue`): one change per exercise, 5 s more hold (never above
  `HOLD_MAX`, 30 s), or, for an exercise already at 30 s or done as movement reps, one or two more
  reps. NHS inform: "add 1-2 reps every few days"; the facts file: "only after 2-3 consecutive
  all-green sessions". Three is the cautious end of that range.
* **Lighten** after a session that ended 2 or more points above its baseline (2 points is the
  minimal detectable change of the 0-10 scale; Childs 2005, Ostelo 2008): one set fewer where
  there is more than one, otherwise a quarter fewer reps; a gentler routine is the other option.
  A lighter plan always wins over a progression.
* A suggestion that was accepted or dismissed is not offered again for the same evidence: only
  sessions after the last decided one count (the store passes `decided`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from backtimer.core.models import HOLD_MAX, REPS_MAX, Routine, RoutineItem
from backtimer.core.plan import clamp_hold
from backtimer.core.records import Decision, SessionStatus
from backtimer.core.trends import MEANINGFUL_CHANGE

SuggestionKind = Literal["progress", "lighten"]
Field = Literal["hold", "reps", "sets"]

GREEN_STREAK = 3  # completed all-green sessions in a row before suggesting more
HOLD_STEP = 5  # seconds added to a hold
GREEN_DECISIONS = frozenset({Decision.CONTINUE})


@dataclass(frozen=True)
class PainCheck:
    value: int
    decision: Decision


@dataclass(frozen=True)
class Dose:
    """How an exercise was planned in a session (the routine item after defaults)."""

    exercise_id: str
    name: str
    hold: int | None  # the routine item's OWN hold, seconds (core/plan.py); None for movement reps
    reps: int
    sets: int
    hold_adjust: int = 0  # the settings' adjustment the session added to `hold`

    @property
    def hold_planned(self) -> int | None:
        """What the session held: the own value plus the adjustment, clamped (as core/plan.py)."""
        if self.hold is None:
            return None
        return clamp_hold(self.hold + self.hold_adjust)


@dataclass(frozen=True)
class SessionFacts:
    session_id: int
    routine_id: str
    routine_name: str
    status: SessionStatus
    baseline: int | None
    final: int | None
    checks: tuple[PainCheck, ...]
    doses: tuple[Dose, ...]

    @property
    def all_green(self) -> bool:
        """Completed, with at least one pain check and every one of them green."""
        return (
            self.status == SessionStatus.COMPLETED
            and bool(self.checks)
            and all(c.decision in GREEN_DECISIONS for c in self.checks)
        )

    @property
    def ended_worse(self) -> bool:
        if self.baseline is None or self.final is None:
            return False
        return self.final - self.baseline >= MEANINGFUL_CHANGE


@dataclass(frozen=True)
class Change:
    exercise_id: str
    name: str
    field: Field
    old: int
    new: int

    def describe(self) -> str:
        unit = " s" if self.field == "hold" else ""
        label = {"hold": "hold", "reps": "reps", "sets": "sets"}[self.field]
        return f"{self.name}: {label} {self.old}{unit} \u2192 {self.new}{unit}"


@dataclass(frozen=True)
class Suggestion:
    kind: SuggestionKind
    routine_id: str
    routine_name: str
    based_on: int  # the newest session id that is evidence for it
    changes: tuple[Change, ...]
    sessions: int  # how many sessions back it up

    def summary(self) -> str:
        return "; ".join(change.describe() for change in self.changes)


def _progress_change(dose: Dose) -> Change | None:
    """5 s more of the item's own hold while the planned hold is below 30 s, else more reps.

    The change is to the own value (what `apply` writes into the routine); the plan adds the
    settings' adjustment to it once.
    """
    planned = dose.hold_planned
    if dose.hold is not None and planned is not None and max(planned, dose.hold) < HOLD_MAX:
        return Change(dose.exercise_id, dose.name, "hold", dose.hold,
                      min(HOLD_MAX, dose.hold + HOLD_STEP))
    extra = 1 if dose.hold is not None else 2  # held reps are costlier than movement reps
    if dose.reps >= REPS_MAX:
        return None
    return Change(dose.exercise_id, dose.name, "reps", dose.reps, min(REPS_MAX, dose.reps + extra))


def _lighten_change(dose: Dose) -> Change | None:
    if dose.sets > 1:
        return Change(dose.exercise_id, dose.name, "sets", dose.sets, dose.sets - 1)
    if dose.reps > 1:
        return Change(dose.exercise_id, dose.name, "reps", dose.reps,
                      max(1, dose.reps - max(1, dose.reps // 4)))
    return None


def suggest(history: Sequence[SessionFacts],
            decided: Mapping[tuple[str, str], int] | None = None,
            *, streak: int = GREEN_STREAK) -> list[Suggestion]:
    """Suggestions from finished sessions, oldest first; at most one per routine."""
    decided = decided or {}
    if not history:
        return []
    latest = history[-1]
    out: list[Suggestion] = []
    if latest.ended_worse and decided.get((latest.routine_id, "lighten"), -1) < latest.session_id:
        changes = tuple(c for d in latest.doses if (c := _lighten_change(d)) is not None)
        out.append(Suggestion("lighten", latest.routine_id, latest.routine_name,
                              latest.session_id, changes, 1))
        return out

    # Progress: the newest sessions of the latest routine, in a row, none of them decided on.
    routine_id = latest.routine_id
    since = max(decided.get((routine_id, "progress"), -1), decided.get((routine_id, "lighten"), -1))
    run: list[SessionFacts] = []
    for facts in reversed(history):
        if facts.session_id <= since or not facts.all_green:
            break  # a session that was not all green, of any routine, ends the run
        if facts.routine_id == routine_id:
            run.append(facts)  # green sessions of other routines neither count nor break it
    if len(run) >= streak:
        changes = tuple(c for d in latest.doses if (c := _progress_change(d)) is not None)
        if changes:
            out.append(Suggestion("progress", routine_id, latest.routine_name,
                                  latest.session_id, changes, len(run)))
    return out


def apply(routine: Routine, suggestion: Suggestion) -> Routine:
    """The routine with the suggestion's changes written into its items' overrides."""
    by_exercise: dict[str, list[Change]] = {}
    for change in suggestion.changes:
        by_exercise.setdefault(change.exercise_id, []).append(change)
    items: list[RoutineItem] = []
    for item in routine.items:
        for change in by_exercise.get(item.exercise, []):
            if change.field == "hold":
                item = replace(item, hold=change.new)
            elif change.field == "reps":
                item = replace(item, reps=change.new)
            else:
                item = replace(item, sets=change.new)
        items.append(item)
    return replace(routine, items=tuple(items), builtin=False)
