"""Small facts the app remembers that are not settings (the safety notice was acknowledged).

Kept apart from settings.json so that a reset of the settings never shows the notice as unread
and a corrupt state file costs nothing: it is set aside and the notice is simply shown again.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from backtimer.storage.files import atomic_write_text, set_aside
from backtimer.storage.paths import config_dir

logger = logging.getLogger(__name__)


def _path() -> Path:
    return config_dir() / "state.json"


def notice_acknowledged() -> bool:
    path = _path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        logger.warning("state file %s unreadable; set aside", path)
        set_aside(path)
        return False
    return isinstance(data, dict) and data.get("safety_notice_acknowledged") is True


def acknowledge_notice() -> None:
    _update("safety_notice_acknowledged", True)


def _update(key: str, value: object) -> None:
    """Write one fact, keeping the others (a corrupt or missing file starts empty)."""
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data[key] = value
    atomic_write_text(_path(), json.dumps(data) + "\n")


def window_geometry() -> tuple[int, int, int, int] | None:
    """The main window's last normal (not full-screen) x, y, width and height, if remembered."""
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("window") if isinstance(data, dict) else None
    if (isinstance(value, list) and len(value) == 4
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        return value[0], value[1], value[2], value[3]
    return None


def save_window_geometry(x: int, y: int, width: int, height: int) -> None:
    _update("window", [x, y, width, height])
