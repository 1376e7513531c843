"""Guard against the PySide6 release that leaks references to None (see pyproject.toml)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_consume_references_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(1000):
        label.setText(str(n))
    # On 3.12+ None is immortal and its count never moves; on 3.11 it must not fall by ~1000.
    assert before - sys.getrefcount(None) < 50
