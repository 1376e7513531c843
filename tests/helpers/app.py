"""The whole app, started offscreen with a fake clock and no voice, for GUI tests."""

from __future__ import annotations

from backtimer.app.controller import App
from backtimer.cli import LaunchOptions
from backtimer.core.clock import FakeClock
from backtimer.storage import state


def make_app(qtbot, qapp, **options) -> App:
    state.acknowledge_notice()
    app = App(qapp, LaunchOptions(voice=False, **options), clock=FakeClock())
    qtbot.addWidget(app.window)
    app.start()
    return app


def close_app(app: App) -> None:
    """Close the window as a test ends: a running session is stopped first, because closing the
    window mid-session asks the person before it stops anything."""
    if app.session is not None:
        app.session.stop()
    app.window.close()
