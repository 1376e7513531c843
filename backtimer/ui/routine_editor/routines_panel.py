"""The editor's left column: every routine (built-in ones marked), and what can be done to one."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from backtimer.ui.routine_editor.lists import KEY, RoutineList

logger = logging.getLogger(__name__)


# Wider names are elided (the tooltip has them whole), so the three columns fit a 1366 px wide
# screen even at 1.5 times the text size.
_MAX_NAME_CHARS = 26


def _tr(text: str) -> str:
    return QCoreApplication.translate("RoutinesPanel", text)


def make_button(parent: QWidget, text: str, name: str, description: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(text.rstrip("\u2026").replace("&", ""))
    button.setAccessibleDescription(description)
    button.setToolTip(description)
    return button


class RoutinesPanel(QGroupBox):
    """The list of routines and the New, Duplicate, Rename, Delete, Import and Export buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Routines"), parent)
        layout = QVBoxLayout(self)
        self.routines_list = RoutineList(self)
        self.routines_list.setObjectName("routines_list")
        self.routines_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.routines_list.setAccessibleName(_tr("Routines"))
        self.routines_list.setAccessibleDescription(
            _tr("Built-in routines cannot be changed; duplicate one to make your own copy")
        )
        layout.addWidget(self.routines_list, 1)
        grid = QGridLayout()
        self.new_button = make_button(self, _tr("New"), "new_routine",
                                      _tr("Start a new, empty routine"))
        self.duplicate_button = make_button(
            self, _tr("Duplicate"), "duplicate_routine",
            _tr("Make an editable copy of the selected routine"))
        self.rename_button = make_button(self, _tr("Rename"), "rename_routine",
                                         _tr("Edit the name of the selected routine"))
        self.delete_button = make_button(self, _tr("Delete"), "delete_routine",
                                         _tr("Delete the selected routine"))
        self.import_button = make_button(self, _tr("Import\u2026"), "import_routine",
                                         _tr("Add a routine from a file"))
        self.export_button = make_button(
            self, _tr("Export\u2026"), "export_routine",
            _tr("Save the selected routine to a file to share it"))
        for index, button in enumerate((
            self.new_button, self.duplicate_button, self.rename_button, self.delete_button,
            self.import_button, self.export_button,
        )):
            grid.addWidget(button, index // 2, index % 2)
        layout.addLayout(grid)

    def fill(self, entries: list[tuple[str, str]]) -> None:
        """Show (id, text) entries in this order; the selection is the caller's to restore."""
        self.routines_list.blockSignals(True)
        try:
            self.routines_list.clear()
            for routine_id, text in entries:
                item = QListWidgetItem(text)
                item.setData(KEY, routine_id)
                self.routines_list.addItem(item)
        finally:
            self.routines_list.blockSignals(False)
        self.fit()

    def add(self, routine_id: str, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(KEY, routine_id)
        self.routines_list.addItem(item)
        self.fit()
        return item

    def find_routine(self, routine_id: str) -> QListWidgetItem | None:
        for row in range(self.routines_list.count()):
            item = self.routines_list.item(row)
            if item.data(KEY) == routine_id:
                return item
        return None

    def ids(self) -> list[str]:
        return [self.routines_list.item(i).data(KEY) for i in range(self.routines_list.count())]

    def current_id(self) -> str | None:
        item = self.routines_list.currentItem()
        return None if item is None else str(item.data(KEY))

    def fit(self) -> None:
        """Wide enough for the routine names, within reason; a longer one is elided, and its
        tooltip has it whole. (Word wrap here left stale row heights after the width changed.)"""
        metrics = self.routines_list.fontMetrics()
        widest = 0
        for row in range(self.routines_list.count()):
            item = self.routines_list.item(row)
            item.setToolTip(item.text())
            widest = max(widest, metrics.horizontalAdvance(item.text()))
        frame = 2 * self.routines_list.frameWidth() + 3 * metrics.averageCharWidth()
        self.routines_list.setMinimumWidth(
            min(widest + frame, _MAX_NAME_CHARS * metrics.averageCharWidth() + frame)
        )
