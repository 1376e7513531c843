"""The session list of the history window as a Qt model (newest first).

A model, not a QTableWidget: the view asks only for the rows it shows, so ten years of sessions
(7,300 rows) cost nothing more to open than ten.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QGuiApplication

from backtimer.core.records import SessionRow, SessionStatus
from backtimer.paint.labels import Tone, status_label, status_tone
from backtimer.ui.theme import session_colors

Index = QModelIndex | QPersistentModelIndex
DATE_FORMAT = "%a %d %b %Y, %H:%M"


def duration_text(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def pain_text(before: int | None, after: int | None) -> str:
    a = "\u2013" if before is None else str(before)
    b = "\u2013" if after is None else str(after)
    return f"{a} \u2192 {b}"


class SessionTableModel(QAbstractTableModel):
    COLUMNS = ("date", "routine", "duration", "exercises", "pain", "status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SessionRow] = []
        self._headers = (
            self.tr("Date"), self.tr("Routine"), self.tr("Duration"), self.tr("Exercises"),
            self.tr("Pain before \u2192 after"), self.tr("Status"),
        )
        self._colours = session_colors(QGuiApplication.palette())

    @staticmethod
    def sample_texts(routine_names: Sequence[str]) -> list[list[str]]:
        """Per column, the texts its widest cell can hold, so widths are set without measuring
        7,300 rows: every weekday and month of the date format, the routines' names, and so on."""
        days = [datetime(2026, month, 21 + k, 23, 59) for month in range(1, 13) for k in range(7)]
        return [
            [d.strftime(DATE_FORMAT) for d in days],
            list(routine_names) or ["Morning mobility"],
            [duration_text(5999)],
            ["10/10"],
            [pain_text(10, 10)],
            [status_label(status) for status in SessionStatus],
        ]

    def set_sessions(self, sessions: Sequence[SessionRow]) -> None:
        self.beginResetModel()
        self._rows = list(reversed(sessions))
        self.endResetModel()

    def session_at(self, row: int) -> SessionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, session_id: int) -> int:
        for n, s in enumerate(self._rows):
            if s.id == session_id:
                return n
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == "date":
                return s.started_at.strftime(DATE_FORMAT)
            if column == "routine":
                return s.routine_name
            if column == "duration":
                return duration_text(s.done_seconds)
            if column == "exercises":
                return f"{s.exercises_done}/{s.exercises_planned}"
            if column == "pain":
                return pain_text(s.baseline_pain, s.final_pain)
            return status_label(SessionStatus(s.status))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("duration", "exercises",
                                                                    "pain"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return s.end_message or None
        if role == Qt.ItemDataRole.ForegroundRole and column == "status":
            tone = status_tone(SessionStatus(s.status))
            return None if tone is Tone.NEUTRAL else self._colours[tone.value]
        return None
