"""The charts of the history window (QtCharts), built from history rows.

Legibility rules: each series differs by colour *and* by line style or marker (before: blue, solid,
circles; after: orange, dashed, squares), axes carry titles and units, fonts follow the widget's
size, and more than 60 points become weekly means so ten years stay readable.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCharts import (
    QAreaSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFont, QPen

from backtimer.core.records import ExerciseProgress, SessionRow
from backtimer.core.trends import (
    MEANINGFUL_CHANGE,
    PAIN_POINTS_WEEKLY_AFTER,
    WeekSummary,
    pain_points,
    reference_band,
)

BLUE = QColor("#1f5fa8")
ORANGE = QColor("#b4530f")
GREEN = QColor("#2e7d32")
BAND = QColor(46, 125, 50, 45)
WEEKLY_THRESHOLD = PAIN_POINTS_WEEKLY_AFTER  # more points than this are shown as weekly means
BAR_WEEKS = 16  # up to this many weeks are bars with a label each


def _t(text: str) -> str:
    return QCoreApplication.translate("HistoryCharts", text)


def _ms(day: date) -> float:
    return datetime.combine(day, time(12)).timestamp() * 1000.0


def _chart(title: str, font: QFont) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    title_font = QFont(font)
    title_font.setPointSizeF(font.pointSizeF() * 1.15)
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setFont(font)
    return chart


def _date_axis(chart: QChart, first: date, last: date, font: QFont) -> QDateTimeAxis:
    axis = QDateTimeAxis()
    span = (last - first).days
    axis.setFormat("d MMM" if span < 300 else "MMM yyyy")
    axis.setTickCount(7)
    pad = max(1, span // 40)
    low, high = first - timedelta(days=pad), last + timedelta(days=pad)
    axis.setRange(QDateTime(QDate(low.year, low.month, low.day), QTime(0, 0)),
                  QDateTime(QDate(high.year, high.month, high.day), QTime(23, 0)))
    axis.setLabelsFont(font)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    return axis


def _value_axis(chart: QChart, title: str, low: float, high: float, font: QFont, *,
                ticks: int = 6, side: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
                fmt: str = "%d") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(low, high)
    axis.setTickCount(ticks)
    axis.setLabelFormat(fmt)
    axis.setTitleText(title)
    axis.setLabelsFont(font)
    axis.setTitleFont(font)
    chart.addAxis(axis, side)
    return axis


def _points(rows: Sequence[tuple[date, float]]) -> list[QPointF]:
    return [QPointF(_ms(d), v) for d, v in rows]


def pain_chart(sessions: Sequence[SessionRow], font: QFont) -> QChart:
    """Pain before and after each session, with the first week's mean +/- 2 points as a band."""
    before, after, weekly = pain_points(sessions)
    chart = _chart(_t("Pain before and after sessions") +
                   (_t(" (weekly means)") if weekly else ""), font)
    if not sessions:
        return chart
    first, last = sessions[0].day, sessions[-1].day
    x_axis = _date_axis(chart, first, last, font)
    y_axis = _value_axis(chart, _t("pain (0-10)"), 0, 10, font, ticks=6)

    band = reference_band(list(sessions))
    if band is not None:
        _mean, low, high = band
        x0 = _ms(first - timedelta(days=max(1, (last - first).days // 40)))
        x1 = _ms(last + timedelta(days=max(1, (last - first).days // 40)))
        upper = QLineSeries(chart)
        lower = QLineSeries(chart)
        upper.append([QPointF(x0, high), QPointF(x1, high)])
        lower.append([QPointF(x0, low), QPointF(x1, low)])
        area = QAreaSeries(upper, lower)
        area.setName(_t("first week \u00b1 {n} points: change inside may be noise")
                     .replace("{n}", str(MEANINGFUL_CHANGE)))
        area.setBrush(QBrush(BAND))
        area.setPen(QPen(Qt.PenStyle.NoPen))
        chart.addSeries(area)
        area.attachAxis(x_axis)
        area.attachAxis(y_axis)

    line_before = QLineSeries()
    line_before.setName(_t("before"))
    line_before.setPen(QPen(BLUE, 2.5))
    line_before.setPointsVisible(len(before) <= WEEKLY_THRESHOLD)
    line_before.replace(_points(before))
    chart.addSeries(line_before)

    line_after = QLineSeries()
    line_after.setName(_t("after"))
    line_after.setPen(QPen(ORANGE, 2.5, Qt.PenStyle.DashLine))
    line_after.replace(_points(after))
    chart.addSeries(line_after)
    for series in (line_before, line_after):
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)

    if len(after) <= WEEKLY_THRESHOLD:
        squares = QScatterSeries()
        squares.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        squares.setMarkerSize(9)
        squares.setColor(ORANGE)
        squares.setBorderColor(ORANGE)
        squares.replace(_points(after))
        chart.addSeries(squares)
        squares.attachAxis(x_axis)
        squares.attachAxis(y_axis)
        chart.legend().markers(squares)[0].setVisible(False)
    return chart


def minutes_chart(weeks: Sequence[WeekSummary], font: QFont) -> QChart:
    """Minutes of exercise per week: labelled bars for up to BAR_WEEKS weeks, else an area."""
    chart = _chart(_t("Minutes per week"), font)
    chart.legend().setVisible(False)
    if not weeks:
        return chart
    top = max([w.minutes for w in weeks] + [10.0])
    if len(weeks) > BAR_WEEKS:
        # Years of weeks: bars would be slivers with unreadable labels; a filled line on a date
        # axis shows the same totals with readable dates.
        x_axis = _date_axis(chart, weeks[0].monday, weeks[-1].monday + timedelta(days=6), font)
        y_axis = _value_axis(chart, _t("minutes"), 0, top * 1.1, font, ticks=5)
        y_axis.applyNiceNumbers()
        upper = QLineSeries(chart)
        lower = QLineSeries(chart)
        upper.replace([QPointF(_ms(w.monday + timedelta(days=3)), w.minutes) for w in weeks])
        lower.replace([QPointF(_ms(w.monday + timedelta(days=3)), 0.0) for w in weeks])
        area = QAreaSeries(upper, lower)
        area.setName(_t("minutes"))
        area.setBrush(QBrush(QColor(31, 95, 168, 110)))
        area.setPen(QPen(BLUE, 1.5))
        chart.addSeries(area)
        area.attachAxis(x_axis)
        area.attachAxis(y_axis)
        return chart
    bars = QBarSet(_t("minutes"))
    bars.setColor(BLUE)
    bars.setBorderColor(BLUE)
    bars.append([round(w.minutes, 1) for w in weeks])
    series = QBarSeries()
    series.append(bars)
    series.setBarWidth(0.7)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append([f"{w.monday.day} {w.monday:%b}" for w in weeks])
    axis_x.setLabelsFont(font)
    axis_x.setTitleText(_t("week starting"))
    axis_x.setTitleFont(font)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = _value_axis(chart, _t("minutes"), 0, top * 1.1, font, ticks=5)
    axis_y.applyNiceNumbers()
    series.attachAxis(axis_y)
    return chart


def progress_chart(name: str, progress: Sequence[ExerciseProgress], font: QFont) -> QChart:
    """Hold (planned and actual) and reps done per set, over time, for one exercise."""
    chart = _chart(_t("{name}: hold and reps over time").replace("{name}", name), font)
    if not progress:
        return chart
    rows = list(progress)
    if len(rows) > WEEKLY_THRESHOLD:
        rows = _weekly_progress(rows)
    first, last = rows[0].started_at.date(), rows[-1].started_at.date()
    x_axis = _date_axis(chart, first, last, font)
    held = [r for r in rows if r.hold_planned is not None]
    series_list: list[tuple[QLineSeries, QValueAxis]] = []
    if held:
        top = max(30.0, *(r.hold_planned or 0 for r in held))
        hold_axis = _value_axis(chart, _t("hold (s)"), 0, top, font, ticks=7)
        hold_axis.applyNiceNumbers()
        planned = QLineSeries()
        planned.setName(_t("hold planned"))
        planned.setPen(QPen(BLUE, 2.5))
        planned.replace([QPointF(_ms(r.started_at.date()), r.hold_planned or 0) for r in held])
        actual = QLineSeries()
        actual.setName(_t("hold done (mean)"))
        actual.setPen(QPen(GREEN, 2, Qt.PenStyle.DotLine))
        actual.replace([QPointF(_ms(r.started_at.date()), r.hold_actual)
                        for r in held if r.hold_actual is not None])
        series_list += [(planned, hold_axis), (actual, hold_axis)]
    reps_top = max(5.0, *(max(r.reps_planned, r.reps_done) for r in rows)) + 1
    reps_axis = _value_axis(chart, _t("reps per set"), 0, reps_top, font, ticks=6,
                            side=Qt.AlignmentFlag.AlignRight if held else
                            Qt.AlignmentFlag.AlignLeft, fmt="%.0f")
    reps_axis.applyNiceNumbers()  # whole-number ticks, never 0, 1, 2, 4, 5
    reps = QLineSeries()
    reps.setName(_t("reps done per set"))
    reps.setPen(QPen(ORANGE, 2.5, Qt.PenStyle.DashLine))
    reps.replace([QPointF(_ms(r.started_at.date()), r.reps_done) for r in rows])
    series_list.append((reps, reps_axis))
    for series, axis in series_list:
        chart.addSeries(series)
        series.attachAxis(x_axis)
        series.attachAxis(axis)
    return chart


def _weekly_progress(rows: list[ExerciseProgress]) -> list[ExerciseProgress]:
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
