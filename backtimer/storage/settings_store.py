"""Reading and writing settings.json: `{"schema_version": 1, "settings": {...}}`.

A settings file must never stop the program from starting, and must never be silently lost:
- a missing file means the defaults;
- a file that cannot be read at all (not UTF-8, not JSON, nested or numbered absurdly, not the
  expected object, or written by a newer backtimer) is renamed aside to
  `settings.json.corrupt-TIMESTAMP` and the defaults are used;
- something that is not a regular file (a FIFO, a device or a link to one, a folder) is never
  opened for reading, renamed or replaced: it is left as it is, the defaults are used and saving
  is refused until the person removes it (core/jsonfile.py reads, storage/files.py writes);
- a readable file with some bad values keeps every good value; each bad one falls back to its
  default and is named in the notice. The file itself is left as it is until the next save.
Either way the caller gets a one-paragraph notice to show the person.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from backtimer.core.jsonfile import JsonFileError, JsonProblem, read_json
from backtimer.core.settings import SETTINGS_SCHEMA_VERSION, Settings
from backtimer.storage.files import atomic_write_text, set_aside_notice, unusable_file_notice
from backtimer.storage.paths import settings_file

logger = logging.getLogger(__name__)

MAX_SETTINGS_BYTES = 256 * 1024  # the file is about 1 KiB; anything far bigger is not ours
MAX_PROBLEMS_SHOWN = 10  # a notice longer than this is not read; the log has the rest


class _Unreadable(Exception):
    """The whole file is unusable; the message says why (for the log)."""


def load_settings() -> tuple[Settings, str | None]:
    """The saved settings and a notice for the person (None when all went well)."""
    path = settings_file()
    try:
        data = _settings_object(read_json(path, max_bytes=MAX_SETTINGS_BYTES))
    except JsonFileError as exc:
        if exc.kind is JsonProblem.MISSING:
            return Settings(), None
        logger.info("settings file unusable: %s", exc)
        return Settings(), unusable_file_notice("settings file", exc, "defaults are used")
    except _Unreadable as exc:
        logger.info("settings file %s unusable: %s", path, exc)
        return Settings(), set_aside_notice("settings file", path, str(exc), "defaults are used")
    settings, problems = Settings.from_dict(data)
    if not problems:
        return settings, None
    logger.info("settings file %s: %s", path, "; ".join(problems))
    shown = [f"\u2022 {problem}" for problem in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        shown.append(f"\u2022 and {len(problems) - MAX_PROBLEMS_SHOWN} more")
    listing = "\n".join(shown)
    return settings, f"Some of your settings could not be used:\n{listing}"


def save_settings(settings: Settings) -> None:
    """Write all settings at once, atomically (the old file stays whole until the new one is)."""
    document = {"schema_version": SETTINGS_SCHEMA_VERSION, "settings": settings.to_dict()}
    atomic_write_text(settings_file(), json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _settings_object(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise _Unreadable("the file is not a JSON object")
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _Unreadable(f"schema_version is missing or not a whole number: {version!r}")
    if version > SETTINGS_SCHEMA_VERSION or version < 1:
        # Written by a newer backtimer: reading it would lose what it knows; keep it aside.
        raise _Unreadable(f"schema_version {version} is not one this version can read")
    settings = document.get("settings")
    if not isinstance(settings, dict):
        raise _Unreadable("'settings' is missing or not an object")
    return settings
