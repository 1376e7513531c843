"""What a frame of the moving figure costs: only the body's old and new place is repainted, with
the still scenery from a pixmap kept until the size or the theme changes and the moving body
copied from images drawn once per grid pose, a pose that did not change repaints nothing, and
the ticker never wakes while the session is paused."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from backtimer.app.ticker import Ticker
from backtimer.core.clock import FakeClock
from backtimer.core.session import Session
from backtimer.ui.session.figure import SessionFigure
from backtimer.ui.session.figure_pace import STEP_PX
from tests.gui.test_session_figure import Client, run_to, session_of


class Paints(QObject):
    """Counts the paint events of one widget and remembers their rectangles."""

    def __init__(self, widget: SessionFigure) -> None:
        super().__init__(widget)
        self.rects: list[tuple[int, int]] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            rect = event.rect()  # type: ignore[attr-defined]
            self.rects.append((rect.width(), rect.height()))
        return False


def shown(qtbot: QtBot, exercise: str, kind: str) -> tuple[Session, FakeClock, SessionFigure]:
    session, clock = session_of(exercise)
    widget = SessionFigure(session)
    qtbot.addWidget(widget)
    widget.resize(640, 400)
    widget.show()
    session.start()
    widget.show_step(session.step, QColor("#112233"))
    run_to(session, clock, kind)
    QApplication.processEvents()
    return session, clock, widget


def on_screen(widget: SessionFigure) -> QImage:
    """What the window really shows (its backing store), not a fresh rendering."""
    image = widget.screen().grabWindow(widget.winId()).toImage()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def fresh(widget: SessionFigure) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_frames_repaint_only_the_body_and_leave_no_trail(qtbot: QtBot) -> None:
    session, clock, widget = shown(qtbot, "cat_cow", "rep")
    paints = Paints(widget)
    for _ in range(12):  # three quarters of a rep: the back rounds, then dips
        clock.advance(session.step.planned * 0.0625)
        widget.advance_frame()
        QApplication.processEvents()
    assert len(paints.rects) == 12
    whole = widget.width() * widget.height()
    assert all(w * h < whole for w, h in paints.rects), "a frame repainted the whole widget"
    assert on_screen(widget) == fresh(widget)  # the partial repaints add up to the true picture


def test_a_pose_that_did_not_change_repaints_nothing(qtbot: QtBot) -> None:
    session, clock, widget = shown(qtbot, "glute_bridge", "lift")
    paints = Paints(widget)
    session.pause()
    clock.advance(1.0)
    widget.advance_frame()
    QApplication.processEvents()
    assert paints.rects == []


def test_the_scenery_is_drawn_once_until_the_size_or_the_theme_changes(qtbot: QtBot) -> None:
    session, clock, widget = shown(qtbot, "wall_sit", "hold")
    figure = widget.current_figure()
    assert figure is not None
    first = widget.scenery_pixmap(figure).cacheKey()
    clock.advance(1.3)
    widget.advance_frame()
    QApplication.processEvents()
    assert widget.scenery_pixmap(figure).cacheKey() == first  # a frame reuses it

    widget.resize(500, 300)
    QApplication.processEvents()
    resized = widget.scenery_pixmap(figure)
    assert resized.cacheKey() != first
    assert resized.width() == round(500 * widget.devicePixelRatioF())

    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    before = resized.toImage().pixelColor(2, 2)
    widget.setPalette(palette)
    widget.show_step(session.step, QColor("#f0f0f0"))  # what the view does on a theme change
    themed = widget.scenery_pixmap(figure)
    assert themed.cacheKey() != resized.cacheKey()
    assert themed.toImage().pixelColor(2, 2) != before  # drawn on the new background
    QApplication.processEvents()
    assert on_screen(widget) == fresh(widget)


def test_the_ticker_does_not_wake_while_paused(qapp: QApplication) -> None:
    session, _clock = session_of("cat_cow")
    ticker = Ticker(session, qapp)
    client = Client(50)
    ticker.set_frame_client(client)
    session.start()
    try:
        ticker.start()
        assert ticker._timer.isActive()
        session.pause()
        ticker.poke()  # what every control does after changing the session
        assert not ticker._timer.isActive()
        session.resume()
        ticker.poke()
        assert ticker._timer.isActive()
    finally:
        ticker.stop()


def test_a_still_figure_is_never_asked_to_repaint(qapp: QApplication) -> None:
    session, _clock = session_of("cat_cow")
    ticker = Ticker(session, qapp)
    client = Client(None)  # still: prepare, rest, a pain check
    ticker.set_frame_client(client)
    session.start()
    try:
        ticker.start()
        ticker._wake()
        ticker._wake()
        assert client.frames == 0
        client.interval = 50
        ticker.poke()
        ticker._wake()
        assert client.frames == 1
    finally:
        ticker.stop()


def test_every_rep_reuses_the_bodies_drawn_in_the_first(qtbot: QtBot) -> None:
    session, clock, widget = shown(qtbot, "cat_cow", "rep")

    def one_rep() -> None:
        index = session.step.index
        while session.step.index == index:
            clock.advance((widget.frame_interval_ms() or 50) / 1000)
            session.tick()
            widget.advance_frame()
            QApplication.processEvents()
        run_to(session, clock, "rep")

    one_rep()
    drawn = len(widget._sprites)
    assert drawn > 4
    one_rep()
    assert len(widget._sprites) == drawn  # the second rep only copies what the first drew


def test_the_shown_pose_stays_within_a_step_of_the_clock(qtbot: QtBot) -> None:
    """Snapping to the grid of drawn poses never puts the figure off the session's clock."""
    session, clock, widget = shown(qtbot, "glute_bridge", "lift")
    pose = session.plan.exercises["glute_bridge"].pose
    assert pose is not None
    x0, y0, x1, y1 = pose.box
    px = min(widget.width() / (x1 - x0), widget.height() / (y1 - y0))
    for _ in range(20):
        clock.advance(session.step.planned / 20)
        snapped, exact = widget.snapped_figure(), widget.current_figure()
        assert snapped is not None
        assert exact is not None
        off = max(math.dist(snapped[1].points[n], p) for n, p in exact.points.items()) * px
        assert off <= STEP_PX
