"""The whole app, started as a person starts it, for GUI tests of its menus and windows."""

from __future__ import annotations

from typing import Any

from backtimer.app.controller import App
from backtimer.core.clock import FakeClock
from backtimer.launch import LaunchOptions
from backtimer.storage import state


def make_app(qtbot: Any, qapp: Any, **options: Any) -> App:
    """The app on the routines page (safety notice already acknowledged), voice off, fake clock."""
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
