"""The event vocabulary of a session, and the one bus every event travels on.

The names and fields are the event-log contract (docs/event-log.md). The session publishes its
events here; the UI, the speech cue planner, the history recorder and the event-log writer all
subscribe to the same bus, so what is logged is exactly what drove the screen, never a copy.
`t` is monotonic seconds from the session's clock; the log writer adds the wall-clock `wall`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from backtimer.core.records import Decision, SessionStatus

logger = logging.getLogger(__name__)

# "lift" and "lower" are the moves into and out of a held repetition (docs/event-log.md).
PhaseKind = Literal["prepare", "lift", "hold", "lower", "rep", "rest", "switch_side", "pain_check"]
EndReason = Literal["done", "skipped", "back", "stopped"]
# "aggravating": the question about exercises that hurt last time (docs/event-log.md).
PromptKind = Literal["safety_notice", "before_session", "pain_check", "confirm_stop",
                     "aggravating"]


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
    """Synchronous publish/subscribe; listeners run in subscription order on the caller's thread.

    One failing listener never stops the session or the others: the session publishes from inside
    its own state changes, so an exception escaping a listener (the event log on a full disk) used
    to leave the session half-advanced and its timer never re-armed. Each listener's exception is
    caught, logged once per listener with its name (later ones at debug level), and handed to
    `on_error(listener_name, exception)` once per listener so the app can show one notice;
    delivery goes on to the remaining listeners. Only Exception is caught: KeyboardInterrupt and
    SystemExit still end the program.
    """

    def __init__(self, on_error: Callable[[str, Exception], None] | None = None) -> None:
        self._listeners: list[Listener] = []
        self._failed: set[str] = set()
        self.on_error = on_error

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def publish(self, event: Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception as exc:
                self._listener_failed(listener, event, exc)

    def _listener_failed(self, listener: Listener, event: Event, exc: Exception) -> None:
        name = listener_name(listener)
        if name in self._failed:
            logger.debug("listener %s failed again on %s: %r", name, event.name, exc)
            return
        self._failed.add(name)
        logger.error("listener %s failed on %s; the others still get every event", name,
                     event.name, exc_info=exc)
        if self.on_error is None:
            return
        try:
            self.on_error(name, exc)
        except Exception:
            logger.exception("the on_error handler failed too")


def listener_name(listener: Listener) -> str:
    """`backtimer.storage.eventlog.EventLog.write` for a bound method; a callable object's class."""
    named: object = listener if hasattr(listener, "__qualname__") else type(listener)
    qualname = getattr(named, "__qualname__", repr(listener))
    module = getattr(named, "__module__", None)
    return f"{module}.{qualname}" if module else str(qualname)
