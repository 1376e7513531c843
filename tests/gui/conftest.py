"""GUI test guards: no test may leave a QTimer running behind it (napari's dangling-timer rule)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def no_dangling_timers(qapp: QApplication):
    yield
    running = [
        f"{type(w).__name__}/{t.objectName() or 'QTimer'}"
        for w in QApplication.topLevelWidgets()
        if w.isVisible()
        for t in w.findChildren(QTimer)
        if t.isActive()
    ]
    for widget in QApplication.topLevelWidgets():
        widget.close()
    assert not running, f"test left timers running: {running}"
