"""Where backtimer keeps the person's files (platformdirs; XDG_* variables move them on Linux).

The folders hold health data (pain ratings, the history), so they are private: created 0700 even
under umask 000, and backtimer's own folder loses any group and other bits it had. Missing parents
are made 0700 too, as the XDG base-directory specification asks.

A folder that cannot be made or written (a read-only disk, a read-only home) never stops the
program: the path is returned anyway, readers find nothing or what is there, writers fail with an
OSError they already report, and `folder_notices()` says once, in words, what will not be saved.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

logger = logging.getLogger(__name__)

APP_NAME = "backtimer"
PRIVATE_DIR_MODE = 0o700

# Folder -> (what is wrong, what is therefore not saved); filled as the folders are first used.
_problems: dict[Path, tuple[str, str]] = {}


def config_dir() -> Path:
    """Settings (settings.json) and state.json; created 0700 on first use."""
    return _private_dir(Path(user_config_dir(APP_NAME, appauthor=False)), "settings are")


def data_dir() -> Path:
    """History database and the person's own routines; created 0700 on first use."""
    return _private_dir(
        Path(user_data_dir(APP_NAME, appauthor=False)), "the history and your routines are"
    )


def settings_file() -> Path:
    return config_dir() / "settings.json"


def history_file() -> Path:
    return data_dir() / "history.sqlite3"


def routines_dir() -> Path:
    return _private_dir(data_dir() / "routines", "your routines are")


def folder_notices() -> list[str]:
    """One sentence per folder backtimer cannot write, for the window or stderr; [] when fine.

    The folders are looked at again now, so a folder fixed meanwhile (or one of another home, in
    tests) is not reported.
    """
    current = {config_dir(), data_dir(), routines_dir()}
    return [
        f"The folder {folder} {problem}; backtimer runs, but {lost} not saved."
        for folder, (problem, lost) in _problems.items()
        if folder in current
    ]


def _private_dir(path: Path, lost: str) -> Path:
    try:
        _make_private(path)
    except OSError as exc:
        _note(path, f"cannot be created ({exc.strerror or exc})", lost)
        return path
    if not os.access(path, os.W_OK | os.X_OK):
        _note(path, "is read-only", lost)
    else:
        _problems.pop(path, None)
    return path


def _make_private(path: Path) -> None:
    """Create `path` and any missing parents 0700; narrow an existing `path` of ours to 0700."""
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, PRIVATE_DIR_MODE)
        except FileExistsError:  # made by a concurrent backtimer meanwhile
            pass
        else:
            os.chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode is filtered by the umask
    info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(20, "not a folder", str(path))
    owned = not hasattr(os, "geteuid") or info.st_uid == os.geteuid()
    mode = stat.S_IMODE(info.st_mode)
    if owned and mode & 0o077:
        try:  # only take away group and other bits: a folder made read-only stays so
            os.chmod(path, mode & PRIVATE_DIR_MODE)
        except OSError as exc:  # a read-only disk: the folder is still usable for reading
            logger.info("cannot make %s private: %s", path, exc)


def _note(path: Path, problem: str, lost: str) -> None:
    if any(parent in _problems for parent in path.parents):
        return  # the data folder's notice already covers its routines folder
    if path not in _problems:
        logger.info("folder %s %s", path, problem)
    _problems[path] = (problem, lost)
