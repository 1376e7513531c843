"""A saved routine that is a FIFO, a device link, a folder or a dangling link is named, not skipped.

Such an entry is never opened (a FIFO would block, /dev/zero would never end) and never renamed:
it is left as it is, and the listing says so in one line per entry.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backtimer.core.library import load_library
from backtimer.storage.catalog import list_user_routines
from backtimer.storage.paths import routines_dir
from tests.helpers.no_hang import without_hanging
from tests.helpers.run_cli import run_backtimer

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")

EXPECTED = {
    "pipe.json": "is a named pipe (FIFO), not a file",
    "zero.json": "is a link to a character device, not a file",
    "folder.json": "is a folder, not a file",
    "gone.json": "is a link to something that does not exist",
}


def _make_odd_entries() -> Path:
    folder = routines_dir()
    os.mkfifo(folder / "pipe.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "folder.json").mkdir()
    (folder / "gone.json").symlink_to(folder / "nowhere.json")
    return folder


def test_odd_routine_entries_are_named_and_left_alone() -> None:
    folder = _make_odd_entries()
    before = sorted(os.listdir(folder))
    routines, notices = without_hanging(lambda: list_user_routines(load_library()))
    assert routines == []
    assert notices == [
        f"The routine file {name} {reason}, so it was not loaded; it was left as it is."
        for name, reason in sorted(EXPECTED.items())
    ]
    assert sorted(os.listdir(folder)) == before


def test_list_routines_names_each_odd_entry_in_one_line(isolated_dirs: Path) -> None:
    _make_odd_entries()
    result = run_backtimer("--list-routines", home=isolated_dirs)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(EXPECTED)
    for line, name in zip(lines, sorted(EXPECTED), strict=True):
        assert line.startswith(f"backtimer: The routine file {name} is ")
