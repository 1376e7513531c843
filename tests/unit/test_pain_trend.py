"""The pain trend verdict (core/trends.py, docs/trend-rules.md): dates in, a verdict out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backtimer.core.records import SessionRow, SessionStatus
from backtimer.core.trends import (
    TREND_MIN_SESSIONS,
    TrendVerdict,
    meaningful_threshold,
    pain_trend,
)

MON = date(2026, 11, 2)  # a Monday


def row(day: date, baseline: int | None, *, seconds: float = 600,
        status: SessionStatus = SessionStatus.COMPLETED) -> SessionRow:
    at = datetime.combine(day, datetime.min.time(), UTC).replace(hour=8)
    return SessionRow(1, "r", "R", at, at, status, baseline, baseline, 600.0, seconds, 3, 3, "")


def week(monday: date, *pains: int) -> list[SessionRow]:
    return [row(monday + timedelta(days=k), p) for k, p in enumerate(pains)]


def test_two_aborted_sessions_in_the_latest_week_give_no_verdict():
    # The case of the report: a first week at 5, then a latest week of two aborted sessions
    # (1 and 0 minutes) rated 2: the old report called that "a meaningful improvement".
    sessions = [*week(MON, 5, 5, 5, 5),
                row(MON + timedelta(days=7), 2, seconds=60, status=SessionStatus.STOPPED),
                row(MON + timedelta(days=8), 2, seconds=0, status=SessionStatus.STOPPED)]
    trend = pain_trend(sessions, None, MON + timedelta(days=20))
    assert trend.verdict is TrendVerdict.NOT_ENOUGH_DATA
    assert trend.reference is not None
    assert trend.reference.mean == 5
    assert trend.latest is None


def test_a_week_that_is_not_over_is_not_compared():
    sessions = week(MON, 5, 5, 5) + week(MON + timedelta(days=7), 2, 2, 2)
    assert pain_trend(sessions, None, MON + timedelta(days=12)).verdict is \
        TrendVerdict.NOT_ENOUGH_DATA  # the second week ends on day 13
    assert pain_trend(sessions, None, MON + timedelta(days=13)).verdict is TrendVerdict.IMPROVED


def test_a_week_cut_by_the_start_of_the_range_is_not_the_reference():
    sessions = week(MON, 8, 8, 8) + week(MON + timedelta(days=7), 5, 5, 5) + \
        week(MON + timedelta(days=14), 5, 5, 5)
    trend = pain_trend(sessions, MON + timedelta(days=1), MON + timedelta(days=30))
    assert trend.reference is not None
    assert trend.reference.monday == MON + timedelta(days=7)
    assert trend.verdict is TrendVerdict.NO_CLEAR_CHANGE


def test_weeks_need_the_minimum_of_rated_sessions():
    short = [2] * (TREND_MIN_SESSIONS - 1)
    sessions = week(MON, 6, 6, 6) + week(MON + timedelta(days=7), *short) + \
        [row(MON + timedelta(days=15), None)] * 5
    assert pain_trend(sessions, None, MON + timedelta(days=30)).verdict is \
        TrendVerdict.NOT_ENOUGH_DATA


@pytest.mark.parametrize(("reference", "threshold"), [
    (8.0, 2.0), (6.7, 2.0), (5.0, 1.5), (4.0, 1.2), (4.714, 1.4), (3.0, 1.0), (1.0, 1.0),
    (0.0, 1.0)])
def test_two_points_or_thirty_percent_and_never_less_than_one(reference, threshold):
    assert meaningful_threshold(reference) == pytest.approx(threshold)


@pytest.mark.parametrize(("first", "latest", "verdict"), [
    ((6, 6, 6), (4, 4, 4), TrendVerdict.IMPROVED),  # 2 points
    ((5, 5, 5, 5), (4, 3, 4, 3), TrendVerdict.IMPROVED),  # 1.5 = 30 % of 5
    ((5, 5, 5, 5), (4, 4, 4, 3), TrendVerdict.NO_CLEAR_CHANGE),  # 1.25 < 1.5
    ((8, 8, 8), (7, 7, 6), TrendVerdict.NO_CLEAR_CHANGE),  # 1.33 < 2 (30 % would be 2.4)
    ((3, 3, 3), (4, 4, 4), TrendVerdict.WORSE),  # 1 point on 3 is a third
    ((2, 2, 2), (3, 2, 2), TrendVerdict.NO_CLEAR_CHANGE),  # a third of a point
    ((5, 5, 4), (3, 4, 3, 3), TrendVerdict.IMPROVED),  # 4.67 -> 3.25: a fall of 1.42, printed 1.4
])
def test_the_verdict_compares_the_first_and_the_latest_whole_week(first, latest, verdict):
    sessions = week(MON, *first) + week(MON + timedelta(days=7), 9, 9, 9) + \
        week(MON + timedelta(days=14), *latest)
    trend = pain_trend(sessions, None, MON + timedelta(days=21))
    assert trend.verdict is verdict
    assert trend.latest is not None
    assert trend.latest.monday == MON + timedelta(days=14)  # the latest week, not the middle one
    assert trend.change == pytest.approx(sum(latest) / len(latest) - sum(first) / len(first))


def test_nothing_rated_has_no_reference():
    trend = pain_trend([row(MON, None)], None, MON + timedelta(days=30))
    assert (trend.verdict, trend.reference, trend.threshold) == (
        TrendVerdict.NOT_ENOUGH_DATA, None, None)
