"""SessionRunner's wiring (app/session_runner.py): the history hears every event first, and a
disk that refuses writes is told in the status bar at once (issue 9)."""

from __future__ import annotations

import json

from backtimer.app.controller import App
from backtimer.core.events import Event, PhaseEnded
from tests.helpers.app import close_app, make_app
from tests.helpers.history import FullDisk, last_rep_steps


def run(app: App, seconds: float) -> None:
    session = app.session
    assert session is not None
    for _ in range(int(seconds * 4)):
        app.clock.advance(0.25)
        session.tick()
        if session.step.kind == "pain_check" and session.state == "running":
            session.answer_pain(1)


def test_a_set_is_in_the_history_before_the_log_or_the_screen_shows_it_done(qtbot, qapp,
                                                                             tmp_path):
    log = tmp_path / "events.jsonl"
    app = make_app(qtbot, qapp, event_log=log)
    routine = app.all_routines()[0]
    plan = app.plan(routine)
    ends = last_rep_steps(plan)
    seen: list[tuple[int, int]] = []  # (sets ended so far, sets in the history at that moment)

    def probe(event: Event) -> None:  # on the app's bus, where the log and the screen listen
        if isinstance(event, PhaseEnded) and event.reason == "done" and event.index in ends:
            [session] = app.history.sessions()
            seen.append((len(seen) + 1, len(app.history.steps(session.id))))

    app.bus.subscribe(probe)
    app.begin_session(routine, 1)
    run(app, 240)
    assert len(seen) >= 2
    assert all(stored >= ended for ended, stored in seen), seen
    logged = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    assert sum(1 for e in logged if e["event"] == "phase_ended" and e["reason"] == "done"
               and e["index"] in ends) == len(seen)
    close_app(app)


def test_a_refused_write_is_shown_in_the_status_bar_at_once(qtbot, qapp):
    app = make_app(qtbot, qapp)
    routine = app.all_routines()[0]
    app.begin_session(routine, 1)
    disk = FullDisk(app.history._db)
    app.history._db = disk
    disk.full = True
    run(app, 240)
    session = app.session
    assert session is not None
    # The session went on past its first set although nothing could be written.
    assert session.step.index > min(last_rep_steps(app.plan(routine)))
    assert "could not be saved" in app.window.statusBar().currentMessage()
    app.history._db = disk.real
    close_app(app)
