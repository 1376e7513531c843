"""Time as an input.

Every time-dependent object in the core takes a `Clock`: a callable returning monotonic seconds.
The application passes `time.monotonic`; tests pass a `FakeClock` and advance it by hand, so no
test ever sleeps to check arithmetic.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]

monotonic: Clock = time.monotonic


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("a monotonic clock never goes backwards")
        self.now += seconds
        return self.now
