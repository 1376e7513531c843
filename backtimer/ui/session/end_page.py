"""The page at the end of a session: complete or stopped, how long it took, back to routines."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from backtimer.ui.fonts import follow

logger = logging.getLogger(__name__)


def format_clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class EndPage(QWidget):
    """Emits `leave` when the person goes back to the routines."""

    leave = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        follow(self.title, 2.6, bold=True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.message = QLabel()
        follow(self.message, 1.4)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.button = QPushButton(self.tr("Back to routines (Enter)"))
        follow(self.button, 1.4, bold=True)
        self.button.setAccessibleName(self.tr("Back to routines"))
        self.button.clicked.connect(self.leave.emit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)

    def show_completed(self, routine: str, took: str, for_pain: list[str],
                       by_you: list[str]) -> None:
        """"Complete" only when every exercise was done; otherwise say what was left out, why."""
        if not for_pain and not by_you:
            self.title.setText(self.tr("Session complete. Well done!"))
        else:
            self.title.setText(self.tr("Session finished"))
        lines = [self.tr("{routine} finished in {time}.").format(routine=routine, time=took)]
        if for_pain:
            lines.append(self.tr("Left out because of pain: {names}.").format(
                names=", ".join(for_pain)))
        if by_you:
            lines.append(self.tr("Skipped by you: {names}.").format(names=", ".join(by_you)))
        self.message.setText("\n".join(lines))

    def show_stopped(self, message: str) -> None:
        self.title.setText(self.tr("Session stopped"))
        self.message.setText(message)

