"""The app starts when its history cannot be used, says so, and a session still runs (issue 9).

Today a folder at the history's path, or a history from a newer backtimer, ended the app with a
traceback before any window opened.
"""

from __future__ import annotations

from backtimer.app.controller import App
from backtimer.cli import LaunchOptions
from backtimer.core.clock import FakeClock
from backtimer.storage import state
from backtimer.storage.paths import history_file
from tests.helpers.history import make_newer_history


def make_app(qtbot, qapp) -> App:
    state.acknowledge_notice()
    app = App(qapp, LaunchOptions(voice=False), clock=FakeClock())
    qtbot.addWidget(app.window)
    app.start()
    return app


def test_a_folder_at_the_history_path_leaves_the_app_running_without_history(qtbot, qapp):
    path = history_file()
    path.mkdir(parents=True)
    app = make_app(qtbot, qapp)
    notice = app.window.routines.notice.text()
    assert "not a regular file" in notice
    assert "This run keeps no history" in notice
    assert not app.history.kept
    app.window.close()
    assert path.is_dir()


def test_a_history_from_a_newer_version_is_left_alone_and_the_app_says_so(qtbot, qapp):
    path = history_file()
    make_newer_history(path)
    before = path.read_bytes()
    app = make_app(qtbot, qapp)
    assert "newer version of backtimer" in app.window.routines.notice.text()
    app.window.close()
    assert path.read_bytes() == before
