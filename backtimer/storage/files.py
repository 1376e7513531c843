"""Writing files so that nothing is ever half-written or written over the wrong thing; setting
bad files aside, never deleting.

Every file backtimer writes whole (settings, state, routines, CSV and PDF exports) goes through
`atomic_file`: a temporary file in the same folder is written, fsynced, given its mode, renamed
over the target, and then the folder itself is fsynced so that the rename survives a power cut. A
crash leaves either the old or the new file, never a mix.

The target must be a regular file or nothing: a rename over `/dev/full` would replace the device
node (as root), over a FIFO it would replace the pipe, over a symbolic link it would replace the
link instead of writing where it points. So anything else is refused with `NotARegularFileError`
(an OSError, so callers that already report OSError report it too) before any work is done, and
checked again just before the rename.

`set_aside` renames a file that cannot be read to `NAME.corrupt-TIMESTAMP` beside it, so the person
(or a developer) can still recover it.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TextIO

from backtimer.core.jsonfile import JsonFileError, JsonProblem, describe_mode


class NotARegularFileError(OSError):
    """The target exists and is not a plain file (a device, FIFO, folder, socket or link)."""


def refuse_unless_regular(path: Path, info: os.stat_result | None) -> None:
    """Raise NotARegularFileError unless `info` (from lstat, None if absent) is a regular file."""
    if info is None or stat.S_ISREG(info.st_mode):
        return
    if stat.S_ISLNK(info.st_mode):
        raise NotARegularFileError(
            f"{path} is a symbolic link; backtimer writes only to a plain file, never through "
            "or over a link"
        )
    raise NotARegularFileError(
        f"{path} is {describe_mode(info.st_mode)}, not a plain file; backtimer never writes over it"
    )


def refuse_odd_target(path: Path) -> None:
    """Raise NotARegularFileError if `path` exists and is not a regular file (links included)."""
    refuse_unless_regular(path, _lstat(path))


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


@contextlib.contextmanager
def atomic_file(path: Path, *, mode: int = 0o600) -> Iterator[Path]:
    """A temporary path to write; on a normal exit it replaces `path` durably (see the docstring).

    The caller writes the temporary file by name (a PDF writer does); the file is fsynced here.
    On an exception the temporary file is removed and `path` is untouched.
    """
    refuse_odd_target(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _fsync_file(tmp)
        os.chmod(tmp, mode)
        refuse_odd_target(path)  # replaced by something odd meanwhile?
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


@contextlib.contextmanager
def atomic_text_writer(path: Path, *, mode: int = 0o600, newline: str = "\n") -> Iterator[TextIO]:
    """`atomic_file` as an open UTF-8 text handle (newline="" for the csv module)."""
    with atomic_file(path, mode=mode) as tmp, tmp.open(
        "w", encoding="utf-8", newline=newline
    ) as out:
        yield out


def atomic_write_text(path: Path, text: str, *, mode: int = 0o600) -> None:
    """Write `text` as the whole of `path` (creating its folder), atomically and durably."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text_writer(path, mode=mode) as out:
        out.write(text)


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


def set_aside_notice(label: str, path: Path, reason: str, consequence: str) -> str:
    """Set `path` aside and say so in one sentence ("Your settings file could not be read ...")."""
    try:
        kept = set_aside(path)
    except OSError:
        # The folder is not writable either, so a later save cannot overwrite the file.
        return f"Your {label} {path} could not be read ({reason}); {consequence}."
    return (
        f"Your {label} could not be read ({reason}); it was kept as {kept.name} "
        f"and {consequence}."
    )


def unusable_file_notice(label: str, error: JsonFileError, consequence: str) -> str:
    """The notice for a file read_json refused: a regular file is set aside, anything else kept."""
    if error.may_set_aside:
        located = f"{error.reason} at {error.where}" if error.where else error.reason
        return set_aside_notice(label, error.path, located, consequence)
    if error.kind is JsonProblem.NOT_REGULAR:
        return (
            f"Your {label} {error.path} {error.reason}; it was left untouched and {consequence}. "
            "Nothing will be saved there until you remove it."
        )
    return f"Your {label} {error.path} could not be used ({error.reason}); {consequence}."


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows fsyncs only writers
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
