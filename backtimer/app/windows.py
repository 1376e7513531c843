"""The program's other windows and the File menu's actions, opened from the main window's menus.

Each window is made on first use and kept (its state survives closing it); the controller
(app/controller.py) owns the main window and sessions and hands this class what it needs.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from backtimer.core.library import LoadError
from backtimer.core.settings import Settings
from backtimer.ui.avoid_page import AvoidWindow
from backtimer.ui.history.window import HistoryWindow
from backtimer.ui.routine_editor.editor import RoutineEditor
from backtimer.ui.routine_editor.files import ask_export_path, ask_import_path
from backtimer.ui.settings.dialog import SettingsDialog
from backtimer.ui.sheet_dialog import save_sheet_dialog

if TYPE_CHECKING:
    from backtimer.app.controller import App

logger = logging.getLogger(__name__)


class Windows(QObject):
    """Settings, routine editor, history, moves to avoid; import, export, print a sheet."""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.app = app
        self.settings_dialog: SettingsDialog | None = None
        self.editor: RoutineEditor | None = None
        self.history_window: HistoryWindow | None = None
        self.avoid_window: AvoidWindow | None = None
        window = app.window
        window.import_action.triggered.connect(self.import_routine)
        window.export_action.triggered.connect(self.export_routine)
        window.sheet_action.triggered.connect(self.save_sheet)
        window.settings_action.triggered.connect(self.open_settings)
        window.editor_action.triggered.connect(self.open_editor)
        window.history_action.triggered.connect(self.open_history)
        window.avoid_action.triggered.connect(self.open_avoid)

    def apply_settings(self, settings: Settings) -> None:
        if self.editor is not None:
            self.editor.set_settings(settings)

    def open_settings(self) -> None:
        from backtimer.speech.process import available_voices, speak_sample

        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(
                self.app.settings, voices=available_voices(self.app.speaker),
                test_voice=lambda s: speak_sample(self.app.speaker, s, self.app.clock),
                routines=self.app._routine_choices(), parent=self.app.window)
            self.settings_dialog.settings_changed.connect(self.app.save_settings)
        self.settings_dialog.show()
        self.settings_dialog.raise_()

    def open_editor(self) -> None:
        if self.editor is None:
            self.editor = RoutineEditor(self.app.catalog, self.app.settings)
            self.editor.setWindowIcon(self.app.window.windowIcon())
        self.editor.show()
        self.editor.raise_()

    def open_history(self) -> None:
        if self.history_window is None:
            self.history_window = HistoryWindow(self.app.history, interrupted=self.app._interrupted)
            self.history_window.setWindowIcon(self.app.window.windowIcon())
        else:
            self.history_window.apply_filter()
        self.history_window.show()
        self.history_window.raise_()

    def open_avoid(self) -> None:
        if self.avoid_window is None:
            self.avoid_window = AvoidWindow(self.app.library)
            self.avoid_window.setWindowIcon(self.app.window.windowIcon())
        self.avoid_window.show()
        self.avoid_window.raise_()

    def import_routine(self) -> None:
        path = ask_import_path(self.app.window)
        if path is None:
            return
        try:
            routine = self.app.catalog.import_file(path)  # saves it; the listeners refresh
        except LoadError as exc:
            QMessageBox.warning(self.app.window, self.tr("Routine not imported"), str(exc))
            return
        except OSError as exc:
            QMessageBox.warning(self.app.window, self.tr("Routine not imported"), f"{path}: {exc}")
            return
        self.app.window.routines.select(routine.id)

    def export_routine(self) -> None:
        routine = self.app.window.routines.current_routine()
        if routine is None:
            return
        path = ask_export_path(self.app.window, f"{routine.id}.json")
        if path is not None:
            try:
                self.app.catalog.export(routine, path)
            except OSError as exc:
                QMessageBox.warning(self.app.window, self.tr("Routine not exported"),
                                    f"{path}: {exc}")

    def save_sheet(self) -> None:
        app = self.app
        routine = app.window.routines.current_routine()
        if routine is not None and (
                path := save_sheet_dialog(app.window, app.plan(routine), app.settings)):
            self.app.window.statusBar().showMessage(
                self.tr("Exercise sheet saved: {path}").format(path=path))
