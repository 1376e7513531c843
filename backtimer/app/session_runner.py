"""Wires one session: its plan and state machine, the history recorder, the screen, the voice and
the ticker, all on the app's one EventBus, and unwires them when the session is left.

Subscribed in this order after the app's event log: the recorder, the screen, the cue planner. The
log therefore records each event before anything reacts to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from backtimer.app.inhibit import ScreenSaverInhibitor
from backtimer.app.ticker import Ticker
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
from backtimer.storage.recorder import HistoryRecorder
from backtimer.ui.session.view import SessionView

logger = logging.getLogger(__name__)


class SessionRunner:
    """Everything one session needs, built together and torn down together."""

    def __init__(self, plan: Plan, baseline: int, *, clock: Clock, bus: EventBus,
                 history: HistoryStore, settings: Settings, speaker: Speaker, beeper: Beeper,
                 inhibitor: ScreenSaverInhibitor) -> None:
        self.inhibitor = inhibitor
        self.session = Session(plan, clock, bus,
                               pain=PainTracker(baseline=baseline, clock=clock,
                                                settings=settings))
        recorder = HistoryRecorder(history, plan, clock, baseline)
        self._unsubscribe: list[Callable[[], None]] = [bus.subscribe(recorder.on_event)]
        self.view = SessionView(self.session, bus)
        planner = CuePlanner(plan, settings, clock, speaker.say, cancel=speaker.cancel,
                             beep=beeper if settings.beeps else None)
        self._unsubscribe.append(bus.subscribe(planner.on_event))
        self.ticker = Ticker(self.session, self.view)
        self.view.controlled.connect(self.ticker.poke)
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
        """Unsubscribe everything this session added to the bus and let its screen go."""
        for undo in self._unsubscribe:
            undo()
        self._unsubscribe.clear()
        self.view.close_session()
