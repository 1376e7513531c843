"""The text-size setting applies at once, everywhere: widgets sized with ui/fonts.py follow it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from backtimer.app.controller import App
from backtimer.cli import LaunchOptions
from backtimer.core.clock import FakeClock
from backtimer.storage import state
from backtimer.ui.fonts import factor_of, follow, scaled_font, text_font
from backtimer.ui.session.view import SessionView
from backtimer.ui.theme import apply_theme


@pytest.fixture
def restore_theme(qapp):
    yield
    apply_theme(qapp, "system", 1.0)


def test_scaled_font_keeps_points_or_pixels(qapp):
    base = qapp.font()
    base.setPointSizeF(10)
    assert scaled_font(base, 2.5).pointSizeF() == pytest.approx(25)
    pixels = qapp.font()
    pixels.setPixelSize(20)
    big = scaled_font(pixels, 1.5, bold=True)
    assert big.pixelSize() == 30
    assert big.bold()
    assert scaled_font(big, 1.0).bold()  # bold=None keeps the weight


def test_a_followed_label_grows_when_the_text_size_changes(qtbot, qapp, restore_theme):
    apply_theme(qapp, "light", 1.0)
    label = QLabel("Hold")
    qtbot.addWidget(label)
    follow(label, 2.0, bold=True)
    follow(label, 3.0, bold=True)  # a second call replaces the factor, it does not add one
    assert factor_of(label) == 3.0
    one = label.font().pointSizeF()
    assert one == pytest.approx(3.0 * qapp.font().pointSizeF())
    apply_theme(qapp, "light", 2.0)
    assert label.font().pointSizeF() == pytest.approx(2 * one)
    assert label.font().bold()
    assert text_font(3.0).pointSizeF() == pytest.approx(label.font().pointSizeF())


def test_the_main_window_and_session_screen_follow_a_new_text_size(qtbot, qapp, tmp_path,
                                                                   restore_theme):
    state.acknowledge_notice()
    app = App(qapp, LaunchOptions(voice=False, event_log=tmp_path / "e.jsonl"), clock=FakeClock())
    qtbot.addWidget(app.window)
    apply_theme(qapp, "light", 1.0)
    app.start()
    app.ask_before_session(app.all_routines()[0].id)
    qtbot.keyClick(app.window.focusWidget(), Qt.Key.Key_2)
    qtbot.keyClick(app.window.focusWidget(), Qt.Key.Key_Return)
    assert app.session is not None
    followed = [w for w in app.window.findChildren(QWidget) if factor_of(w) is not None]
    assert any(isinstance(w.parent(), SessionView) or w.window() is app.window
               for w in followed)
    titles = [w for w in followed if isinstance(w, QLabel) and factor_of(w) >= 2]
    assert titles  # the session's exercise name at least
    before = {id(w): w.font().pointSizeF() for w in followed}
    apply_theme(qapp, "light", 1.5)
    for w in followed:
        assert w.font().pointSizeF() == pytest.approx(1.5 * before[id(w)]), w.objectName()
    app.session.stop()  # closing the window would ask first
    app._quit()
