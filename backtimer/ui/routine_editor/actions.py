"""What the routine editor does to routines, all through the catalog: list them (and follow the
catalog when something else changes it), save, save under a new name's id, delete (after
asking), import and export, and the messages each may need.

A mixin of `RoutineEditor` (editor.py), which owns the widgets; kept apart so the window's layout
and its actions can each be read on their own. Message boxes are window-modal and opened with
`open()`, so nothing ever waits for a click.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import cast

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from backtimer.core.library import LoadError
from backtimer.core.models import Routine
from backtimer.storage.catalog import Catalog, unique_routine_id
from backtimer.ui.routine_editor.routines_panel import RoutinesPanel

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RoutineEditor", text)


class EditorActions:
    """Saving and the file actions of the editor; the editor provides the attributes below."""

    _catalog: Catalog
    _draft: Routine | None
    _unsaved: dict[str, Routine]
    _own_change: bool
    status_label: QLabel
    routines_panel: RoutinesPanel
    error_box: QMessageBox | None
    confirm_box: QMessageBox | None

    def init_actions(self) -> None:
        self.error_box = None
        self.confirm_box = None

    # Provided by the editor.
    def _announce_saved(self, routine: Routine) -> None:
        raise NotImplementedError

    def _announce_deleted(self, routine_id: str) -> None:
        raise NotImplementedError

    def _routine(self, routine_id: str) -> Routine:
        raise NotImplementedError

    def _show_routine(self, routine: Routine | None) -> None:
        raise NotImplementedError

    def _add_to_list(self, routine: Routine) -> None:
        raise NotImplementedError

    def _commit_texts(self) -> None:
        raise NotImplementedError

    def _ask_import_path(self) -> Path | None:
        raise NotImplementedError

    def _ask_export_path(self, suggested: str) -> Path | None:
        raise NotImplementedError

    # --- the list of routines -------------------------------------------------------------

    def _fill_routine_list(self) -> None:
        own = [*self._catalog.user(), *self._unsaved.values()]
        own.sort(key=lambda r: (r.name.casefold(), r.id))
        routines = [*self._catalog.builtin(), *own]
        self.routines_panel.fill([(r.id, self._routine_text(r)) for r in routines])

    def _catalog_changed(self) -> None:
        """Someone else changed the routines (or the editor itself did: nothing to redo)."""
        if self._own_change:
            return
        current = self.routines_panel.current_id()
        self._fill_routine_list()
        item = None if current is None else self.routines_panel.find_routine(current)
        if item is None:
            if self.routines_panel.routines_list.count():
                self.routines_panel.routines_list.setCurrentRow(0)
            return
        self.routines_panel.routines_list.blockSignals(True)
        self.routines_panel.routines_list.setCurrentItem(item)
        self.routines_panel.routines_list.blockSignals(False)
        if self._draft is not None and not self._catalog.is_saved(self._draft.id) and (
                self._draft.id not in self._unsaved):
            self._show_routine(self._routine(current or ""))

    def _routine_text(self, routine: Routine) -> str:
        if routine.builtin:
            return _tr("{name} (built in)").format(name=routine.name)
        if not self._catalog.is_saved(routine.id):
            return _tr("{name} (not saved yet)").format(name=routine.name)
        return routine.name

    # --- saving ---------------------------------------------------------------------------

    def save_now(self) -> None:
        """The Save button and Ctrl+S: finish the name being typed and save what is shown."""
        self._commit_texts()
        self._save()

    def _save(self) -> None:
        routine = self._draft
        if routine is None or routine.builtin:
            return
        if routine.id in self._unsaved:
            self._unsaved[routine.id] = routine
        if not routine.items:
            self._set_status(
                _tr("A routine needs at least one exercise; it is saved once it has one."))
            return
        if not routine.name.strip():
            self._set_status(_tr("Give the routine a name to save it."))
            return
        try:
            with self._changing():
                self._catalog.save(routine)
        except LoadError as exc:
            self._set_status(_tr("Not saved: {reason}").format(
                reason=f"{exc.where}: {exc.message}"))
            return
        except (OSError, ValueError) as exc:
            self._set_status(_tr("Not saved: {reason}").format(reason=exc))
            return
        self._unsaved.pop(routine.id, None)
        item = self.routines_panel.find_routine(routine.id)
        if item is not None:
            item.setText(self._routine_text(routine))
        self._set_status(_tr("All changes saved."))
        self._announce_saved(routine)

    def _take_id_from_name(self, old_id: str) -> None:
        """Give the draft (just renamed) an id made from its new name, unless it has it already.

        Only the id changes here; the caller saves, then sets the old file aside.
        """
        routine = self._draft
        if routine is None or unique_routine_id(routine.name, ()) == old_id:
            return
        new_id = self._catalog.fresh_id(routine.name, also_taken=set(self._unsaved))
        self._draft = replace(routine, id=new_id)
        item = self.routines_panel.find_routine(old_id)
        if item is not None:
            item.setData(Qt.ItemDataRole.UserRole, new_id)
        self._unsaved.pop(old_id, None)
        self._unsaved[new_id] = self._draft  # kept until it is saved

    # --- deleting -------------------------------------------------------------------------

    def delete_current(self) -> None:
        """Ask, then delete the selected user routine (its file is kept aside, not erased)."""
        routine = self._draft
        if routine is None or routine.builtin:
            return
        question = _tr("Delete the routine \u201c{name}\u201d?").format(name=routine.name)
        box = QMessageBox(
            QMessageBox.Icon.Question, _tr("Delete routine"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self._widget(),
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(button: object) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:  # type: ignore[arg-type]
                self._delete(routine.id)

        box.buttonClicked.connect(answered)
        self.confirm_box = box
        box.open()

    def _delete(self, routine_id: str) -> None:
        if not self._delete_file(routine_id):
            return
        self._unsaved.pop(routine_id, None)
        item = self.routines_panel.find_routine(routine_id)
        if item is not None:
            self.routines_panel.routines_list.takeItem(self.routines_panel.routines_list.row(item))
        if self.routines_panel.routines_list.currentItem() is None:
            self._show_routine(None)

    def _delete_file(self, routine_id: str) -> bool:
        try:
            with self._changing():
                self._catalog.delete(routine_id)
        except OSError as exc:
            self._show_error(_tr("The routine could not be deleted"), str(exc))
            return False
        self._announce_deleted(routine_id)
        return True

    # --- files ----------------------------------------------------------------------------

    def import_file(self, path: Path) -> Routine | None:
        """Import a routine file; on any error show the precise message and change nothing."""
        try:
            with self._changing():
                routine = self._catalog.import_file(path)
        except LoadError as exc:
            self._show_error(_tr("The routine could not be imported"), str(exc))
            return None
        except OSError as exc:
            self._show_error(_tr("The routine could not be imported"), f"{path}: {exc}")
            return None
        self._add_to_list(routine)
        self._set_status(_tr("Imported \u201c{name}\u201d.").format(name=routine.name))
        self._announce_saved(routine)
        return routine

    def export_to(self, path: Path) -> bool:
        routine = self._draft
        if routine is None or not routine.items:
            return False
        try:
            self._catalog.export(routine, path)
        except OSError as exc:
            self._show_error(_tr("The routine could not be exported"), f"{path}: {exc}")
            return False
        self._set_status(_tr("Exported to {path}.").format(path=path))
        return True

    def _import_clicked(self) -> None:
        path = self._ask_import_path()
        if path is not None:
            self.import_file(path)

    def _export_clicked(self) -> None:
        if self._draft is None:
            return
        path = self._ask_export_path(f"{self._draft.id}.json")
        if path is not None:
            self.export_to(path)

    # --- messages -------------------------------------------------------------------------

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def _show_error(self, title: str, text: str) -> None:
        """Show `text` (the precise message) in a window-modal box that does not block."""
        self._set_status(text)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self._widget())
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_box = box
        box.open()

    def _widget(self) -> QWidget:
        return cast(QWidget, self)

    def _changing(self) -> _OwnChange:
        return _OwnChange(self)


class _OwnChange:
    """While the editor changes the catalog, its own change listener has nothing to redo."""

    def __init__(self, actions: EditorActions) -> None:
        self._actions = actions

    def __enter__(self) -> None:
        self._actions._own_change = True

    def __exit__(self, *_exc: object) -> None:
        self._actions._own_change = False
