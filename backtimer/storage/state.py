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
    atomic_write_text(_path(), json.dumps({"safety_notice_acknowledged": True}) + "\n")
