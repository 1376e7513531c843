"""The history window: the sessions, one session's detail, charts, calendar and exercises.

Opening must stay fast with ten years of history (7,300 sessions, 100,000 step rows): the session
list is a model (rows are drawn on demand), and the chart, calendar and exercise tabs are built
only when first shown and rebuilt only when shown after the filter changed. The calendar marks
only the month on screen.

Exports go through the same functions as the command line (reports.csv_export, reports.pdf_report).
The file dialog is one method, `ask_save_path`, so tests replace it and no dialog ever waits for a
click; the outcome is shown in the status line, never in a modal box.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QShortcut,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.records import SessionRow
from backtimer.core.trends import current_streak, exercised_days, weekly_summary
from backtimer.storage.history import HistoryStore
from backtimer.ui.history.charts import minutes_chart, pain_chart, progress_chart
from backtimer.ui.history.model import SessionTableModel, duration_text, pain_text, status_text

logger = logging.getLogger(__name__)

FILTER_DELAY_MS = 200  # typing a date fires many changes; apply the last one

def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _readonly_table(parent: QWidget, headers: Sequence[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAccessibleName(name)
    table.setTabKeyNavigation(False)
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]],
          right: Sequence[int] = ()) -> None:
    """Replace the table's rows; columns listed in `right` (numbers) are right-aligned."""
    table.setUpdatesEnabled(False)
    table.setRowCount(len(rows))
    align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(align)
            table.setItem(r, c, item)
    table.setUpdatesEnabled(True)


class HistoryWindow(QWidget):
    """Top-level window over an open HistoryStore (the caller owns and closes the store)."""

    exported = Signal(str, Path)  # kind ("csv" or "pdf"), path

    def __init__(self, store: HistoryStore, parent: QWidget | None = None, *,
                 today: date | None = None, interrupted: Sequence[SessionRow] = ()) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.today = today or datetime.now().date()
        self.setWindowTitle(self.tr("History \u2013 backtimer"))
        self.setAccessibleName(self.tr("Session history"))
        self.resize(1000, 700)
        self._sessions: list[SessionRow] = []
        self._stale: set[str] = {"charts", "calendar", "exercises"}
        self._days: set[date] = set()
        self._filter_timer = QTimer(self)
        self._filter_timer.setObjectName("history_filter_timer")
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter)

        layout = QVBoxLayout(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice.setStyleSheet(
            "QLabel { background: #fff4e5; color: #4a2a00; border: 1px solid #e0b070; "
            "border-radius: 4px; padding: 6px; }")
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        layout.addLayout(self._build_filters())

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("History views"))
        self.tabs.addTab(self._build_sessions_tab(), self.tr("&Sessions"))
        self.charts_tab = QWidget(self)
        self.tabs.addTab(self.charts_tab, self.tr("&Pain and time"))
        self.calendar_tab = QWidget(self)
        self.tabs.addTab(self.calendar_tab, self.tr("&Calendar"))
        self.exercises_tab = QWidget(self)
        self.tabs.addTab(self.exercises_tab, self.tr("E&xercises"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)

        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Status"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        close = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        close.activated.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.close)

        self._show_notices(interrupted)
        self._load_routines()
        self._init_range()
        self.apply_filter()
        self.table.setFocus()

    # -- building --------------------------------------------------------------------------------

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.from_edit = QDateEdit(self)
        self.to_edit = QDateEdit(self)
        for edit, name in ((self.from_edit, self.tr("From date")),
                           (self.to_edit, self.tr("To date"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._filter_changed)
        from_label = QLabel(self.tr("&From"), self)
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(self.tr("&To"), self)
        to_label.setBuddy(self.to_edit)
        self.routine_box = QComboBox(self)
        self.routine_box.setAccessibleName(self.tr("Routine"))
        self.routine_box.currentIndexChanged.connect(self._filter_changed)
        routine_label = QLabel(self.tr("&Routine"), self)
        routine_label.setBuddy(self.routine_box)
        self.csv_button = QPushButton(self.tr("Export &CSV\u2026"), self)
        self.csv_button.setAccessibleName(self.tr("Export the history as CSV"))
        self.csv_button.clicked.connect(self.export_csv)
        self.pdf_button = QPushButton(self.tr("Clinician &report (PDF)\u2026"), self)
        self.pdf_button.setAccessibleName(self.tr("Save a report for a clinician as PDF"))
        self.pdf_button.clicked.connect(self.save_report)
        for widget in (from_label, self.from_edit, to_label, self.to_edit, routine_label,
                       self.routine_box):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.csv_button)
        row.addWidget(self.pdf_button)
        return row

    def _build_sessions_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.summary = QLabel(page)
        self.summary.setAccessibleName(self.tr("Summary of the shown sessions"))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical, page)
        self.model = SessionTableModel(self)
        self.table = QTableView(split)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Sessions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        # Fixed widths: ResizeToContents would measure all 7,300 rows on opening.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in enumerate((24, 26, 10, 11, 20)):
            self.table.setColumnWidth(column, chars * char + 16)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        detail = QWidget(split)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_title = QLabel(detail)
        self.detail_title.setAccessibleName(self.tr("Selected session"))
        self.detail_title.setWordWrap(True)
        detail_layout.addWidget(self.detail_title)
        inner = QSplitter(Qt.Orientation.Horizontal, detail)
        self.steps_table = _readonly_table(
            inner, (self.tr("Exercise"), self.tr("Side"), self.tr("Set"), self.tr("Hold"),
                    self.tr("Reps"), self.tr("Outcome")), self.tr("Steps of the session"))
        self.pain_table = _readonly_table(
            inner, (self.tr("Time"), self.tr("After"), self.tr("Pain"), self.tr("Decision")),
            self.tr("Pain ratings of the session"))
        inner.addWidget(self.steps_table)
        inner.addWidget(self.pain_table)
        inner.setStretchFactor(0, 3)
        inner.setStretchFactor(1, 2)
        detail_layout.addWidget(inner, 1)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        return page

    def _build_charts(self) -> None:
        if not hasattr(self, "pain_view"):
            layout = QVBoxLayout(self.charts_tab)
            self.pain_view = QChartView(self.charts_tab)
            self.minutes_view = QChartView(self.charts_tab)
            for view, name in ((self.pain_view, self.tr("Pain before and after chart")),
                               (self.minutes_view, self.tr("Minutes per week chart"))):
                view.setRenderHint(QPainter.RenderHint.Antialiasing)
                view.setAccessibleName(name)
                view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                view.setMinimumHeight(220)
                layout.addWidget(view, 1)
        font = QFont(self.font())
        old = (self.pain_view.chart(), self.minutes_view.chart())
        sessions = self._sessions
        self.pain_view.setChart(pain_chart(sessions, font))
        first, last = self._range()
        weeks = weekly_summary(sessions, first, last) if sessions else []
        self.minutes_view.setChart(minutes_chart(weeks, font))
        for chart in old:
            chart.deleteLater()
        self.pain_view.setAccessibleDescription(self._pain_description())
        self.minutes_view.setAccessibleDescription(
            self.tr("{n} weeks; {m} minutes in total.").replace("{n}", str(len(weeks)))
            .replace("{m}", f"{sum(w.minutes for w in weeks):.0f}"))

    def _build_calendar(self) -> None:
        if not hasattr(self, "calendar"):
            layout = QHBoxLayout(self.calendar_tab)
            self.calendar = QCalendarWidget(self.calendar_tab)
            self.calendar.setAccessibleName(self.tr("Calendar of the days exercised"))
            self.calendar.setGridVisible(True)
            self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self.calendar.setVerticalHeaderFormat(
                QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
            self.calendar.setMinimumSize(460, 320)
            self.calendar.setMaximumSize(720, 520)
            self.calendar.currentPageChanged.connect(lambda _y, _m: self._mark_month())
            layout.addWidget(self.calendar, 3)
            side = QVBoxLayout()
            self.streak = QLabel(self.calendar_tab)
            self.streak.setAccessibleName(self.tr("Current streak"))
            self.streak.setWordWrap(True)
            big = QFont(self.font())
            big.setPointSizeF(big.pointSizeF() * 1.4)
            big.setBold(True)
            self.streak.setFont(big)
            side.addWidget(self.streak)
            self.month_note = QLabel(self.calendar_tab)
            self.month_note.setAccessibleName(self.tr("Days exercised in the month shown"))
            self.month_note.setWordWrap(True)
            side.addWidget(self.month_note)
            key = QLabel(self.tr("Days with a green background are days with at least one "
                                 "exercise done. Page with the arrows or Ctrl+Page Up/Down."),
                         self.calendar_tab)
            key.setWordWrap(True)
            key.setAccessibleName(self.tr("Calendar key"))
            side.addWidget(key)
            side.addStretch(1)
            layout.addLayout(side, 2)
            self._marked: list[QDate] = []
        self._days = exercised_days(self._sessions)
        all_days = exercised_days(self.store.sessions())
        streak = current_streak(all_days, self.today)
        if streak == 0:
            text = self.tr("No streak yet: a session today starts one.")
        elif streak == 1:
            text = self.tr("Current streak: 1 day")
        else:
            text = self.tr("Current streak: %1 days in a row").replace("%1", str(streak))
        self.streak.setText(text)
        _first, last = self._range()
        shown = self.today if self.today in self._days or not self._days else max(
            d for d in self._days if d <= max(last, self.today))
        self.calendar.setSelectedDate(_qdate(shown))
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
        self._marked = [_qdate(d) for d in sorted(self._days) if start <= d <= end]
        for day in self._marked:
            self.calendar.setDateTextFormat(day, mark)
        in_month = sum(1 for d in self._days if d.year == year and d.month == month)
        self.month_note.setText(
            self.tr("Days exercised in %1: %2")
            .replace("%1", QDate(year, month, 1).toString("MMMM yyyy"))
            .replace("%2", str(in_month)))

    def _build_exercises(self) -> None:
        if not hasattr(self, "exercise_table"):
            layout = QVBoxLayout(self.exercises_tab)
            split = QSplitter(Qt.Orientation.Vertical, self.exercises_tab)
            self.exercise_table = _readonly_table(
                split, (self.tr("Exercise"), self.tr("Sessions"), self.tr("Sets"),
                        self.tr("Sets not finished"), self.tr("Skipped or stopped for pain")),
                self.tr("Exercises"))
            self.exercise_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            self.exercise_table.currentCellChanged.connect(
                lambda row, _c, _pr, _pc: self._exercise_selected(row))
            self.progress_view = QChartView(split)
            self.progress_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.progress_view.setAccessibleName(self.tr("Hold and reps progression chart"))
            self.progress_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            split.addWidget(self.exercise_table)
            split.addWidget(self.progress_view)
            split.setStretchFactor(0, 1)
            split.setStretchFactor(1, 2)
            layout.addWidget(split)
        since, until = self._range()
        self._exercises = self.store.exercise_summary(since, until, self._routine())
        rows = []
        for e in self._exercises:
            share = 100 * e.sessions_skipped_for_pain / max(1, e.sessions)
            rows.append((e.exercise_name, str(e.sessions), str(e.sets), str(e.sets_skipped),
                         f"{e.sessions_skipped_for_pain} ({share:.0f}%)"))
        _fill(self.exercise_table, rows, right=(1, 2, 3, 4))
        self.exercise_table.resizeColumnsToContents()
        header = self.exercise_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if rows:
            self.exercise_table.setCurrentCell(0, 0)
            self._exercise_selected(0)
        else:
            self._exercise_selected(-1)

    def _exercise_selected(self, row: int) -> None:
        old = self.progress_view.chart()
        if 0 <= row < len(self._exercises):
            e = self._exercises[row]
            since, until = self._range()
            progress = self.store.exercise_progress(e.exercise_id, since, until)
            chart = progress_chart(e.exercise_name, progress, QFont(self.font()))
        else:
            chart = progress_chart("", [], QFont(self.font()))
        self.progress_view.setChart(chart)
        old.deleteLater()

    # -- filtering -------------------------------------------------------------------------------

    def _load_routines(self) -> None:
        self.routine_box.blockSignals(True)
        self.routine_box.clear()
        self.routine_box.addItem(self.tr("All routines"), None)
        for routine_id, name in self.store.routines():
            self.routine_box.addItem(name, routine_id)
        self.routine_box.blockSignals(False)

    def _init_range(self) -> None:
        row = self.store.bulk_connection().execute(
            "SELECT min(started_at) FROM sessions").fetchone()
        first = datetime.fromisoformat(row[0]).date() if row and row[0] else self.today
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(True)
            edit.setDateRange(_qdate(min(first, self.today)), QDate(9999, 12, 31))
        self.from_edit.setDate(_qdate(first))
        self.to_edit.setDate(_qdate(max(self.today, first)))
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(False)

    def _range(self) -> tuple[date, date]:
        return _pydate(self.from_edit.date()), _pydate(self.to_edit.date())

    def _routine(self) -> str | None:
        value = self.routine_box.currentData()
        return str(value) if value else None

    def set_filter(self, since: date | None = None, until: date | None = None,
                   routine: str | None = None) -> None:
        """Set the filter controls and apply them at once (also for tests and the main window)."""
        if since is not None:
            self.from_edit.setDate(_qdate(since))
        if until is not None:
            self.to_edit.setDate(_qdate(until))
        index = self.routine_box.findData(routine) if routine else 0
        self.routine_box.setCurrentIndex(max(0, index))
        self.apply_filter()

    def _filter_changed(self, *_args: object) -> None:
        self._filter_timer.start()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        since, until = self._range()
        if until < since:
            self.status.setText(self.tr("The end date is before the start date."))
            return
        self._sessions = self.store.sessions(since, until, self._routine())
        self.model.set_sessions(self._sessions)
        self._update_summary()
        self._stale = {"charts", "calendar", "exercises"}
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self._show_detail(None)
        self._tab_changed(self.tabs.currentIndex())

    def _update_summary(self) -> None:
        s = self._sessions
        done = sum(x.exercises_done for x in s)
        planned = sum(x.exercises_planned for x in s)
        minutes = sum(x.done_seconds for x in s) / 60
        stopped = sum(1 for x in s if x.status == "stopped")
        interrupted = sum(1 for x in s if x.status == "interrupted")
        self.summary.setText(
            self.tr("{n} sessions, {m} minutes of exercise, {d} of {p} exercises done; "
                    "{s} stopped, {i} interrupted.")
            .replace("{n}", str(len(s))).replace("{m}", f"{minutes:.0f}")
            .replace("{d}", str(done)).replace("{p}", str(planned))
            .replace("{s}", str(stopped)).replace("{i}", str(interrupted)))

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        for name, tab, build in (("charts", self.charts_tab, self._build_charts),
                                 ("calendar", self.calendar_tab, self._build_calendar),
                                 ("exercises", self.exercises_tab, self._build_exercises)):
            if page is tab and name in self._stale:
                self._stale.discard(name)
                build()

    # -- detail ----------------------------------------------------------------------------------

    def _row_changed(self, current: object, _previous: object) -> None:
        row = current.row() if hasattr(current, "row") else -1
        self._show_detail(self.model.session_at(row))

    def _show_detail(self, session: SessionRow | None) -> None:
        if session is None:
            self.detail_title.setText(self.tr("No session in this range."))
            _fill(self.steps_table, [])
            _fill(self.pain_table, [])
            return
        title = self.tr("{date}: {routine}, {status}, {dur} of about {planned} min; pain "
                        "{pain}.")
        title = (title.replace("{date}", session.started_at.strftime("%A %d %B %Y, %H:%M"))
                 .replace("{routine}", session.routine_name)
                 .replace("{status}", status_text(session.status).lower())
                 .replace("{dur}", duration_text(session.done_seconds))
                 .replace("{planned}", f"{session.planned_seconds / 60:.0f}")
                 .replace("{pain}", pain_text(session.baseline_pain, session.final_pain)))
        if session.end_message:
            title += " " + session.end_message
        self.detail_title.setText(title)
        steps = self.store.steps(session.id)
        names: dict[str, str] = {}
        rows = []
        for st in steps:
            names[st.exercise_id] = st.exercise_name
            if st.hold_planned is None:
                hold = "\u2013"
            elif st.hold_actual is None:
                hold = f"{st.hold_planned:.0f} s"
            else:
                hold = f"{st.hold_actual:.0f}/{st.hold_planned:.0f} s"
            if not st.skipped:
                outcome = self.tr("done")
            else:
                outcome = {
                    "pain": self.tr("skipped: pain"),
                    "stopped": self.tr("not finished: session ended"),
                    "user": self.tr("skipped"),
                }.get(st.skip_reason or "user", self.tr("skipped"))
            side = {"left": self.tr("left"), "right": self.tr("right")}.get(st.side or "", "")
            rows.append((st.exercise_name, side, f"{st.set_no}/{st.sets_planned}", hold,
                         f"{st.reps_done}/{st.reps_planned}", outcome))
        _fill(self.steps_table, rows, right=(2, 3, 4))
        pains = []
        for p in self.store.pain_ratings(session.id):
            decision = self._decision_label(p.decision)
            if p.message and p.message.rstrip(".") != decision:
                decision += f": {p.message}"
            pains.append((p.rated_at.strftime("%H:%M"), names.get(p.exercise_id or "",
                                                                   p.exercise_id or ""),
                          f"{p.value}/10", decision))
        _fill(self.pain_table, pains, right=(2,))
        self.steps_table.resizeColumnsToContents()
        self.pain_table.resizeColumnsToContents()

    def _decision_label(self, decision: str) -> str:
        labels = {
            "continue": self.tr("Continue"),
            "caution": self.tr("Go gently"),
            "skip_exercise": self.tr("Skip exercise"),
            "stop_session": self.tr("Stop session"),
            "emergency": self.tr("Emergency"),
        }
        return labels.get(decision, decision)

    def _pain_description(self) -> str:
        rated = [s for s in self._sessions if s.baseline_pain is not None]
        if not rated:
            return self.tr("No pain ratings in this range.")
        first = rated[0].baseline_pain
        last = rated[-1].baseline_pain
        return (self.tr("Pain before sessions went from {a} to {b}.")
                .replace("{a}", str(first)).replace("{b}", str(last)))

    # -- notices and exports ---------------------------------------------------------------------

    def _show_notices(self, interrupted: Sequence[SessionRow]) -> None:
        parts: list[str] = []
        if self.store.notice:
            parts.append(self.store.notice)
        if interrupted:
            when = ", ".join(s.started_at.strftime("%d %b %H:%M") for s in interrupted[:3])
            if len(interrupted) == 1:
                text = self.tr("A session did not finish because the program stopped (%1); "
                               "the exercises done are kept and it is shown as interrupted.")
            else:
                text = self.tr("%2 sessions did not finish because the program stopped (%1); "
                               "the exercises done are kept and they are shown as "
                               "interrupted.").replace("%2", str(len(interrupted)))
            parts.append(text.replace("%1", when))
        self.notice.setText(" ".join(parts))
        self.notice.setVisible(bool(parts))

    def ask_save_path(self, caption: str, suggested: str, file_filter: str) -> Path | None:
        """Ask where to save; tests replace this method so no dialog waits for a click."""
        name, _ = QFileDialog.getSaveFileName(self, caption, str(Path.home() / suggested),
                                              file_filter)
        return Path(name) if name else None

    def export_csv(self) -> Path | None:
        from backtimer.reports.csv_export import export_csv

        since, until = self._range()
        path = self.ask_save_path(self.tr("Export the history as CSV"),
                                  f"backtimer-history-{self.today:%Y%m%d}.csv",
                                  self.tr("CSV files (*.csv)"))
        if path is None:
            return None
        if path.suffix == "":
            path = path.with_suffix(".csv")
        try:
            rows = export_csv(self.store, path, since=since, until=until)
        except OSError as exc:
            self.status.setText(self.tr("Could not save %1: %2").replace("%1", str(path))
                                .replace("%2", exc.strerror or str(exc)))
            return None
        self.status.setText(self.tr("Saved %n row(s) to %1.", "", rows).replace("%1", str(path)))
        self.exported.emit("csv", path)
        return path

    def save_report(self) -> Path | None:
        from backtimer.reports.pdf_report import write_report

        since, until = self._range()
        path = self.ask_save_path(self.tr("Save a report for a clinician"),
                                  f"backtimer-report-{self.today:%Y%m%d}.pdf",
                                  self.tr("PDF files (*.pdf)"))
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            pages = write_report(self.store, path, since=since, until=until, today=self.today)
        except OSError as exc:
            self.status.setText(self.tr("Could not save %1: %2").replace("%1", str(path))
                                .replace("%2", exc.strerror or str(exc)))
            return None
        self.status.setText(self.tr("Saved a %n-page report to %1.", "", pages)
                            .replace("%1", str(path)))
        self.exported.emit("pdf", path)
        return path

    def closeEvent(self, event: QCloseEvent) -> None:
        self._filter_timer.stop()
        super().closeEvent(event)
