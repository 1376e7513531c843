"""Small facts the app remembers that are not settings (the safety notice was acknowledged).

Kept apart from settings.json so that a reset of the settings never shows the notice as unread
and a corrupt state file costs nothing: it is set aside and the notice is simply shown again. A
state.json that is not a regular file (a FIFO, a device link, a folder) is read through
core/jsonfile.py, so it never blocks or exhausts memory; it is left untouched and said so.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from backtimer.core.jsonfile import JsonFileError, JsonProblem, read_json
from backtimer.storage.files import atomic_write_text, unusable_file_notice
from backtimer.storage.paths import config_dir

logger = logging.getLogger(__name__)

MAX_STATE_BYTES = 64 * 1024  # the file is one short line

_CONSEQUENCE = "the safety notice is shown again"


def _path() -> Path:
    return config_dir() / "state.json"


def load_notice_state() -> tuple[bool, str | None]:
    """Whether the safety notice was acknowledged, and a notice if the file is bad."""
    try:
        data = read_json(_path(), max_bytes=MAX_STATE_BYTES)
    except JsonFileError as exc:
        if exc.kind is JsonProblem.MISSING:
            return False, None
        logger.info("state file unusable: %s", exc)
        return False, unusable_file_notice("state file", exc, _CONSEQUENCE)
    return isinstance(data, dict) and data.get("safety_notice_acknowledged") is True, None


def acknowledge_notice() -> None:
    """Remember the acknowledgement; raises OSError (NotARegularFileError for an odd state.json)."""
    _update("safety_notice_acknowledged", True)


def _facts() -> dict[str, object]:
    """What the file holds now, through the safe reader; a bad or missing file is empty."""
    try:
        data = read_json(_path(), max_bytes=MAX_STATE_BYTES)
    except JsonFileError:
        return {}
    return data if isinstance(data, dict) else {}


def _update(key: str, value: object) -> None:
    """Write one fact, keeping the others (a corrupt or missing file starts empty)."""
    data = _facts()
    data[key] = value
    atomic_write_text(_path(), json.dumps(data) + "\n")


def window_geometry() -> tuple[int, int, int, int] | None:
    """The main window's last normal (not full-screen) x, y, width and height, if remembered."""
    value = _facts().get("window")
    if (isinstance(value, list) and len(value) == 4
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        return value[0], value[1], value[2], value[3]
    return None


def save_window_geometry(x: int, y: int, width: int, height: int) -> None:
    _update("window", [x, y, width, height])
