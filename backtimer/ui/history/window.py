"""The history window: the sessions, one session's detail, charts, calendar and exercises.

Opening must stay fast with ten years of history (7,300 sessions, 100,000 step rows): the session
list is a model (rows are drawn on demand), and the chart, calendar and exercise tabs
(ui/history/tabs.py) are filled only when shown after the filter changed. One session's detail is
ui/history/detail.py.

Exports go through the same functions as the command line (reports.csv_export, reports.pdf_report).
The file dialog is one method, `ask_save_path`, so tests replace it and no dialog ever waits for a
click; the outcome is shown in the status line, never in a modal box.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.records import SessionRow, SessionStatus
from backtimer.storage.history import HistoryStore
from backtimer.ui.history.detail import SessionDetail
from backtimer.ui.history.model import SessionTableModel
from backtimer.ui.history.tables import Filter, fit_headers, pydate, qdate
from backtimer.ui.history.tabs import CalendarTab, ChartsTab, ExercisesTab

logger = logging.getLogger(__name__)

FILTER_DELAY_MS = 200  # typing a date fires many changes; apply the last one
PREFERRED = QSize(1000, 700)
# Room kept for a window manager's frame and title bar, which Qt cannot measure before the window
# is first shown: 1366x768 with a 32 px panel leaves 736 px, and 700 plus a title bar overflowed.
FRAME_ALLOWANCE = QSize(16, 48)


def _buddy_label(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    """A label for a control, wide enough for its text as drawn.

    With a mnemonic, Qt draws the text in pieces without kerning, while the size hint measures it
    kerned: "To" came out 13 px wide and its "o" was cut to a "c". The minimum width here adds
    the characters' own widths instead.
    """
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    shown = text.replace("&", "")
    metrics = label.fontMetrics()
    label.setMinimumWidth(sum(metrics.horizontalAdvance(c) for c in shown) + 1)
    return label


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
        self._fitted = False
        self._sessions: list[SessionRow] = []
        self._first_day = self.today
        self._stale: set[QWidget] = set()
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
        self.charts_tab = ChartsTab(self)
        self.tabs.addTab(self.charts_tab, self.tr("&Pain and time"))
        self.calendar_tab = CalendarTab(store, self.today, self)
        self.tabs.addTab(self.calendar_tab, self.tr("&Calendar"))
        self.exercises_tab = ExercisesTab(store, self)
        self.tabs.addTab(self.exercises_tab, self.tr("E&xercises"))
        # The tabs' parts, by the names the window always had.
        self.pain_view = self.charts_tab.pain_view
        self.minutes_view = self.charts_tab.minutes_view
        self.calendar = self.calendar_tab.calendar
        self.streak = self.calendar_tab.streak
        self.month_note = self.calendar_tab.month_note
        self.exercise_table = self.exercises_tab.exercise_table
        self.progress_view = self.exercises_tab.progress_view
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
        from_label = _buddy_label(self.tr("&From"), self.from_edit, self)
        to_label = _buddy_label(self.tr("&To"), self.to_edit, self)
        self.routine_box = QComboBox(self)
        self.routine_box.setAccessibleName(self.tr("Routine"))
        self.routine_box.currentIndexChanged.connect(self._filter_changed)
        routine_label = _buddy_label(self.tr("&Routine"), self.routine_box, self)
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
        self._size_columns()
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.detail = SessionDetail(self.store, split)
        self.detail_title = self.detail.title
        self.steps_table = self.detail.steps_table
        self.pain_table = self.detail.pain_table
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        return page

    def _size_columns(self) -> None:
        """Each column as wide as its widest possible cell (the last one stretches), and never
        narrower than its header."""
        metrics = self.table.fontMetrics()
        pad = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        names = [name for _id, name in self.store.routines()]
        samples = SessionTableModel.sample_texts(names)
        for column, texts in enumerate(samples):
            widest = max(metrics.horizontalAdvance(t) for t in texts)
            self.table.setColumnWidth(column, min(widest, metrics.averageCharWidth() * 40) + pad)
        fit_headers(self.table)

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
        self._first_day = first
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(True)
            edit.setDateRange(qdate(min(first, self.today)), QDate(9999, 12, 31))
        self.from_edit.setDate(qdate(first))
        self.to_edit.setDate(qdate(max(self.today, first)))
        for edit in (self.from_edit, self.to_edit):
            edit.blockSignals(False)

    def _range(self) -> tuple[date, date]:
        return pydate(self.from_edit.date()), pydate(self.to_edit.date())

    def _routine(self) -> str | None:
        value = self.routine_box.currentData()
        return str(value) if value else None

    def set_filter(self, since: date | None = None, until: date | None = None,
                   routine: str | None = None) -> None:
        """Set the filter controls and apply them at once (also for tests and the main window)."""
        if since is not None:
            self.from_edit.setDate(qdate(since))
        if until is not None:
            self.to_edit.setDate(qdate(until))
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
        self._stale = {self.charts_tab, self.calendar_tab, self.exercises_tab}
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.detail.show_session(None)
        self._tab_changed(self.tabs.currentIndex())

    def _update_summary(self) -> None:
        s = self._sessions
        done = sum(x.exercises_done for x in s)
        planned = sum(x.exercises_planned for x in s)
        minutes = sum(x.done_seconds for x in s) / 60
        stopped = sum(1 for x in s if x.status == SessionStatus.STOPPED)
        interrupted = sum(1 for x in s if x.status == SessionStatus.INTERRUPTED)
        self.summary.setText(
            self.tr("{count} sessions, {minutes} minutes of exercise, {done} of {planned} "
                    "exercises done; {stopped} stopped, {interrupted} interrupted.").format(
                count=len(s), minutes=f"{minutes:.0f}", done=done, planned=planned,
                stopped=stopped, interrupted=interrupted))

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page in self._stale and isinstance(page, ChartsTab | CalendarTab | ExercisesTab):
            self._stale.discard(page)
            since, until = self._range()
            page.refresh(Filter(self._sessions, since, until, self._routine(), self.today,
                                cut_at_start=since > self._first_day))

    # -- detail ----------------------------------------------------------------------------------

    def _row_changed(self, current: object, _previous: object) -> None:
        row = current.row() if hasattr(current, "row") else -1
        self.detail.show_session(self.model.session_at(row))

    # -- notices and exports ---------------------------------------------------------------------

    def _show_notices(self, interrupted: Sequence[SessionRow]) -> None:
        parts: list[str] = []
        if self.store.notice:
            parts.append(self.store.notice)
        if interrupted:
            when = ", ".join(s.started_at.strftime("%d %b %H:%M") for s in interrupted[:3])
            if len(interrupted) == 1:
                text = self.tr("A session did not finish because the program stopped ({when}); "
                               "the exercises done are kept and it is shown as interrupted.")
            else:
                text = self.tr("{count} sessions did not finish because the program stopped "
                               "({when}); the exercises done are kept and they are shown as "
                               "interrupted.")
            parts.append(text.format(when=when, count=len(interrupted)))
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
            self.status.setText(self.tr("Could not save {path}: {reason}").format(
                path=path, reason=exc.strerror or str(exc)))
            return None
        self.status.setText(self.tr("Saved {count} row(s) to {path}.", "", rows).format(
            count=rows, path=path))
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
            self.status.setText(self.tr("Could not save {path}: {reason}").format(
                path=path, reason=exc.strerror or str(exc)))
            return None
        self.status.setText(self.tr("Saved a {count}-page report to {path}.", "", pages).format(
            count=pages, path=path))
        self.exported.emit("pdf", path)
        return path

    def fit_within(self, available: QRect) -> None:
        """Take the preferred size, or less, so the window and its frame fit `available`."""
        room = available.size() - FRAME_ALLOWANCE
        self.resize(max(self.minimumSizeHint().width(), min(PREFERRED.width(), room.width())),
                    max(self.minimumSizeHint().height(), min(PREFERRED.height(),
                                                             room.height())))
        self.move(available.left() + max(0, (room.width() - self.width()) // 2),
                  available.top() + max(0, (room.height() - self.height()) // 2))

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            self.fit_within(self.screen().availableGeometry())
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._filter_timer.stop()
        super().closeEvent(event)
