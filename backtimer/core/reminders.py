"""When the daily reminder is due: pure date arithmetic, driven by a wall clock passed in.

Reminders are about the time on the wall ("Mondays at 18:00"), so unlike the session timers they use
local wall-clock time, not a monotonic clock. The wall clock can jump: the laptop sleeps through
18:00, the person changes the time zone, daylight saving starts. So the scheduler never counts down
to the next reminder; it is polled (the tray polls it at least once a minute) and compares the wall
clock with the next due time each time:

- a reminder missed by no more than `grace` (the laptop woke at 18:40) is still given, once;
- one missed by more (woke up the next morning) is dropped, never stacked up;
- when the clock goes backwards, the next due time is worked out again from the new time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, time, timedelta

from backtimer.core.settings import Settings, SettingsError, parse_weekdays

WallClock = Callable[[], datetime]

# A reminder missed by at most this much (sleep, a busy moment) is still shown when noticed.
DEFAULT_GRACE = timedelta(hours=2)
# The longest the tray waits between polls, so a changed wall clock is noticed within a minute.
MAX_POLL_SECONDS = 60.0


def parse_time_of_day(text: str) -> time:
    """"07:30" -> time(7, 30); the settings model has already checked the shape."""
    try:
        hours, minutes = text.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise SettingsError(f"not a time of day: {text!r}") from None


def _days(days: Collection[int] | str) -> frozenset[int]:
    chosen = frozenset(parse_weekdays(days)) if isinstance(days, str) else frozenset(days)
    if any(day not in range(7) for day in chosen):
        raise SettingsError(f"weekdays are numbered 0 (Monday) to 6 (Sunday), not {sorted(chosen)}")
    return chosen


def next_reminder(
    now: datetime, days: Collection[int] | str, at: time | str
) -> datetime | None:
    """The first reminder strictly after `now`, or None when no day is chosen.

    `days` are `datetime.weekday()` numbers (Monday is 0) or a settings string like "mon,wed";
    `at` is a time of day or "HH:MM". The result has the same tzinfo as `now` (naive stays naive).
    """
    chosen = _days(days)
    if not chosen:
        return None
    when = parse_time_of_day(at) if isinstance(at, str) else at
    when = when.replace(second=0, microsecond=0, tzinfo=None)
    # Eight days ahead: today may be a chosen day whose time has already passed.
    for offset in range(8):
        day = now.date() + timedelta(days=offset)
        candidate = datetime.combine(day, when, tzinfo=now.tzinfo)
        if candidate.weekday() in chosen and candidate > now:
            return candidate
    raise AssertionError("unreachable: a chosen weekday occurs within eight days")


def _latest_at_or_before(now: datetime, days: frozenset[int], at: time) -> datetime | None:
    when = at.replace(second=0, microsecond=0, tzinfo=None)
    for offset in range(8):
        day = now.date() - timedelta(days=offset)
        candidate = datetime.combine(day, when, tzinfo=now.tzinfo)
        if candidate.weekday() in days and candidate <= now:
            return candidate
    return None


class ReminderScheduler:
    """Says, each time it is polled, whether a reminder has become due since the last poll."""

    def __init__(
        self,
        clock: WallClock,
        days: Collection[int] | str = (),
        at: time | str = "18:00",
        *,
        grace: timedelta = DEFAULT_GRACE,
    ) -> None:
        self._clock = clock
        self.grace = grace
        self._days = _days(days)
        self._at = parse_time_of_day(at) if isinstance(at, str) else at
        self._last_poll: datetime | None = None
        self._next: datetime | None = None
        self._reschedule(clock())

    @classmethod
    def from_settings(cls, settings: Settings, clock: WallClock) -> ReminderScheduler:
        """A scheduler for the reminder settings; it never fires when reminders are off."""
        days = settings.reminder_days if settings.reminder_enabled else ()
        return cls(clock, days, settings.reminder_time)

    def configure(self, days: Collection[int] | str, at: time | str) -> None:
        """New days or time: the next reminder is worked out afresh from now."""
        self._days = _days(days)
        self._at = parse_time_of_day(at) if isinstance(at, str) else at
        self._reschedule(self._clock())

    @property
    def next_due(self) -> datetime | None:
        return self._next

    def poll(self) -> datetime | None:
        """The due time of a reminder to show now, or None. Each reminder is returned once."""
        now = self._clock()
        previous, self._last_poll = self._last_poll, now
        if self._next is None:
            return None
        if previous is not None and now < previous:
            # The wall clock went back (time zone, manual change): start again from the new time.
            self._reschedule(now)
            return None
        if now < self._next:
            return None
        # One or more reminders fell due since the last poll; only the latest one can be given.
        due = _latest_at_or_before(now, self._days, self._at)
        self._reschedule(now)
        return due if due is not None and now - due <= self.grace else None

    def seconds_to_next_poll(self) -> float | None:
        """How long to wait before polling again: until the next reminder, at most a minute."""
        if self._next is None:
            return None
        remaining = (self._next - self._clock()).total_seconds()
        return max(0.0, min(MAX_POLL_SECONDS, remaining))

    def _reschedule(self, now: datetime) -> None:
        self._next = next_reminder(now, self._days, self._at)
