"""The charts and labels shared by the history window and the PDF (paint/)."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPainter

from backtimer.core.records import Decision, SessionStatus, SkipReason
from backtimer.core.trends import pain_trend, weekly_summary
from backtimer.paint import labels
from backtimer.paint.charts import PAPER, minutes_chart, pain_chart, progress_chart
from backtimer.paint.plot import date_ticks, layout_chart, paint_chart, value_axis
from backtimer.storage.history import HistoryStore
from tests.helpers.history import seed_history

START = date(2025, 11, 20)


@pytest.mark.parametrize("days", [0, 1, 6, 13, 45, 120, 329, 330, 400, 800, 3650])
@pytest.mark.parametrize("fits", [1, 3, 7, 20])
def test_date_ticks_never_repeat_a_label_and_respect_the_room(days, fits):
    ticks = date_ticks(START, START + timedelta(days=days), fits)
    shown = [label for _day, label in ticks]
    assert len(shown) == len(set(shown)), shown
    assert 1 <= len(ticks) <= fits
    assert all(START <= day <= START + timedelta(days=days) for day, _ in ticks) or len(ticks) == 1


def test_a_date_axis_over_a_year_end_writes_months_with_their_year():
    shown = [label for _d, label in date_ticks(date(2025, 12, 1), date(2026, 12, 1), 13)]
    assert shown[0] == "Dec 2025"
    assert "Dec 2026" in shown


def test_value_axes_are_round_and_whole_when_asked():
    assert value_axis("m", 93).ticks() == [0, 20, 40, 60, 80, 100]
    assert value_axis("reps", 9, whole=True).ticks() == [0, 2, 4, 6, 8, 10]
    assert all(t == int(t) for t in value_axis("reps", 3, whole=True).ticks())


@pytest.fixture
def seeded(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        seed_history(store, start=START, days=400)
        yield store


@pytest.mark.parametrize("days", [1, 10, 45, 200, 400])
@pytest.mark.parametrize("width", [320, 700, 1300])
def test_laid_out_tick_labels_are_unique_and_do_not_overlap(qapp, seeded, days, width):
    sessions = seeded.sessions(START, START + timedelta(days=days - 1))
    first, last = START, START + timedelta(days=days - 1)
    weeks = weekly_summary(sessions, first, last)
    progress = seeded.exercise_progress("glute_bridge", first, last)
    font = QFont()
    metrics = QFontMetricsF(font)
    trend = pain_trend(sessions, None, last)
    for chart in (pain_chart(sessions, first, last, trend), minutes_chart(weeks, first, last),
                  progress_chart("Glute bridge", progress, first, last)):
        lay = layout_chart(chart, QRectF(0, 0, width, 300), metrics, 96.0)
        shown = [t.label for t in lay.x_ticks]
        assert shown
        assert len(shown) == len(set(shown)), shown
        boxes = sorted((t.at - metrics.horizontalAdvance(t.label) / 2,
                        t.at + metrics.horizontalAdvance(t.label) / 2) for t in lay.x_ticks)
        for (_a, right), (left, _b) in pairwise(boxes):
            assert right < left, shown
        for ticks in (lay.left_ticks, lay.right_ticks):
            values = [t.label for t in ticks]
            assert len(values) == len(set(values))


def test_a_chart_paints_on_any_device(qapp, seeded):
    sessions = seeded.sessions()
    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    lay = paint_chart(painter, QRectF(0, 0, 800, 400),
                      pain_chart(sessions, sessions[0].day, sessions[-1].day,
                                 pain_trend(sessions, None, sessions[-1].day)), QFont(), PAPER)
    painter.end()
    assert lay.x_ticks
    # Something other than white was drawn inside the plot.
    centre = lay.plot.center()
    column = {image.pixel(int(centre.x()), y) for y in range(int(lay.plot.top()),
                                                             int(lay.plot.bottom()))}
    assert len(column) > 2


def test_every_status_decision_and_reason_has_one_label_and_tone(qapp):
    statuses = {labels.status_label(s) for s in SessionStatus}
    assert len(statuses) == len(SessionStatus)
    assert labels.status_label(SessionStatus.OPEN) == "In progress"
    assert labels.status_tone(SessionStatus.COMPLETED) is labels.Tone.NEUTRAL
    assert labels.status_tone(SessionStatus.STOPPED) is labels.Tone.WARN
    names = {labels.decision_label(d) for d in Decision}
    assert len(names) == len(Decision)
    assert labels.decision_tone(Decision.CONTINUE) is labels.Tone.OK
    assert labels.decision_tone(Decision.EMERGENCY) is labels.Tone.DANGER
    outcomes = {labels.step_outcome_label(True, r) for r in SkipReason}
    assert len(outcomes) == len(SkipReason)
    assert labels.step_outcome_label(False, None) == "done"
    assert labels.step_outcome_label(True, None) == "skipped"
    assert set(labels.PAPER_TONES) == set(labels.Tone)
