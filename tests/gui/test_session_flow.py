"""A whole session driven from the keyboard, as the contract's scripts drive it, on a fake clock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from backtimer.app.controller import App
from backtimer.cli import LaunchOptions
from backtimer.core.clock import FakeClock
from backtimer.storage.history import HistoryStore
from backtimer.ui.session.view import SessionView

ROUTINE = {
    "schema_version": 1,
    "routine": {
        "id": "tiny",
        "name": "Tiny",
        "items": [
            {"exercise": "glute_bridge", "hold": 5, "reps": 2},
            {"exercise": "cat_cow", "reps": 2},
        ],
    },
}


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(ROUTINE), encoding="utf-8")
    return path


@pytest.fixture
def app(qtbot, qapp, tmp_path, routine_file):
    clock = FakeClock()
    options = LaunchOptions(routine_file=routine_file, voice=False,
                            event_log=tmp_path / "events.jsonl")
    app = App(qapp, options, clock=clock)
    qtbot.addWidget(app.window)
    app.clock_ = clock
    yield app
    app.window.close()


def events(app) -> list[dict]:
    return [json.loads(line) for line in app.options.event_log.read_text().splitlines()]


def key(qtbot, app, k):
    """Press a key where a real keyboard would deliver it: the window's focus widget."""
    qtbot.keyClick(app.window.focusWidget() or app.window, k)


def run_clock(app, seconds: float) -> None:
    clock = app.clock_
    end = clock.now + seconds
    while clock.now < end - 1e-9:
        clock.advance(min(0.1, end - clock.now))
        app.session.tick()


def view(app) -> SessionView:
    page = app.window.pages.currentWidget()
    assert isinstance(page, SessionView)
    return page


def start_session(qtbot, app, baseline_key=Qt.Key.Key_2):
    with qtbot.waitExposed(app.window):
        app.start()
    assert app.window.pages.currentWidget() is app.notice_page
    key(qtbot, app, Qt.Key.Key_Return)  # acknowledge the safety notice
    assert app.window.pages.currentWidget() is app.before_page
    key(qtbot, app, baseline_key)
    key(qtbot, app, Qt.Key.Key_Return)
    assert app.session is not None


def test_whole_routine_from_the_keyboard(qtbot, app):
    start_session(qtbot, app)
    v = view(app)
    assert v.title.text() == "Glute bridge"
    run_clock(app, 10)  # lead-in
    assert v.ring.caption == "LIFT"
    run_clock(app, 2)  # a held rep: lift, hold, lower
    assert v.ring.caption == "HOLD"
    assert v.ring.text == "5"
    key(qtbot, app, Qt.Key.Key_Space)  # pause
    assert app.session.state == "paused"
    run_clock(app, 30)
    key(qtbot, app, Qt.Key.Key_Space)  # resume
    assert app.session.state == "running"
    assert v.ring.text == "5"
    run_clock(app, 5 + 2 + 5 + 2 + 5 + 2)  # hold, lower, rest, lift, hold, lower
    assert v.pages.currentIndex() == SessionView.PAGE_PAIN
    key(qtbot, app, Qt.Key.Key_2)
    key(qtbot, app, Qt.Key.Key_Return)
    assert app.session.step.exercise == "cat_cow"
    key(qtbot, app, Qt.Key.Key_Right)  # skip the get-into-position time
    assert app.session.step.kind == "rep"
    key(qtbot, app, Qt.Key.Key_Left)  # back to the start of cat-cow
    assert app.session.step.kind == "prepare"
    run_clock(app, 15 + 4 + 4)
    assert v.pages.currentIndex() == SessionView.PAGE_PAIN
    key(qtbot, app, Qt.Key.Key_1)
    key(qtbot, app, Qt.Key.Key_Return)
    assert app.session is None or app.session.status == "completed"
    assert v.pages.currentIndex() == SessionView.PAGE_END

    log = events(app)
    names = [e["event"] for e in log]
    for name in ("app_ready", "prompt_shown", "prompt_answered", "session_started",
                 "phase_started", "phase_ended", "display", "paused", "resumed",
                 "pain_rated", "session_ended"):
        assert name in names, name
    assert all({"t", "wall", "event"} <= e.keys() for e in log)
    assert log[-1]["event"] == "session_ended"
    assert log[-1]["status"] == "completed"
    prompts = [(e["event"], e["kind"]) for e in log if e["event"].startswith("prompt")]
    assert prompts[:4] == [("prompt_shown", "safety_notice"), ("prompt_answered", "safety_notice"),
                           ("prompt_shown", "before_session"),
                           ("prompt_answered", "before_session")]
    started = [e for e in log if e["event"] == "phase_started"]
    assert {"kind", "exercise", "side", "set", "rep", "planned"} <= started[0].keys()
    assert [e["reason"] for e in log if e["event"] == "phase_ended"].count("back") == 1
    shown = [e["value"] for e in log if e["event"] == "display"]
    assert shown[:10] == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    key(qtbot, app, Qt.Key.Key_Return)  # leave the end screen
    assert app.window.pages.currentWidget() is app.window.routines


def test_esc_asks_before_stopping_and_the_history_keeps_it(qtbot, app):
    start_session(qtbot, app)
    run_clock(app, 12)
    key(qtbot, app, Qt.Key.Key_Escape)
    assert view(app).pages.currentIndex() == SessionView.PAGE_CONFIRM
    key(qtbot, app, Qt.Key.Key_Escape)  # keep going
    assert app.session.state == "running"
    key(qtbot, app, Qt.Key.Key_Escape)
    key(qtbot, app, Qt.Key.Key_Return)  # stop
    log = events(app)
    assert log[-1] == {**log[-1], "event": "session_ended", "status": "stopped"}
    answers = [e["value"] for e in log
               if e["event"] == "prompt_answered" and e["kind"] == "confirm_stop"]
    assert answers == [False, True]
    store = HistoryStore.open()
    sessions = store.sessions()
    store.close()
    assert [s.status for s in sessions] == ["stopped"]


def test_pain_that_rises_skips_the_exercise_and_says_why(qtbot, app):
    start_session(qtbot, app, baseline_key=Qt.Key.Key_1)
    run_clock(app, 10 + 2 * (2 + 5 + 2) + 5)  # lead-in, two held reps, the rest between
    key(qtbot, app, Qt.Key.Key_3)
    key(qtbot, app, Qt.Key.Key_Return)
    rated = [e for e in events(app) if e["event"] == "pain_rated"]
    assert rated[0]["decision"] == "skip_exercise"
    assert "Glute bridge made the pain rise by two points" in view(app).banner.text()


def test_severe_baseline_does_not_start_a_session(qtbot, app):
    start_session_blocked = app
    app.start()
    key(qtbot, app, Qt.Key.Key_Return)
    key(qtbot, app, Qt.Key.Key_8)
    key(qtbot, app, Qt.Key.Key_Return)
    assert start_session_blocked.session is None
    assert app.window.pages.currentWidget() is app.before_page


def test_safety_notice_is_shown_only_once(qtbot, qapp, tmp_path, routine_file):
    first = App(qapp, LaunchOptions(voice=False), clock=FakeClock())
    qtbot.addWidget(first.window)
    first.start()
    assert first.window.pages.currentWidget() is first.notice_page
    qtbot.keyClick(first.notice_page, Qt.Key.Key_Return)
    first.window.close()
    second = App(qapp, LaunchOptions(voice=False), clock=FakeClock())
    qtbot.addWidget(second.window)
    second.start()
    assert second.window.pages.currentWidget() is second.window.routines
    second.window.close()
