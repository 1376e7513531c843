"""Run a call that must not block (reading a FIFO, a device) without letting a regression hang.

The bound is a safety net for a blocked open() or read(), not a measurement: a healthy call
returns in milliseconds, and the test fails (instead of hanging the whole suite) if it never does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

HANG_GUARD_SECONDS = 20.0


def without_hanging(call: Callable[[], Any]) -> Any:
    """The result of `call`, or what it raised; fails the test if it has not returned in time."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD_SECONDS)
    assert not worker.is_alive(), "the call blocked"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
