"""The tray: its menu, and the reminder timer driven by a fake wall clock (no waiting)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from backtimer.core.settings import Settings
from backtimer.ui.tray import Tray

ROUTINES = [("gentle_start", "Gentle start"), ("my_morning", "My morning")]
REMINDERS = Settings().replace(
    reminder_enabled=True, reminder_days="mon,wed", reminder_time="18:00",
    reminder_routine="my_morning",
)


class FakeWallClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeWallClock:
    return FakeWallClock(datetime(2025, 3, 3, 17, 58, 30))  # a Monday


@pytest.fixture
def tray(clock: FakeWallClock) -> Iterator[Tray]:
    item = Tray(REMINDERS, ROUTINES, clock)
    yield item
    item.close()
    assert not item.reminder_timer.isActive()


def _action(tray: Tray, name: str):  # type: ignore[no-untyped-def]
    for action in tray.menu.actions():
        if action.objectName() == name:
            return action
    raise KeyError(name)


def test_menu_starts_every_routine(qtbot: QtBot, tray: Tray) -> None:
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == ["Start Gentle start", "Start My morning", "Show backtimer", "Quit"]
    with qtbot.waitSignal(tray.start_routine_requested, timeout=1000) as started:
        _action(tray, "start_gentle_start").trigger()
    assert started.args == ["gentle_start"]
    with qtbot.waitSignal(tray.show_requested, timeout=1000):
        _action(tray, "show_window").trigger()
    with qtbot.waitSignal(tray.quit_requested, timeout=1000):
        _action(tray, "quit").trigger()


def test_menu_follows_the_routines(tray: Tray) -> None:
    tray.set_routines([("evening", "Evening")])
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == ["Start Evening", "Show backtimer", "Quit"]


def test_timer_is_armed_for_the_next_reminder(tray: Tray) -> None:
    assert tray.next_reminder == datetime(2025, 3, 3, 18, 0)
    assert tray.reminder_timer.parent() is tray
    assert tray.reminder_timer.isActive()
    assert tray.reminder_timer.isSingleShot()
    assert 60_000 <= tray.reminder_timer.interval() <= 61_000, "never more than a minute ahead"


def test_reminder_fires_once_when_due(
    qtbot: QtBot, tray: Tray, clock: FakeWallClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(tray.icon, "isVisible", lambda: True)
    monkeypatch.setattr(
        tray.icon, "showMessage", lambda title, text, *_: shown.append((title, text))
    )
    clock.now += timedelta(seconds=60)
    with qtbot.assertNotEmitted(tray.reminder_due):
        tray.reminder_timer.timeout.emit()
    assert tray.reminder_timer.interval() <= 31_000, "re-armed for the rest of the wait"
    clock.now = datetime(2025, 3, 3, 18, 0, 0, 300_000)
    with qtbot.waitSignal(tray.reminder_due, timeout=1000) as due:
        tray.reminder_timer.timeout.emit()
    assert due.args == ["my_morning"]
    assert shown == [("backtimer", "It is time for \u201cMy morning\u201d.")]
    assert tray.next_reminder == datetime(2025, 3, 5, 18, 0)
    with qtbot.assertNotEmitted(tray.reminder_due):
        tray.reminder_timer.timeout.emit()
    assert tray.reminder_timer.isActive()


def test_clicking_the_reminder_starts_its_routine(qtbot: QtBot, tray: Tray) -> None:
    with qtbot.waitSignal(tray.start_routine_requested, timeout=1000) as started:
        tray.icon.messageClicked.emit()
    assert started.args == ["my_morning"]


def test_reminder_without_a_routine(qtbot: QtBot, clock: FakeWallClock) -> None:
    tray = Tray(REMINDERS.replace(reminder_routine=""), ROUTINES, clock)
    try:
        clock.now = datetime(2025, 3, 3, 18, 0, 1)
        with qtbot.waitSignal(tray.reminder_due, timeout=1000) as due:
            tray.reminder_timer.timeout.emit()
        assert due.args == [""]
        with qtbot.waitSignal(tray.show_requested, timeout=1000):
            tray.icon.messageClicked.emit()
    finally:
        tray.close()


def test_turning_reminders_off_stops_the_timer(tray: Tray, clock: FakeWallClock) -> None:
    tray.set_settings(REMINDERS.replace(reminder_enabled=False))
    assert not tray.reminder_timer.isActive()
    assert tray.next_reminder is None
    tray.set_settings(REMINDERS.replace(reminder_days="tue", reminder_time="07:00"))
    assert tray.next_reminder == datetime(2025, 3, 4, 7, 0)
    assert tray.reminder_timer.isActive()


def test_no_tray_means_no_icon_but_reminders_still_run(
    qtbot: QtBot, tray: Tray, clock: FakeWallClock
) -> None:
    # The offscreen platform has no system tray, like some desktops.
    assert QSystemTrayIcon.isSystemTrayAvailable() is False
    assert tray.show() is False
    assert not tray.icon.isVisible()
    clock.now = datetime(2025, 3, 3, 18, 0, 5)
    with qtbot.waitSignal(tray.reminder_due, timeout=1000):
        tray.reminder_timer.timeout.emit()
