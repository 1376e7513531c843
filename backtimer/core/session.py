"""The session state machine: walks a plan's steps against a monotonic clock.

Timing is deadline-based, never tick-counted. A timed phase has a deadline; what is shown is
`ceil(deadline - now)`; a phase that ends on time ends *at its deadline*, and the next phase starts
from that deadline, not from the (possibly late) moment the tick noticed it, so lateness never
accumulates. Pause stores the remaining time; resume sets a new deadline. If the clock jumps
forward by more than `max_tick_gap` between two ticks (the laptop slept, or the program was frozen),
the session pauses at the point where it stopped being ticked instead of racing through phases.

Everything the session does is published as an event on the bus it is given; the UI, the speech
cues, the history and the event log all read those same events.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from typing import Literal

from backtimer.core.clock import Clock
from backtimer.core.events import (
    Display,
    EndReason,
    EventBus,
    PainRated,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SessionEnded,
    SessionStarted,
)
from backtimer.core.pain import PainResult, PainTracker
from backtimer.core.plan import Plan, Step
from backtimer.core.records import Decision, SessionStatus, SkipReason

logger = logging.getLogger(__name__)

State = Literal["ready", "running", "paused", "ended"]

DEFAULT_MAX_TICK_GAP = 5.0  # seconds without a tick that count as the machine having slept
# Deadlines are sums of floats; one within a microsecond counts as reached, so that rounding in
# the last bit never keeps a phase alive for one more tick.
EPSILON = 1e-6


class SessionError(RuntimeError):
    """An action that makes no sense in the session's current state (a programming error)."""


class Session:
    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        bus: EventBus,
        *,
        pain: PainTracker | None = None,
        max_tick_gap: float = DEFAULT_MAX_TICK_GAP,
    ) -> None:
        if not plan.steps:
            raise SessionError("a session needs at least one step")
        self.plan = plan
        self.clock = clock
        self.bus = bus
        self.pain = pain if pain is not None else PainTracker(baseline=0, clock=clock)
        self.max_tick_gap = max_tick_gap
        self.state: State = "ready"
        self.status: SessionStatus | None = None
        self.skipped_exercises: set[str] = set()  # left for pain: never run again this session
        # Every exercise not done, and why, in the order it happened (for the end message).
        self.skip_reasons: dict[str, SkipReason] = {}
        self._done_items: set[int] = set()  # items with at least one hold or rep done
        self._step: Step = plan.steps[0]
        self._start = 0.0  # when the current phase (virtually) began
        self._deadline: float | None = None  # set while a timed phase is running
        self._remaining: float | None = None  # set while a timed phase is paused
        self._paused_since: float | None = None
        self._paused_total = 0.0  # pause time inside the current phase
        self._last_tick = 0.0
        self._shown: int | None = None
        self._interjected = False  # the current pain check was asked for mid-exercise

    # ----------------------------------------------------------------- queries
    @property
    def step(self) -> Step:
        """The step being shown now (an interjected pain check is a step of its own)."""
        return self._step

    @property
    def running(self) -> bool:
        return self.state == "running"

    def remaining(self) -> float | None:
        """Seconds left in the current timed phase, or None for a user-paced one."""
        if self._step.planned is None or self.state in ("ready", "ended"):
            return None
        if self._deadline is not None:
            return max(0.0, self._deadline - self.clock())
        return self._remaining

    def display_value(self) -> int | None:
        remaining = self.remaining()
        return None if remaining is None else math.ceil(remaining - EPSILON)

    def next_wakeup(self) -> float | None:
        """Monotonic time at which the shown number or the phase changes next, if running."""
        if self._deadline is None or self.state != "running":
            return None
        value = math.ceil(max(0.0, self._deadline - self.clock() - EPSILON))
        return self._deadline - max(0, value - 1)

    def upcoming_steps(self) -> list[Step]:
        """The planned steps still to come after the current one, without skipped exercises."""
        start = self._step.index if self._interjected else self._step.index + 1
        return [s for s in self.plan.steps[start:] if not self._is_skipped(s)]

    def time_left(self) -> float:
        """Estimated seconds to the end: what is left of this phase plus every step to come."""
        current = self.remaining()
        if current is None:
            current = self.plan.step_estimate(self._step)
        return current + sum(self.plan.step_estimate(s) for s in self.upcoming_steps())

    # ---------------------------------------------------------------- controls
    def start(self) -> None:
        if self.state != "ready":
            raise SessionError("the session has already started")
        now = self.clock()
        self._last_tick = now
        self.state = "running"
        self.bus.publish(SessionStarted(t=now, routine=self.plan.routine.id))
        self._begin(self.plan.steps[0], start=now, now=now)

    def tick(self) -> None:
        """Bring the session up to the clock's time; call it as often as convenient."""
        now = self.clock()
        if self.state != "running":
            self._last_tick = now
            return
        if now - self._last_tick > self.max_tick_gap:
            self._pause(at=self._last_tick, now=now, reason="sleep")
            self._last_tick = now
            return
        self._last_tick = now
        while (self.state == "running" and self._deadline is not None
               and now >= self._deadline - EPSILON):
            self._advance("done", end=self._deadline, now=now)
        self._publish_display(now)

    def pause(self) -> None:
        if self.state == "running":
            now = self.clock()
            self.tick()
            if self.state == "running":
                self._pause(at=now, now=now, reason="user")

    def resume(self) -> None:
        if self.state != "paused":
            return
        now = self.clock()
        assert self._paused_since is not None
        self._paused_total += now - self._paused_since
        self._paused_since = None
        if self._remaining is not None:
            self._deadline = now + self._remaining
            self._remaining = None
        self._last_tick = now
        self.state = "running"
        self.bus.publish(Resumed(t=now))
        self._publish_display(now)

    def toggle_pause(self) -> None:
        if self.state == "running":
            self.pause()
        elif self.state == "paused":
            self.resume()

    def skip(self) -> None:
        """End the current phase now and go on to the next one."""
        if self._active():
            now = self.clock()
            self._advance("skipped", end=now, now=now)

    def skip_exercise(self) -> None:
        """Leave the rest of the current exercise and go to the next one."""
        if not self._active():
            return
        now = self.clock()
        step = self._step
        target = self._after_item(step.item) if step.item is not None else step.index + 1
        if step.kind == "pain_check" and not self._interjected:
            target = step.index + 1  # the exercise is over already: skipping the check moves on
        elif step.exercise is not None and step.item not in self._done_items:
            self.skip_reasons.setdefault(step.exercise, SkipReason.USER)
        self._jump("skipped", target, now)

    def back(self) -> None:
        """To the start of the current exercise, or to the previous one when already there."""
        if not self._active():
            return
        now = self.clock()
        step = self._step
        item = step.item if step.item is not None else 0
        first = self.plan.item_start(item)
        at_start = step.index == first and not self._interjected
        if step.kind == "pain_check" and not self._interjected:
            at_start = False  # back from the check after an exercise repeats that exercise
        if at_start:
            earlier = [i for i in range(item) if self._item_runs(i)]
            target = self.plan.item_start(earlier[-1]) if earlier else first
        else:
            target = first
        self._jump("back", target, now)

    def stop(self, message: str = "Session stopped.") -> None:
        if self.state in ("running", "paused"):
            now = self.clock()
            self._end_phase("stopped", end=now, now=now)
            self._finish(SessionStatus.STOPPED, now, message)

    def count_rep(self) -> None:
        """A user-paced repetition was done."""
        if self.state == "running" and self._step.kind == "rep" and self._step.planned is None:
            now = self.clock()
            self._advance("done", end=now, now=now)

    def report_pain(self) -> None:
        """"This hurts": interrupt the current phase and ask for a pain rating now."""
        if not self._active() or self._step.kind == "pain_check" or self._step.exercise is None:
            return
        now = self.clock()
        if self.state == "paused":
            self.resume()
        self._end_phase("skipped", end=now, now=now)
        self._interjected = True
        check = dataclasses.replace(self._step, kind="pain_check", planned=None, rep=None)
        self._begin(check, start=now, now=now)

    def answer_pain(
        self, value: int, *, leg_symptoms: bool = False, red_flag: bool = False
    ) -> PainResult:
        """Answer the pain check being shown; the policy's decision is acted on at once."""
        if self._step.kind != "pain_check" or self.state not in ("running", "paused"):
            raise SessionError("no pain check is being asked")
        if self.state == "paused":
            self.resume()
        now = self.clock()
        step = self._step
        name = self.plan.exercises[step.exercise].name if step.exercise else None
        result = self.pain.rate(value, name, leg_symptoms=leg_symptoms, red_flag=red_flag,
                                hurt=self._interjected, recurs=self._recurs(step))
        self.bus.publish(
            PainRated(t=now, value=value, decision=result.decision,
                      exercise=step.exercise, message=result.message)
        )
        if result.decision.ends_session:
            self._end_phase("done", end=now, now=now)
            self._finish(SessionStatus.STOPPED, now, result.message)
            return result
        if result.decision == Decision.SKIP_EXERCISE and step.exercise is not None:
            self.skipped_exercises.add(step.exercise)
            if self._interjected or self._recurs(step):  # some of it is really left out
                self.skip_reasons.setdefault(step.exercise, SkipReason.PAIN)
        if self._interjected:
            assert step.item is not None
            target = (self._after_item(step.item) if step.exercise in self.skipped_exercises
                      else step.index)
            self._jump("done", target, now)
        else:
            self._advance("done", end=now, now=now)
        return result

    # --------------------------------------------------------------- internals
    def _active(self) -> bool:
        return self.state in ("running", "paused")

    def _is_skipped(self, step: Step) -> bool:
        return step.exercise in self.skipped_exercises and step.kind != "pain_check"

    def _item_runs(self, item: int) -> bool:
        return self.plan.items[item].exercise.id not in self.skipped_exercises

    def _after_item(self, item: int) -> int:
        """First step after item's exercise steps: its pain check is skipped along with it."""
        return self.plan.item_end(item)

    def _pause(self, *, at: float, now: float, reason: Literal["user", "sleep"]) -> None:
        if self._deadline is not None:
            self._remaining = max(0.0, self._deadline - at)
            self._deadline = None
        self._paused_since = at
        self.state = "paused"
        self.bus.publish(Paused(t=now, reason=reason))

    def _begin(self, step: Step, *, start: float, now: float) -> None:
        self._step = step
        self._start = start
        self._paused_total = 0.0
        self._shown = None
        if step.planned is not None:
            if self.state == "paused":
                self._remaining, self._deadline, self._paused_since = step.planned, None, now
            else:
                self._deadline, self._remaining = start + step.planned, None
        else:
            self._deadline = self._remaining = None
            if self.state == "paused":
                self._paused_since = now
        self.bus.publish(
            PhaseStarted(t=now, kind=step.kind, exercise=step.exercise, side=step.side,
                         set=step.set, rep=step.rep, planned=step.planned, index=step.index)
        )
        self._publish_display(now)

    def _end_phase(self, reason: EndReason, *, end: float, now: float) -> None:
        paused = self._paused_total
        if self._paused_since is not None:
            paused += max(0.0, end - self._paused_since)
        active = max(0.0, end - self._start - paused)
        if reason == "done" and self._step.kind in ("hold", "rep") and self._step.item is not None:
            self._done_items.add(self._step.item)
        self.bus.publish(
            PhaseEnded(t=now, kind=self._step.kind, reason=reason, index=self._step.index,
                       active=active)
        )

    def _advance(self, reason: EndReason, *, end: float, now: float) -> None:
        interjected = self._interjected
        self._end_phase(reason, end=end, now=now)
        self._interjected = False
        nxt = self._step.index if interjected else self._step.index + 1
        self._enter(nxt, start=end, now=now)

    def _jump(self, reason: EndReason, target: int, now: float) -> None:
        self._end_phase(reason, end=now, now=now)
        self._interjected = False
        self._enter(target, start=now, now=now)

    def _enter(self, index: int, *, start: float, now: float) -> None:
        steps = self.plan.steps
        while index < len(steps) and self._is_skipped(steps[index]):
            index = self._after_item(steps[index].item or 0)
        if index >= len(steps):
            self._finish(SessionStatus.COMPLETED, now, self._completed_message())
            return
        self._begin(steps[index], start=start, now=now)

    def _recurs(self, step: Step) -> bool:
        """Whether the exercise of `step` comes again in a later item of the plan."""
        return step.item is not None and any(
            item.exercise.id == step.exercise for item in self.plan.items[step.item + 1:])

    def _completed_message(self) -> str:
        """"Session complete." only when everything was done; else what was left out, and why."""
        for index, item in enumerate(self.plan.items):
            if index not in self._done_items:
                self.skip_reasons.setdefault(item.exercise.id, SkipReason.USER)
        if not self.skip_reasons:
            return "Session complete."
        names = self.plan.exercises
        by_you = [names[e].name for e, r in self.skip_reasons.items() if r == SkipReason.USER]
        for_pain = [names[e].name for e, r in self.skip_reasons.items() if r == SkipReason.PAIN]
        parts = []
        if for_pain:
            parts.append(f"{_join(for_pain)} left out because of pain")
        if by_you:
            parts.append(f"{_join(by_you)} skipped by you")
        return f"Session finished, with {' and '.join(parts)}."

    def _finish(self, status: SessionStatus, now: float, message: str) -> None:
        self.state = "ended"
        self.status = status
        self._deadline = self._remaining = self._paused_since = None
        self.bus.publish(SessionEnded(t=now, status=status, message=message))

    def _publish_display(self, now: float) -> None:
        value = self.display_value()
        if value is not None and value != self._shown:
            self._shown = value
            self.bus.publish(Display(t=now, value=value))


def _join(names: list[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
