"""The app's folders are private (0700 under any umask), and a read-only folder never stops it.

Root ignores folder modes, so the read-only cases run the real `backtimer --list-routines` as the
unprivileged `nobody` (setpriv) when the tests run as root, and as the current user otherwise.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtimer.core.settings import Settings
from backtimer.storage import paths
from backtimer.storage.settings_store import load_settings
from tests.helpers.run_cli import run_backtimer

NOBODY = 65534
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_folders_are_created_0700_even_under_umask_000(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "new" / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "new" / "data"))
    old = os.umask(0)
    try:
        config, data, routines = paths.config_dir(), paths.data_dir(), paths.routines_dir()
    finally:
        os.umask(old)
    for folder in (config, data, routines, tmp_path / "new", tmp_path / "new" / "config"):
        assert _mode(folder) == 0o700, folder
    assert paths.folder_notices() == []


@posix_only
def test_a_wide_app_folder_is_narrowed_and_a_read_only_one_stays_read_only(
    isolated_dirs: Path,
) -> None:
    config = isolated_dirs / "config" / "backtimer"
    data = isolated_dirs / "data" / "backtimer"
    config.mkdir(mode=0o777)
    config.chmod(0o777)
    data.mkdir()
    data.chmod(0o555)
    try:
        assert paths.config_dir() == config
        paths.data_dir()
        assert _mode(config) == 0o700
        assert _mode(data) == 0o500, "group and other bits go; the owner's bits stay as they were"
    finally:
        data.chmod(0o700)


def test_a_folder_that_cannot_be_made_gives_defaults_and_a_notice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(path: object, mode: int = 0o777) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "mkdir", refuse)
    assert load_settings() == (Settings(), None)
    notices = paths.folder_notices()
    assert len(notices) == 2, "config and data; the routines folder is covered by data"
    assert all("cannot be created (Permission denied)" in n for n in notices)


@pytest.fixture
def shared_home() -> Iterator[Path]:
    """A folder `nobody` can enter (pytest's tmp_path is private to root)."""
    home = Path(tempfile.mkdtemp(prefix="backtimer-ro-"))
    home.chmod(0o755)
    try:
        yield home
    finally:
        for folder in home.rglob("*"):
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o700)
        shutil.rmtree(home)


def _as_person(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv cannot test a read-only folder")
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    return run_backtimer(*args, home=home, prefix=prefix)


def _give_to_person(path: Path) -> None:
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


@posix_only
@pytest.mark.parametrize("which", ["config", "data"])
def test_list_routines_with_an_empty_read_only_folder(shared_home: Path, which: str) -> None:
    for name in ("config", "data"):
        folder = shared_home / name
        folder.mkdir()
        _give_to_person(folder)
    (shared_home / which).chmod(0o555)
    result = _as_person("--list-routines", home=shared_home)
    assert result.returncode == 0, result.stderr
    assert "gentle_start" in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"backtimer: The folder {shared_home / which / 'backtimer'} cannot be")


@posix_only
def test_list_routines_with_a_used_read_only_data_folder(shared_home: Path) -> None:
    data = shared_home / "data" / "backtimer"
    (data / "routines").mkdir(parents=True)
    (shared_home / "config").mkdir()
    for folder in (shared_home / "config", shared_home / "data", data, data / "routines"):
        _give_to_person(folder)
    (data / "routines").chmod(0o555)
    data.chmod(0o555)
    result = _as_person("--list-routines", home=shared_home)
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    assert line == (
        f"backtimer: The folder {data} is read-only; backtimer runs, but the history and your "
        "routines are not saved."
    )
