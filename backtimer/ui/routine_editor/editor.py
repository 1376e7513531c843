"""The routine editor: the person's own routines, built from the exercise library.

Three columns: the routines (routines_panel.py; built-in ones are read-only: duplicate to change),
the routine being edited (name, goal, its exercises in order (items_panel.py), the selected one's
own hold, reps, sets and rest (item_form.py) and the estimated length from the plan itself), and
the library to add exercises from, with filters (library_panel.py).

Every routine is read and written through the catalog (storage/catalog.py), never the files: the
editor is told when the catalog changes (an import from the main window, an accepted suggestion)
and shows the change. Every change is saved at once (text fields when editing finishes, or with
the Save button or Ctrl+S), through the same checks as reading; the status line says "All changes
saved." or why not. A routine with no exercises cannot be saved; the last saved version stays.
A renamed routine takes an id made from its new name (its old file is kept aside as deleted).

Questions (delete?) and errors use window-modal message boxes opened with `open()`, which never
block; file choosers are in `_ask_import_path` / `_ask_export_path` so tests can replace them.

Keyboard: in the exercise list Alt+Up/Down or Ctrl+Up/Down move the selected exercise and Delete
removes it; Insert or Ctrl+N (anywhere in the editor) and Enter in the library or the search box
add the highlighted library exercise after the selected one, Down in the search box goes to the
matches; F2 in the routine list renames, Delete there deletes; Esc or Ctrl+W closes the window.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidgetItem,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.models import Routine, RoutineItem
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings, parse_conditions
from backtimer.storage.catalog import Catalog
from backtimer.ui.routine_editor.actions import EditorActions
from backtimer.ui.routine_editor.files import ask_export_path, ask_import_path
from backtimer.ui.routine_editor.item_form import ItemForm
from backtimer.ui.routine_editor.items_panel import ItemsPanel
from backtimer.ui.routine_editor.library_panel import LibraryPanel
from backtimer.ui.routine_editor.lists import KEY
from backtimer.ui.routine_editor.routine_column import RoutineColumn
from backtimer.ui.routine_editor.routines_panel import RoutinesPanel

logger = logging.getLogger(__name__)

# Room for all three columns without wrapping most lines, inside a 1366x768 screen's work area.
_PREFERRED = QSize(1100, 680)


class RoutineEditor(EditorActions, QWidget):
    """Create, duplicate, rename, reorder, import, export and delete the person's routines."""

    routine_saved = Signal(object)  # Routine, after every successful save or import
    routine_deleted = Signal(str)  # routine id

    def __init__(self, catalog: Catalog, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("routine_editor")
        self.setWindowTitle(self.tr("Routines"))
        self._catalog = catalog
        self._library = catalog.library
        self._settings = settings
        self._unsaved: dict[str, Routine] = {}  # new routines without an exercise yet
        self._draft: Routine | None = None
        self._loading = False
        self._own_change = False
        self._sized = False
        self.init_actions()

        # The three columns scroll when a large text size makes them wider or taller than the
        # screen (2x at 1366x768), so nothing is ever out of reach off-screen.
        self.content = QWidget(self)
        self.content.setObjectName("routine_editor_content")
        self.routines_panel = RoutinesPanel(self.content)
        self.column = RoutineColumn(self._library, self.content)
        self.library_panel = LibraryPanel(self._library, self.content)
        columns = QHBoxLayout(self.content)
        columns.addWidget(self.routines_panel, 3)
        columns.addWidget(self.column, 5)
        columns.addWidget(self.library_panel, 4)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("routine_editor_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        self._expose_parts()
        self._connect()
        # Ctrl+W everywhere, and the platform's own Close key where it differs (Ctrl+F4).
        self._shortcuts = [QShortcut(keys, self) for keys in {
            QKeySequence("Ctrl+W"), QKeySequence(QKeySequence.StandardKey.Close)}]
        for shortcut in self._shortcuts:
            shortcut.activated.connect(self.close)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.save_now)
        self._shortcuts.append(save)

        listener = self._catalog_changed
        catalog.subscribe(listener)
        self.destroyed.connect(lambda *_: catalog.unsubscribe(listener))
        self._fill_routine_list()
        if self.routines_list.count():
            self.routines_list.setCurrentRow(0)
        else:
            self._show_routine(None)

    def _expose_parts(self) -> None:
        """The parts by their old names, for the window's users and its tests."""
        panel, column, library = self.routines_panel, self.column, self.library_panel
        self.routines_list = panel.routines_list
        self.new_button, self.duplicate_button = panel.new_button, panel.duplicate_button
        self.rename_button, self.delete_button = panel.rename_button, panel.delete_button
        self.import_button, self.export_button = panel.import_button, panel.export_button
        self.readonly_note, self.name_edit, self.goal_edit = (
            column.readonly_note, column.name_edit, column.goal_edit)
        self.items_panel: ItemsPanel = column.items_panel
        self.items_list = self.items_panel.items_list
        self.up_button = self.items_panel.up_button
        self.down_button = self.items_panel.down_button
        self.remove_button = self.items_panel.remove_button
        self.details_box: ItemForm = column.item_form
        self.hold_spin, self.reps_spin = self.details_box.hold_spin, self.details_box.reps_spin
        self.sets_spin, self.rest_spin = self.details_box.sets_spin, self.details_box.rest_spin
        self.estimate_label, self.status_label = column.estimate_label, column.status_label
        self.save_button = column.save_button
        self.search_edit, self.library_list = library.search_edit, library.library_list
        self.position_combo, self.category_combo = library.position_combo, library.category_combo
        self.equipment_combo, self.avoid_boxes = library.equipment_combo, library.avoid_boxes
        self.add_button = library.add_button

    def _connect(self) -> None:
        self.routines_list.currentItemChanged.connect(self._on_routine_selected)
        self.routines_list.rename_requested.connect(self._focus_name)
        self.routines_list.delete_requested.connect(self.delete_current)
        self.new_button.clicked.connect(self.new_routine)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.rename_button.clicked.connect(self._focus_name)
        self.delete_button.clicked.connect(self.delete_current)
        self.import_button.clicked.connect(self._import_clicked)
        self.export_button.clicked.connect(self._export_clicked)
        self.name_edit.textEdited.connect(self._on_name_edited)
        self.name_edit.editingFinished.connect(self._commit_texts)
        self.goal_edit.editingFinished.connect(self._commit_texts)
        self.save_button.clicked.connect(self.save_now)
        self.items_panel.order_changed.connect(self._items_changed)
        self.items_panel.current_changed.connect(self._show_item_details)
        self.details_box.changed.connect(self._on_override_changed)
        self.library_panel.add_requested.connect(lambda: self.add_exercise())
        self.library_panel.avoided_changed.connect(self._refresh_items)

    # --- public ---------------------------------------------------------------------------

    def current_routine(self) -> Routine | None:
        """The routine as it is being edited (saved or not)."""
        return self._draft

    def routines(self) -> list[Routine]:
        return [self._routine(routine_id) for routine_id in self.routines_panel.ids()]

    def select_routine(self, routine_id: str) -> None:
        item = self.routines_panel.find_routine(routine_id)
        if item is None:
            raise KeyError(routine_id)
        self.routines_list.setCurrentItem(item)

    def set_settings(self, settings: Settings) -> None:
        """New settings change the defaults shown, the planned holds and the estimated length."""
        self._settings = settings
        self._refresh_items()
        self._show_item_details()

    def new_routine(self) -> Routine:
        """Start an empty routine; it is saved once it has an exercise."""
        name = self.tr("New routine")
        routine = Routine(id=self._fresh_id(name), name=name, items=())
        self._unsaved[routine.id] = routine
        self._add_to_list(routine)
        self._focus_name()
        self._set_status(self.tr("Add exercises from the library on the right."))
        return routine

    def duplicate_current(self) -> Routine | None:
        """A saved, editable copy of the selected routine (the way to change a built-in one)."""
        source = self._draft
        if source is None:
            return None
        name = self.tr("{name} (my copy)").format(name=source.name)
        copy = Routine(id=self._fresh_id(name), name=name, items=source.items, goal=source.goal)
        self._unsaved[copy.id] = copy
        self._add_to_list(copy)
        self._save()
        self._focus_name()
        return copy

    def add_exercise(self, exercise_id: str | None = None) -> None:
        """Add an exercise (by default the one highlighted in the library) after the selection."""
        if self._draft is None or self._draft.builtin:
            return
        if exercise_id is None:
            exercise_id = self.library_panel.current_id()
            if exercise_id is None:
                self.library_list.setFocus()
                self._set_status(self.tr("Choose an exercise in the library first."))
                return
        self.items_panel.insert_after_current(RoutineItem(exercise_id))

    def remove_current_item(self) -> None:
        self.items_panel.remove_current()

    def move_current_item(self, offset: int) -> None:
        self.items_panel.move_current(offset)

    def shown_library_ids(self) -> list[str]:
        return self.library_panel.shown_ids()

    def sizeHint(self) -> QSize:
        # The window may be made smaller; it never asks for more than the screen's work area.
        frame = 2 * self.scroll_area.frameWidth() + self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent)
        wanted = (self.content.minimumSizeHint() + QSize(frame, frame)).expandedTo(_PREFERRED)
        screen = self.screen()
        if screen is not None:
            wanted = wanted.boundedTo(screen.availableGeometry().size())
        return wanted

    def showEvent(self, event: QShowEvent) -> None:
        # Qt sizes a new window to at most 2/3 of the screen (956x514 at 1366x768), which left
        # four exercise rows in view; the first time, take the size the editor asks for.
        if not self._sized:
            self._sized = True
            self.resize(self.sizeHint())
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # A name being typed is saved when editing finishes; closing the window finishes it too.
        self._commit_texts()
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Reaches here when the focused child did not use the key.
        if event.key() == Qt.Key.Key_Insert or event.matches(QKeySequence.StandardKey.New):
            self.add_exercise()
            event.accept()
            return
        plain_escape = (event.key() == Qt.Key.Key_Escape
                        and event.modifiers() == Qt.KeyboardModifier.NoModifier)
        ctrl_w = (event.key() == Qt.Key.Key_W
                  and event.modifiers() == Qt.KeyboardModifier.ControlModifier)
        # Ctrl+W is also a shortcut; this catches it when no shortcut map saw it (no active window).
        if plain_escape or ctrl_w or event.matches(QKeySequence.StandardKey.Close):
            self.close()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- routines -------------------------------------------------------------------------

    def _routine(self, routine_id: str) -> Routine:
        if self._draft is not None and self._draft.id == routine_id:
            return self._draft
        if routine_id in self._unsaved:
            return self._unsaved[routine_id]
        return self._catalog.get(routine_id)

    def _add_to_list(self, routine: Routine) -> None:
        item = self.routines_panel.add(routine.id, self._routine_text(routine))
        self.routines_list.setCurrentItem(item)

    def _fresh_id(self, name: str) -> str:
        return self._catalog.fresh_id(name, also_taken=set(self._unsaved))

    def _on_routine_selected(self, current: QListWidgetItem | None, _previous: object) -> None:
        self._commit_texts()
        self._show_routine(None if current is None else self._routine(current.data(KEY)))

    def _show_routine(self, routine: Routine | None) -> None:
        self._loading = True
        try:
            self._draft = routine
            self.column.show_routine(routine)
            editable = routine is not None and not routine.builtin
            self.items_panel.load(() if routine is None else routine.items, editable)
        finally:
            self._loading = False
        editable = routine is not None and not routine.builtin
        # The library stays browsable for a built-in routine; only adding is off.
        for widget in (self.add_button, self.rename_button, self.delete_button,
                       self.save_button):
            widget.setEnabled(editable)
        self.duplicate_button.setEnabled(routine is not None and bool(routine.items))
        self.export_button.setEnabled(routine is not None and bool(routine.items))
        self._refresh_items()
        self._show_item_details()
        if routine is not None and not routine.builtin and self._catalog.is_saved(routine.id):
            self._set_status(self.tr("All changes saved."))
        elif routine is None or routine.builtin:
            self._set_status("")

    def _focus_name(self) -> None:
        if self._draft is None or self._draft.builtin:
            return
        self.name_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.name_edit.selectAll()

    def _on_name_edited(self, text: str) -> None:
        item = self.routines_list.currentItem()
        if item is not None and self._draft is not None:
            item.setText(self._routine_text(replace(self._draft, name=text)))

    def _commit_texts(self) -> None:
        routine = self._draft
        if routine is None or routine.builtin or self._loading:
            return
        name, goal = self.name_edit.text().strip(), self.goal_edit.text().strip()
        if (name, goal) == (routine.name, routine.goal):
            return
        self._draft = replace(routine, name=name, goal=goal)
        if name and name != routine.name:
            self._take_id_from_name(routine.id)
        self._save()
        if self._draft.id != routine.id and self._catalog.is_saved(self._draft.id) and (
                self._catalog.is_saved(routine.id)):
            self._delete_file(routine.id)  # renamed: the old file is kept aside as deleted

    def _announce_saved(self, routine: Routine) -> None:
        self.routine_saved.emit(routine)

    def _announce_deleted(self, routine_id: str) -> None:
        self.routine_deleted.emit(routine_id)

    # --- items ----------------------------------------------------------------------------

    def _items_changed(self) -> None:
        if self._draft is None or self._draft.builtin or self._loading:
            return
        order = self.items_panel.order()
        if order == self._draft.items:
            return
        self._draft = replace(self._draft, items=order)
        self._refresh_items()
        self._show_item_details()
        self.duplicate_button.setEnabled(bool(self._draft.items))
        self.export_button.setEnabled(bool(self._draft.items))
        self._save()

    def _refresh_items(self) -> None:
        self.library_panel.set_conditions(parse_conditions(self._settings.conditions))
        self.items_panel.refresh(self._settings, self.library_panel.avoided())
        self._update_estimate()

    def _show_item_details(self) -> None:
        item = self.items_panel.current()
        exercise = None if item is None else self._library.exercise(item.exercise)
        editable = self._draft is not None and not self._draft.builtin
        self.details_box.show_item(item, exercise, self._settings, editable)

    def _on_override_changed(self) -> None:
        changed = self.details_box.overrides()
        if self._loading or self._draft is None or self._draft.builtin or changed is None:
            return
        self.items_panel.replace_current(changed)
        self._draft = replace(self._draft, items=self.items_panel.order())
        self._refresh_items()
        self._show_item_details()
        self._save()

    def _update_estimate(self) -> None:
        routine = self._draft
        if routine is None or not routine.items:
            self.estimate_label.setText(self.tr("No exercises yet."))
            return
        seconds = round(build_plan(routine, self._library, self._settings).estimated_seconds)
        minutes, rest = divmod(seconds, 60)
        if minutes:
            text = self.tr("About {minutes} min {seconds} s with your settings").format(
                minutes=minutes, seconds=rest)
        else:
            text = self.tr("About {seconds} s with your settings").format(seconds=rest)
        self.estimate_label.setText(text)

    # --- files ----------------------------------------------------------------------------

    def _ask_import_path(self) -> Path | None:
        return ask_import_path(self)

    def _ask_export_path(self, suggested: str) -> Path | None:
        return ask_export_path(self, suggested)
