"""The session screen and the prompts hold every text whole at laptop and desktop sizes.

For 1366x768 and 1920x1080 (the window at the screen's available size less a title bar) and text
sizes 1x, 1.5x and 2x, each phase of a session (lead-in, hold, rest, rep, pain check, the stop
question) is checked: every visible label needs no more room than it has, lies inside its parent,
and overlaps no other text or control; the ring's number is 250 px or more, the figure 200 px.
At 1366x768 and 1x the sizes of the issue hold: name 40 px, side/set/rep 28 px, step and Next 24.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget

from backtimer.app.controller import App
from backtimer.cli import LaunchOptions
from backtimer.core.clock import FakeClock
from backtimer.storage import state
from backtimer.ui.main_window import initial_geometry
from backtimer.ui.session.run_page import FIGURE_MIN, RING_NUMBER_MIN
from backtimer.ui.session.view import SessionView
from backtimer.ui.theme import apply_theme
from tests.gui.test_aggravating_flow import left_for_pain
from tests.helpers.app import close_app

SCREENS = [(1366, 768), (1920, 1080)]
SCALES = [1.0, 1.5, 2.0]
TITLE_BAR = 34

ROUTINE = {"schema_version": 1, "routine": {"id": "long", "name": "Long names", "items": [
    {"exercise": "gluteal_stretch_figure4", "hold": 5, "reps": 2},
    {"exercise": "side_lying_thoracic_rotation", "hold": 5, "reps": 2},
    {"exercise": "cat_cow", "reps": 2},
]}}


@pytest.fixture
def restore_theme(qapp):
    yield
    apply_theme(qapp, "system", 1.0)


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def text_problems(root: QWidget) -> list[str]:
    """Labels that need more room than they have or stick out of their parent."""
    problems = []
    for label in root.findChildren(QLabel):
        if not _shown(label) or not label.text():
            continue
        name = label.objectName() or label.accessibleName() or label.text()[:30]
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                problems.append(f"{name}: needs {needed} px height, has {label.height()}")
        else:
            hint = label.sizeHint()
            if hint.width() > label.width() + 1 or hint.height() > label.height() + 1:
                problems.append(f"{name}: needs {hint.width()}x{hint.height()}, "
                                f"has {label.width()}x{label.height()}")
        parent = label.parentWidget()
        if (parent is not None and not _in_scroll_area(label)
                and not parent.rect().adjusted(-1, -1, 1, 1).contains(label.geometry())):
            problems.append(f"{name}: {label.geometry()} outside its parent {parent.rect()}")
    for button in root.findChildren(QAbstractButton):
        if not _shown(button) or not button.text() or _in_scroll_area(button):
            continue
        needed = QFontMetricsF(button.font()).horizontalAdvance(button.text())
        # ActionButton may shrink its text to 60 %; a plain button draws it as it is.
        shrink = getattr(button, "SHRINK", 1.0)
        if needed * shrink > button.width():
            problems.append(f"button {button.text()!r}: needs {math.ceil(needed)} px, "
                            f"has {button.width()}")
    return problems


def overlaps(root: QWidget) -> list[str]:
    """Texts, controls, the ring and the figure that overlap one another."""
    leaves: list[tuple[str, QRect, QWidget]] = []
    kinds = (QLabel, QAbstractButton)
    for widget in root.findChildren(QWidget):
        if not _shown(widget) or _in_scroll_area(widget):
            continue
        if isinstance(widget, kinds) or widget.objectName() in ("figure_slot",) or \
                type(widget).__name__ == "CountdownRing":
            if isinstance(widget, QLabel) and not widget.text():
                continue
            top_left = widget.mapTo(root, widget.rect().topLeft())
            leaves.append((widget.objectName() or type(widget).__name__,
                           QRect(top_left, widget.size()), widget))
    found = []
    for i, (name_a, rect_a, a) in enumerate(leaves):
        for name_b, rect_b, b in leaves[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            overlap = rect_a.intersected(rect_b)
            if overlap.width() > 1 and overlap.height() > 1:
                found.append(f"{name_a} {rect_a} overlaps {name_b} {rect_b}")
    return found


def run_clock(app: App, seconds: float) -> None:
    clock = app.clock_
    end = clock.now + seconds
    while clock.now < end - 1e-9:
        clock.advance(min(0.5, end - clock.now))
        app.session.tick()


@pytest.fixture
def make_app(qtbot, qapp, tmp_path, restore_theme):
    path = tmp_path / "long.json"
    path.write_text(json.dumps(ROUTINE), encoding="utf-8")
    made: list[App] = []

    def make(width: int, height: int, scale: float, *, notice_read: bool = True) -> App:
        if notice_read:
            state.acknowledge_notice()
        settings = tmp_path / "home" / "config" / "backtimer"
        settings.mkdir(parents=True, exist_ok=True)
        (settings / "settings.json").write_text(json.dumps(
            {"schema_version": 1, "settings": {"text_scale": scale, "theme": "light"}}))
        clock = FakeClock()
        app = App(qapp, LaunchOptions(routine_file=path, voice=False), clock=clock)
        app.clock_ = clock
        qtbot.addWidget(app.window)
        made.append(app)
        app.start()
        app.window.setGeometry(0, 0, width, height - TITLE_BAR)
        qtbot.waitExposed(app.window)
        return app

    yield make
    for app in made:
        close_app(app)


def check(app: App, where: str, *, sizes: bool = False) -> None:
    app.qapp.processEvents()
    view = app.window.pages.currentWidget()
    problems = text_problems(app.window) + overlaps(app.window)
    if isinstance(view, SessionView) and view.pages.currentIndex() == SessionView.PAGE_RUN:
        run = view.run
        assert run.fits(), f"{where}: the run page does not fit"
        if len(run.ring.text) <= 2 and run.ring.text:
            assert run.ring.number_font().pixelSize() >= RING_NUMBER_MIN, where
        assert run.figure_slot.height() >= FIGURE_MIN, where
        assert run.ring.text_fits(), f"{where}: the ring's text runs into the ring"
        if sizes:
            for key, least in (("name", 40), ("details", 28), ("step", 24), ("next", 24)):
                label = run.labels[key]
                if label.isVisible():
                    assert label.font().pixelSize() >= least, (where, key)
    assert not problems, f"{where}: " + "; ".join(problems)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_every_text_is_whole_in_every_phase(qtbot, make_app, width, height, scale):
    app = make_app(width, height, scale)
    where = f"{width}x{height} at {scale}x"
    assert app.window.pages.currentWidget() is app.before_page
    check(app, f"{where}, before-session check")
    qtbot.keyClick(app.window.focusWidget(), Qt.Key.Key_1)
    qtbot.keyClick(app.window.focusWidget(), Qt.Key.Key_Return)
    assert app.session is not None
    view = app.session_view
    assert view is not None
    seen: set[str] = set()
    for _ in range(400):
        step = app.session.step
        if step.kind not in seen:
            seen.add(step.kind)
            check(app, f"{where}, {step.kind} of {step.exercise}",
                  sizes=(width, height, scale) == (1366, 768, 1.0))
        if step.kind == "pain_check":
            if "confirm" not in seen:
                seen.add("confirm")
                view.ask_stop()
                check(app, f"{where}, the stop question")
                qtbot.keyClick(view.confirm_panel, Qt.Key.Key_Escape)
            view.pain_panel.picker.setValue(1)
            view.pain_panel.picker.confirm()
        elif step.kind == "rep" and step.planned is None:
            app.session.count_rep()
        else:
            run_clock(app, 1.0)
        if app.session.state == "ended":
            break
    assert {"prepare", "hold", "rest", "rep", "pain_check", "confirm"} <= seen
    check(app, f"{where}, the end page")


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_safety_notice_and_the_routines_are_whole(qtbot, make_app, width, height, scale):
    app = make_app(width, height, scale, notice_read=False)
    assert app.window.pages.currentWidget() is app.notice_page
    check(app, f"{width}x{height} at {scale}x, safety notice")
    app.show_routines()
    check(app, f"{width}x{height} at {scale}x, routines")


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_question_about_exercises_that_hurt_is_whole(qtbot, make_app, width, height, scale):
    left_for_pain([item["exercise"] for item in ROUTINE["routine"]["items"]])
    app = make_app(width, height, scale)
    where = f"{width}x{height} at {scale}x, exercises that hurt last time"
    qtbot.keyClick(app.window.focusWidget(), Qt.Key.Key_1)
    qtbot.keyClick(app.window.focusWidget(), Qt.Key.Key_Return)
    assert app.window.pages.currentWidget() is app.aggravating_page
    check(app, where)
    for _ in range(3):  # leave out all it may: the note says why the last one stays
        qtbot.keyClick(app.window.focusWidget(), Qt.Key.Key_2)
        qtbot.keyClick(app.window.focusWidget(), Qt.Key.Key_Down)
    assert app.aggravating_page.note.isVisible()
    check(app, f"{where}, with the note")


def test_the_main_window_opens_within_the_screen_and_remembers_its_size():
    laptop = QRect(0, 0, 1366, 768)
    first = initial_geometry(laptop, None)
    assert laptop.contains(first)
    assert first.height() <= 768 - 34  # room for the title bar: no bottom row cut off
    chosen = initial_geometry(laptop, (100, 60, 1000, 640))
    assert (chosen.x(), chosen.y(), chosen.width(), chosen.height()) == (100, 60, 1000, 640)
    big = initial_geometry(QRect(0, 0, 1920, 1080), (2500, 40, 3000, 2000))
    assert QRect(0, 0, 1920, 1080).contains(big)  # a saved size from a larger screen shrinks


def test_window_geometry_is_saved_on_close_beside_the_notice(qtbot, qapp, tmp_path):
    state.acknowledge_notice()
    app = App(qapp, LaunchOptions(voice=False), clock=FakeClock())
    qtbot.addWidget(app.window)
    app.start()
    app.window.setGeometry(20, 50, 900, 640)
    app.window.close()
    assert state.load_notice_state() == (True, None)
    saved = state.window_geometry()
    assert saved is not None
    assert saved[2:] == (900, 640)
    assert Path(state._path()).exists()
