"""The history charts, described once: pain before and after, minutes per week, one exercise's dose.

The history window (ui/history/chart_view.py) and the clinician PDF (reports/) both draw these
`Chart`s with paint/plot.py, so what a person sees and what their clinician reads cannot drift
apart. Colours: before is blue with circles on a solid line, after is orange with squares on a
dashed line (they differ by more than colour, and the orange is dark enough for greyscale print).
More than 60 sessions become weekly means, so ten years stay readable.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from backtimer.core.records import ExerciseProgress, SessionRow
from backtimer.core.trends import PAIN_POINTS_WEEKLY_AFTER, PainTrend, WeekSummary, pain_points
from backtimer.paint.plot import (
    Band,
    Chart,
    Kind,
    Marker,
    Series,
    Style,
    ValueAxis,
    short_day,
    value_axis,
)

logger = logging.getLogger(__name__)

BLUE = QColor("#1f5fa8")  # pain before; minutes
ORANGE = QColor("#b4530f")  # pain after; reps
GREEN = QColor("#2e7d32")  # hold done
BAND = QColor(46, 125, 50, 45)  # the first week's mean, give or take a meaningful change
BAR_WEEKS = 53  # up to a year of weeks are bars; more become a filled line

# Paper: the PDF always, and the window draws its charts on the same white card in every theme,
# so the colours above keep their contrast.
PAPER = Style(ink=QColor("#1a1a1a"), muted=QColor("#555555"), grid=QColor("#d0d0d0"))
CARD = Style(ink=PAPER.ink, muted=PAPER.muted, grid=PAPER.grid, background=QColor("#ffffff"))


def _t(text: str) -> str:
    return QCoreApplication.translate("HistoryCharts", text)


def pain_chart(sessions: Sequence[SessionRow], first: date, last: date,
               trend: PainTrend) -> Chart:
    """Pain before and after each session, over the reference week's mean +/- the change that
    counts (`trend`, from core/trends.py pain_trend: the same rule as the report's verdict)."""
    before, after, weekly = pain_points(sessions)
    suffix = _t(" (weekly mean)") if weekly else ""
    if sessions:
        first, last = min(first, sessions[0].day), max(last, sessions[-1].day)
    reference, threshold = trend.reference, trend.threshold
    return Chart(
        title=_t("Pain before and after each session"),
        first=first, last=last,
        left=ValueAxis(_t("pain (0\u201310)"), 10.0, 2.0),
        series=(
            Series(_t("Pain before") + suffix, tuple(before), BLUE, marker=Marker.CIRCLE),
            Series(_t("Pain after") + suffix, tuple(after), ORANGE, Qt.PenStyle.DashLine,
                   Marker.SQUARE),
        ),
        band=None if reference is None or threshold is None else Band(
            max(0.0, reference.mean - threshold), min(10.0, reference.mean + threshold),
            _t("Week of {day}: mean \u00b1 {points} points; change inside may be noise").format(
                day=short_day(reference.monday), points=f"{threshold:g}"), BAND),
        empty_text=_t("No pain ratings in this range."),
    )


def minutes_chart(weeks: Sequence[WeekSummary], first: date, last: date) -> Chart:
    """Minutes of exercise per week: a bar a week for up to a year, then a filled line."""
    if weeks:
        first, last = weeks[0].monday, weeks[-1].monday + timedelta(days=6)
    top = max([w.minutes for w in weeks] + [10.0])
    return Chart(
        title=_t("Minutes of exercise per week"),
        first=first, last=last,
        left=value_axis(_t("minutes"), top),
        series=(Series(
            _t("Minutes per week"), tuple((w.monday + timedelta(days=3), w.minutes)
                                          for w in weeks),
            BLUE, kind=Kind.BARS if len(weeks) <= BAR_WEEKS else Kind.AREA),),
        empty_text=_t("No sessions in this range."),
    )


def progress_chart(name: str, progress: Sequence[ExerciseProgress], first: date,
                   last: date) -> Chart:
    """Hold (planned and done) and reps done per set, over time, for one exercise."""
    rows = list(progress)
    if len(rows) > PAIN_POINTS_WEEKLY_AFTER:
        rows = weekly_progress(rows)
    if rows:
        first, last = rows[0].started_at.date(), rows[-1].started_at.date()
    held = [r for r in rows if r.hold_planned is not None]
    series: list[Series] = []
    hold_axis = None
    if held:
        hold_axis = value_axis(_t("hold (s)"), max([30.0] + [r.hold_planned or 0 for r in held]),
                               ticks=6)
        series.append(Series(_t("hold planned"), tuple(
            (r.started_at.date(), r.hold_planned or 0.0) for r in held), BLUE,
            marker=Marker.CIRCLE))
        series.append(Series(_t("hold done (mean)"), tuple(
            (r.started_at.date(), r.hold_actual) for r in held if r.hold_actual is not None),
            GREEN, Qt.PenStyle.DotLine))
    reps_top = max([5.0] + [max(r.reps_planned, r.reps_done) for r in rows]) + 1
    reps_axis = value_axis(_t("reps per set"), reps_top, whole=True)
    series.append(Series(_t("reps done per set"), tuple(
        (r.started_at.date(), r.reps_done) for r in rows), ORANGE, Qt.PenStyle.DashLine,
        Marker.SQUARE, right_axis=hold_axis is not None))
    return Chart(
        title=_t("{name}: hold and reps over time").format(name=name) if name else
        _t("Hold and reps over time"),
        first=first, last=last,
        left=hold_axis or reps_axis,
        right=reps_axis if hold_axis is not None else None,
        series=tuple(series),
        empty_text=_t("Choose an exercise with recorded sets."),
    )


def weekly_progress(rows: list[ExerciseProgress]) -> list[ExerciseProgress]:
    """One mean dose per calendar week, dated on its Thursday (the middle of the week)."""
    weeks: dict[date, list[ExerciseProgress]] = {}
    for r in rows:
        day = r.started_at.date()
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(r)
    out: list[ExerciseProgress] = []
    for monday, group in sorted(weeks.items()):
        holds = [g.hold_planned for g in group if g.hold_planned is not None]
        actual = [g.hold_actual for g in group if g.hold_actual is not None]
        out.append(ExerciseProgress(
            session_id=group[-1].session_id,
            started_at=datetime.combine(monday + timedelta(days=3), time(12)),
            hold_planned=sum(holds) / len(holds) if holds else None,
            hold_actual=sum(actual) / len(actual) if actual else None,
            reps_planned=sum(g.reps_planned for g in group) / len(group),
            reps_done=sum(g.reps_done for g in group) / len(group),
        ))
    return out
