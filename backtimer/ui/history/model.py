"""The session list of the history window as a Qt model (newest first).

A model, not a QTableWidget: the view asks only for the rows it shows, so ten years of sessions
(7,300 rows) cost nothing more to open than ten.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from backtimer.core.records import SessionRow

Index = QModelIndex | QPersistentModelIndex


def _t(text: str) -> str:
    return QCoreApplication.translate("HistoryWindow", text)


def status_text(status: str) -> str:
    labels = {
        "completed": _t("Completed"),
        "stopped": _t("Stopped"),
        "interrupted": _t("Interrupted"),
        "open": _t("In progress"),
    }
    return labels.get(status, status)


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
        self._warn = QColor("#8a4b00")

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
                return s.started_at.strftime("%a %d %b %Y, %H:%M")
            if column == "routine":
                return s.routine_name
            if column == "duration":
                return duration_text(s.done_seconds)
            if column == "exercises":
                return f"{s.exercises_done}/{s.exercises_planned}"
            if column == "pain":
                return pain_text(s.baseline_pain, s.final_pain)
            return status_text(s.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("duration", "exercises",
                                                                    "pain"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return s.end_message or None
        if (role == Qt.ItemDataRole.ForegroundRole and column == "status"
                and s.status != "completed"):
            return self._warn
        return None
