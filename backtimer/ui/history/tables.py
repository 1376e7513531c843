"""Small pieces the history window's tabs share: read-only tables, date conversions, the filter.

Tables size their columns so that no header is cut: `fit_headers` widens a column to its header
text (tests/gui/test_history_window.py measures it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from backtimer.core.records import SessionRow
from backtimer.core.trends import PainTrend, pain_trend

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Filter:
    """What the window's controls select: the tabs are built from this."""

    sessions: list[SessionRow]
    since: date
    until: date
    routine: str | None
    today: date
    cut_at_start: bool  # sessions before `since` exist: its week may not be whole

    def trend(self) -> PainTrend:
        """The pain trend over the weeks of the selection that are whole and over."""
        return pain_trend(self.sessions, self.since if self.cut_at_start else None,
                          min(self.until, self.today - timedelta(days=1)))


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def header_width(table: QTableView, column: int) -> int:
    """The width the header of `column` needs: its text, the style's margins, a sort arrow."""
    header = table.horizontalHeader()
    text = str(table.model().headerData(column, Qt.Orientation.Horizontal))
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    return max(header.sectionSizeHint(column),
               header.fontMetrics().horizontalAdvance(text) + 4 * margin)


def fit_headers(table: QTableView) -> None:
    """Widen every column that is narrower than its header text (the last one stretches)."""
    header = table.horizontalHeader()
    for column in range(table.model().columnCount()):
        needed = header_width(table, column)
        if header.sectionSize(column) < needed:
            header.resizeSection(column, needed)
        header.setMinimumSectionSize(min(header.minimumSectionSize(), needed))


def readonly_table(parent: QWidget, headers: Sequence[str], name: str) -> QTableWidget:
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


def fill(table: QTableWidget, rows: Sequence[Sequence[str]], right: Sequence[int] = (), *,
         stretch: int | None = None) -> None:
    """Replace the table's rows, then size the columns to their cells and headers.

    Columns listed in `right` (numbers) are right-aligned; `stretch` takes the room left over.
    """
    table.setUpdatesEnabled(False)
    table.setRowCount(len(rows))
    align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(align)
            table.setItem(r, c, item)
    if stretch is not None:
        # Before sizing: switching the last section's stretch off later would shrink it back to
        # the default width and cut its header.
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.resizeColumnsToContents()
    fit_headers(table)
    table.setUpdatesEnabled(True)
