"""One atomic-write helper for every file: durable, private, and never renamed over an odd node.

Device nodes are made with mknod in tmp_path (root only), never /dev itself: a regression would
otherwise replace a real device.
"""

from __future__ import annotations

import os
import stat
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from backtimer import cli
from backtimer.storage import files
from backtimer.storage.files import NotARegularFileError, atomic_file, atomic_write_text
from backtimer.storage.history import HistoryStore

IS_ROOT = os.name == "posix" and os.geteuid() == 0


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of its own (tmp_path also holds the isolated config and data folders)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 7))  # the numbers of /dev/full


def _link_to_file(path: Path) -> None:
    target = path.with_name("target.txt")
    target.write_text("keep me", encoding="utf-8")
    path.symlink_to(target)


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.with_name("nowhere.txt"))


ODD: list[object] = [
    pytest.param(_fifo, id="fifo", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"),
                                                             reason="POSIX")),
    pytest.param(_device, id="device", marks=pytest.mark.skipif(not IS_ROOT, reason="mknod")),
    pytest.param(_link_to_file, id="link"),
    pytest.param(_dangling_link, id="dangling_link"),
]


def _identity(path: Path) -> tuple[int, int]:
    info = os.lstat(path)
    return info.st_ino, info.st_mode


@pytest.mark.parametrize("make", ODD)
def test_atomic_write_refuses_an_odd_target_and_leaves_it(
    folder: Path, make: Callable[[Path], None]
) -> None:
    path = folder / "out.txt"
    make(path)
    before = sorted(p.name for p in folder.iterdir())
    identity = _identity(path)
    with pytest.raises(NotARegularFileError) as caught:
        atomic_write_text(path, "new text")
    assert "\n" not in str(caught.value)
    assert str(path) in str(caught.value)
    assert _identity(path) == identity
    assert sorted(p.name for p in folder.iterdir()) == before, "no temporary file left"
    if make is _link_to_file:
        assert path.with_name("target.txt").read_text(encoding="utf-8") == "keep me"


def test_a_target_swapped_for_a_fifo_while_writing_is_not_replaced(folder: Path) -> None:
    path = folder / "out.txt"

    def write_while_swapped() -> None:
        with atomic_file(path) as tmp:
            tmp.write_text("new", encoding="utf-8")
            os.mkfifo(path)

    with pytest.raises(NotARegularFileError):
        write_while_swapped()
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    assert [p.name for p in folder.iterdir()] == ["out.txt"]


def test_written_file_is_private_under_umask_000_and_the_folder_is_fsynced(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[Path] = []
    monkeypatch.setattr(files, "_fsync_dir", synced.append)
    path = folder / "out.txt"
    path.write_text("old", encoding="utf-8")
    old_mask = os.umask(0)
    try:
        atomic_write_text(path, "new")
    finally:
        os.umask(old_mask)
    assert path.read_text(encoding="utf-8") == "new"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert synced == [folder]


def test_failed_write_keeps_the_old_file_and_leaves_no_temporary(folder: Path) -> None:
    path = folder / "out.txt"
    path.write_text("old", encoding="utf-8")

    def fail_half_way() -> None:
        with atomic_file(path) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("the writer failed")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in folder.iterdir()] == ["out.txt"]


@pytest.mark.parametrize("make", ODD)
def test_csv_export_refuses_an_odd_output(folder: Path, make: Callable[[Path], None]) -> None:
    from backtimer.reports.csv_export import export_csv

    path = folder / "out.csv"
    make(path)
    identity = _identity(path)
    store = HistoryStore.open()
    try:
        with pytest.raises(NotARegularFileError):
            export_csv(store, path)
    finally:
        store.close()
    assert _identity(path) == identity


def test_routine_export_refuses_a_link(folder: Path) -> None:
    from backtimer.core.library import load_library
    from backtimer.storage.catalog import export_routine

    path = folder / "routine.json"
    _link_to_file(path)
    with pytest.raises(NotARegularFileError):
        export_routine(load_library().routines[0], path)
    assert path.is_symlink()
    assert path.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("make", ODD)
@pytest.mark.parametrize(("command", "name"), [("export", "out.csv"), ("report", "out.pdf")])
def test_history_output_that_is_odd_exits_2_with_one_line(
    folder: Path,
    make: Callable[[Path], None],
    command: str,
    name: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = folder / name
    make(path)
    identity = _identity(path)
    assert cli.main(["history", command, "--output", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"backtimer: error: --output {path} is ")
    assert _identity(path) == identity


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_event_log_option_refuses_a_fifo(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    launched: list[object] = []
    fake = types.ModuleType("backtimer.app.main")
    fake.run = launched.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backtimer.app.main", fake)
    path = folder / "events.jsonl"
    os.mkfifo(path)
    assert cli.main(["--event-log", str(path)]) == 2
    assert launched == []
    err = capsys.readouterr().err
    assert err.startswith(f"backtimer: error: --event-log {path} is a named pipe")
