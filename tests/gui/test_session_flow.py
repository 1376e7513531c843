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
from tests.helpers.app import close_app
from tests.helpers.paints import PaintCounter

# The glute bridge of ROUTINE up to its pain check: lead-in, two held reps (lift 2 s, hold 5 s,
# lower 2 s) and the rest between them.
BRIDGE = 10 + 2 * (2 + 5 + 2) + 5

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
    close_app(app)  # stops a running session first: closing mid-session asks (tested below)


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
    assert (v.ring.text, v.ring.caption) == ("1", "OF 2 \u00b7 LIFT")  # the rep, moving
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
    run_clock(app, BRIDGE)
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


def test_the_stop_question_pauses_the_session_and_no_phase_starts_behind_it(qtbot, app):
    start_session(qtbot, app)
    run_clock(app, 12)  # into the first hold
    assert app.session.step.kind == "hold"
    key(qtbot, app, Qt.Key.Key_Escape)
    assert view(app).pages.currentIndex() == SessionView.PAGE_CONFIRM
    assert app.session.state == "paused"
    assert not view(app).skip_button.isEnabled()  # nor can a click start a phase
    asked = len(events(app))
    run_clock(app, 60)  # far past the hold's end
    during = events(app)[asked:]
    assert not [e for e in during if e["event"] in ("phase_started", "phase_ended", "display")]
    key(qtbot, app, Qt.Key.Key_Escape)  # back to where it was: running again
    assert app.session.state == "running"
    assert app.session.step.kind == "hold"
    assert view(app).pages.currentIndex() == SessionView.PAGE_RUN


def test_esc_after_pausing_goes_back_paused(qtbot, app):
    start_session(qtbot, app)
    key(qtbot, app, Qt.Key.Key_Space)
    assert app.session.state == "paused"
    key(qtbot, app, Qt.Key.Key_Escape)
    key(qtbot, app, Qt.Key.Key_Escape)
    assert app.session.state == "paused"  # it was paused before the question: it stays so
    key(qtbot, app, Qt.Key.Key_Escape)
    key(qtbot, app, Qt.Key.Key_Return)
    log = events(app)
    stopped = [n for n, e in enumerate(log) if e["event"] == "session_ended"]
    assert stopped
    assert not [e for e in log[stopped[0]:] if e["event"] == "phase_started"]


def test_the_stop_question_over_a_pain_check_keeps_the_answer_waiting(qtbot, app):
    start_session(qtbot, app)
    run_clock(app, BRIDGE)
    assert view(app).pages.currentIndex() == SessionView.PAGE_PAIN
    shown = sum(1 for e in events(app) if e == {**e, "event": "prompt_shown", "kind": "pain_check"})
    key(qtbot, app, Qt.Key.Key_Escape)
    assert view(app).pages.currentIndex() == SessionView.PAGE_CONFIRM
    key(qtbot, app, Qt.Key.Key_Escape)
    assert view(app).pages.currentIndex() == SessionView.PAGE_PAIN
    again = sum(1 for e in events(app) if e == {**e, "event": "prompt_shown", "kind": "pain_check"})
    assert again == shown  # the same question goes on, it is not asked a second time


def test_closing_the_window_mid_session_asks_first(qtbot, app):
    start_session(qtbot, app)
    run_clock(app, 12)
    assert not app.window.close()  # the close waits for the answer
    assert app.window.isVisible()
    assert view(app).pages.currentIndex() == SessionView.PAGE_CONFIRM
    assert app.session.state == "paused"
    key(qtbot, app, Qt.Key.Key_Escape)
    assert app.session.state == "running"
    assert app.window.close() is False
    key(qtbot, app, Qt.Key.Key_Return)  # yes, stop: then the window closes
    qtbot.waitUntil(lambda: not app.window.isVisible(), timeout=1000)
    ended = [e for e in events(app) if e["event"] == "session_ended"]
    assert [e["status"] for e in ended] == ["stopped"]


def test_this_hurts_mid_exercise_says_what_it_interrupted(qtbot, app):
    start_session(qtbot, app)
    run_clock(app, 12)  # holding rep 1 of the glute bridge
    key(qtbot, app, Qt.Key.Key_H)
    panel = view(app).pain_panel
    assert view(app).pages.currentIndex() == SessionView.PAGE_PAIN
    said = panel.exercise_label.text()
    assert said.startswith("Stopped during: Glute bridge")
    assert "Rep 1 of 2" in said
    assert "After:" not in said


def test_reps_show_the_rep_as_the_big_number(qtbot, app):
    start_session(qtbot, app)
    run_clock(app, BRIDGE)
    key(qtbot, app, Qt.Key.Key_2)
    key(qtbot, app, Qt.Key.Key_Return)  # on to cat-cow
    key(qtbot, app, Qt.Key.Key_Right)  # skip getting into position
    v = view(app)
    assert app.session.step.kind == "rep"
    assert v.ring.text == "1"
    assert v.ring.caption.startswith("OF 2")
    run_clock(app, 1.5)
    assert v.ring.text == "1"  # the seconds of the rep do not take the rep's place


def test_the_session_screen_says_why_the_voice_is_off(qtbot, qapp, tmp_path, routine_file):
    from backtimer.speech.speaker import SilentSpeaker

    class Broken(SilentSpeaker):
        problem = "No speech engine was found (install espeak-ng)."

    app = App(qapp, LaunchOptions(routine_file=routine_file, voice=True),
              clock=FakeClock(), make_speaker=lambda _s, bridge: Broken(bridge.deliver,
                                                                        FakeClock()))
    qtbot.addWidget(app.window)
    app.clock_ = FakeClock()
    start_session(qtbot, app)
    note = view(app).voice_label
    assert note.isVisible()
    assert "No speech engine" in note.text()
    app.show_sound_notice("Spoken cues are off: the sound output went away.")
    assert "sound output went away" in note.text()  # a problem found mid-session shows too
    app.session.stop()
    app.window.close()


def test_the_end_screen_names_what_was_skipped_instead_of_well_done(qtbot, app):
    start_session(qtbot, app)
    run_clock(app, BRIDGE)
    key(qtbot, app, Qt.Key.Key_1)
    key(qtbot, app, Qt.Key.Key_Return)  # on to cat-cow
    qtbot.keyClick(app.window.focusWidget() or app.window, Qt.Key.Key_Right,
                   Qt.KeyboardModifier.ShiftModifier)  # skip all of cat-cow
    v = view(app)
    assert v.pages.currentIndex() == SessionView.PAGE_END
    assert v.end_page.title.text() == "Session finished"
    assert "Skipped by you: Cat-cow." in v.end_page.message.text()
    assert "Well done" not in v.end_page.title.text()

def test_closing_with_a_tray_keeps_the_session_paused_there(qtbot, app, monkeypatch):
    start_session(qtbot, app)
    run_clock(app, 12)
    said: list[str] = []
    monkeypatch.setattr(app.tray.icon, "isVisible", lambda: True)
    monkeypatch.setattr(app.tray.icon, "showMessage", lambda _title, text, *a: said.append(text))
    app.qapp.setQuitOnLastWindowClosed(False)
    try:
        assert app.window.close() is False
        assert not app.window.isVisible()
        assert app.session.state == "paused"
        assert said
        assert "paused" in said[0]
    finally:
        app.qapp.setQuitOnLastWindowClosed(True)


def test_the_most_important_caution_shows_while_getting_into_position(qtbot, app):
    start_session(qtbot, app)
    run = view(app).run
    caution = app.library.exercise("glute_bridge").cautions[0]
    assert run.text("caution") == f"Careful: {caution[0].lower()}{caution[1:]}"
    assert run.labels["caution"].isVisible()
    run_clock(app, 10)  # into the first lift: the move itself, no caution line
    assert run.text("caution") == ""
    assert "Take care:" in run.text("others")  # every caution stays with the steps


def test_next_names_the_movement_of_a_held_rep(qtbot, app):
    start_session(qtbot, app)
    run = view(app).run
    assert run.text("next") == "Next: lift, rep 1 of 2"
    run_clock(app, 10 + 2)  # in the hold of rep 1
    assert run.text("next") == "Next: lower"
    run_clock(app, 5)  # lowering
    assert run.text("next") == "Next: rest 5 s"


def test_the_countdown_does_not_repaint_the_whole_screen_every_second(qtbot, app):
    """The ring, the time left and the progress bar repaint themselves, not the page behind."""
    start_session(qtbot, app)
    v = view(app)
    qtbot.wait(50)
    paints = PaintCounter()
    v.installEventFilter(paints)
    for _ in range(6):
        run_clock(app, 1)
        qtbot.wait(20)
    v.removeEventFilter(paints)
    assert v.ring.text != "10"  # the seconds went on
    assert paints.counts.get("SessionView", 0) <= 1
