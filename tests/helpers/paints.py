"""Counting paint events, to see what a change on screen repaints (GUI tests and benchmarks)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject


class PaintCounter(QObject):
    """An event filter that counts paint events per widget class (and object name)."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            name = type(watched).__name__ + (f"#{watched.objectName()}" if watched.objectName()
                                             else "")
            self.counts[name] = self.counts.get(name, 0) + 1
        return False
