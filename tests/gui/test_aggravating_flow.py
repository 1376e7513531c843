"""Rules that remember: a session containing an exercise that pain made the person leave last time
asks first (lighter dose, leave it out, as planned), starts as chosen and records the choice."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from backtimer.app.controller import App
from backtimer.cli import LaunchOptions
from backtimer.core.aggravating import Choice
from backtimer.core.clock import FakeClock
from backtimer.core.library import load_library
from backtimer.core.models import Routine, RoutineItem
from backtimer.core.records import SessionStatus, SkipReason, StepOutcome
from backtimer.core.settings import Settings
from backtimer.storage import state
from backtimer.storage.history import HistoryStore, now_local
from backtimer.storage.history_aggravating import AggravatingExercise
from backtimer.ui.fonts import factor_of
from backtimer.ui.prompts.aggravating import AggravatingPage, rows_for
from tests.helpers.app import close_app

Key = Qt.Key
ROUTINE = {"schema_version": 1, "routine": {"id": "tiny", "name": "Tiny", "items": [
    {"exercise": "glute_bridge", "hold": 6, "reps": 8},
    {"exercise": "cat_cow", "reps": 4},
]}}


def left_for_pain(exercises: list[str], *, days_ago: int = 1) -> None:
    """A past session in the person's history where pain made them leave `exercises`."""
    at = now_local() - timedelta(days=days_ago)
    with HistoryStore.open() as store:
        sid = store.start_session(routine_id="tiny", routine_name="Tiny", started_at=at,
                                  baseline_pain=2, planned_seconds=300, exercises_planned=2)
        for item, exercise in enumerate(exercises):
            store.write_step(sid, StepOutcome(
                item=item, exercise_id=exercise, exercise_name=exercise, side=None, set_no=1,
                sets_planned=1, hold_planned=None, hold_actual=None, reps_planned=8, reps_done=1,
                skipped=True, skip_reason=SkipReason.PAIN, ended_at=at), done_seconds=30,
                exercises_done=0)
        store.end_session(sid, status=SessionStatus.STOPPED, ended_at=at, message="",
                          done_seconds=30, exercises_done=0)


@pytest.fixture
def app(qtbot, qapp, tmp_path: Path):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(ROUTINE), encoding="utf-8")
    made: list[App] = []

    def make() -> App:
        state.acknowledge_notice()
        clock = FakeClock()
        app = App(qapp, LaunchOptions(routine_file=path, voice=False,
                                      event_log=tmp_path / "events.jsonl"), clock=clock)
        qtbot.addWidget(app.window)
        made.append(app)
        with qtbot.waitExposed(app.window):
            app.start()
        return app

    yield make
    for app in made:
        close_app(app)


def key(qtbot, app: App, k: Key) -> None:
    qtbot.keyClick(app.window.focusWidget() or app.window, k)


def answer_before(qtbot, app: App) -> None:
    assert app.window.pages.currentWidget() is app.before_page
    key(qtbot, app, Key.Key_2)
    key(qtbot, app, Key.Key_Return)


def prompts(app: App) -> list[dict]:
    lines = [json.loads(line) for line in app.options.event_log.read_text().splitlines()]
    return [e for e in lines if e["event"] in ("prompt_shown", "prompt_answered")
            and e["kind"] == "aggravating"]


def recorded_choices(app: App) -> dict[str, Choice]:
    assert app.session is not None
    app.session.stop()
    last = app.history.sessions()[-1]
    return app.history.choices(last.id)


def test_lighter_is_the_default_and_says_what_the_dose_becomes(qtbot, app):
    left_for_pain(["glute_bridge"])
    application = app()
    answer_before(qtbot, application)
    page = application.window.pages.currentWidget()
    assert page is application.aggravating_page
    assert application.session is None  # it asks before anything starts
    assert page.exercises() == ["glute_bridge"]
    box = page._exercises[0].options[Choice.LIGHTER]
    # 8 reps of 6 s -> about two thirds, the hold never below 5 s, still one set.
    assert box.text() == "1  Lighter dose: 5 reps \u00d7 5 s instead of 8 reps \u00d7 6 s"
    assert box.isChecked()
    assert "Glute bridge" in box.accessibleName()
    assert factor_of(page.title) == 2.4
    key(qtbot, application, Key.Key_Return)
    assert application.session is not None
    resolved = application.session.plan.items[0]
    assert (resolved.exercise.id, resolved.reps, resolved.hold, resolved.sets) == (
        "glute_bridge", 5, 5, 1)
    shown, answered = prompts(application)
    assert shown["event"] == "prompt_shown"
    assert answered["value"] == {"glute_bridge": "lighter"}
    assert recorded_choices(application) == {"glute_bridge": Choice.LIGHTER}


def start_choosing(qtbot, app, choice_key: Key) -> App:
    """The bridge hurt last time; the person answers the question with `choice_key`."""
    left_for_pain(["glute_bridge"])
    application = app()
    answer_before(qtbot, application)
    key(qtbot, application, choice_key)
    key(qtbot, application, Key.Key_Return)
    assert application.session is not None
    return application


def test_two_leaves_it_out_today_and_it_stays_aggravating(qtbot, app):
    application = start_choosing(qtbot, app, Key.Key_2)
    assert [r.exercise.id for r in application.session.plan.items] == ["cat_cow"]
    assert recorded_choices(application) == {"glute_bridge": Choice.LEAVE_OUT}
    assert application.history.aggravating_ids() == {"glute_bridge"}


def test_three_runs_it_as_planned(qtbot, app):
    application = start_choosing(qtbot, app, Key.Key_3)
    resolved = application.session.plan.items[0]
    assert (resolved.reps, resolved.hold) == (8, 6)
    assert recorded_choices(application) == {"glute_bridge": Choice.AS_PLANNED}


def test_leaving_every_exercise_out_is_not_offered(qtbot, app):
    left_for_pain(["glute_bridge", "cat_cow"])
    application = app()
    answer_before(qtbot, application)
    page: AggravatingPage = application.aggravating_page
    assert page.exercises() == ["glute_bridge", "cat_cow"]
    assert page.note.isHidden()
    key(qtbot, application, Key.Key_2)  # the bridge: left out
    key(qtbot, application, Key.Key_Down)
    assert page.current() == "cat_cow"
    key(qtbot, application, Key.Key_2)  # the last one cannot be left out as well
    assert page.choices() == {"glute_bridge": Choice.LEAVE_OUT, "cat_cow": Choice.LIGHTER}
    assert page.note.isVisible()
    assert "nothing to do today" in page.note.text()
    assert not page._exercises[1].options[Choice.LEAVE_OUT].isEnabled()
    key(qtbot, application, Key.Key_Return)
    assert application.session is not None
    assert [r.exercise.id for r in application.session.plan.items] == ["cat_cow"]


def test_esc_goes_back_to_the_check_before_the_session(qtbot, app):
    left_for_pain(["glute_bridge"])
    application = app()
    answer_before(qtbot, application)
    key(qtbot, application, Key.Key_Escape)
    assert application.window.pages.currentWidget() is application.before_page
    assert application.session is None
    assert [e["event"] for e in prompts(application)] == ["prompt_shown"]


def test_an_exercise_done_since_without_pain_is_not_asked_about(qtbot, app):
    left_for_pain(["glute_bridge"], days_ago=2)
    at = now_local() - timedelta(days=1)
    with HistoryStore.open() as store:
        sid = store.start_session(routine_id="tiny", routine_name="Tiny", started_at=at,
                                  baseline_pain=2, planned_seconds=300, exercises_planned=1)
        store.write_step(sid, StepOutcome(
            item=0, exercise_id="glute_bridge", exercise_name="Glute bridge", side=None,
            set_no=1, sets_planned=1, hold_planned=6, hold_actual=6, reps_planned=8, reps_done=8,
            skipped=False, skip_reason=None, ended_at=at), done_seconds=60, exercises_done=1)
    application = app()
    answer_before(qtbot, application)
    assert application.session is not None
    assert prompts(application) == []


def test_rows_describe_a_moving_exercise_and_sides():
    library = load_library()
    routine = Routine("r", "R", (RoutineItem("cat_cow", reps=9, sets=2),
                                 RoutineItem("knee_to_chest_single", hold=15, reps=3, sets=1)))
    when = datetime(2026, 12, 1, 8, 0).astimezone()
    found = [AggravatingExercise(e, e, 1, when) for e in ("knee_to_chest_single", "cat_cow")]
    rows = rows_for(routine, library, Settings(), found)
    assert [(r.exercise_id, r.lighter, r.planned, r.left_on) for r in rows] == [
        ("cat_cow", "6 reps", "2 sets of 9 reps", "1 Dec"),
        ("knee_to_chest_single", "2 reps \u00d7 10 s each side", "3 reps \u00d7 15 s each side",
         "1 Dec"),
    ]


def test_the_exercise_the_keys_act_on_is_marked_and_tab_moves_it(qtbot, app):
    left_for_pain(["glute_bridge", "cat_cow"])
    application = app()
    answer_before(qtbot, application)
    page: AggravatingPage = application.aggravating_page
    names = [e.name for e in page._exercises]
    assert [n.text() for n in names] == ["\u25b6 Glute bridge", "Cat-cow"]
    assert [n.accessibleName() for n in names] == ["Glute bridge", "Cat-cow"]
    page._exercises[1].options[Choice.AS_PLANNED].setFocus()
    assert page.current() == "cat_cow"
    assert [n.text() for n in names] == ["Glute bridge", "\u25b6 Cat-cow"]
    key(qtbot, application, Key.Key_2)
    assert page.choices() == {"glute_bridge": Choice.LIGHTER, "cat_cow": Choice.LEAVE_OUT}


def test_a_routine_of_only_that_exercise_offers_no_leaving_out(qtbot):
    page = AggravatingPage()
    qtbot.addWidget(page)
    page.setExercises(rows_for(Routine("r", "R", (RoutineItem("cat_cow"),)), load_library(),
                               Settings(), [AggravatingExercise("cat_cow", "Cat-cow", 1,
                                                                now_local())]), others=0)
    assert not page.note.isHidden()
    assert not page._exercises[0].options[Choice.LEAVE_OUT].isEnabled()
    assert page.choose("cat_cow", Choice.LEAVE_OUT) is False
    assert page.choose("cat_cow", Choice.AS_PLANNED) is True
    with qtbot.waitSignal(page.chosen, timeout=1000) as signal:
        page.confirm()
    assert signal.args == [{"cat_cow": "as_planned"}]
