"""The clinician report: a few A4 pages a physiotherapist can read in two minutes.

Page one answers "is it being done, and is the pain changing?": the date range, the sessions, a
summary, the pain trend chart (before and after each session, with the band of +/- 2 points around
the first week's mean: changes inside it may be measurement noise, a weekly mean below it is a
meaningful improvement) and minutes per week. Then weekly adherence, exercises skipped for pain,
cautions (sessions stopped by pain, sessions that ended 2 or more points above their baseline,
interrupted sessions, and what the app's thresholds are) and the list of sessions.

Drawn with QPainter on a QPdfWriter (vector text and lines), not QtCharts: QtCharts needs a
QApplication and widgets, and the report must run from the command line with only a
QGuiApplication and no display. Layout is done first into a list of drawing operations per page,
so the footer can say "page X of Y", then painted.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from backtimer.core.records import SessionRow
from backtimer.core.trends import (
    MEANINGFUL_CHANGE,
    WeekSummary,
    exercised_days,
    pain_points,
    reference_band,
    weekly_summary,
)
from backtimer.storage.history import HistoryStore

logger = logging.getLogger(__name__)

DPI = 300
MARGIN_MM = 16.0
SESSION_LIST_MAX = 100  # the session table lists at most the latest this many
CAUTION_LIST_MAX = 12

BLUE = QColor("#1f5fa8")  # pain before
ORANGE = QColor("#b4530f")  # pain after (dark enough for greyscale printing)
BAND = QColor(46, 125, 50, 40)
GRID = QColor("#d0d0d0")
INK = QColor("#1a1a1a")
MUTED = QColor("#555555")
STRIPE = QColor("#f2f4f7")

Op = Callable[[QPainter], None]


def _t(text: str) -> str:
    return QCoreApplication.translate("HistoryReport", text)


def status_label(status: str) -> str:
    labels = {
        "completed": _t("completed"),
        "stopped": _t("stopped"),
        "interrupted": _t("interrupted"),
        "open": _t("in progress"),
    }
    return labels.get(status, status)


def _mm(value: float) -> float:
    return value * DPI / 25.4


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _short_day(d: date) -> str:
    return f"{d.day} {d:%b}"


def _font(size: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif"])
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # share of the text width
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


class _Layout:
    """Flows blocks down A4 pages; each page is a list of drawing operations."""

    def __init__(self, writer: QPdfWriter) -> None:
        self.writer = writer
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width = float(rect.width())
        self.height = float(rect.height())
        self.footer_h = _mm(8)
        self.bottom = self.height - self.footer_h
        self.pages: list[list[Op]] = [[]]
        self.y = 0.0

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.writer)

    def new_page(self) -> None:
        self.pages.append([])
        self.y = 0.0

    def ensure(self, height: float) -> None:
        if self.y > 0 and self.y + height > self.bottom:
            self.new_page()

    def add(self, op: Op) -> None:
        self.pages[-1].append(op)

    def space(self, mm: float) -> None:
        self.y += _mm(mm)

    def text(self, text: str, font: QFont, *, color: QColor = INK, after: float = 1.5,
             indent: float = 0.0, keep_with_next: float = 0.0, bullet: str = "") -> None:
        """A wrapped paragraph; with `bullet`, the bullet hangs left of every wrapped line."""
        hang = _mm(4) if bullet else 0.0
        width = self.width - indent - hang
        box = self.metrics(font).boundingRect(
            QRectF(0, 0, width, 1e6), int(Qt.TextFlag.TextWordWrap), text)
        height = box.height()
        self.ensure(height + keep_with_next)
        rect = QRectF(indent + hang, self.y, width, height)
        mark = QRectF(indent, self.y, hang, height)

        def draw(p: QPainter) -> None:
            p.setFont(font)
            p.setPen(color)
            if bullet:
                p.drawText(mark, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                           bullet)
            p.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)

        self.add(draw)
        self.y += height + _mm(after)

    def heading(self, text: str) -> None:
        self.space(2)
        self.text(text, _font(13, bold=True), after=2, keep_with_next=_mm(25))

    def block(self, height: float, paint: Callable[[QPainter, QRectF], None]) -> None:
        self.ensure(height)
        rect = QRectF(0, self.y, self.width, height)
        self.add(lambda p: paint(p, rect))
        self.y += height

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
        font = _font(8.5)
        bold = _font(8.5, bold=True)
        line = self.metrics(font).height()
        row_h = line * 1.45
        pad = _mm(1.2)
        xs: list[float] = []
        x = 0.0
        for col in columns:
            xs.append(x)
            x += col.width * self.width

        def header(y: float) -> Op:
            def draw(p: QPainter) -> None:
                p.setFont(bold)
                p.setPen(INK)
                for col, x0 in zip(columns, xs, strict=True):
                    w = col.width * self.width
                    p.drawText(QRectF(x0 + pad, y, w - 2 * pad, row_h),
                               int(col.align | Qt.AlignmentFlag.AlignVCenter), col.title)
                p.setPen(QPen(INK, _mm(0.25)))
                p.drawLine(QPointF(0, y + row_h), QPointF(self.width, y + row_h))
            return draw

        self.ensure(row_h * 3)
        self.add(header(self.y))
        self.y += row_h
        for n, row in enumerate(rows):
            if self.y + row_h > self.bottom:
                self.new_page()
                self.add(header(self.y))
                self.y += row_h
            y = self.y

            def draw_row(p: QPainter, y: float = y, row: Sequence[str] = row,
                         stripe: bool = n % 2 == 1) -> None:
                if stripe:
                    p.fillRect(QRectF(0, y, self.width, row_h), STRIPE)
                p.setFont(font)
                p.setPen(INK)
                for col, x0, cell in zip(columns, xs, row, strict=True):
                    w = col.width * self.width
                    shown = self.metrics(font).elidedText(cell, Qt.TextElideMode.ElideRight,
                                                          w - 2 * pad)
                    p.drawText(QRectF(x0 + pad, y, w - 2 * pad, row_h),
                               int(col.align | Qt.AlignmentFlag.AlignVCenter), shown)

            self.add(draw_row)
            self.y += row_h
        self.y += _mm(2)


# --- charts ------------------------------------------------------------------------------------


def _nice_step(top: float, ticks: int = 5) -> float:
    raw = max(top, 1.0) / ticks
    magnitude = 10.0 ** len(str(int(raw))) / 10.0
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10.0 * magnitude


def _date_ticks(first: date, last: date, count: int = 6) -> list[date]:
    span = max(1, (last - first).days)
    return sorted({first + timedelta(days=round(span * i / (count - 1))) for i in range(count)})


def paint_pain_chart(p: QPainter, rect: QRectF, sessions: Sequence[SessionRow],
                     first: date, last: date) -> None:
    """Pain before (blue, circles, solid) and after (orange, squares, dashed) on a 0-10 axis."""
    small = _font(7.5)
    metrics = QFontMetricsF(small, p.device())
    left = metrics.horizontalAdvance("10") + _mm(3)
    legend_h = metrics.height() * 1.6
    plot = QRectF(rect.left() + left, rect.top() + legend_h, rect.width() - left - _mm(2),
                  rect.height() - legend_h - metrics.height() * 1.8)
    span = max(1, (last - first).days)

    def px(d: date) -> float:
        return plot.left() + plot.width() * (d - first).days / span

    def py(v: float) -> float:
        return plot.bottom() - plot.height() * v / 10.0

    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    band = reference_band(list(sessions))
    if band is not None:
        _, low, high = band
        p.fillRect(QRectF(plot.left(), py(high), plot.width(), py(low) - py(high)), BAND)
    p.setFont(small)
    for level in range(0, 11, 2):
        p.setPen(QPen(GRID, _mm(0.15)))
        p.drawLine(QPointF(plot.left(), py(level)), QPointF(plot.right(), py(level)))
        p.setPen(MUTED)
        p.drawText(QRectF(rect.left(), py(level) - metrics.height() / 2, left - _mm(1.5),
                          metrics.height()),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(level))
    p.setPen(QPen(INK, _mm(0.25)))
    p.drawLine(plot.bottomLeft(), plot.bottomRight())
    for tick in _date_ticks(first, last):
        x = px(tick)
        label = _short_day(tick) if span < 300 else f"{tick:%b %Y}"
        w = metrics.horizontalAdvance(label) + _mm(1)
        x0 = min(max(x - w / 2, plot.left()), rect.right() - w)
        p.setPen(MUTED)
        p.drawText(QRectF(x0, plot.bottom() + _mm(1), w, metrics.height()),
                   int(Qt.AlignmentFlag.AlignCenter), label)

    before, after, weekly = pain_points(sessions)
    radius = _mm(0.9 if len(before) < 40 else 0.55)
    markers = len(before) <= 60  # hundreds of weekly markers would only blur the lines
    for points, color, style, square in ((before, BLUE, Qt.PenStyle.SolidLine, False),
                                         (after, ORANGE, Qt.PenStyle.DashLine, True)):
        if not points:
            continue
        path = QPainterPath(QPointF(px(points[0][0]), py(points[0][1])))
        for d, v in points[1:]:
            path.lineTo(QPointF(px(d), py(v)))
        pen = QPen(color, _mm(0.45), style)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        if not markers:
            continue
        p.setPen(QPen(color, _mm(0.2)))
        p.setBrush(QBrush(color))
        for d, v in points:
            centre = QPointF(px(d), py(v))
            if square:
                p.drawRect(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius,
                                  2 * radius))
            else:
                p.drawEllipse(centre, radius, radius)
    p.setBrush(Qt.BrushStyle.NoBrush)

    # Legend above the plot.
    x = plot.left()
    y = rect.top() + legend_h / 2
    suffix = _t(" (weekly mean)") if weekly else ""
    entries: list[tuple[str, QColor | None, Qt.PenStyle, bool]] = [
        (_t("Pain before") + suffix, BLUE, Qt.PenStyle.SolidLine, False),
        (_t("Pain after") + suffix, ORANGE, Qt.PenStyle.DashLine, True),
    ]
    if band is not None:
        entries.append((_t("First week's mean \u00b1 {n} points (meaningful change)").replace(
            "{n}", str(MEANINGFUL_CHANGE)), None, Qt.PenStyle.SolidLine, False))
    p.setFont(small)
    for label, swatch, style, square in entries:
        if swatch is None:
            p.fillRect(QRectF(x, y - _mm(1.5), _mm(6), _mm(3)), BAND)
        else:
            p.setPen(QPen(swatch, _mm(0.45), style))
            p.drawLine(QPointF(x, y), QPointF(x + _mm(6), y))
            p.setBrush(QBrush(swatch))
            r = _mm(0.8)
            if square:
                p.drawRect(QRectF(x + _mm(3) - r, y - r, 2 * r, 2 * r))
            else:
                p.drawEllipse(QPointF(x + _mm(3), y), r, r)
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(INK)
        w = metrics.horizontalAdvance(label)
        p.drawText(QRectF(x + _mm(7.5), y - metrics.height() / 2, w + _mm(1), metrics.height()),
                   int(Qt.AlignmentFlag.AlignVCenter), label)
        x += _mm(12) + w


def paint_minutes_chart(p: QPainter, rect: QRectF, weeks: Sequence[WeekSummary]) -> None:
    """Minutes per week: a bar per week, or a filled line once there are more than a year."""
    if not weeks:
        return
    small = _font(7.5)
    metrics = QFontMetricsF(small, p.device())
    top = max(w.minutes for w in weeks)
    step = _nice_step(top)
    top = step * max(1, -(-top // step))
    left = metrics.horizontalAdvance(str(int(top))) + _mm(3)
    plot = QRectF(rect.left() + left, rect.top() + _mm(2), rect.width() - left - _mm(2),
                  rect.height() - _mm(2) - metrics.height() * 1.8)
    p.setFont(small)
    value = 0.0
    while value <= top + 1e-9:
        y = plot.bottom() - plot.height() * value / top
        p.setPen(QPen(GRID, _mm(0.15)))
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(MUTED)
        p.drawText(QRectF(rect.left(), y - metrics.height() / 2, left - _mm(1.5),
                          metrics.height()),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                   f"{value:g}")
        value += step
    slot = plot.width() / len(weeks)
    if len(weeks) > 53:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        path = QPainterPath(QPointF(plot.left(), plot.bottom()))
        for i, week in enumerate(weeks):
            path.lineTo(QPointF(plot.left() + (i + 0.5) * slot,
                                plot.bottom() - plot.height() * week.minutes / top))
        path.lineTo(QPointF(plot.right(), plot.bottom()))
        path.closeSubpath()
        fill = QColor(BLUE)
        fill.setAlpha(110)
        p.setPen(QPen(BLUE, _mm(0.3)))
        p.setBrush(QBrush(fill))
        p.drawPath(path)
        p.setBrush(Qt.BrushStyle.NoBrush)
        first, last = weeks[0].monday, weeks[-1].monday
        span = max(1, (last - first).days)
        for tick in _date_ticks(first, last):
            label = f"{tick:%b %Y}"
            w = metrics.horizontalAdvance(label) + _mm(1)
            x = plot.left() + plot.width() * (tick - first).days / span
            x0 = min(max(x - w / 2, plot.left()), rect.right() - w)
            p.setPen(MUTED)
            p.drawText(QRectF(x0, plot.bottom() + _mm(1), w, metrics.height()),
                       int(Qt.AlignmentFlag.AlignCenter), label)
    else:
        label_every = max(1, int(len(weeks) / max(1, plot.width() / (
            metrics.horizontalAdvance("30 Sep") + _mm(2)))) + 1)
        for i, week in enumerate(weeks):
            h = plot.height() * week.minutes / top
            p.fillRect(QRectF(plot.left() + i * slot + slot * 0.15, plot.bottom() - h,
                              slot * 0.7, h), BLUE)
            if i % label_every == 0:
                p.setPen(MUTED)
                p.drawText(QRectF(plot.left() + i * slot, plot.bottom() + _mm(1),
                                  slot * label_every, metrics.height()),
                           int(Qt.AlignmentFlag.AlignLeft), _short_day(week.monday))
    p.setPen(QPen(INK, _mm(0.25)))
    p.drawLine(plot.bottomLeft(), plot.bottomRight())


# --- the report --------------------------------------------------------------------------------


def _pain_text(value: float | int | None) -> str:
    if value is None:
        return "\u2013"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f}"


def build_report(layout: _Layout, store: HistoryStore, since: date | None,
                 until: date | None, today: date) -> None:
    sessions = store.sessions(since, until)
    first = since or (sessions[0].day if sessions else today)
    last = until or max(today, sessions[-1].day if sessions else today)
    weeks = weekly_summary(sessions, first, last)
    body = _font(9.5)
    small = _font(8, bold=False)

    layout.text(_t("Exercise and pain report"), _font(18, bold=True), after=1)
    layout.text(_t("From {a} to {b}").replace("{a}", _day(first)).replace("{b}", _day(last)),
                _font(11), after=1)
    layout.text(_t("Recorded by the person with backtimer, a guided exercise timer for "
                   "lower-back pain. Pain is the person's own rating on a 0-10 scale. "
                   "Generated {d}.").replace("{d}", _day(today)), small, color=MUTED, after=3)

    # Summary
    counts = {status: sum(1 for s in sessions if s.status == status)
              for status in ("completed", "stopped", "interrupted", "open")}
    days = exercised_days(sessions)
    active_weeks = sum(1 for w in weeks if w.days > 0)
    planned = sum(s.exercises_planned for s in sessions)
    done = sum(s.exercises_done for s in sessions)
    minutes = sum(s.done_seconds for s in sessions) / 60
    layout.heading(_t("Summary"))
    summary = [
        _t("Sessions: {n} (completed {c}, stopped {s}, interrupted {i}).")
        .replace("{n}", str(len(sessions))).replace("{c}", str(counts["completed"]))
        .replace("{s}", str(counts["stopped"])).replace("{i}", str(counts["interrupted"])),
        _t("Days with exercise: {d}; weeks with at least one session: {w} of {t}.")
        .replace("{d}", str(len(days))).replace("{w}", str(active_weeks))
        .replace("{t}", str(len(weeks))),
        _t("Exercise time: {m} minutes in total, {a} minutes per week on average.")
        .replace("{m}", f"{minutes:.0f}")
        .replace("{a}", f"{minutes / max(1, len(weeks)):.0f}"),
        _t("Exercises done as planned: {d} of {p} ({r}).")
        .replace("{d}", str(done)).replace("{p}", str(planned))
        .replace("{r}", f"{100 * done / planned:.0f}%" if planned else "\u2013"),
    ]
    band = reference_band(sessions)
    rated_weeks = [w for w in weeks if w.pain_before is not None]
    if band is not None and rated_weeks:
        mean, low, _high = band
        latest = rated_weeks[-1]
        assert latest.pain_before is not None
        change = latest.pain_before - mean
        if latest.pain_before <= low:
            verdict = _t("a meaningful improvement (2 points or more)")
        elif change >= MEANINGFUL_CHANGE:
            verdict = _t("a meaningful worsening (2 points or more)")
        else:
            verdict = _t("within 2 points, which may be measurement noise")
        summary.append(
            _t("Pain before sessions: first week {a}, latest week {b}: {v}.")
            .replace("{a}", f"{mean:.1f}").replace("{b}", f"{latest.pain_before:.1f}")
            .replace("{v}", verdict))
    for line in summary:
        layout.text(line, body, after=0.8, indent=_mm(1), bullet="\u2022")

    layout.heading(_t("Pain before and after each session"))
    layout.block(_mm(62), lambda p, r: paint_pain_chart(p, r, sessions, first, last))
    layout.space(2)
    layout.heading(_t("Minutes of exercise per week"))
    layout.block(_mm(45), lambda p, r: paint_minutes_chart(p, r, weeks))

    # Weekly adherence
    layout.new_page()
    layout.heading(_t("Weekly adherence"))
    right = Qt.AlignmentFlag.AlignRight
    layout.table(
        [Column(_t("Week of"), 0.2), Column(_t("Sessions"), 0.12, right),
         Column(_t("Days"), 0.1, right), Column(_t("Minutes"), 0.12, right),
         Column(_t("Exercises done"), 0.18, right), Column(_t("Pain before"), 0.14, right),
         Column(_t("Pain after"), 0.14, right)],
        [(_day(w.monday), str(w.sessions), str(w.days), f"{w.minutes:.0f}",
          f"{w.exercises_done}/{w.exercises_planned}" if w.exercises_planned else "\u2013",
          _pain_text(w.pain_before), _pain_text(w.pain_after)) for w in reversed(weeks)],
    )

    # Exercises skipped for pain
    layout.heading(_t("Exercises skipped or stopped for pain"))
    summaries = [e for e in store.exercise_summary(since, until)
                 if e.sessions_skipped_for_pain]
    if summaries:
        layout.table(
            [Column(_t("Exercise"), 0.46), Column(_t("Sessions with it"), 0.18, right),
             Column(_t("Skipped or stopped for pain"), 0.36, right)],
            [(e.exercise_name, str(e.sessions), f"{e.sessions_skipped_for_pain} "
              f"({100 * e.sessions_skipped_for_pain / max(1, e.sessions):.0f}%)")
             for e in sorted(summaries, key=lambda e: -e.sessions_skipped_for_pain)],
        )
    else:
        layout.text(_t("No exercise was skipped or stopped because of pain."), body)

    # Cautions
    layout.heading(_t("Cautions"))
    events = store.pain_events(since, until, ("stop_session", "emergency"))
    worse = [s for s in sessions if (s.pain_change or 0) >= MEANINGFUL_CHANGE]
    cautions: list[str] = []  # lines starting with a tab are sub-items
    emergencies = [e for e in events if e[1].decision == "emergency"]
    if emergencies:
        cautions.append(_t("Red-flag symptoms were reported in {n} session(s); the person was "
                           "told to seek urgent care.").replace("{n}", str(len(emergencies))))
    stops = [e for e in events if e[1].decision == "stop_session"]
    if stops:
        cautions.append(_t("{n} session(s) were stopped because of pain:")
                        .replace("{n}", str(len(stops))))
    for session, pain in stops[-CAUTION_LIST_MAX:]:
        cautions.append(f"\t{_day(session.day)}, {session.routine_name}: "
                        f"{_t('pain')} {pain.value}/10. {pain.message}")
    if worse:
        cautions.append(_t("{n} session(s) ended 2 or more points above the pain before "
                           "them:").replace("{n}", str(len(worse))))
        cautions.append("\t" + ", ".join(
            f"{_day(s.day)} ({s.baseline_pain}\u2192{s.final_pain})"
            for s in worse[-CAUTION_LIST_MAX:]))
    if counts["interrupted"]:
        cautions.append(_t("{n} session(s) were interrupted (the program was closed or the "
                           "computer stopped); their finished exercises are kept.")
                        .replace("{n}", str(counts["interrupted"])))
    if not cautions:
        cautions.append(_t("No session was stopped for pain or ended with more pain than it "
                           "started with."))
    for line in cautions:
        if line.startswith("\t"):
            layout.text(line[1:], body, after=0.8, indent=_mm(5), bullet="\u2013")
        else:
            layout.text(line, body, after=0.8, indent=_mm(1), bullet="\u2022")
    layout.space(1)
    layout.text(_t(
        "How the app decides: between exercises it skips an exercise when pain rises 2 points "
        "above the rating before the session, and stops the session at pain 7 or more, at a rise "
        "of 3 with pain of 4 or more, at a second exercise that made pain worse, at new leg "
        "symptoms, or after 15 minutes of more than mild pain. These thresholds follow the "
        "minimal detectable change of the 0-10 scale (about 2 points) and published stop rules; "
        "they have not been validated clinically. The app is not a medical device."),
        small, color=MUTED, after=2)

    # Sessions
    shown = sessions[-SESSION_LIST_MAX:]
    layout.heading(_t("Sessions"))
    if len(sessions) > len(shown):
        layout.text(_t("The latest {n} of {t} sessions; the weekly table above covers all of "
                       "them.").replace("{n}", str(len(shown))).replace("{t}",
                                                                        str(len(sessions))),
                    small, color=MUTED)
    layout.table(
        [Column(_t("Date"), 0.16), Column(_t("Routine"), 0.27), Column(_t("Minutes"), 0.1, right),
         Column(_t("Exercises"), 0.12, right),
         Column(_t("Pain"), 0.15, Qt.AlignmentFlag.AlignHCenter), Column(_t("Status"), 0.2)],
        [(_day(s.day), s.routine_name, _minutes(s.done_seconds),
          f"{s.exercises_done}/{s.exercises_planned}",
          f"{_pain_text(s.baseline_pain)} \u2192 {_pain_text(s.final_pain)}",
          status_label(s.status)) for s in reversed(shown)],
    )


def _paint(writer: QPdfWriter, layout: _Layout, title: str) -> None:
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot start writing the PDF")
    try:
        total = len(layout.pages)
        footer = _font(7.5)
        for number, ops in enumerate(layout.pages, start=1):
            if number > 1:
                writer.newPage()
            for op in ops:
                painter.save()
                op(painter)
                painter.restore()
            painter.setFont(footer)
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(0, layout.height - layout.footer_h / 2, layout.width, layout.footer_h / 2),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), title)
            painter.drawText(
                QRectF(0, layout.height - layout.footer_h / 2, layout.width, layout.footer_h / 2),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                _t("page {n} of {t}").replace("{n}", str(number)).replace("{t}", str(total)))
    finally:
        painter.end()


def write_report(store: HistoryStore, path: Path, *, since: date | None = None,
                 until: date | None = None, today: date | None = None) -> int:
    """Write the PDF to `path` (atomically, mode 0600); returns the number of pages.

    Needs a QGuiApplication (commands.py makes one without a display).
    """
    today = today or datetime.now().date()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(DPI)
        writer.setPageLayout(QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter))
        title = _t("backtimer \u2013 exercise and pain report")
        writer.setTitle(title)
        writer.setCreator("backtimer")
        layout = _Layout(writer)
        build_report(layout, store, since, until, today)
        _paint(writer, layout, title)
        pages = len(layout.pages)
        del writer  # finishes the file
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return pages

