"""The history window over a seeded history, its exports, and the clinician PDF."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import QAreaSeries, QBarSeries, QChartView, QLineSeries
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QTabWidget,
    QWidget,
)

from backtimer.reports.pdf_report import write_report
from backtimer.storage.history import HistoryStore
from backtimer.ui.history.window import HistoryWindow
from tests.helpers.history import seed_history

# The offscreen platform warns when a shown window's size hints change; harmless there.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 8, 1)
DAYS = 45


def pdf_pages(path: Path) -> int:
    """Pages of a PDF: pdfinfo when installed, and Qt's page objects counted in any case."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    counted = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                              check=True).stdout
        assert int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1)) == counted
    return counted


@pytest.fixture
def store(tmp_path: Path):
    with HistoryStore.open(tmp_path / "history.sqlite3") as s:
        seed_history(s, start=TODAY - timedelta(days=DAYS), days=DAYS, open_last=True)
        db = s.bulk_connection()
        with db:
            db.execute("UPDATE sessions SET status = 'stopped', end_message = "
                       "'Stopping: pain has risen by three points.' WHERE id IN (5, 20)")
            db.execute("UPDATE sessions SET pid = NULL WHERE status = 'open'")
        yield s


@pytest.fixture
def window(qtbot, store):
    closed = store.close_interrupted()
    win = HistoryWindow(store, today=TODAY, interrupted=closed)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def cell(win: HistoryWindow, row: int, column: int) -> str:
    return win.model.data(win.model.index(row, column))


def test_the_window_shows_the_seeded_history_newest_first(window, store):
    sessions = store.sessions()
    assert window.model.rowCount() == len(sessions) == DAYS
    newest = sessions[-1]
    assert cell(window, 0, 0) == newest.started_at.strftime("%a %d %b %Y, %H:%M")
    assert cell(window, 0, 1) == newest.routine_name
    assert cell(window, 0, 3) == f"{newest.exercises_done}/5"
    assert cell(window, 0, 4) == f"{newest.baseline_pain} \u2192 {newest.final_pain}"
    assert cell(window, 0, 5) == "Interrupted"
    assert window.notice.isVisible()
    assert "did not finish" in window.notice.text()
    assert f"{DAYS} sessions" in window.summary.text()
    assert "2 stopped, 1 interrupted" in window.summary.text()
    # The newest session is selected and its detail shown.
    assert window.table.currentIndex().row() == 0
    assert "interrupted" in window.detail_title.text()
    assert window.steps_table.rowCount() == len(store.steps(newest.id)) == 14
    assert window.steps_table.item(0, 0).text() == "Knee to chest"
    assert window.pain_table.rowCount() == 5
    assert window.table.hasFocus() or window.focusWidget() is window.table


def test_selecting_a_stopped_session_shows_why(window, qtbot):
    row = window.model.row_of(20)
    window.table.selectRow(row)
    assert cell(window, row, 5) == "Stopped"
    assert "Stopping: pain has risen by three points." in window.detail_title.text()
    assert window.model.data(window.model.index(row, 5),
                             Qt.ItemDataRole.ToolTipRole).startswith("Stopping")


def test_filters_by_routine_and_dates(window):
    window.set_filter(routine="core")
    routines = {cell(window, r, 1) for r in range(window.model.rowCount())}
    assert routines == {"Core, step by step"}
    window.set_filter(since=TODAY - timedelta(days=10), until=TODAY - timedelta(days=6),
                      routine=None)
    assert window.model.rowCount() == 5
    window.set_filter(since=TODAY + timedelta(days=5), until=TODAY + timedelta(days=6))
    assert window.model.rowCount() == 0
    assert window.detail_title.text() == "No session in this range."
    window.from_edit.setDate(QDate(2026, 7, 30))
    window.to_edit.setDate(QDate(2026, 7, 1))
    window.apply_filter()
    assert "before the start date" in window.status.text()


def test_typing_in_a_date_applies_once_after_a_pause(window, qtbot):
    window.set_filter(since=TODAY - timedelta(days=DAYS))
    window.to_edit.setDate(QDate(2026, 7, 20))
    window.to_edit.setDate(QDate(2026, 7, 25))
    assert window._filter_timer.isActive()
    assert window._filter_timer.parent() is window
    qtbot.waitUntil(lambda: not window._filter_timer.isActive(), timeout=2000)
    assert cell(window, 0, 0).startswith("Sat 25 Jul 2026")


def test_chart_tab_has_the_pain_band_and_weekly_minutes(window):
    window.tabs.setCurrentWidget(window.charts_tab)
    series = window.pain_view.chart().series()
    assert any(isinstance(s, QAreaSeries) for s in series)  # the meaningful-change band
    lines = {s.name(): s for s in series if isinstance(s, QLineSeries)}
    assert {"before", "after"} <= set(lines)
    assert lines["before"].count() == DAYS
    [bars] = [s for s in window.minutes_view.chart().series() if isinstance(s, QBarSeries)]
    values = [bars.barSets()[0].at(i) for i in range(bars.barSets()[0].count())]
    assert len(values) == 7  # weeks touching 17 Jun .. 1 Aug
    assert all(v > 0 for v in values)
    assert "Pain before sessions went from" in window.pain_view.accessibleDescription()


def test_calendar_marks_exercised_days_and_shows_the_streak(window):
    window.tabs.setCurrentWidget(window.calendar_tab)
    exercised = window.calendar.dateTextFormat(QDate(2026, 7, 20))
    assert exercised.background().color().name() == "#c8e6c9"
    assert window.calendar.dateTextFormat(QDate(2026, 8, 1)).background().style() == \
        Qt.BrushStyle.NoBrush
    assert window.streak.text() == f"Current streak: {DAYS} days in a row"
    assert "July 2026" in window.month_note.text()
    window.calendar.setCurrentPage(2026, 6)
    assert window.calendar.dateTextFormat(QDate(2026, 6, 20)).background().color().name() == \
        "#c8e6c9"


def test_exercise_tab_lists_pain_skips_and_progression(window, store):
    window.tabs.setCurrentWidget(window.exercises_tab)
    table = window.exercise_table
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert names == ["Bird-dog", "Cat-cow", "Glute bridge", "Knee to chest", "Pelvic tilt"]
    summary = {e.exercise_name: e for e in store.exercise_summary(TODAY - timedelta(days=DAYS),
                                                                  TODAY)}
    for r, name in enumerate(names):
        expected = summary[name].sessions_skipped_for_pain
        assert table.item(r, 4).text().startswith(f"{expected} (")
    chart = window.progress_view.chart()
    assert chart.title() == "Bird-dog: hold and reps over time"
    assert {s.name() for s in chart.series()} == {"hold planned", "hold done (mean)",
                                                  "reps done per set"}
    table.setCurrentCell(1, 0)
    assert window.progress_view.chart().title().startswith("Cat-cow")
    assert {s.name() for s in window.progress_view.chart().series()} == {"reps done per set"}


def _inside_compound(widget: QWidget) -> bool:
    """Parts of a compound control (the calendar's own buttons, a combo's list) are its own."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QCalendarWidget | QComboBox | QDateEdit | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def test_every_control_is_named_and_reachable_by_keyboard(window):
    for tab in (window.charts_tab, window.calendar_tab, window.exercises_tab):
        window.tabs.setCurrentWidget(tab)  # build every tab
    kinds = (QAbstractButton, QComboBox, QDateEdit, QAbstractItemView, QCalendarWidget,
             QChartView, QTabWidget)
    controls = [w for w in window.findChildren(QWidget)
                if isinstance(w, kinds) and not _inside_compound(w)]
    assert len(controls) >= 12
    for w in controls:
        assert w.accessibleName(), f"{type(w).__name__} has no accessible name"
        assert w.focusPolicy() != Qt.FocusPolicy.NoFocus, type(w).__name__
    for button in (window.csv_button, window.pdf_button):
        assert "&" in button.text()
    for index in range(window.tabs.count()):
        assert "&" in window.tabs.tabText(index)


def test_export_csv_from_the_window_without_a_dialog(window, qtbot, tmp_path, store):
    target = tmp_path / "mine"
    window.ask_save_path = lambda *_: target  # no dialog ever waits for a click
    with qtbot.waitSignal(window.exported) as signal:
        window.csv_button.click()
    path = target.with_suffix(".csv")
    assert signal.args == ["csv", path]
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    assert len(rows) == len(store.steps(1)) * DAYS
    assert "Saved" in window.status.text()
    window.ask_save_path = lambda *_: None  # cancelled
    assert window.export_csv() is None


def test_export_reports_a_failure_in_the_status_line(window, tmp_path):
    window.ask_save_path = lambda *_: tmp_path / "missing" / "x.csv"
    assert window.export_csv() is None
    assert "Could not save" in window.status.text()


def test_pdf_report_from_the_window_has_the_expected_pages(window, tmp_path):
    target = tmp_path / "report.pdf"
    window.ask_save_path = lambda *_: target
    assert window.save_report() == target
    # Page 1: summary and charts; page 2: weekly table, skips, cautions, the start of the
    # 45-row session list; page 3: the rest of the list.
    assert pdf_pages(target) == 3
    assert "3-page report" in window.status.text()
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_pdf_report_page_count_follows_the_content(qapp, tmp_path):
    with HistoryStore.open(tmp_path / "small.sqlite3") as small:
        seed_history(small, start=TODAY - timedelta(days=5), days=5)
        assert write_report(small, tmp_path / "small.pdf", today=TODAY) == 2
        assert pdf_pages(tmp_path / "small.pdf") == 2
    with HistoryStore.open(tmp_path / "empty.sqlite3") as empty:
        assert write_report(empty, tmp_path / "empty.pdf", today=TODAY) == 2
        assert pdf_pages(tmp_path / "empty.pdf") == 2


def test_an_empty_history_opens_without_errors(qtbot, tmp_path):
    with HistoryStore.open(tmp_path / "empty.sqlite3") as empty:
        win = HistoryWindow(empty, today=TODAY)
        qtbot.addWidget(win)
        win.show()
        for index in range(win.tabs.count()):
            win.tabs.setCurrentIndex(index)
        assert win.model.rowCount() == 0
        assert win.streak.text().startswith("No streak yet")
        assert not win.notice.isVisible()
        win.close()


def test_cli_report_needs_no_display(store, tmp_path):
    history = store.path
    data_home = tmp_path / "xdg-data"
    (data_home / "backtimer").mkdir(parents=True)
    shutil.copy(history, data_home / "backtimer" / "history.sqlite3")
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update({"XDG_DATA_HOME": str(data_home), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
                "PYTHONPATH": str(ROOT)})
    out = tmp_path / "clinic.pdf"
    since = (TODAY - timedelta(days=10)).isoformat()
    result = subprocess.run([sys.executable, "-m", "backtimer", "history", "report",
                             "--output", str(out), "--since", since],
                            capture_output=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b""
    assert pdf_pages(out) == 2  # ten sessions: one page of charts, one of tables


# --- the progression suggestion ----------------------------------------------------------------


def green_sessions(store: HistoryStore, n: int, *, final_rise: int = 0) -> None:
    from backtimer.core.records import StepOutcome
    from backtimer.storage.history import now_local

    for k in range(n):
        at = now_local() - timedelta(days=n - k)
        sid = store.start_session(routine_id="core", routine_name="Core", started_at=at,
                                  baseline_pain=2, planned_seconds=600, exercises_planned=1)
        store.write_step(sid, StepOutcome(
            item=0, exercise_id="bridge", exercise_name="Bridge", side=None, set_no=1,
            sets_planned=2, hold_planned=10.0, hold_actual=10.0, reps_planned=5, reps_done=5,
            skipped=False, skip_reason=None, ended_at=at), done_seconds=60, exercises_done=0)
        store.write_pain(sid, value=2 + (final_rise if k == n - 1 else 0),
                         decision="continue", exercise_id="bridge", item=0, message="",
                         rated_at=at, done_seconds=60)
        store.end_session(sid, status="completed", ended_at=at, message="", done_seconds=60,
                          exercises_done=1)


def test_suggestion_banner_accepts_with_one_click_and_records_it(qtbot, tmp_path):
    from backtimer.ui.history.suggestions import SuggestionBanner

    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        green_sessions(store, 3)
        banner = SuggestionBanner(store)
        qtbot.addWidget(banner)
        [s] = banner.refresh()
        assert not banner.isHidden()
        assert "3 sessions of Core in a row" in banner.text.text()
        assert "Bridge: hold 10 s \u2192 15 s" in banner.text.text()
        with qtbot.waitSignal(banner.accepted) as signal:
            banner.accept_button.click()
        assert signal.args == [s]
        assert banner.isHidden()
        [(kind, routine, based_on, accepted, changes, _when)] = store.suggestion_log()
        assert (kind, routine, based_on, accepted) == ("progress", "core", s.based_on, True)
        assert "hold 10 s" in changes
        assert banner.refresh() == []  # the same evidence never asks twice


def test_suggestion_banner_offers_a_lighter_plan_and_can_be_dismissed(qtbot, tmp_path):
    from backtimer.ui.history.suggestions import SuggestionBanner

    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        green_sessions(store, 3, final_rise=2)
        banner = SuggestionBanner(store)
        qtbot.addWidget(banner)
        [s] = banner.refresh()
        assert s.kind == "lighten"
        assert "lighter plan" in banner.text.text()
        assert "Bridge: sets 2 \u2192 1" in banner.text.text()
        assert banner.accept_button.accessibleName()
        assert banner.dismiss_button.accessibleName()
        with qtbot.waitSignal(banner.dismissed):
            banner.dismiss_button.click()
        assert store.suggestion_log()[0][3] is False
        assert banner.refresh() == []
