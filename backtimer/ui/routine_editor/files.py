"""The file choosers for importing and exporting a routine, shared by the main window's File menu
and the routine editor, so both ask the same way (what is read or written is the catalog's job)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RoutineFiles", text)


def ask_import_path(parent: QWidget | None) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent, _tr("Import a routine"), str(Path.home()),
        _tr("Routine files (*.json);;All files (*)"),
    )
    return Path(name) if name else None


def ask_export_path(parent: QWidget | None, suggested: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(
        parent, _tr("Export the routine"), str(Path.home() / suggested),
        _tr("Routine files (*.json)"),
    )
    return Path(name) if name else None
