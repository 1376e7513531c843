"""Where backtimer keeps the person's files (platformdirs; XDG_* variables move them on Linux)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "backtimer"


def config_dir() -> Path:
    """Settings (settings.json); created on first use."""
    path = Path(user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """History database and the person's own routines; created on first use."""
    path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    return config_dir() / "settings.json"


def history_file() -> Path:
    return data_dir() / "history.sqlite3"


def routines_dir() -> Path:
    path = data_dir() / "routines"
    path.mkdir(parents=True, exist_ok=True)
    return path
