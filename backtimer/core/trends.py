"""Weekly means, streaks and what counts as a meaningful change, over session rows.

Pure maths shared by the history window and the PDF report, so both agree and both are tested
without a database or Qt. The 2-point meaningful change on the 0-10 pain scale is defined once
here; docs/pain-rules.md explains where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from backtimer.core.records import SessionRow, SessionStatus

# Points on the 0-10 scale: the smallest change that is more than measurement noise
# (minimal detectable change; docs/pain-rules.md). Used for the report's verdicts, the charts'
# reference band and progression's "ended worse".
MEANINGFUL_CHANGE = 2

PAIN_POINTS_WEEKLY_AFTER = 60  # sessions; beyond this a per-session chart is unreadable


@dataclass(frozen=True)
class WeekSummary:
    monday: date
    sessions: int
    days: int  # days with an exercised session
    minutes: float
    exercises_done: int
    exercises_planned: int
    pain_before: float | None  # mean baseline of the week's sessions
    pain_after: float | None  # mean final pain


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def exercised(session: SessionRow) -> bool:
    """A session counts for the calendar and the streak when at least one exercise was done."""
    return session.exercises_done > 0 or session.status == SessionStatus.COMPLETED


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def weekly_summary(sessions: Iterable[SessionRow], first: date | None = None,
                   last: date | None = None) -> list[WeekSummary]:
    """One entry per calendar week (Monday first) from `first` to `last`, empty weeks included."""
    rows = list(sessions)
    if not rows and (first is None or last is None):
        return []
    first = first or rows[0].day
    last = last or max(s.day for s in rows)
    by_week: dict[date, list[SessionRow]] = {}
    for s in rows:
        by_week.setdefault(week_start(s.day), []).append(s)
    out: list[WeekSummary] = []
    monday = week_start(first)
    while monday <= last:
        week = by_week.get(monday, [])
        out.append(WeekSummary(
            monday=monday,
            sessions=len(week),
            days=len({s.day for s in week if exercised(s)}),
            minutes=sum(s.done_seconds for s in week) / 60.0,
            exercises_done=sum(s.exercises_done for s in week),
            exercises_planned=sum(s.exercises_planned for s in week),
            pain_before=_mean([s.baseline_pain for s in week if s.baseline_pain is not None]),
            pain_after=_mean([s.final_pain for s in week if s.final_pain is not None]),
        ))
        monday += timedelta(days=7)
    return out


def exercised_days(sessions: Iterable[SessionRow]) -> set[date]:
    return {s.day for s in sessions if exercised(s)}


def current_streak(days: set[date], today: date) -> int:
    """Days in a row with exercise, ending today, or yesterday when today is still to come."""
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def pain_points(sessions: Sequence[SessionRow]) -> tuple[list[tuple[date, float]],
                                                         list[tuple[date, float]], bool]:
    """(before, after, weekly) pain points for a chart: one per session, or weekly means once
    there are more sessions than a chart can show one by one (the window and the PDF agree)."""
    if len(sessions) <= PAIN_POINTS_WEEKLY_AFTER:
        before = [(s.day, float(s.baseline_pain)) for s in sessions if s.baseline_pain is not None]
        after = [(s.day, float(s.final_pain)) for s in sessions if s.final_pain is not None]
        return before, after, False
    before_w: list[tuple[date, float]] = []
    after_w: list[tuple[date, float]] = []
    for week in weekly_summary(sessions):
        mid = week.monday + timedelta(days=3)
        if week.pain_before is not None:
            before_w.append((mid, week.pain_before))
        if week.pain_after is not None:
            after_w.append((mid, week.pain_after))
    return before_w, after_w, True


# --- the pain trend: has the pain before sessions changed? (docs/trend-rules.md) -------------

TREND_MIN_SESSIONS = 3  # rated sessions a week needs before its mean is compared
RELATIVE_CHANGE = 0.30  # or 30 % of the reference week's mean ...
MIN_RELATIVE_POINTS = 1.0  # ... but never less than 1 point (ratings are whole numbers)


class TrendVerdict(StrEnum):
    IMPROVED = "improved"
    WORSE = "worse"
    NO_CLEAR_CHANGE = "no_clear_change"
    NOT_ENOUGH_DATA = "not_enough_data"


@dataclass(frozen=True)
class WeekMean:
    monday: date
    sessions: int  # rated sessions in the week
    mean: float  # mean pain before them


@dataclass(frozen=True)
class PainTrend:
    verdict: TrendVerdict
    reference: WeekMean | None  # the first whole week with enough rated sessions
    latest: WeekMean | None  # the last one, when it is a different week
    threshold: float | None  # the change, in points, that counts against `reference`

    @property
    def change(self) -> float | None:
        if self.reference is None or self.latest is None:
            return None
        return self.latest.mean - self.reference.mean


def meaningful_threshold(reference_mean: float) -> float:
    """Points of change that count: 2, or 30 % of the reference when that is less (at least 1),
    to a tenth of a point (the precision the report prints)."""
    return round(min(float(MEANINGFUL_CHANGE),
                     max(MIN_RELATIVE_POINTS, RELATIVE_CHANGE * reference_mean)), 1)


def pain_trend(sessions: Iterable[SessionRow], first_day: date | None,
               last_day: date) -> PainTrend:
    """Compare the mean pain before sessions of the first and the latest whole week.

    A week takes part only when all of it lies between `first_day` (None: no limit) and
    `last_day` (the last day that is over: yesterday, or the report's end) and it holds at least
    TREND_MIN_SESSIONS sessions with a pain rating before them. With fewer than two such weeks
    there is no verdict.
    """
    by_week: dict[date, list[int]] = {}
    for s in sessions:
        if s.baseline_pain is not None:
            by_week.setdefault(week_start(s.day), []).append(s.baseline_pain)
    weeks = [WeekMean(monday, len(values), sum(values) / len(values))
             for monday, values in sorted(by_week.items())
             if len(values) >= TREND_MIN_SESSIONS
             and (first_day is None or monday >= first_day)
             and monday + timedelta(days=6) <= last_day]
    if not weeks:
        return PainTrend(TrendVerdict.NOT_ENOUGH_DATA, None, None, None)
    reference = weeks[0]
    threshold = meaningful_threshold(reference.mean)
    if len(weeks) < 2:
        return PainTrend(TrendVerdict.NOT_ENOUGH_DATA, reference, None, threshold)
    latest = weeks[-1]
    change = round(latest.mean - reference.mean, 1)  # as printed, so text and verdict agree
    if change <= -threshold:
        verdict = TrendVerdict.IMPROVED
    elif change >= threshold:
        verdict = TrendVerdict.WORSE
    else:
        verdict = TrendVerdict.NO_CLEAR_CHANGE
    return PainTrend(verdict, reference, latest, threshold)
