"""Writing files so that nothing is ever half-written, and setting bad files aside, never deleting.

`atomic_write_text` writes a temporary file in the same folder, flushes and fsyncs it, then
renames it over the target, so a crash leaves either the old or the new file. `set_aside` renames a
file that cannot be read to `NAME.corrupt-TIMESTAMP` beside it, so the person (or a developer) can
still recover it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path


def atomic_write_text(path: Path, text: str, *, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def set_aside(path: Path, now: datetime | None = None, *, reason: str = "corrupt") -> Path:
    """Rename `path` to `path.REASON-YYYYmmdd-HHMMSS[-N]` (never over a file); returns it."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{reason}-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{reason}-{stamp}-{counter}")
    os.replace(path, target)
    return target


def _fsync_dir(folder: Path) -> None:
    # Directory fsync makes the rename itself durable; not supported on every platform.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
