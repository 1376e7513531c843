"""The app starts, with its window and a visible notice, when settings.json or state.json is odd."""

from __future__ import annotations

import os

import pytest

from backtimer.app.controller import App
from backtimer.cli import LaunchOptions
from backtimer.core.clock import FakeClock
from backtimer.storage.paths import config_dir, settings_file

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def test_app_starts_with_fifo_settings_and_dev_zero_state(qtbot, qapp):
    os.mkfifo(settings_file())  # read before the window is made
    (config_dir() / "state.json").symlink_to("/dev/zero")  # read after it is shown
    app = App(qapp, LaunchOptions(voice=False), clock=FakeClock())
    qtbot.addWidget(app.window)
    app.start()
    notice = app.window.routines.notice
    assert not notice.isHidden(), "shown on the routines page, under the safety notice"
    assert "settings file" in notice.text()
    assert "state file" in notice.text()
    assert "left untouched" in notice.text()
    assert app.window.pages.currentWidget() is app.notice_page, "the safety notice is shown"
    app._notice_acknowledged()  # refused to replace the link; logged, the app carries on
    assert os.path.islink(config_dir() / "state.json")
    app._quit()
