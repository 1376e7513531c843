"""File > Print exercise sheet...: ask where to save the selected routine's sheet, then write it.

The sheet itself is reports/sheet.py, the same PDF `backtimer routine sheet` writes. A file name
without ".pdf" gets it, so the file opens in a PDF viewer; a place that cannot be written (a folder,
a link, no permission) is said in a warning, and nothing is replaced that is not a regular file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from backtimer.core.plan import Plan
from backtimer.core.settings import Settings
from backtimer.reports.sheet import write_sheet

logger = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("SheetDialog", text)


def save_sheet_dialog(parent: QWidget, plan: Plan, settings: Settings) -> Path | None:
    """The path the sheet was written to, or None when cancelled or it could not be written."""
    name, _ = QFileDialog.getSaveFileName(parent, _t("Save the exercise sheet"),
                                          f"{plan.routine.id}-sheet.pdf", _t("PDF (*.pdf)"))
    if not name:
        return None
    path = Path(name) if name.lower().endswith(".pdf") else Path(f"{name}.pdf")
    try:
        write_sheet(plan, settings, path)
    except OSError as exc:
        logger.warning("exercise sheet not written to %s: %s", path, exc)
        QMessageBox.warning(parent, _t("Sheet not saved"), str(exc))
        return None
    return path
