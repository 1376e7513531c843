"""Writes a running session into the history, event by event, as it happens.

`HistoryRecorder.on_event` is subscribed to the session's bus, so what is recorded is exactly what
the session did (the same events drive the screen and the event log).

Granularity: one *step outcome* row per set of an exercise on one side (routine item x side x set),
with planned and actual hold, reps planned and done, and whether it was skipped and why. A routine
of five exercises, some per side, some with two sets, gives the ~14 rows per session the history
is sized for. A row is written, in its own transaction, at the moment the set is over:

* its last rep or hold ends (done or skipped), or
* the session leaves the set early: the person skips forward past it, skips the exercise, goes
  back, an interjected "this hurts" pain check leads to a skip, or the session ends.

Sets the session jumps over without starting any rep of them (a skipped exercise, or a later
occurrence of an exercise that pain ruled out for this session) get a row with 0 reps done, so
"skipped for pain" can be counted. Sets never reached because the session stopped get no row; the
session row's `exercises_planned` keeps the denominator.

Skip reasons: `pain` (a pain decision of skip_exercise, stop_session or emergency for it, or the
session was stopped by pain), `stopped` (the session ended, by the person or a kill, before the
set was finished), `user` (the person skipped reps or the exercise).

If the person goes back and redoes a set that was already written, the same row is updated, not
duplicated; reps done stay done. Pain ratings are written at once, each in its own transaction,
and become the session's final pain. The session's done time (active seconds, pauses excluded)
and exercises done travel with each write, so a killed session still shows how far it got.

Order: the recorder hears each event before the event log and the screen do (app/session_runner.py
gives it the session's own bus, ahead of everything else), so the history is never behind what
the log or the screen already showed: a kill -9 just after a set's last `phase_ended done` line
finds that set committed.

A failed write (disk full, file removed) never stops the session. The write is kept, in order, in
`pending` (memory) and retried at the next event, at most every `RETRY_EVERY` seconds, and at the
end; `on_problem` tells the person at once, and again when everything is written. Writes that
depend on an earlier one (a step needs its session's id, a redone set its row's id) read those
ids only when they run, so a backlog is written exactly as it would have been. What is still
pending when the session is left is handed to the store, which retries it before its next write
and when it closes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from backtimer.core.clock import Clock
from backtimer.core.events import (
    Event,
    EventBus,
    PainRated,
    PhaseEnded,
    PhaseStarted,
    SessionEnded,
    SessionStarted,
)
from backtimer.core.plan import Plan, Step
from backtimer.core.records import Decision, SkipReason, StepOutcome
from backtimer.storage.history import HistoryStore, now_local

logger = logging.getLogger(__name__)

GroupKey = tuple[int, str | None, int]  # (routine item, side, set)
REP_KINDS = frozenset({"hold", "rep"})
SLOW_WRITE = 0.05  # seconds; a write slower than this is logged
RETRY_EVERY = 2.0  # seconds between attempts to write a backlog while the disk is failing

DISK_PROBLEM = ("This session could not be saved to your history just now ({reason}). It is "
                "kept in memory and will be saved as soon as there is room on the disk.")
DISK_RECOVERED = "Your history has caught up: everything in this session so far is saved."


@dataclass
class _Group:
    key: GroupKey
    rep_steps: tuple[int, ...]  # plan indices of the group's hold/rep steps
    done: dict[int, float] = field(default_factory=dict)  # rep -> active seconds (last done run)
    user_skipped: bool = False
    pain: bool = False
    row_id: int | None = None
    written: bool = False  # a row was written (or is pending) for it
    skipped: bool = True  # as last written

    @property
    def last_rep_step(self) -> int:
        return self.rep_steps[-1]


def _group_key(step: Step) -> GroupKey | None:
    if step.item is None or step.set is None:
        return None  # the pain check after an exercise belongs to no set
    return (step.item, step.side, step.set)


class HistoryRecorder:
    def __init__(self, store: HistoryStore, plan: Plan, clock: Clock, baseline: int | None,
                 *, wall: Callable[[], datetime] = now_local,
                 on_problem: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.on_problem = on_problem
        self.plan = plan
        self.clock = clock  # monotonic; only used to time the writes
        self.wall = wall
        self.baseline = baseline
        self.session_id: int | None = None
        self.errors = 0
        self.pending: deque[tuple[str, Callable[[], None]]] = deque()  # (what, write), in order
        self._failing = False
        self._last_try = float("-inf")
        self._started = False
        self._done_seconds = 0.0
        self._groups: dict[GroupKey, _Group] = {}
        self._open: _Group | None = None
        self._frontier = -1  # highest plan index started so far
        self._current: Step | None = None
        self._pain_skipped: set[str] = set()
        self._pain_stop = False
        self._interjected: GroupKey | None = None  # set of an open "this hurts" pain check
        self._ended = False
        rep_steps: dict[GroupKey, list[int]] = {}
        for step in plan.steps:
            key = _group_key(step)
            if key is not None and step.kind in REP_KINDS:
                rep_steps.setdefault(key, []).append(step.index)
        self._rep_steps = {k: tuple(v) for k, v in rep_steps.items()}
        self._item_groups: dict[int, list[GroupKey]] = {}
        for key in self._rep_steps:
            self._item_groups.setdefault(key[0], []).append(key)

    # -- the bus listener ------------------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        started = self.clock()
        if self.pending and started - self._last_try >= RETRY_EVERY:
            self.retry()
        if self._ended:
            return
        if isinstance(event, SessionStarted):
            self._session_started()
        elif not self._started:
            return
        elif isinstance(event, PhaseStarted):
            self._phase_started(event)
        elif isinstance(event, PhaseEnded):
            self._phase_ended(event)
        elif isinstance(event, PainRated):
            self._pain_rated(event)
        elif isinstance(event, SessionEnded):
            self._session_ended(event)
        elapsed = self.clock() - started
        if elapsed > SLOW_WRITE:
            logger.info("history: recording %s took %.0f ms", event.name, elapsed * 1000)

    # -- writing, and keeping what could not be written -------------------------------------------

    def _write(self, what: str, write: Callable[[], None]) -> None:
        """Write now, behind anything still pending; keep it if the disk refuses."""
        self.pending.append((what, write))
        if len(self.pending) == 1 or self.clock() - self._last_try >= RETRY_EVERY:
            self.retry()

    def retry(self) -> bool:
        """Write what is pending, oldest first; True when nothing is left."""
        self._last_try = self.clock()
        while self.pending:
            what, write = self.pending[0]
            try:
                write()
            except (sqlite3.Error, OSError) as exc:
                self.errors += 1
                logger.warning("history: could not record %s (%s); %d write(s) kept", what, exc,
                               len(self.pending))
                if not self._failing:
                    self._failing = True
                    self._tell(DISK_PROBLEM.format(reason=exc))
                return False
            self.pending.popleft()
        if self._failing:
            self._failing = False
            logger.info("history: the kept writes are saved")
            self._tell(DISK_RECOVERED)
        return True

    def _tell(self, message: str) -> None:
        if self.on_problem is None:
            return
        try:
            self.on_problem(message)
        except Exception:  # telling must never stop the recording
            logger.exception("history: could not show a problem")

    def _sid(self) -> int:
        assert self.session_id is not None, "written after the session row"
        return self.session_id

    # -- handlers --------------------------------------------------------------------------------

    def _session_started(self) -> None:
        routine = self.plan.routine
        started_at = self.wall()
        self._started = True

        def write() -> None:
            self.session_id = self.store.start_session(
                routine_id=routine.id, routine_name=routine.name, started_at=started_at,
                baseline_pain=self.baseline,
                planned_seconds=round(self.plan.estimated_seconds, 1),
                exercises_planned=len(self.plan.items),
            )

        self._write("the session's start", write)

    def _phase_started(self, event: PhaseStarted) -> None:
        step = self.plan.steps[event.index]
        interjected = event.kind == "pain_check" and step.kind != "pain_check"
        if interjected:
            # "This hurts" mid-set: the set stays open (or, if that was its last rep, is already
            # written) until the answer shows where the session goes.
            self._interjected = _group_key(step)
            return
        self._interjected = None
        self._current = step
        key = _group_key(step)
        if self._open is not None and key != self._open.key:
            self._flush(self._open)
        if event.index > self._frontier + 1:
            self._passed_over(range(self._frontier + 1, event.index))
        self._frontier = max(self._frontier, event.index)
        if step.kind in REP_KINDS and key is not None:
            self._open = self._group(key)

    def _phase_ended(self, event: PhaseEnded) -> None:
        self._done_seconds += event.active
        if event.kind not in REP_KINDS or self._open is None:
            return
        step = self.plan.steps[event.index]
        group = self._open
        if _group_key(step) != group.key or step.rep is None:
            return
        if event.reason == "done":
            group.done[step.rep] = event.active
        elif event.reason == "skipped":
            group.user_skipped = True
        if event.index == group.last_rep_step and event.reason in ("done", "skipped"):
            self._flush(group)

    def _pain_rated(self, event: PainRated) -> None:
        if event.decision.leaves_exercise:
            if event.exercise is not None:
                self._pain_skipped.add(event.exercise)
            if event.decision != Decision.SKIP_EXERCISE:
                self._pain_stop = True
            if self._open is not None:
                self._open.pain = True
            hurt = self._groups.get(self._interjected) if self._interjected else None
            if hurt is not None:
                hurt.pain = True
                if hurt.written and hurt.skipped and hurt is not self._open:
                    self._flush(hurt)  # its last rep was cut short by the pain: say so
        item = self._current.item if self._current is not None else None
        rated_at, done = self.wall(), round(self._done_seconds, 1)
        self._write("a pain rating", lambda: self._store_pain(event, item, rated_at, done))

    def _store_pain(self, event: PainRated, item: int | None, rated_at: datetime,
                    done: float) -> None:
        self.store.write_pain(
            self._sid(), value=event.value, decision=event.decision, exercise_id=event.exercise,
            item=item, message=event.message, rated_at=rated_at, done_seconds=done,
        )

    def _session_ended(self, event: SessionEnded) -> None:
        if self._open is not None:
            if self._pain_stop:
                self._open.pain = True
            self._flush(self._open, ending=True)
        ended_at, done = self.wall(), round(self._done_seconds, 1)
        exercises = self._exercises_done()
        self._write("the session's end", lambda: self.store.end_session(
            self._sid(), status=event.status, ended_at=ended_at, message=event.message,
            done_seconds=done, exercises_done=exercises,
        ))
        self._ended = True
        if self.pending:
            self.retry()  # the end is the last chance this session offers

    # -- sets ------------------------------------------------------------------------------------

    def _group(self, key: GroupKey) -> _Group:
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group(key, self._rep_steps[key])
        return group

    def _passed_over(self, indices: range) -> None:
        """Sets the session jumped over without starting them are written as skipped."""
        seen: set[GroupKey] = set()
        for index in indices:
            step = self.plan.steps[index]
            key = _group_key(step)
            if step.kind not in REP_KINDS or key is None or key in seen or key in self._groups:
                continue
            seen.add(key)
            group = self._group(key)
            group.user_skipped = True
            if step.exercise in self._pain_skipped:
                group.pain = True
            self._flush(group)

    def _flush(self, group: _Group, *, ending: bool = False) -> None:
        if self._open is group:
            self._open = None
        item_no, side, set_no = group.key
        item = self.plan.items[item_no]
        reps_done = len(group.done)
        skipped = reps_done < item.reps
        reason: SkipReason | None = None
        if skipped:
            if group.pain or (ending and self._pain_stop):
                reason = SkipReason.PAIN
            elif ending:
                reason = SkipReason.STOPPED
            else:
                reason = SkipReason.USER
        holds = list(group.done.values())
        hold_actual = (round(sum(holds) / len(holds), 2)
                       if item.hold is not None and holds else None)
        group.skipped = skipped
        group.written = True
        outcome = StepOutcome(
            item=item_no, exercise_id=item.exercise.id, exercise_name=item.exercise.name,
            side=side, set_no=set_no, sets_planned=item.sets,
            hold_planned=float(item.hold) if item.hold is not None else None,
            hold_actual=hold_actual, reps_planned=item.reps, reps_done=reps_done,
            skipped=skipped, skip_reason=reason, ended_at=self.wall(),
            hold_own=float(item.hold_own) if item.hold_own is not None else None,
            hold_adjust=item.hold_adjust if item.hold is not None else None,
        )
        done, exercises = round(self._done_seconds, 1), self._exercises_done()

        def write() -> None:
            group.row_id = self.store.write_step(self._sid(), outcome, row_id=group.row_id,
                                                 done_seconds=done, exercises_done=exercises)

        self._write("a finished set", write)

    def _exercises_done(self) -> int:
        """Exercises whose every set, on every side, was written and finished with all its reps."""
        done = 0
        for keys in self._item_groups.values():
            groups = [self._groups.get(k) for k in keys]
            if all(g is not None and g.written and not g.skipped for g in groups):
                done += 1
        return done


def recording_bus(recorder: HistoryRecorder, downstream: EventBus) -> EventBus:
    """The bus a session publishes on: the recorder hears each event first, then `downstream`
    (the app's bus: event log, screen, voice). So nothing the log or the screen shows as done
    can be missing from the history after a kill, whatever moment it comes."""
    bus = EventBus()
    bus.subscribe(recorder.on_event)
    bus.subscribe(downstream.publish)
    return bus
