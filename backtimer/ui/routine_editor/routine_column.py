"""The editor's middle column: the routine being edited, its exercises and the selected one's form,
the estimated length, a status line that says whether everything is saved, and a Save button."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.models import Library, Routine
from backtimer.ui.routine_editor.item_form import ItemForm
from backtimer.ui.routine_editor.items_panel import ItemsPanel
from backtimer.ui.routine_editor.routines_panel import make_button

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RoutineColumn", text)


class RoutineColumn(QGroupBox):
    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Routine"), parent)
        layout = QVBoxLayout(self)
        self.readonly_note = QLabel(
            _tr("Built in, so it cannot be changed: \u201cDuplicate\u201d makes your own copy."),
            self)
        self.readonly_note.setObjectName("readonly_note")
        self.readonly_note.setWordWrap(True)
        layout.addWidget(self.readonly_note)

        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("routine_name")
        self.name_edit.setAccessibleName(_tr("Routine name"))
        self.name_edit.setMaxLength(80)
        self.goal_edit = QLineEdit(self)
        self.goal_edit.setObjectName("routine_goal")
        self.goal_edit.setAccessibleName(_tr("Goal of the routine"))
        self.goal_edit.setPlaceholderText(_tr("Optional, e.g. \u201cloosen up after work\u201d"))
        self.goal_edit.setMaxLength(200)
        name_label = QLabel(_tr("&Name"), self)
        name_label.setBuddy(self.name_edit)
        goal_label = QLabel(_tr("&Goal"), self)
        goal_label.setBuddy(self.goal_edit)
        form.addRow(name_label, self.name_edit)
        form.addRow(goal_label, self.goal_edit)
        layout.addLayout(form)

        self.items_panel = ItemsPanel(library, self)
        layout.addWidget(self.items_panel, 1)
        self.item_form = ItemForm(self)
        layout.addWidget(self.item_form)

        self.estimate_label = QLabel(self)
        self.estimate_label.setObjectName("estimate")
        self.estimate_label.setAccessibleName(_tr("Estimated length"))
        layout.addWidget(self.estimate_label)
        status_row = QHBoxLayout()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status")
        self.status_label.setAccessibleName(_tr("Saved or not"))
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = make_button(self, _tr("&Save"), "save_routine",
                                       _tr("Save the routine now (Ctrl+S); changes are also "
                                           "saved as you make them"))
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(status_row)

    def show_routine(self, routine: Routine | None) -> None:
        editable = routine is not None and not routine.builtin
        self.name_edit.setText("" if routine is None else routine.name)
        self.goal_edit.setText("" if routine is None else routine.goal)
        self.goal_edit.setCursorPosition(0)  # show a long goal from its start
        self.readonly_note.setVisible(routine is not None and routine.builtin)
        self.name_edit.setReadOnly(not editable)
        self.goal_edit.setReadOnly(not editable)
        self.name_edit.setEnabled(routine is not None)
        self.goal_edit.setEnabled(routine is not None)
