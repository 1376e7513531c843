"""Wires one session: its plan and state machine, the history recorder, the screen, the voice and
the ticker, all on the app's one EventBus, and unwires them when the session is left.

The session publishes on a bus of its own whose first listener is the history recorder and whose
second passes each event on to the app's bus (the event log, then the screen and the cue planner).
The history is therefore written before the log line or the screen shows anything as done, so a
kill at any moment never loses what was shown (storage/recorder.py). A write the disk refuses is
kept and retried, and `on_problem` tells the person at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from backtimer.app.inhibit import ScreenSaverInhibitor
from backtimer.app.ticker import Ticker
from backtimer.core.aggravating import Choice
from backtimer.core.clock import Clock
from backtimer.core.cues import CuePlanner
from backtimer.core.events import Event, EventBus, SessionEnded
from backtimer.core.pain import PainTracker
from backtimer.core.plan import Plan
from backtimer.core.session import Session
from backtimer.core.settings import Settings
from backtimer.speech.beeps import Beeper
from backtimer.speech.speaker import Speaker
from backtimer.storage.history import HistoryStore
from backtimer.storage.recorder import HistoryRecorder, recording_bus
from backtimer.ui.session.view import SessionView

logger = logging.getLogger(__name__)


class SessionRunner:
    """Everything one session needs, built together and torn down together."""

    def __init__(self, plan: Plan, baseline: int, *, clock: Clock, bus: EventBus,
                 history: HistoryStore, settings: Settings, speaker: Speaker, beeper: Beeper,
                 inhibitor: ScreenSaverInhibitor,
                 on_problem: Callable[[str], None] | None = None,
                 choices: Mapping[str, Choice] | None = None) -> None:
        self.inhibitor = inhibitor
        self.history = history
        self.recorder = HistoryRecorder(history, plan, clock, baseline, on_problem=on_problem,
                                        choices=choices)
        self.session = Session(plan, clock, recording_bus(self.recorder, bus),
                               pain=PainTracker(baseline=baseline, clock=clock,
                                                settings=settings))
        self._unsubscribe: list[Callable[[], None]] = []
        self.view = SessionView(self.session, bus)
        planner = CuePlanner(plan, settings, clock, speaker.say, cancel=speaker.cancel,
                             beep=beeper if settings.beeps else None)
        self._unsubscribe.append(bus.subscribe(planner.on_event))
        self.ticker = Ticker(self.session, self.view)
        self.view.controlled.connect(self.ticker.poke)
        self.ticker.set_frame_client(self.view.figure)
        self._unsubscribe.append(bus.subscribe(self._on_event))

    def _on_event(self, event: Event) -> None:
        if isinstance(event, SessionEnded):
            self.ticker.stop()
            self.inhibitor.release()

    def start(self) -> None:
        self.inhibitor.inhibit("An exercise session is running")
        self.session.start()
        self.ticker.start()

    def close(self) -> None:
        """Unsubscribe everything this session added to the bus and let its screen go.

        Writes the disk still refuses are handed to the store, which retries them before its
        next write and when it closes, so the session is recorded as it was.
        """
        if self.recorder.pending and not self.recorder.retry():
            self.history.keep_trying(self.recorder.retry)
        for undo in self._unsubscribe:
            undo()
        self._unsubscribe.clear()
        self.view.close_session()
