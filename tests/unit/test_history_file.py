"""Odd history files and surroundings (issue 9): the file is never misjudged, and the app runs.

A folder where the file should be, a file from a newer backtimer, a data folder that cannot be
created, and two processes creating a brand-new history at the same instant. (Full disks and
read-only folders on real filesystems: tests/integration/test_history_disk.py.)
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from backtimer.storage.history import HistoryStore
from backtimer.storage.history_file import (
    HistoryUnavailableError,
)
from tests.helpers.history import _kill_test_plan, make_newer_history, record_session


def test_a_folder_where_the_history_should_be_is_left_alone_and_the_run_has_no_history(
        tmp_path):
    path = tmp_path / "data" / "history.sqlite3"
    path.mkdir(parents=True)
    (path / "keep.txt").write_text("mine")
    with pytest.raises(HistoryUnavailableError, match="not a regular file"):
        HistoryStore.open(path)
    with HistoryStore.open_or_memory(path) as store:
        assert not store.kept
        assert "not a regular file" in store.notice
        assert "This run keeps no history" in store.notice
        sid = record_session(store, _kill_test_plan())
        assert store.session(sid).status == "completed"
    assert path.is_dir()
    assert [p.name for p in path.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["history.sqlite3"]


def test_a_history_from_a_newer_backtimer_is_untouched_and_the_person_is_told(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "history.sqlite3"
    make_newer_history(path)  # HistoryStore.open refuses it: tests/unit/test_history_store.py
    before = path.read_bytes()
    with HistoryStore.open_or_memory(path) as store:
        assert not store.kept
        assert "newer version of backtimer" in store.notice
        assert "left as it is" in store.notice
        assert "This run keeps no history" in store.notice
        assert store.sessions() == []
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["history.sqlite3"]


def test_a_data_folder_that_cannot_be_created_runs_without_a_history(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with HistoryStore.open_or_memory(blocker / "backtimer" / "history.sqlite3") as store:
        assert not store.kept
        assert "cannot be written" in store.notice
        assert store.close_interrupted() == []
    assert blocker.read_text() == "a file where the folder should be"


def _open_at_the_barrier(base: str, pairs: int, barrier, results) -> None:
    out: list[str] = []
    for k in range(pairs):
        barrier.wait()
        try:
            with HistoryStore.open(Path(base) / f"pair{k}" / "history.sqlite3") as store:
                out.append(store.notice)
        except Exception as exc:  # reported to the parent, which fails the test
            out.append(f"{type(exc).__name__}: {exc}")
    results.put(out)


PAIRS = 60


def test_two_processes_creating_a_new_history_at_once_never_set_it_aside(tmp_path):
    """Today's code set 52-57 of 60 such pairs aside ("table sessions already exists")."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(2)
    results = context.Queue()
    workers = [context.Process(target=_open_at_the_barrier,
                               args=(str(tmp_path), PAIRS, barrier, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    outs = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    problems = [x for out in outs for x in out if x]
    set_aside = [k for k in range(PAIRS)
                 if list((tmp_path / f"pair{k}").glob("history.sqlite3.corrupt-*"))]
    assert (problems, set_aside) == ([], [])
    for k in range(PAIRS):
        with HistoryStore.open(tmp_path / f"pair{k}" / "history.sqlite3") as store:
            assert store.notice == ""
