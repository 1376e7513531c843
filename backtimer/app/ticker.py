"""Wakes the session from the Qt event loop, exactly when something on screen should change.

The session owns all timing (deadlines on a monotonic clock); this only decides *when to look*.
A single-shot PreciseTimer is armed for the session's next display change or deadline, capped so the
"time left" line and sleep detection stay fresh. A late or dropped wake-up therefore only delays
what is shown; it can never lengthen a hold (the session ends phases at their deadlines).

A frame client (the moving figure) may ask for wake-ups more often while it animates: the ticker
then wakes at the shorter of the two intervals and calls the client's `advance_frame` after each
tick. When no client asks (a still figure), the ticker is back to its own rhythm and the client
is not called at all, so a still figure is never repainted by the ticker.

While the session is not running (paused, asleep, ended) nothing can change on its own, so the
ticker does not wake at all: every control that resumes it re-arms it (`poke`).
"""

from __future__ import annotations

import logging
import math
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer

from backtimer.core.session import Session

logger = logging.getLogger(__name__)

MAX_INTERVAL_MS = 250


class FrameClient(Protocol):
    def frame_interval_ms(self) -> int | None: ...

    def advance_frame(self) -> None: ...


class Ticker(QObject):
    def __init__(self, session: Session, parent: QObject) -> None:
        super().__init__(parent)
        self.session = session
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._wake)
        self._frames: FrameClient | None = None
        self._framing = False  # the client asked for frames when the timer was armed

    def set_frame_client(self, client: FrameClient | None) -> None:
        """Wake often enough for `client`'s animation, and let it repaint after each tick."""
        self._frames = client

    def start(self) -> None:
        self._arm()

    def stop(self) -> None:
        self._timer.stop()

    def poke(self) -> None:
        """Re-arm after a control changed the session (pause, skip, ...)."""
        if self.session.state != "ended":
            self._arm()
        else:
            self._timer.stop()

    def _wake(self) -> None:
        self.session.tick()
        if self._frames is not None and self._framing:
            self._frames.advance_frame()
        self.poke()

    def _arm(self) -> None:
        if self.session.state != "running":
            self._timer.stop()  # paused or over: a tick would find nothing to do
            self._framing = False
            return
        wake = self.session.next_wakeup()
        interval = MAX_INTERVAL_MS
        if wake is not None:
            # ceil: waking a hair early would only find nothing to do and re-arm for ~0 ms.
            delay = math.ceil((wake - self.session.clock()) * 1000)
            interval = max(0, min(MAX_INTERVAL_MS, delay))
        frame = self._frames.frame_interval_ms() if self._frames is not None else None
        self._framing = frame is not None
        if frame is not None:
            interval = min(interval, max(1, frame))
        self._timer.start(interval)
