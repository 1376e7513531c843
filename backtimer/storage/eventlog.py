"""The `--event-log` file: one JSON object per line for every event on the bus, written at once.

It subscribes to the same bus that drives the screen, so the log is what the person saw and heard,
not a parallel account. Each line carries the event's monotonic `t`, the local wall-clock time
`wall` (ISO 8601 with the UTC offset) and the event's own fields.

The file holds pain ratings, so it is private (mode 0600, also when it already existed with a wider
mode). It is opened append-only with O_NOFOLLOW and O_NONBLOCK, and must be a regular file: a
symbolic link, a FIFO (whose slow reader would block the session) or a device is refused with
`NotARegularFileError` (storage/files.py).

Writing must never stop the session: on a write error (a full disk, ENOSPC) the line is kept in
memory, the person is told once through `on_problem`, and every later event first retries the
lines still waiting, oldest first, so when space returns the log is whole and in order. At most
MAX_PENDING_LINES wait; beyond that the oldest are dropped and counted in the application log.
"""

from __future__ import annotations

import collections
import json
import logging
import os
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from backtimer.core.events import Event
from backtimer.storage.files import refuse_unless_regular

logger = logging.getLogger(__name__)

MAX_PENDING_LINES = 100_000  # about 20 MB; a long session writes a few thousand lines
PRIVATE_MODE = 0o600


def open_private_append(path: Path) -> int:
    """A file descriptor appending to the regular file `path` (created 0600), or OSError."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    for name in ("O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC", "O_BINARY"):
        flags |= getattr(os, name, 0)
    try:
        fd = os.open(path, flags, PRIVATE_MODE)
    except OSError:
        # ELOOP from O_NOFOLLOW, ENXIO from a FIFO without a reader: say what the path is.
        refuse_unless_regular(path, _lstat_or_none(path))
        raise
    try:
        info = os.fstat(fd)
        refuse_unless_regular(path, info)
        if stat.S_IMODE(info.st_mode) & 0o077 and hasattr(os, "fchmod"):
            try:
                os.fchmod(fd, PRIVATE_MODE)
            except OSError as exc:  # not our file: keep logging, but say so
                logger.warning("event log %s stays mode %o: %s", path, info.st_mode, exc)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _lstat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


class EventLog:
    def __init__(self, path: Path, *, on_problem: Callable[[str], None] | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = open_private_append(path)
        self.path = path
        self.on_problem = on_problem
        self._pending: collections.deque[bytes] = collections.deque()
        self._dropped = 0
        self._failing = False

    @property
    def pending_lines(self) -> int:
        """Lines written to memory but not yet to the file (0 when all is well)."""
        return len(self._pending)

    def write(self, event: Event) -> None:
        if self._fd is None:
            return
        record = event.record()
        line = {"t": record.pop("t"), "wall": datetime.now().astimezone().isoformat(), **record}
        if len(self._pending) >= MAX_PENDING_LINES:
            self._pending.popleft()
            self._dropped += 1
        self._pending.append((json.dumps(line, ensure_ascii=False, default=str) + "\n").encode())
        self._flush()

    def _flush(self) -> None:
        assert self._fd is not None
        while self._pending:
            data = self._pending[0]
            try:
                written = os.write(self._fd, data)
            except OSError as exc:
                self._report(exc)
                return
            if written < len(data):
                self._pending[0] = data[written:]  # the rest of the line follows on the next try
            else:
                self._pending.popleft()
        if self._failing:
            self._failing = False
            logger.warning("event log %s is written again (%d lines dropped)", self.path,
                           self._dropped)

    def _report(self, exc: OSError) -> None:
        if self._failing:
            return
        self._failing = True
        reason = exc.strerror or str(exc)
        logger.warning("event log %s cannot be written: %s; lines are kept and retried",
                       self.path, reason)
        if self.on_problem is not None:
            self.on_problem(
                f"The event log {self.path} cannot be written ({reason}). The session goes on; "
                "its lines are kept and written when that becomes possible again."
            )

    def close(self) -> None:
        if self._fd is None:
            return
        self._flush()
        if self._pending:
            logger.warning("event log %s: %d lines could not be written", self.path,
                           len(self._pending))
        os.close(self._fd)
        self._fd = None
