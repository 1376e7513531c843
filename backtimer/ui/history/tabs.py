"""The history window's lazily filled tabs: charts, calendar and exercises.

Each tab builds its widgets once and fills them in `refresh(selection)`, which the window calls
only when the tab is shown after the filter changed, so opening ten years of history stays fast.
The calendar marks only the six weeks on screen.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.records import ExerciseSummary
from backtimer.core.trends import current_streak, exercised_days, weekly_summary
from backtimer.paint.charts import minutes_chart, pain_chart, progress_chart
from backtimer.storage.history import HistoryStore
from backtimer.ui.history.chart_view import ChartView
from backtimer.ui.history.tables import Filter, fill, qdate, readonly_table

logger = logging.getLogger(__name__)


class ChartsTab(QWidget):
    """Pain before and after each session, and minutes per week."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # With large text the two charts need more height than the window has: they scroll
        # instead of being squeezed until their axes are unreadable.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(scroll)
        layout = QVBoxLayout(inner)
        self.pain_view = ChartView(inner)
        self.minutes_view = ChartView(inner)
        for view, name in ((self.pain_view, self.tr("Pain before and after chart")),
                           (self.minutes_view, self.tr("Minutes per week chart"))):
            view.setAccessibleName(name)
            layout.addWidget(view, 1)
        scroll.setWidget(inner)
        outer.addWidget(scroll)

    def refresh(self, selection: Filter) -> None:
        sessions, first, last = selection.sessions, selection.since, selection.until
        self.pain_view.set_chart(pain_chart(sessions, first, last, selection.trend()))
        weeks = weekly_summary(sessions, first, last) if sessions else []
        self.minutes_view.set_chart(minutes_chart(weeks, first, last))
        rated = [s.baseline_pain for s in sessions if s.baseline_pain is not None]
        self.pain_view.setAccessibleDescription(
            self.tr("Pain before sessions went from {first} to {last}.").format(
                first=rated[0], last=rated[-1]) if rated else
            self.tr("No pain ratings in this range."))
        self.minutes_view.setAccessibleDescription(
            self.tr("{weeks} weeks; {minutes} minutes in total.").format(
                weeks=len(weeks), minutes=f"{sum(w.minutes for w in weeks):.0f}"))


class CalendarTab(QWidget):
    """The days exercised, month by month, and the current streak."""

    def __init__(self, store: HistoryStore, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self._days: set[date] = set()
        self._marked: list[QDate] = []
        layout = QHBoxLayout(self)
        self.calendar = QCalendarWidget(self)
        self.calendar.setAccessibleName(self.tr("Calendar of the days exercised"))
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        line = self.fontMetrics().height()
        self.calendar.setMinimumSize(line * 24, line * 16)
        self.calendar.setMaximumSize(line * 40, line * 28)
        self.calendar.currentPageChanged.connect(lambda _y, _m: self._mark_month())
        layout.addWidget(self.calendar, 3)
        side = QVBoxLayout()
        self.streak = QLabel(self)
        self.streak.setAccessibleName(self.tr("Current streak"))
        self.streak.setWordWrap(True)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.4)
        big.setBold(True)
        self.streak.setFont(big)
        side.addWidget(self.streak)
        self.month_note = QLabel(self)
        self.month_note.setAccessibleName(self.tr("Days exercised in the month shown"))
        self.month_note.setWordWrap(True)
        side.addWidget(self.month_note)
        key = QLabel(self.tr("Days with a green background are days with at least one "
                             "exercise done. Page with the arrows or Ctrl+Page Up/Down."), self)
        key.setWordWrap(True)
        key.setAccessibleName(self.tr("Calendar key"))
        side.addWidget(key)
        side.addStretch(1)
        layout.addLayout(side, 2)

    def refresh(self, selection: Filter) -> None:
        self._days = exercised_days(selection.sessions)
        streak = current_streak(exercised_days(self.store.sessions()), self.today)
        if streak == 0:
            text = self.tr("No streak yet: a session today starts one.")
        elif streak == 1:
            text = self.tr("Current streak: 1 day")
        else:
            text = self.tr("Current streak: {count} days in a row").format(count=streak)
        self.streak.setText(text)
        shown = self.today if self.today in self._days or not self._days else max(
            d for d in self._days if d <= max(selection.until, self.today))
        self.calendar.setSelectedDate(qdate(shown))
        self.calendar.setCurrentPage(shown.year, shown.month)
        self._mark_month()

    def _mark_month(self) -> None:
        """Mark the exercised days of the six weeks on screen (cheap for any history length)."""
        plain = QTextCharFormat()
        for day in self._marked:
            self.calendar.setDateTextFormat(day, plain)
        mark = QTextCharFormat()
        mark.setBackground(QColor("#c8e6c9"))
        mark.setForeground(QColor("#1b5e20"))
        mark.setFontWeight(QFont.Weight.Bold)
        mark.setToolTip(self.tr("Exercised"))
        year, month = self.calendar.yearShown(), self.calendar.monthShown()
        start = date(year, month, 1) - timedelta(days=7)
        end = date(year, month, 1) + timedelta(days=45)
        self._marked = [qdate(d) for d in sorted(self._days) if start <= d <= end]
        for day in self._marked:
            self.calendar.setDateTextFormat(day, mark)
        in_month = sum(1 for d in self._days if d.year == year and d.month == month)
        self.month_note.setText(self.tr("Days exercised in {month}: {count}").format(
            month=QDate(year, month, 1).toString("MMMM yyyy"), count=in_month))


class ExercisesTab(QWidget):
    """Per exercise: how often it was done or skipped for pain, and its dose over time."""

    def __init__(self, store: HistoryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._exercises: list[ExerciseSummary] = []
        self._selection: Filter | None = None
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.exercise_table = readonly_table(
            split, (self.tr("Exercise"), self.tr("Sessions"), self.tr("Sets"),
                    self.tr("Sets not finished"), self.tr("Skipped or stopped for pain")),
            self.tr("Exercises"))
        self.exercise_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.exercise_table.currentCellChanged.connect(
            lambda row, _c, _pr, _pc: self._exercise_selected(row))
        self.progress_view = ChartView(split)
        self.progress_view.setAccessibleName(self.tr("Hold and reps progression chart"))
        split.addWidget(self.exercise_table)
        split.addWidget(self.progress_view)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout.addWidget(split)

    def refresh(self, selection: Filter) -> None:
        self._selection = selection
        self._exercises = self.store.exercise_summary(selection.since, selection.until,
                                                      selection.routine)
        rows = []
        for e in self._exercises:
            share = 100 * e.sessions_skipped_for_pain / max(1, e.sessions)
            rows.append((e.exercise_name, str(e.sessions), str(e.sets), str(e.sets_skipped),
                         f"{e.sessions_skipped_for_pain} ({share:.0f}%)"))
        fill(self.exercise_table, rows, right=(1, 2, 3, 4), stretch=0)
        if rows:
            self.exercise_table.setCurrentCell(0, 0)
            self._exercise_selected(0)
        else:
            self._exercise_selected(-1)

    def _exercise_selected(self, row: int) -> None:
        if self._selection is None:
            return
        since, until = self._selection.since, self._selection.until
        if 0 <= row < len(self._exercises):
            e = self._exercises[row]
            progress = self.store.exercise_progress(e.exercise_id, since, until)
            chart = progress_chart(e.exercise_name, progress, since, until)
        else:
            chart = progress_chart("", [], since, until)
        self.progress_view.set_chart(chart)
