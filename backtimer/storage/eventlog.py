"""The `--event-log` file: one JSON object per line for every event on the bus, flushed at once.

It subscribes to the same bus that drives the screen, so the log is what the person saw and heard,
not a parallel account. Each line carries the event's monotonic `t`, the local wall-clock time
`wall` (ISO 8601 with the UTC offset) and the event's own fields.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import TextIO

from backtimer.core.events import Event

logger = logging.getLogger(__name__)


class EventLog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Line-buffered append: every line reaches the file as soon as it is written.
        self._handle: TextIO | None = path.open("a", encoding="utf-8", buffering=1)
        self.path = path

    def write(self, event: Event) -> None:
        if self._handle is None:
            return
        record = event.record()
        line = {"t": record.pop("t"), "wall": datetime.now().astimezone().isoformat(), **record}
        self._handle.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
