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


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_event_log_on_a_full_disk_shows_one_notice_and_the_app_goes_on(qtbot, qapp, tmp_path):
    from backtimer.storage import state

    state.acknowledge_notice()
    log_path = tmp_path / "events.jsonl"
    app = App(qapp, LaunchOptions(voice=False, event_log=log_path), clock=FakeClock())
    qtbot.addWidget(app.window)
    assert app.event_log is not None
    full = os.open("/dev/full", os.O_WRONLY)
    os.dup2(full, app.event_log._fd)  # every write now fails with ENOSPC, as on a full disk
    os.close(full)
    app.start()
    app.prompt_shown("before_session")
    notice = app.window.routines.notice.text()
    assert notice.count("cannot be written (No space left on device)") == 1
    assert app.event_log.pending_lines == 2, "app_ready and prompt_shown wait in memory"
    app._quit()
