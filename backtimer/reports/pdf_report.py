"""The clinician report: a few A4 pages a physiotherapist can read in two minutes.

Page one answers "is it being done, and is the pain changing?": the date range, the sessions, a
summary with the pain trend (a verdict only from whole weeks with enough rated sessions, counted
at 2 points or 30 %: docs/trend-rules.md), the pain chart (before and after each session, with
the reference week's mean +/- that change as a band) and minutes per week. Then weekly adherence,
exercises skipped for pain, the exercises remembered as aggravating
(reports/pdf_aggravating.py), cautions (sessions stopped by pain, sessions that ended 2 or more
points above their baseline, interrupted sessions, and what the app's thresholds are) and the
list of sessions. A list that is cut says so.

The pages are flowed by reports/pdf_pages.py; the charts are paint/charts.py, the same drawing the
history window shows.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QPdfWriter

from backtimer.core.records import Decision, SessionRow, SessionStatus
from backtimer.core.trends import (
    MEANINGFUL_CHANGE,
    TREND_MIN_SESSIONS,
    PainTrend,
    TrendVerdict,
    WeekSummary,
    exercised_days,
    pain_trend,
    weekly_summary,
)
from backtimer.paint.charts import PAPER, minutes_chart, pain_chart
from backtimer.paint.labels import PAPER_TONES, status_label, status_tone
from backtimer.paint.plot import paint_chart
from backtimer.reports.pdf_aggravating import aggravating_section
from backtimer.reports.pdf_pages import (
    MUTED,
    Column,
    PageFlow,
    day_text,
    mm,
    pdf_font,
    write_pdf,
)
from backtimer.storage.history import HistoryStore

logger = logging.getLogger(__name__)

SESSION_LIST_MAX = 100  # the session table lists at most the latest this many
CAUTION_LIST_MAX = 12


def _t(text: str) -> str:
    return QCoreApplication.translate("HistoryReport", text)


# --- the report --------------------------------------------------------------------------------


def _pain_text(value: float | int | None) -> str:
    if value is None:
        return "\u2013"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f}"


@dataclass(frozen=True)
class _Fonts:
    body: QFont
    small: QFont
    chart: QFont


def build_report(layout: PageFlow, store: HistoryStore, since: date | None,
                 until: date | None, today: date) -> None:
    sessions = store.sessions(since, until)
    first = since or (sessions[0].day if sessions else today)
    last = until or max(today, sessions[-1].day if sessions else today)
    weeks = weekly_summary(sessions, first, last)
    fonts = _Fonts(body=pdf_font(9.5), small=pdf_font(8), chart=pdf_font(7.5))

    layout.text(_t("Exercise and pain report"), pdf_font(18, bold=True), after=1)
    layout.text(_t("From {first} to {last}").format(first=day_text(first), last=day_text(last)),
                pdf_font(11), after=1)
    layout.text(_t("Recorded by the person with backtimer, a guided exercise timer for "
                   "lower-back pain. Pain is the person's own rating on a 0-10 scale. "
                   "Generated {day}.").format(day=day_text(today)), fonts.small, color=MUTED,
                after=3)
    # Only weeks that are over are compared: up to yesterday, or the end of the range.
    trend = pain_trend(sessions, since, min(last, today - timedelta(days=1)))
    _summary(layout, fonts, sessions, weeks, trend)
    layout.heading(_t("Pain before and after each session"))
    pain = pain_chart(sessions, first, last, trend)
    layout.block(mm(62), lambda p, r: paint_chart(p, r, pain, fonts.chart, PAPER))
    layout.space(2)
    layout.heading(_t("Minutes of exercise per week"))
    minutes = minutes_chart(weeks, first, last)
    layout.block(mm(45), lambda p, r: paint_chart(p, r, minutes, fonts.chart, PAPER))

    layout.new_page()
    _weekly_table(layout, weeks)
    _skipped_for_pain(layout, fonts, store, since, until)
    aggravating_section(layout, fonts.body, fonts.small, store.aggravating(until), until)
    _cautions(layout, fonts, store, sessions, since, until)
    _session_list(layout, fonts, sessions)


def _summary(layout: PageFlow, fonts: _Fonts, sessions: list[SessionRow],
             weeks: list[WeekSummary], trend: PainTrend) -> None:
    counts = Counter(SessionStatus(s.status) for s in sessions)
    planned = sum(s.exercises_planned for s in sessions)
    done = sum(s.exercises_done for s in sessions)
    minutes = sum(s.done_seconds for s in sessions) / 60
    layout.heading(_t("Summary"))
    summary = [
        _t("Sessions: {count} (completed {completed}, stopped {stopped}, interrupted "
           "{interrupted}).").format(count=len(sessions),
                                     completed=counts[SessionStatus.COMPLETED],
                                     stopped=counts[SessionStatus.STOPPED],
                                     interrupted=counts[SessionStatus.INTERRUPTED]),
        _t("Days with exercise: {days}; weeks with at least one session: {active} of "
           "{weeks}.").format(days=len(exercised_days(sessions)),
                              active=sum(1 for w in weeks if w.days > 0), weeks=len(weeks)),
        _t("Exercise time: {total} minutes in total, {mean} minutes per week on average.")
        .format(total=f"{minutes:.0f}", mean=f"{minutes / max(1, len(weeks)):.0f}"),
        _t("Exercises done as planned: {done} of {planned} ({share}).")
        .format(done=done, planned=planned,
                share=f"{100 * done / planned:.0f}%" if planned else "\u2013"),
    ]
    summary.append(_trend_text(trend))
    for line in summary:
        layout.text(line, fonts.body, after=0.8, indent=mm(1), bullet="\u2022")


def _cut_text(shown: int, count: int) -> str:
    """Said wherever a list is cut, so a reader never takes a part for the whole."""
    return _t("Of {count}, only the latest {shown} are listed.").format(count=count, shown=shown)


def _trend_text(trend: PainTrend) -> str:
    """The pain-trend line of the summary; the rule is docs/trend-rules.md."""
    ref, latest, threshold = trend.reference, trend.latest, trend.threshold
    if trend.verdict is TrendVerdict.NOT_ENOUGH_DATA or ref is None or latest is None \
            or threshold is None:
        text = _t("Pain trend: not enough data for a verdict yet. A comparison needs two whole "
                  "weeks with at least {count} sessions rated before exercise each.").format(
            count=TREND_MIN_SESSIONS)
        if ref is not None:
            text += " " + _t("So far only the week of {day} has that (mean {mean}).").format(
                day=day_text(ref.monday), mean=f"{ref.mean:.1f}")
        return text
    change = abs(latest.mean - ref.mean)
    verdict = {
        TrendVerdict.IMPROVED: _t("a fall of {change} points, a meaningful improvement"),
        TrendVerdict.WORSE: _t("a rise of {change} points, a meaningful worsening"),
        TrendVerdict.NO_CLEAR_CHANGE: _t("a change of {change} points, within what may be "
                                         "measurement noise"),
    }[trend.verdict].format(change=f"{change:.1f}")
    return _t("Pain before sessions averaged {first_mean} in the week of {first} ({first_count} "
              "sessions) and {latest_mean} in the latest whole week, of {latest} ({latest_count} "
              "sessions): {verdict}. A change counts from {points} points here (2 points, or "
              "30% of the first week's mean).").format(
        first=day_text(ref.monday), first_mean=f"{ref.mean:.1f}", first_count=ref.sessions,
        latest=day_text(latest.monday), latest_mean=f"{latest.mean:.1f}",
        latest_count=latest.sessions, verdict=verdict, points=f"{threshold:g}")


_RIGHT = Qt.AlignmentFlag.AlignRight


def _weekly_table(layout: PageFlow, weeks: list[WeekSummary]) -> None:
    layout.heading(_t("Weekly adherence"))
    layout.table(
        [Column(_t("Week of"), 0.2), Column(_t("Sessions"), 0.12, _RIGHT),
         Column(_t("Days"), 0.1, _RIGHT), Column(_t("Minutes"), 0.12, _RIGHT),
         Column(_t("Exercises done"), 0.18, _RIGHT), Column(_t("Pain before"), 0.14, _RIGHT),
         Column(_t("Pain after"), 0.14, _RIGHT)],
        [(day_text(w.monday), str(w.sessions), str(w.days), f"{w.minutes:.0f}",
          f"{w.exercises_done}/{w.exercises_planned}" if w.exercises_planned else "\u2013",
          _pain_text(w.pain_before), _pain_text(w.pain_after)) for w in reversed(weeks)],
    )


def _skipped_for_pain(layout: PageFlow, fonts: _Fonts, store: HistoryStore,
                      since: date | None, until: date | None) -> None:
    layout.heading(_t("Exercises skipped or stopped for pain"))
    summaries = [e for e in store.exercise_summary(since, until) if e.sessions_skipped_for_pain]
    if not summaries:
        layout.text(_t("No exercise was skipped or stopped because of pain."), fonts.body)
        return
    layout.table(
        [Column(_t("Exercise"), 0.46), Column(_t("Sessions with it"), 0.18, _RIGHT),
         Column(_t("Skipped or stopped for pain"), 0.36, _RIGHT)],
        [(e.exercise_name, str(e.sessions), f"{e.sessions_skipped_for_pain} "
          f"({100 * e.sessions_skipped_for_pain / max(1, e.sessions):.0f}%)")
         for e in sorted(summaries, key=lambda e: -e.sessions_skipped_for_pain)],
    )


def _cautions(layout: PageFlow, fonts: _Fonts, store: HistoryStore, sessions: list[SessionRow],
              since: date | None, until: date | None) -> None:
    layout.heading(_t("Cautions"))
    events = store.pain_events(since, until, (Decision.STOP_SESSION, Decision.EMERGENCY))
    worse = [s for s in sessions if (s.pain_change or 0) >= MEANINGFUL_CHANGE]
    interrupted = sum(1 for s in sessions if s.status == SessionStatus.INTERRUPTED)
    cautions: list[str] = []  # lines starting with a tab are sub-items
    emergencies = [e for e in events if e[1].decision == Decision.EMERGENCY]
    if emergencies:
        cautions.append(_t("Red-flag symptoms were reported in {count} session(s); the person "
                           "was told to seek urgent care.").format(count=len(emergencies)))
    stops = [e for e in events if e[1].decision == Decision.STOP_SESSION]
    if stops:
        cautions.append(_t("{count} session(s) were stopped because of pain:")
                        .format(count=len(stops)))
    if len(stops) > CAUTION_LIST_MAX:
        cautions.append("\t" + _cut_text(CAUTION_LIST_MAX, len(stops)))
    for session, pain in stops[-CAUTION_LIST_MAX:]:
        cautions.append(f"\t{day_text(session.day)}, {session.routine_name}: "
                        f"{_t('pain')} {pain.value}/10. {pain.message}")
    if worse:
        cautions.append(_t("{count} session(s) ended 2 or more points above the pain before "
                           "them:").format(count=len(worse)))
        if len(worse) > CAUTION_LIST_MAX:
            cautions.append("\t" + _cut_text(CAUTION_LIST_MAX, len(worse)))
        cautions.append("\t" + ", ".join(
            f"{day_text(s.day)} ({s.baseline_pain}\u2192{s.final_pain})"
            for s in worse[-CAUTION_LIST_MAX:]))
    if interrupted:
        cautions.append(_t("{count} session(s) were interrupted (the program was closed or the "
                           "computer stopped); their finished exercises are kept.")
                        .format(count=interrupted))
    if not cautions:
        cautions.append(_t("No session was stopped for pain or ended with more pain than it "
                           "started with."))
    for line in cautions:
        if line.startswith("\t"):
            layout.text(line[1:], fonts.body, after=0.8, indent=mm(5), bullet="\u2013")
        else:
            layout.text(line, fonts.body, after=0.8, indent=mm(1), bullet="\u2022")
    layout.space(1)
    layout.text(_t(
        "How the app decides: between exercises it skips an exercise when pain rises 2 points "
        "above the rating before the session, and stops the session at pain 7 or more, at a rise "
        "of 3 with pain of 4 or more, at a second exercise that made pain worse, at new leg "
        "symptoms, or after 15 minutes of more than mild pain. These thresholds follow the "
        "minimal detectable change of the 0-10 scale (about 2 points) and published stop rules; "
        "they have not been validated clinically. The app is not a medical device."),
        fonts.small, color=MUTED, after=2)


def _session_list(layout: PageFlow, fonts: _Fonts, sessions: list[SessionRow]) -> None:
    shown = sessions[-SESSION_LIST_MAX:]
    layout.heading(_t("Sessions"))
    if not sessions:
        layout.text(_t("No sessions in this range."), fonts.body)
        return
    if len(sessions) > len(shown):
        layout.text(_cut_text(len(shown), len(sessions)) + " " +
                    _t("The weekly table above covers all of them."), fonts.small, color=MUTED)
    layout.table(
        [Column(_t("Date"), 0.16), Column(_t("Routine"), 0.27),
         Column(_t("Minutes"), 0.1, _RIGHT), Column(_t("Exercises"), 0.12, _RIGHT),
         Column(_t("Pain"), 0.15, Qt.AlignmentFlag.AlignHCenter), Column(_t("Status"), 0.2)],
        [(day_text(s.day), s.routine_name, _minutes(s.done_seconds),
          f"{s.exercises_done}/{s.exercises_planned}",
          f"{_pain_text(s.baseline_pain)} \u2192 {_pain_text(s.final_pain)}",
          (status_label(s.status), PAPER_TONES[status_tone(s.status)]))
         for s in reversed(shown)],
    )


def write_report(store: HistoryStore, path: Path, *, since: date | None = None,
                 until: date | None = None, today: date | None = None) -> int:
    """Write the PDF to `path` (atomically, mode 0600); returns the number of pages.

    Needs a QGuiApplication (commands.py makes one without a display).
    """
    today = today or datetime.now().date()

    def lay_out(writer: QPdfWriter) -> PageFlow:
        layout = PageFlow(writer)
        build_report(layout, store, since, until, today)
        return layout

    return write_pdf(path, _t("backtimer \u2013 exercise and pain report"), lay_out, mode=0o600)
