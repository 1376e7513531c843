"""Reading and writing settings.json: `{"schema_version": 1, "settings": {...}}`.

A settings file must never stop the program from starting, and must never be silently lost:
- a missing file means the defaults;
- a file that cannot be read at all (not UTF-8, not JSON, not the expected object, or written by a
  newer backtimer) is renamed aside to `settings.json.corrupt-TIMESTAMP` and the defaults are used;
- a readable file with some bad values keeps every good value; each bad one falls back to its
  default and is named in the notice. The file itself is left as it is until the next save.
Either way the caller gets a one-paragraph notice to show the person.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from backtimer.core.settings import SETTINGS_SCHEMA_VERSION, Settings
from backtimer.storage.files import atomic_write_text, set_aside
from backtimer.storage.paths import settings_file

logger = logging.getLogger(__name__)


class _Unreadable(Exception):
    """The whole file is unusable; the message says why (for the log)."""


def load_settings() -> tuple[Settings, str | None]:
    """The saved settings and a notice for the person (None when all went well)."""
    path = settings_file()
    try:
        data = _settings_object(path.read_bytes())
    except FileNotFoundError:
        return Settings(), None
    except (OSError, _Unreadable) as exc:
        logger.warning("settings file %s is unusable: %s", path, exc)
        try:
            kept = set_aside(path)
        except OSError as move_error:
            # The folder is not writable either, so a later save cannot overwrite the file.
            logger.error("cannot set %s aside: %s", path, move_error)
            return Settings(), (
                f"Your settings file {path} could not be read; defaults are used."
            )
        return Settings(), (
            f"Your settings file could not be read; it was kept as {kept.name} "
            "and defaults are used."
        )
    settings, problems = Settings.from_dict(data)
    if not problems:
        return settings, None
    logger.warning("settings file %s: %s", path, "; ".join(problems))
    listing = "\n".join(f"\u2022 {problem}" for problem in problems)
    return settings, f"Some of your settings could not be used:\n{listing}"


def save_settings(settings: Settings) -> None:
    """Write all settings at once, atomically (the old file stays whole until the new one is)."""
    document = {"schema_version": SETTINGS_SCHEMA_VERSION, "settings": settings.to_dict()}
    atomic_write_text(settings_file(), json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _settings_object(raw: bytes) -> dict[str, Any]:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _Unreadable(str(exc)) from None
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
