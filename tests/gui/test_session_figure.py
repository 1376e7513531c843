"""The session figure follows the session's clock and deadlines, stays still when paused, mirrors
on the other side, and asks the ticker for frames only while it moves."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backtimer.app.ticker import Ticker
from backtimer.core.clock import FakeClock
from backtimer.core.events import EventBus
from backtimer.core.library import load_library
from backtimer.core.models import Routine, RoutineItem
from backtimer.core.pain import PainTracker
from backtimer.core.plan import build_plan
from backtimer.core.poses import ExercisePose, keyframe_at, place, pose_at
from backtimer.core.session import Session
from backtimer.core.settings import Settings
from backtimer.ui.session.figure import BREATH_FRAME_MS, MOVE_FRAME_MS, SessionFigure
from backtimer.ui.session.figure_pace import SLOWEST_MS

LIB = load_library()
SETTINGS = Settings()


def session_of(*exercises: str) -> tuple[Session, FakeClock]:
    routine = Routine(id="t", name="T", items=tuple(RoutineItem(e) for e in exercises))
    plan = build_plan(routine, LIB, SETTINGS)
    clock = FakeClock()
    session = Session(plan, clock, EventBus(), pain=PainTracker(baseline=0, clock=clock))
    return session, clock


def run_to(session: Session, clock: FakeClock, kind: str, side: str | None = None) -> None:
    """Advance the fake clock until the session is in a phase of `kind` (and `side`)."""
    for _ in range(5000):
        step = session.step
        if step.kind == kind and (side is None or step.side == side):
            return
        if step.kind == "pain_check":
            session.answer_pain(0)
            continue
        remaining = session.remaining()
        clock.advance(min(0.5, (remaining or 0.0) + 0.001))  # small steps: no "sleep" gap
        session.tick()
    raise AssertionError(f"no {kind} phase")


def started(qtbot: QtBot, *exercises: str) -> tuple[Session, FakeClock, SessionFigure]:
    """A started session of `exercises` with its figure widget (not shown)."""
    session, clock = session_of(*exercises)
    widget = SessionFigure(session)
    qtbot.addWidget(widget)
    session.start()
    return session, clock, widget


def pose(ex_id: str) -> ExercisePose:
    exercise_pose = LIB.exercise(ex_id).pose
    assert exercise_pose is not None
    return exercise_pose


def test_a_paced_rep_is_one_cycle_timed_by_the_deadline(qtbot: QtBot) -> None:
    session, clock, widget = started(qtbot, "cat_cow")
    run_to(session, clock, "rep")
    tempo = session.step.planned
    assert tempo == SETTINGS.rep_tempo
    shapes = {}
    for fraction in (0.0, 0.25, 0.5):
        figure = widget.current_figure()
        assert figure is not None
        shapes[fraction] = figure
        clock.advance(tempo * 0.25)
    cat_cow = pose("cat_cow")
    assert shapes[0.0].points == place(cat_cow, cat_cow.start, mirrored=False).points
    neutral = place(cat_cow, cat_cow.keyframes[1], mirrored=False)
    assert shapes[0.25].points["mid_back"] == pytest.approx(neutral.points["mid_back"])
    end = place(cat_cow, cat_cow.end, mirrored=False)
    assert shapes[0.5].points["mid_back"] == pytest.approx(end.points["mid_back"])


def test_the_figure_stands_still_while_paused(qtbot: QtBot) -> None:
    session, clock, widget = started(qtbot, "cat_cow")
    run_to(session, clock, "rep")
    clock.advance(1.0)
    session.pause()
    before = widget.current_figure()
    clock.advance(1.7)
    assert widget.current_figure() == before
    session.resume()
    clock.advance(0.5)
    after = widget.current_figure()
    assert after is not None
    assert before is not None
    assert after.points != before.points


def test_a_hold_shows_the_end_pose_breathing(qtbot: QtBot) -> None:
    session, clock, widget = started(qtbot, "glute_bridge")
    prepare = widget.current_figure()
    bridge = pose("glute_bridge")
    assert prepare is not None
    assert prepare.points == place(bridge, bridge.start, mirrored=False).points
    run_to(session, clock, "hold")
    clock.advance(1.25)  # a quarter breath in
    figure = widget.current_figure()
    assert figure is not None
    expected = place(bridge, keyframe_at(bridge, "hold", 0.0, elapsed=1.25), mirrored=False)
    assert figure.points["pelvis"] == pytest.approx(bridge.end.pelvis)  # hips up
    assert figure.points["neck"] == pytest.approx(expected.points["neck"])


def test_the_other_side_is_mirrored(qtbot: QtBot) -> None:
    session, clock, widget = started(qtbot, "bird_dog")
    run_to(session, clock, "hold", side="left")
    left = widget.current_figure()
    run_to(session, clock, "hold", side="right")
    right = widget.current_figure()
    assert left is not None
    assert right is not None
    assert not left.mirrored
    assert right.mirrored
    expected = pose_at(pose("bird_dog"), "hold", 0.0, "right")
    assert right.points["hand_near"][0] == pytest.approx(expected.points["hand_near"][0], abs=0.02)
    assert right.points["hand_near"][0] < right.points["pelvis"][0]  # reaching the other way


def test_frames_are_asked_for_only_while_moving(qtbot: QtBot) -> None:
    session, clock, widget = started(qtbot, "cat_cow", "glute_bridge")
    widget.resize(640, 400)  # about its size on a 1366x768 session screen
    widget.show()
    assert session.step.kind == "prepare"
    assert widget.frame_interval_ms() is None
    run_to(session, clock, "rep")
    at_rest = widget.frame_interval_ms()  # the rep starts from rest: frames can be sparse
    assert at_rest is not None
    assert MOVE_FRAME_MS <= at_rest <= SLOWEST_MS
    clock.advance(session.step.planned * 0.125)  # halfway between two keyframes: fastest
    moving = widget.frame_interval_ms()
    assert moving is not None
    assert MOVE_FRAME_MS <= moving < at_rest
    session.pause()
    assert widget.frame_interval_ms() is None
    session.resume()
    run_to(session, clock, "hold")
    assert widget.frame_interval_ms() == BREATH_FRAME_MS
    widget.hide()
    assert widget.frame_interval_ms() is None


class Client:
    def __init__(self, interval: int | None) -> None:
        self.interval = interval
        self.frames = 0

    def frame_interval_ms(self) -> int | None:
        return self.interval

    def advance_frame(self) -> None:
        self.frames += 1


def test_the_ticker_wakes_at_the_frame_rate_only_when_asked(qapp: QApplication) -> None:
    session, _clock = session_of("cat_cow")
    ticker = Ticker(session, qapp)
    session.start()
    try:
        client = Client(MOVE_FRAME_MS)
        ticker.set_frame_client(client)
        ticker.start()
        assert ticker._timer.interval() <= MOVE_FRAME_MS
        ticker._wake()
        assert client.frames == 1
        client.interval = None
        ticker.poke()
        assert ticker._timer.interval() > MOVE_FRAME_MS  # back to the session's own rhythm
    finally:
        ticker.stop()


def test_the_widget_paints_the_current_pose(qtbot: QtBot) -> None:
    session, _clock = session_of("wall_sit")
    widget = SessionFigure(session)
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    session.start()
    widget.show_step(session.step, QColor("#112233"))
    image = QImage(600, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    widget.render(image)
    wanted = QColor("#112233").rgb()
    body = sum(1 for y in range(0, 400, 3) for x in range(0, 600, 3) if image.pixel(x, y) == wanted)
    assert body > 100
    assert "Wall sit" in widget.accessibleName()
