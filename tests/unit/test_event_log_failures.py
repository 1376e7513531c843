"""A failing subscriber never stops the session or the others; the event log survives a full disk.

The full disk is real: the event log opens a real file, then /dev/full is dup2'ed onto its file
descriptor, so every write fails with ENOSPC exactly as on a full disk; putting the file back
stands for space returning. The session is the core Session on a FakeClock, ticked the way the UI
ticker ticks it.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest

from backtimer.core.events import Event, EventBus
from backtimer.storage.eventlog import EventLog
from backtimer.storage.files import NotARegularFileError
from tests.helpers.factories import exercise, library, make_session, plan_of, run_for
from tests.helpers.no_hang import without_hanging

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


class Boom:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, event: Event) -> None:
        self.calls += 1
        raise RuntimeError(f"broken listener on {event.name}")


def _session_with(listener_first: object) -> tuple:
    lib = library(exercise("a", hold=10, reps=2), exercise("b", hold=10, reps=2))
    session, clock, rec = make_session(plan_of(lib, "a", "b"))
    # Put the failing listener before the recorder, so "the others" come after it.
    bus = session.bus
    bus._listeners.insert(0, listener_first)  # type: ignore[arg-type]
    return session, clock, rec


def test_a_raising_listener_is_isolated_logged_once_and_reported_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    reported: list[tuple[str, Exception]] = []
    boom = Boom()
    session, clock, rec = _session_with(boom)
    session.bus.on_error = lambda name, exc: reported.append((name, exc))
    with caplog.at_level(logging.DEBUG, logger="backtimer.core.events"):
        session.start()
        run_for(session, clock, 30.0)
    assert boom.calls == len(rec.events) > 10, "it was called for every event"
    assert "phase_started" in rec.names()
    assert rec.names().count("phase_started") >= 2, "the session moved on"
    (name, exc), = reported
    assert name.endswith("Boom")
    assert isinstance(exc, RuntimeError)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert "Boom" in errors[0].getMessage()


def test_a_failing_on_error_handler_does_not_escape() -> None:
    bus = EventBus(on_error=lambda name, exc: 1 / 0)  # type: ignore[func-returns-value]
    seen: list[Event] = []
    bus.subscribe(Boom())
    bus.subscribe(seen.append)
    bus.publish(Event(t=1.0))
    assert len(seen) == 1


def test_keyboard_interrupt_still_propagates() -> None:
    bus = EventBus()

    def interrupt(event: Event) -> None:
        raise KeyboardInterrupt

    bus.subscribe(interrupt)
    with pytest.raises(KeyboardInterrupt):
        bus.publish(Event(t=0.0))


@needs_dev_full
def test_event_log_on_a_full_disk_never_stops_the_session(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    problems: list[str] = []
    log = EventLog(path, on_problem=problems.append)
    session, clock, rec = _session_with(log.write)
    fd = log._fd
    assert fd is not None
    full = os.open("/dev/full", os.O_WRONLY)
    os.dup2(full, fd)
    os.close(full)

    session.start()
    displayed: list[int] = []
    for _ in range(40):
        run_for(session, clock, 0.5)
        value = session.display_value()
        if value is not None:
            displayed.append(value)
    assert len(set(displayed)) > 5, "the countdown kept moving"
    assert [e.name for e in rec.events].count("phase_started") >= 3, "the session moved on"
    assert len(problems) == 1, "one notice, not one per line"
    assert "cannot be written" in problems[0]
    assert log.pending_lines == len(rec.events), "every line is kept while the disk is full"
    assert path.read_text(encoding="utf-8") == ""

    # Space returns: the same descriptor points at the file again; the next event writes all.
    again = os.open(path, os.O_WRONLY | os.O_APPEND)
    os.dup2(again, fd)
    os.close(again)
    run_for(session, clock, 1.0)
    log.close()
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["event"] for line in lines] == rec.names(), "whole and in order"
    assert [line["t"] for line in lines] == [e.t for e in rec.events]


def test_event_log_is_private_even_under_umask_000(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    old = os.umask(0)
    try:
        EventLog(path).close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_existing_wide_event_log_is_made_private_and_appended(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text('{"event": "earlier"}\n', encoding="utf-8")
    path.chmod(0o644)
    log = EventLog(path)
    log.write(Event(t=2.0))
    log.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8").splitlines()[0] == '{"event": "earlier"}'
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[1])["t"] == 2.0


@pytest.mark.parametrize("kind", ["link_to_file", "link_to_dev_null", "fifo", "folder"])
def test_event_log_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "events.jsonl"
    if kind == "link_to_file":
        target = tmp_path / "real.jsonl"
        target.write_text("", encoding="utf-8")
        path.symlink_to(target)
    elif kind == "link_to_dev_null":
        path.symlink_to(os.devnull)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    with pytest.raises(NotARegularFileError):
        without_hanging(lambda: EventLog(path))
