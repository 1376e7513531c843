"""Weekly means, streaks and the reference band (core/trends.py): pure maths over session rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backtimer.core.records import SessionRow
from backtimer.core.trends import current_streak, exercised_days, weekly_summary

TZ = UTC


def row(day: date, *, baseline: int | None = 5, final: int | None = 4, done: int = 3,
        status: str = "completed", seconds: float = 600) -> SessionRow:
    at = datetime.combine(day, datetime.min.time(), TZ).replace(hour=8)
    return SessionRow(1, "r", "R", at, at, status, baseline, final, 600.0, seconds, 3, done, "")


def test_weekly_summary_includes_empty_weeks():
    mon = date(2026, 3, 2)
    weeks = weekly_summary([row(mon), row(mon + timedelta(days=1)),
                            row(mon + timedelta(days=15), baseline=3, final=None)],
                           mon, mon + timedelta(days=20))
    assert [w.monday for w in weeks] == [mon + timedelta(days=7 * k) for k in range(3)]
    assert [w.sessions for w in weeks] == [2, 0, 1]
    assert [w.days for w in weeks] == [2, 0, 1]
    assert weeks[0].minutes == pytest.approx(20)
    assert (weeks[2].pain_before, weeks[2].pain_after) == (3, None)


def test_streak_counts_back_from_today_or_yesterday():
    today = date(2026, 3, 10)
    days = {today - timedelta(days=k) for k in (1, 2, 3, 5)}
    assert current_streak(days, today) == 3
    assert current_streak(days | {today}, today) == 4
    assert current_streak({today - timedelta(days=2)}, today) == 0
    # A session with nothing done does not count as a day exercised.
    assert exercised_days([row(today, done=0, status="stopped")]) == set()


