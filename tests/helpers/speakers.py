"""Speaker stubs shared by tests: a recording speaker that plays cues on a fake clock."""

from __future__ import annotations

from collections.abc import Callable

from backtimer.core.clock import FakeClock
from backtimer.core.cues import CueRequest, estimate_seconds
from backtimer.core.events import Cue
from backtimer.core.settings import Settings


class RecordingSpeaker:
    """Says one cue at a time, most important first, each for its estimated length on `clock`.

    Behaves like speech.process.ProcessSpeaker without a process: `cancel` drops a phase's waiting
    cues and cuts its playing one. Call `update()` after advancing the clock. `on_start` is called
    with each cue as it starts, so a test can check what was on screen at that moment.
    """

    def __init__(self, clock: FakeClock, *, rate: int = 160,
                 on_start: Callable[[CueRequest], None] | None = None) -> None:
        self.clock = clock
        self.rate = rate
        self.on_start = on_start
        self.waiting: list[CueRequest] = []
        self.playing: tuple[CueRequest, float, float] | None = None  # request, start, end
        self.started: list[tuple[float, CueRequest]] = []
        self.outcomes: list[Cue] = []
        self.closed = False

    @property
    def available(self) -> bool:
        return not self.closed

    @property
    def problem(self) -> str | None:
        return None

    def say(self, request: CueRequest) -> None:
        self.waiting.append(request)
        self.update()

    def cancel(self, phase: int) -> None:
        now = self.clock.now
        for request in [r for r in self.waiting if r.phase == phase]:
            self.waiting.remove(request)
            self._report(request, None, None, spoken=False)
        if self.playing is not None and self.playing[0].phase == phase:
            request, start, _ = self.playing
            self.playing = None
            self._report(request, start, now, spoken=False, cut=True)
        self.update()

    def apply_settings(self, settings: Settings) -> None:
        self.rate = settings.voice_rate

    def close(self) -> None:
        self.closed = True

    def update(self) -> None:
        now = self.clock.now
        if self.playing is not None and now >= self.playing[2]:
            request, start, end = self.playing
            self.playing = None
            self._report(request, start, end, spoken=True)
        while self.playing is None and self.waiting:
            best = max(self.waiting, key=lambda r: r.priority)  # first of the most important
            self.waiting.remove(best)
            if best.expired(now):
                self._report(best, None, None, spoken=False)
                continue
            self.playing = (best, now, now + estimate_seconds(best.text, self.rate))
            self.started.append((now, best))
            if self.on_start is not None:
                self.on_start(best)

    def texts(self) -> list[str]:
        return [request.text for _, request in self.started]

    def _report(self, request: CueRequest, start: float | None, end: float | None, *,
                spoken: bool, cut: bool = False) -> None:
        self.outcomes.append(Cue(t=self.clock.now, text=request.text, queued_t=request.queued_t,
                                 started_t=start, ended_t=end, spoken=spoken, cut=cut))
