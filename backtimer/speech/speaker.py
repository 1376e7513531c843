"""The speaker port: anything that takes cue requests and reports what became of each one.

Every cue ends in exactly one `Cue` event passed to the `on_cue` callback given at construction:
spoken or not, with the times it was queued, started and ended (None where speech did not run).
These are the `cue` lines of the event log. A real speaker may call `on_cue` from its own thread;
wrap the callback with `speech.qt_bridge.CueBridge` before it reaches Qt code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from backtimer.core.clock import Clock, monotonic
from backtimer.core.cues import CueRequest
from backtimer.core.events import Cue
from backtimer.core.settings import Settings

logger = logging.getLogger(__name__)

CueCallback = Callable[[Cue], None]


@runtime_checkable
class Speaker(Protocol):
    """Says cue requests and reports each outcome through `on_cue`."""

    @property
    def available(self) -> bool:
        """False when nothing will be heard (no engine, no sound output, or voice turned off)."""
        ...

    @property
    def problem(self) -> str | None:
        """One line for the UI's notice when speech was wanted but cannot be heard, else None."""
        ...

    def say(self, request: CueRequest) -> None:
        """Queue a cue; returns at once."""
        ...

    def cancel(self, phase: int) -> None:
        """The phase (step index) `phase` has ended: drop its waiting cues, cut its playing one.

        Dropped cues are reported as not spoken; a cut one with `cut=True`.
        """
        ...

    def apply_settings(self, settings: Settings) -> None:
        """Take changed settings (voice, rate, volume) for the cues that follow."""
        ...

    def close(self) -> None:
        """Stop taking cues; pending ones are reported as not spoken."""
        ...


def report(on_cue: CueCallback, event: Cue) -> None:
    """Deliver a cue outcome; a failing listener is logged, never allowed to stop the speaker."""
    try:
        on_cue(event)
    except Exception:
        logger.exception("cue listener failed for %r", event.text)


def not_spoken(request: CueRequest, now: float) -> Cue:
    return Cue(t=now, text=request.text, queued_t=request.queued_t, started_t=None,
               ended_t=None, spoken=False)


class SilentSpeaker:
    """Says nothing; reports each cue at once as not spoken (voice off, --no-voice, no engine)."""

    def __init__(self, on_cue: CueCallback, clock: Clock = monotonic,
                 problem: str | None = None) -> None:
        self._on_cue = on_cue
        self._clock = clock
        self._problem = problem
        self._closed = False

    @property
    def available(self) -> bool:
        return False

    @property
    def problem(self) -> str | None:
        return self._problem

    def apply_settings(self, settings: Settings) -> None:
        """Nothing to apply; here so the app can treat every speaker alike."""

    def cancel(self, phase: int) -> None:
        """Nothing waits or plays here: every cue was reported when it was queued."""

    def say(self, request: CueRequest) -> None:
        if not self._closed:
            report(self._on_cue, not_spoken(request, self._clock()))

    def close(self) -> None:
        self._closed = True
