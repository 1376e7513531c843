"""Odd settings.json and state.json, not just corrupt ones: the app starts with defaults, says so.

A regular file with bad content is set aside (kept byte for byte); a FIFO, a link to /dev/zero or a
folder is left exactly as it is, and saving refuses to replace it. Odd files are built for real
(os.mkfifo, symlink, mkdir); reads run in a thread with a generous guard so a regression to a
blocking open fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.core.settings import Settings
from backtimer.storage import state
from backtimer.storage.files import NotARegularFileError
from backtimer.storage.paths import config_dir, settings_file
from backtimer.storage.settings_store import load_settings, save_settings
from tests.helpers.no_hang import without_hanging

REPO = Path(__file__).resolve().parents[2]

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")


def _make_odd(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev_zero_link":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()


def _settings_document(value: str) -> bytes:
    return ('{"schema_version": 1, "settings": {"lead_in": ' + value + "}}").encode()


CORRUPT = {
    "5000-digit number": _settings_document("9" * 5000),
    "100000 nested [": b"[" * 100_000,
    "huge exponent": _settings_document("1e999"),
    "not UTF-8": b'{"schema_version": 1, "settings": {"theme": "\xff"}}',
    "over the size limit": b" " * (300 * 1024) + b"{}",
}
ODD = [
    pytest.param("fifo", marks=posix_only),
    pytest.param("dev_zero_link", marks=posix_only),
    "folder",
]


@pytest.mark.parametrize("case", sorted(CORRUPT))
def test_corrupt_settings_are_set_aside_with_a_notice(case: str) -> None:
    path = settings_file()
    path.write_bytes(CORRUPT[case])
    settings, notice = without_hanging(load_settings)
    assert settings == Settings()
    (aside,) = path.parent.glob("settings.json.corrupt-*")
    assert aside.read_bytes() == CORRUPT[case]
    assert notice is not None
    assert aside.name in notice
    assert "\n" not in notice


@pytest.mark.parametrize("kind", ODD)
def test_odd_settings_file_is_left_untouched_and_never_replaced(kind: str) -> None:
    path = settings_file()
    _make_odd(path, kind)
    before = os.lstat(path)
    settings, notice = without_hanging(load_settings)
    assert settings == Settings()
    assert notice is not None
    assert "left untouched" in notice
    assert str(path) in notice
    with pytest.raises(NotARegularFileError, match=r"never writes over it|link"):
        save_settings(Settings().replace(lead_in=20))
    after = os.lstat(path)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"], "no temp file, no aside"


def test_wrong_types_keep_the_good_values_and_quote_bad_ones_briefly() -> None:
    document = {
        "schema_version": 1,
        "settings": {"lead_in": 20, "theme": "x" * 100_000, "voice_enabled": [[1, 2]]},
    }
    document["settings"].update({f"unknown_{n}": n for n in range(30)})
    settings_file().write_text(json.dumps(document), encoding="utf-8")
    settings, notice = load_settings()
    assert settings.lead_in == 20
    assert settings.theme == Settings().theme
    assert notice is not None
    assert len(notice) < 2000, "a 100 KB value is not quoted back whole"
    assert "and 22 more" in notice


@pytest.mark.parametrize(
    "content", [b"[" * 100_000, b'{"safety_notice_acknowledged": ' + b"1" * 5000 + b"}", b"\xff"]
)
def test_corrupt_state_is_set_aside_and_the_notice_shown_again(content: bytes) -> None:
    path = config_dir() / "state.json"
    path.write_bytes(content)
    acknowledged, notice = without_hanging(state.load_notice_state)
    assert acknowledged is False
    (aside,) = path.parent.glob("state.json.corrupt-*")
    assert aside.read_bytes() == content
    assert notice is not None
    assert "safety notice is shown again" in notice


@pytest.mark.parametrize("kind", ODD)
def test_odd_state_file_is_left_untouched(kind: str) -> None:
    path = config_dir() / "state.json"
    _make_odd(path, kind)
    acknowledged, notice = without_hanging(state.load_notice_state)
    assert acknowledged is False
    assert notice is not None
    assert "left untouched" in notice
    with pytest.raises(NotARegularFileError):
        state.acknowledge_notice()
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]


def test_state_round_trip_and_missing_file_say_nothing() -> None:
    assert state.load_notice_state() == (False, None)
    state.acknowledge_notice()
    assert state.load_notice_state() == (True, None)


def _list_routines(env_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(env_home / "config"),
           "XDG_DATA_HOME": str(env_home / "data"), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "backtimer", "--list-routines"],
        capture_output=True, text=True, timeout=60, env=env, cwd=REPO, check=False,
    )


@pytest.mark.parametrize(
    "kind",
    [
        *ODD,
        pytest.param("5000-digit number", id="digits"),
        pytest.param("100000 nested [", id="nested"),
    ],
)
def test_list_routines_starts_with_defaults_and_one_line(kind: str, isolated_dirs: Path) -> None:
    path = settings_file()
    if kind in CORRUPT:
        path.write_bytes(CORRUPT[kind])
    else:
        _make_odd(path, kind)
    result = _list_routines(isolated_dirs)
    assert result.returncode == 0, result.stderr
    assert "gentle_start" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("backtimer: Your settings file")
