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
    atomic_write_text(_path(), json.dumps({"safety_notice_acknowledged": True}) + "\n")
