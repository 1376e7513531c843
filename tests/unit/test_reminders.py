"""Daily reminder arithmetic and the scheduler, on a fake wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backtimer.core.reminders import ReminderScheduler, next_reminder
from backtimer.core.settings import Settings, SettingsError, format_weekdays, parse_weekdays

# 2025-03-03 is a Monday.
MONDAY = datetime(2025, 3, 3, 12, 0)


class FakeWallClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def test_later_today() -> None:
    assert next_reminder(MONDAY, "mon", "18:00") == datetime(2025, 3, 3, 18, 0)


def test_time_passed_today_goes_to_next_chosen_day() -> None:
    assert next_reminder(MONDAY, "mon,wed", "07:30") == datetime(2025, 3, 5, 7, 30)


def test_only_today_and_passed_means_next_week() -> None:
    assert next_reminder(MONDAY, "mon", "11:59") == datetime(2025, 3, 10, 11, 59)


def test_exactly_now_is_not_next() -> None:
    assert next_reminder(MONDAY, "mon", "12:00") == datetime(2025, 3, 10, 12, 0)


def test_no_days_means_no_reminder() -> None:
    assert next_reminder(MONDAY, "", "18:00") is None
    assert next_reminder(MONDAY, (), time(18)) is None


def test_numbers_and_time_objects_work_too() -> None:
    assert next_reminder(MONDAY, {6}, time(9, 0)) == datetime(2025, 3, 9, 9, 0)


def test_timezone_is_kept() -> None:
    now = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
    assert next_reminder(now, "tue", "08:00") == datetime(2025, 3, 4, 8, 0, tzinfo=UTC)


def test_bad_days_are_refused() -> None:
    with pytest.raises(SettingsError):
        next_reminder(MONDAY, "funday", "18:00")
    with pytest.raises(SettingsError):
        next_reminder(MONDAY, {7}, "18:00")


@given(
    now=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    days=st.sets(st.integers(0, 6), min_size=1),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
def test_next_reminder_is_the_first_matching_moment(
    now: datetime, days: set[int], at: time
) -> None:
    due = next_reminder(now, days, at)
    assert due is not None
    assert due > now
    assert due - now <= timedelta(days=7)
    assert due.weekday() in days
    assert due.time() == at
    # Nothing earlier qualifies: every minute-aligned chosen moment before `due` is not after now.
    earlier = due - timedelta(days=1)
    while earlier > now:
        assert earlier.weekday() not in days
        earlier -= timedelta(days=1)


@given(st.sets(st.integers(0, 6)))
def test_weekdays_text_round_trip(days: set[int]) -> None:
    assert parse_weekdays(format_weekdays(sorted(days))) == tuple(sorted(days))


def test_scheduler_fires_once_at_the_time() -> None:
    clock = FakeWallClock(datetime(2025, 3, 3, 17, 58))
    scheduler = ReminderScheduler(clock, "mon,tue", "18:00")
    assert scheduler.next_due == datetime(2025, 3, 3, 18, 0)
    assert scheduler.poll() is None
    assert scheduler.seconds_to_next_poll() == 60.0
    clock.advance(minutes=1, seconds=30)
    assert scheduler.seconds_to_next_poll() == 30.0
    clock.advance(seconds=30)
    assert scheduler.seconds_to_next_poll() == 0.0
    assert scheduler.poll() == datetime(2025, 3, 3, 18, 0)
    assert scheduler.poll() is None, "the same reminder is never given twice"
    assert scheduler.next_due == datetime(2025, 3, 4, 18, 0)


def test_scheduler_gives_a_recently_missed_reminder_once() -> None:
    clock = FakeWallClock(datetime(2025, 3, 3, 17, 0))
    scheduler = ReminderScheduler(clock, "mon", "18:00")
    clock.advance(hours=1, minutes=40)  # the laptop slept through 18:00
    assert scheduler.poll() == datetime(2025, 3, 3, 18, 0)
    clock.advance(minutes=1)
    assert scheduler.poll() is None


def test_scheduler_drops_a_long_missed_reminder() -> None:
    clock = FakeWallClock(datetime(2025, 3, 3, 17, 0))
    scheduler = ReminderScheduler(clock, "mon,tue", "18:00")
    clock.advance(hours=15)  # woke up the next morning
    assert scheduler.poll() is None
    assert scheduler.next_due == datetime(2025, 3, 4, 18, 0)


def test_scheduler_does_not_stack_up_reminders_after_days_away() -> None:
    clock = FakeWallClock(datetime(2025, 3, 3, 17, 0))
    scheduler = ReminderScheduler(clock, "mon,tue,wed,thu,fri,sat,sun", "18:00")
    clock.advance(days=3, hours=1, minutes=10)
    assert scheduler.poll() == datetime(2025, 3, 6, 18, 0)
    assert scheduler.poll() is None


def test_scheduler_recomputes_when_the_clock_goes_back() -> None:
    clock = FakeWallClock(datetime(2025, 3, 3, 17, 0))
    scheduler = ReminderScheduler(clock, "mon,tue,wed,thu,fri,sat,sun", "18:00")
    clock.advance(hours=2)
    assert scheduler.poll() == datetime(2025, 3, 3, 18, 0)
    clock.now = datetime(2025, 3, 3, 17, 30)  # the person set the clock back
    assert scheduler.poll() is None
    assert scheduler.next_due == datetime(2025, 3, 3, 18, 0)
    clock.advance(minutes=30)
    assert scheduler.poll() == datetime(2025, 3, 3, 18, 0)


def test_scheduler_reconfigure() -> None:
    clock = FakeWallClock(MONDAY)
    scheduler = ReminderScheduler(clock, "mon", "18:00")
    scheduler.configure("wed", "09:15")
    assert scheduler.next_due == datetime(2025, 3, 5, 9, 15)
    scheduler.configure("", "09:15")
    assert scheduler.next_due is None
    assert scheduler.poll() is None
    assert scheduler.seconds_to_next_poll() is None


def test_scheduler_from_settings_is_silent_when_reminders_are_off() -> None:
    clock = FakeWallClock(MONDAY)
    off = ReminderScheduler.from_settings(Settings(), clock)
    assert off.next_due is None
    on = ReminderScheduler.from_settings(
        Settings().replace(reminder_enabled=True, reminder_days="fri", reminder_time="08:00"),
        clock,
    )
    assert on.next_due == datetime(2025, 3, 7, 8, 0)
