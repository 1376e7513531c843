"""The event vocabulary of a session, and the one bus every event travels on.

The names and fields are the event-log contract (DESIGN.md section 5). The session publishes its
events here; the UI, the speech cue planner, the history recorder and the event-log writer all
subscribe to the same bus, so what is logged is exactly what drove the screen, never a copy.
`t` is monotonic seconds from the session's clock; the log writer adds the wall-clock `wall`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from backtimer.core.records import Decision, SessionStatus

# "lift" and "lower" are the moves into and out of a held repetition (docs/event-log.md).
PhaseKind = Literal["prepare", "lift", "hold", "lower", "rep", "rest", "switch_side", "pain_check"]
EndReason = Literal["done", "skipped", "back", "stopped"]
PromptKind = Literal["safety_notice", "before_session", "pain_check", "confirm_stop"]


@dataclass(frozen=True)
class Event:
    """Base of every event; `name` is the `event` field of the log line."""

    name: ClassVar[str] = "event"
    t: float

    def record(self) -> dict[str, Any]:
        """The event as one log object: `t`, `event`, then the event's own fields."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "t"}
        return {"t": self.t, "event": self.name, **fields}


@dataclass(frozen=True)
class AppReady(Event):
    name: ClassVar[str] = "app_ready"


@dataclass(frozen=True)
class SessionStarted(Event):
    name: ClassVar[str] = "session_started"
    routine: str


@dataclass(frozen=True)
class PhaseStarted(Event):
    name: ClassVar[str] = "phase_started"
    kind: PhaseKind
    exercise: str | None
    side: str | None
    set: int | None
    rep: int | None
    planned: float | None  # seconds, or None when user-paced
    index: int  # position of the step in the plan


@dataclass(frozen=True)
class PhaseEnded(Event):
    name: ClassVar[str] = "phase_ended"
    kind: PhaseKind
    reason: EndReason
    index: int
    active: float  # seconds the phase actually ran, paused time excluded


@dataclass(frozen=True)
class Display(Event):
    name: ClassVar[str] = "display"
    value: int


@dataclass(frozen=True)
class Paused(Event):
    name: ClassVar[str] = "paused"
    reason: Literal["user", "sleep"] = "user"


@dataclass(frozen=True)
class Resumed(Event):
    name: ClassVar[str] = "resumed"


@dataclass(frozen=True)
class Cue(Event):
    name: ClassVar[str] = "cue"
    text: str
    queued_t: float
    started_t: float | None
    ended_t: float | None
    spoken: bool
    cut: bool = False  # a playing cue was cut short: the phase it belonged to ended


@dataclass(frozen=True)
class PromptShown(Event):
    name: ClassVar[str] = "prompt_shown"
    kind: PromptKind


@dataclass(frozen=True)
class PromptAnswered(Event):
    name: ClassVar[str] = "prompt_answered"
    kind: PromptKind
    value: Any


@dataclass(frozen=True)
class PainRated(Event):
    name: ClassVar[str] = "pain_rated"
    value: int
    decision: Decision
    exercise: str | None
    message: str  # what the person is told, e.g. "Stopping: pain has risen by three points."


@dataclass(frozen=True)
class SessionEnded(Event):
    name: ClassVar[str] = "session_ended"
    status: SessionStatus
    message: str = ""


Listener = Callable[[Event], None]


class EventBus:
    """Synchronous publish/subscribe; listeners run in subscription order on the caller's thread."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def publish(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)
