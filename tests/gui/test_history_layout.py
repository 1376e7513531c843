"""The history window is readable: it fits a 1366x768 screen, no table header is cut, no chart
repeats or overlaps an axis label, no filter label is clipped, at 1x and 2x text."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QTableView

from backtimer.storage.history import HistoryStore
from backtimer.ui.history.chart_view import ChartView
from backtimer.ui.history.window import HistoryWindow
from tests.helpers.history import seed_history

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TODAY = date(2026, 12, 1)
# 1366x768 less a 32 px desktop panel: what a window may use on the laptop.
LAPTOP = QRect(0, 32, 1366, 768 - 32)


@pytest.fixture(params=[1.0, 2.0], ids=["1x", "2x"])
def text_scale(request, qapp):
    font = QApplication.font()
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * request.param)
    QApplication.setFont(scaled)
    yield request.param
    QApplication.setFont(font)


@pytest.fixture(params=[45, 400], ids=["45d", "400d"])
def window(request, qtbot, tmp_path, text_scale):
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    seed_history(store, start=TODAY - timedelta(days=request.param), days=request.param)
    win = HistoryWindow(store, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.fit_within(LAPTOP)  # after show: showing fits the window to the (offscreen) screen
    for index in range(win.tabs.count()):  # fill every tab
        win.tabs.setCurrentIndex(index)
    yield win
    win.close()
    store.close()


def _tables(win: HistoryWindow) -> list[QTableView]:
    return [win.table, win.steps_table, win.pain_table, win.exercise_table]


def test_the_window_fits_the_laptop_screen(window):
    assert window.minimumSizeHint().width() <= LAPTOP.width()
    assert window.minimumSizeHint().height() <= LAPTOP.height()
    geometry = window.geometry()
    assert LAPTOP.contains(geometry), (geometry, LAPTOP)
    # Room is left for a title bar above and a frame around.
    assert geometry.height() <= LAPTOP.height() - 30


def test_no_table_header_is_cut(window):
    for table in _tables(window):
        window.tabs.setCurrentWidget(_tab_of(window, table))
        header = table.horizontalHeader()
        metrics = header.fontMetrics()
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        for column in range(table.model().columnCount()):
            text = str(table.model().headerData(column, header.orientation()))
            needed = metrics.horizontalAdvance(text) + 2 * margin
            assert header.sectionSize(column) >= needed, (table.accessibleName(), text)


def _tab_of(win: HistoryWindow, widget):
    for index in range(win.tabs.count()):
        page = win.tabs.widget(index)
        if page.isAncestorOf(widget):
            return page
    raise AssertionError(f"{widget} is on no tab")


def test_chart_axis_labels_never_repeat_or_overlap(window):
    for tab in (window.charts_tab, window.exercises_tab):
        window.tabs.setCurrentWidget(tab)
        for view in tab.findChildren(ChartView):
            layout = view.chart_layout()
            metrics = view.fontMetrics()
            shown = [t.label for t in layout.x_ticks]
            assert shown, view.accessibleName()
            assert len(shown) == len(set(shown)), (view.accessibleName(), shown)
            spans = sorted((t.at - metrics.horizontalAdvance(t.label) / 2,
                            t.at + metrics.horizontalAdvance(t.label) / 2)
                           for t in layout.x_ticks)
            for (_a, right), (left, _b) in pairwise(spans):
                assert right < left, (view.accessibleName(), shown)
            for ticks in (layout.left_ticks, layout.right_ticks):
                labels = [t.label for t in ticks]
                assert len(labels) == len(set(labels)), labels
                ats = sorted(t.at for t in ticks)
                for a, b in pairwise(ats):
                    assert b - a >= metrics.height(), (view.accessibleName(), labels)


def test_filter_labels_are_not_clipped(window):
    for label in window.findChildren(QLabel):
        if label.buddy() is None:
            continue
        text = label.text().replace("&", "")
        drawn = sum(label.fontMetrics().horizontalAdvance(c) for c in text)
        assert label.width() >= drawn, text
