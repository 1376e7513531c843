"""The one safe way to read a JSON file that a person may have edited or something odd replaced.

Every JSON file backtimer reads (settings, state, routines) can be anything by the time it is read:
a named pipe that would block `open()` for ever, a link to `/dev/zero` that `read()` would turn into
a MemoryError, a folder, a 1 GB file, bytes that are not UTF-8, a 5,000-digit number (Python's
int-string limit raises ValueError) or 100,000 nested `[` (the decoder raises RecursionError).
`read_json` turns each of these into one `JsonFileError` with a one-line reason and a `kind`, so the
caller can decide what to do with the file, without ever hanging or crashing:

- it looks at the path first (`stat`) and refuses anything that is not a regular file before
  opening it, so a FIFO or device is never opened at all;
- it then opens with O_NONBLOCK (a FIFO swapped in between the two steps cannot block the open) and
  checks the opened file again with `fstat`, so what is read is the file that was checked;
- it reads at most `max_bytes + 1` bytes, decodes strict UTF-8 (one leading byte-order mark, which
  Windows editors add, is skipped), counts bracket depth outside strings before parsing, and parses
  with number hooks that refuse absurdly long or non-finite numbers.

Pure Python, no Qt: the routine loader in core and the stores in storage share it.
"""

from __future__ import annotations

import contextlib
import enum
import json
import math
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_MAX_DEPTH = 32  # backtimer's own files nest at most five levels deep
DEFAULT_MAX_NUMBER_CHARS = 40  # no setting or routine value needs more than a few digits

_UTF8_BOM = b"\xef\xbb\xbf"
# A JSON string literal, written as an unrolled loop so that matching is linear in its length.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class JsonProblem(enum.Enum):
    """What kind of trouble the file is in; decides whether the caller may rename it aside."""

    MISSING = "missing"  # nothing at the path: use the defaults, say nothing
    NOT_REGULAR = "not_regular"  # a FIFO, device, folder or odd link: never rename or replace it
    UNREADABLE = "unreadable"  # a regular file the system would not let us read
    BAD_CONTENT = "bad_content"  # a regular file whose bytes are not usable JSON: may be set aside


class JsonFileError(Exception):
    """A JSON file that cannot be used; `reason` is one line, `where` locates it when known."""

    def __init__(self, path: Path, kind: JsonProblem, reason: str, where: str = "") -> None:
        self.path = path
        self.kind = kind
        self.reason = reason
        self.where = where
        located = f" ({where})" if where else ""
        super().__init__(f"{path}{located}: {reason}")

    @property
    def may_set_aside(self) -> bool:
        """True when the path is a regular file, so renaming it aside keeps it and is safe."""
        return self.kind in (JsonProblem.UNREADABLE, JsonProblem.BAD_CONTENT)


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


def describe_mode(mode: int) -> str:
    """'a named pipe (FIFO)', 'a folder', ... for a one-line message about a non-regular file."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def read_json(
    path: Path,
    *,
    max_bytes: int,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_number_chars: int = DEFAULT_MAX_NUMBER_CHARS,
    follow_symlinks: bool = True,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> Any:
    """The parsed content of `path`, or JsonFileError; never blocks, never reads past max_bytes.

    A link is followed only to a regular file (the opened file is checked, not the link), unless
    `follow_symlinks` is False, in which case any link is refused.
    """
    raw = read_regular_bytes(path, max_bytes=max_bytes, follow_symlinks=follow_symlinks)
    offset = len(_UTF8_BOM) if raw.startswith(_UTF8_BOM) else 0
    try:
        text = raw[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        position = exc.start + offset
        raise JsonFileError(
            path,
            JsonProblem.BAD_CONTENT,
            f"not UTF-8 text (byte 0x{raw[position]:02x}); save the file as UTF-8",
            f"byte offset {position}",
        ) from None
    try:
        return parse_json_text(
            text,
            max_depth=max_depth,
            max_number_chars=max_number_chars,
            object_pairs_hook=object_pairs_hook,
        )
    except _ParseError as exc:
        raise JsonFileError(path, JsonProblem.BAD_CONTENT, exc.reason, exc.where) from None


def read_regular_bytes(path: Path, *, max_bytes: int, follow_symlinks: bool = True) -> bytes:
    """At most `max_bytes` bytes of a regular file, or JsonFileError (see the module docstring)."""
    info = _stat_regular(path, follow_symlinks)
    if info.st_size > max_bytes:
        raise _too_large(path, max_bytes, f"{info.st_size} bytes")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise JsonFileError(path, JsonProblem.MISSING, "file not found") from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            # Swapped for something else between stat() and open(): still never read it.
            raise JsonFileError(
                path, JsonProblem.NOT_REGULAR, f"is {describe_mode(opened.st_mode)}, not a file"
            )
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            try:
                chunk = os.read(fd, max_bytes + 1 - total)
            except OSError as exc:
                raise _unreadable(path, exc) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > max_bytes:
        raise _too_large(path, max_bytes, "it grew while being read")
    return b"".join(chunks)


def parse_json_text(
    text: str,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_number_chars: int = DEFAULT_MAX_NUMBER_CHARS,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> Any:
    """json.loads with bounds on nesting and number length; raises ValueError with one line.

    The ValueError raised is a `_ParseError` carrying `reason` and `where` for read_json; code
    that parses text it already has (an import from the clipboard) can catch plain ValueError.
    """
    if not text.strip():
        raise _ParseError("file is empty")
    depth = _bracket_depth(text)
    if depth > max_depth:
        raise _ParseError(f"nested too deeply ({depth} levels, the limit is {max_depth})")

    def number(literal: str) -> int | float:
        if len(literal) > max_number_chars:
            raise _ParseError(
                f"a number is absurdly long ({len(literal)} characters, "
                f"the limit is {max_number_chars})"
            )
        if any(mark in literal for mark in ".eE"):
            value = float(literal)
            if not math.isfinite(value):
                raise _ParseError(f"the number {literal} is too large")
            return value
        return int(literal)

    def constant(name: str) -> Any:
        raise _ParseError(f"{name} is not a number JSON allows")

    try:
        return json.loads(
            text,
            parse_int=number,
            parse_float=number,
            parse_constant=constant,
            object_pairs_hook=object_pairs_hook,
        )
    except _ParseError:
        raise
    except json.JSONDecodeError as exc:
        raise _ParseError(
            f"malformed JSON: {exc.msg}", f"line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:  # the depth scan should have caught it; never let it escape
        raise _ParseError("nested too deeply") from None
    except ValueError as exc:
        raise _ParseError(f"malformed JSON: {_one_line(str(exc))}") from None


class _ParseError(ValueError):
    def __init__(self, reason: str, where: str = "") -> None:
        super().__init__(f"{reason} ({where})" if where else reason)
        self.reason = reason
        self.where = where


def _bracket_depth(text: str) -> int:
    """The deepest nesting of [ and { outside string literals (a closing excess counts as 0)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def _stat_regular(path: Path, follow_symlinks: bool) -> os.stat_result:
    try:
        info = os.stat(path, follow_symlinks=follow_symlinks)
    except FileNotFoundError:
        with contextlib.suppress(OSError):
            if stat.S_ISLNK(os.lstat(path).st_mode):
                raise JsonFileError(
                    path, JsonProblem.NOT_REGULAR, "is a link to something that does not exist"
                ) from None
        raise JsonFileError(path, JsonProblem.MISSING, "file not found") from None
    except OSError as exc:
        with contextlib.suppress(OSError):
            if stat.S_ISLNK(os.lstat(path).st_mode):
                raise JsonFileError(
                    path,
                    JsonProblem.NOT_REGULAR,
                    f"is a link that cannot be followed: {exc.strerror or exc}",
                ) from None
        raise _unreadable(path, exc) from None
    if not stat.S_ISREG(info.st_mode):
        link = "a link to " if follow_symlinks and os.path.islink(path) else ""
        raise JsonFileError(
            path, JsonProblem.NOT_REGULAR, f"is {link}{describe_mode(info.st_mode)}, not a file"
        )
    return info


def _unreadable(path: Path, exc: OSError) -> JsonFileError:
    return JsonFileError(
        path, JsonProblem.UNREADABLE, f"cannot read the file: {exc.strerror or exc}"
    )


def _too_large(path: Path, max_bytes: int, detail: str) -> JsonFileError:
    return JsonFileError(
        path,
        JsonProblem.BAD_CONTENT,
        f"absurdly large ({detail}, the limit is {max_bytes} bytes); this is not a backtimer file",
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())
