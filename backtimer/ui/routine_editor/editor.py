"""The routine editor: the person's own routines, built from the exercise library.

Three columns: the routines (built-in ones are read-only: duplicate to change), the routine being
edited (name, exercises in order, per-exercise hold, reps, sets and rest, and the estimated length
from the plan itself), and the library to add exercises from, with filters.

Every change is saved at once (text fields when editing finishes), through the same checks as
reading, so there is no Save button to forget and nothing is lost when the window closes. A routine
with no exercises cannot be saved; the status line says so and the last saved version stays.

The editor is a plain widget, not a modal dialog: the main window can put it in a window or a
dialog. Questions (delete?) and errors use window-modal message boxes opened with `open()`, which
never block; file choosers are in `_ask_import_path` / `_ask_export_path` so tests can replace them.

Keyboard: in the exercise list Alt+Up/Down or Ctrl+Up/Down move the selected exercise and Delete
removes it; Insert or Ctrl+N (anywhere in the editor) and Enter in the library add the highlighted
library exercise after the selected one; F2 in the routine list renames; Delete there deletes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.library import LoadError
from backtimer.core.models import (
    CATEGORIES,
    CONTRAINDICATIONS,
    HOLD_MAX,
    HOLD_MIN,
    POSITIONS,
    REPS_MAX,
    REST_MAX,
    SETS_MAX,
    Exercise,
    Library,
    Routine,
    RoutineItem,
)
from backtimer.core.plan import build_plan, resolve_item
from backtimer.core.settings import Settings
from backtimer.storage.catalog import (
    delete_user_routine,
    export_routine,
    import_routine_file,
    list_user_routines,
    save_user_routine,
    taken_routine_ids,
    unique_routine_id,
)

logger = logging.getLogger(__name__)

_KEY = Qt.ItemDataRole.UserRole  # routine id in the routine list; item key in the exercise list
_ANY = ""  # the "any" entry of a filter combo box


class _OverrideSpin(QSpinBox):
    """A number that may be left at the exercise's default (shown as "Default (8 s)").

    The lowest position of the spin box means "no override". Stepping up from it starts at the
    default value rather than at the bottom of the range, which is what one expects.
    """

    def __init__(self, low: int, high: int, suffix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._low = low
        self.setRange(low - 1, high)
        self.setSuffix(suffix)
        self.default_value: int | None = None

    def set_default(self, value: int | None, text: str) -> None:
        self.default_value = value
        self.setSpecialValueText(text)

    def override(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def set_override(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)

    def stepBy(self, steps: int) -> None:
        if self.value() == self.minimum() and steps > 0 and self.default_value is not None:
            target = max(self._low, self.default_value + steps - 1)
            self.setValue(min(self.maximum(), target))
            return
        super().stepBy(steps)


class _ItemList(QListWidget):
    """The exercises of the routine: drag to reorder, or Alt/Ctrl+Up/Down; Delete removes."""

    move_requested = Signal(int)  # -1 up, +1 down
    remove_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & (
            Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
        )
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and modifiers in (
            Qt.KeyboardModifier.AltModifier,
            Qt.KeyboardModifier.ControlModifier,
        ):
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if key == Qt.Key.Key_Delete and modifiers == Qt.KeyboardModifier.NoModifier:
            self.remove_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class _RoutineList(QListWidget):
    """The routines: F2 renames, Delete deletes (both handled by the editor)."""

    rename_requested = Signal()
    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() == Qt.KeyboardModifier.NoModifier:
            if event.key() == Qt.Key.Key_F2:
                self.rename_requested.emit()
                event.accept()
                return
            if event.key() == Qt.Key.Key_Delete:
                self.delete_requested.emit()
                event.accept()
                return
        super().keyPressEvent(event)


class _LibraryList(QListWidget):
    """The library exercises shown by the filters; Enter adds the highlighted one."""

    add_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class RoutineEditor(QWidget):
    """Create, duplicate, rename, reorder, import, export and delete the person's routines."""

    routine_saved = Signal(object)  # Routine, after every successful save or import
    routine_deleted = Signal(str)  # routine id

    def __init__(
        self,
        library: Library,
        settings: Settings,
        user_routines: Sequence[Routine] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("routine_editor")
        self.setWindowTitle(self.tr("Routines"))
        self._library = library
        self._settings = settings
        if user_routines is None:
            user_routines, notices = list_user_routines(library)
            for notice in notices:
                logger.warning("%s", notice)
        self._routines: dict[str, Routine] = {r.id: r for r in library.routines}
        self._routines.update({r.id: r for r in user_routines})
        self._saved: set[str] = {r.id for r in user_routines}
        self._draft: Routine | None = None
        self._items: dict[int, RoutineItem] = {}  # key in the exercise list -> item
        self._next_key = 0
        self._loading = False
        self.error_box: QMessageBox | None = None
        self.confirm_box: QMessageBox | None = None

        columns = QHBoxLayout(self)
        columns.addWidget(self._build_routines_column(), 3)
        columns.addWidget(self._build_routine_column(), 5)
        columns.addWidget(self._build_library_column(), 4)

        self._fill_routine_list()
        self._apply_filters()
        if self.routines_list.count():
            self.routines_list.setCurrentRow(0)
        else:
            self._show_routine(None)

    # --- public ---------------------------------------------------------------------------

    def current_routine(self) -> Routine | None:
        """The routine as it is being edited (saved or not)."""
        return self._draft

    def routines(self) -> list[Routine]:
        return [self._routines[self.routines_list.item(i).data(_KEY)]
                for i in range(self.routines_list.count())]

    def select_routine(self, routine_id: str) -> None:
        item = self._list_item(routine_id)
        if item is None:
            raise KeyError(routine_id)
        self.routines_list.setCurrentItem(item)

    def set_settings(self, settings: Settings) -> None:
        """New settings change the defaults shown and the estimated length."""
        self._settings = settings
        self._refresh_items()
        self._show_item_details()

    def new_routine(self) -> Routine:
        """Start an empty routine; it is saved once it has an exercise."""
        name = self.tr("New routine")
        routine = Routine(id=self._fresh_id(name), name=name, items=())
        self._add_to_list(routine)
        self._focus_name()
        self._set_status(self.tr("Add exercises from the library on the right."))
        return routine

    def duplicate_current(self) -> Routine | None:
        """A saved, editable copy of the selected routine (the way to change a built-in one)."""
        source = self._draft
        if source is None:
            return None
        name = self.tr("%1 (my copy)").replace("%1", source.name)
        copy = Routine(id=self._fresh_id(name), name=name, items=source.items, goal=source.goal)
        self._add_to_list(copy)
        self._save()
        self._focus_name()
        return copy

    def delete_current(self) -> None:
        """Ask, then delete the selected user routine (its file is kept aside, not erased)."""
        routine = self._draft
        if routine is None or routine.builtin:
            return
        question = self.tr("Delete the routine \u201c%1\u201d?").replace("%1", routine.name)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete routine"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered(button: object) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:  # type: ignore[arg-type]
                self._delete(routine.id)

        box.buttonClicked.connect(answered)
        self.confirm_box = box
        box.open()

    def import_file(self, path: Path) -> Routine | None:
        """Import a routine file; on any error show the precise message and change nothing."""
        try:
            routine = import_routine_file(path, self._library)
        except LoadError as exc:
            self._show_error(self.tr("The routine could not be imported"), str(exc))
            return None
        except OSError as exc:
            self._show_error(self.tr("The routine could not be imported"), f"{path}: {exc}")
            return None
        self._saved.add(routine.id)
        self._add_to_list(routine)
        self._set_status(self.tr("Imported \u201c%1\u201d.").replace("%1", routine.name))
        self.routine_saved.emit(routine)
        return routine

    def export_to(self, path: Path) -> bool:
        routine = self._draft
        if routine is None or not routine.items:
            return False
        try:
            export_routine(routine, path)
        except OSError as exc:
            self._show_error(self.tr("The routine could not be exported"), f"{path}: {exc}")
            return False
        self._set_status(self.tr("Exported to %1.").replace("%1", str(path)))
        return True

    def add_exercise(self, exercise_id: str | None = None) -> None:
        """Add an exercise (by default the one highlighted in the library) after the selection."""
        if self._draft is None or self._draft.builtin:
            return
        if exercise_id is None:
            current = self.library_list.currentItem()
            if current is None:
                self.library_list.setFocus()
                self._set_status(self.tr("Choose an exercise in the library first."))
                return
            exercise_id = current.data(_KEY)
        row = self.items_list.currentRow() + 1 if self.items_list.currentRow() >= 0 else (
            self.items_list.count()
        )
        self._insert_item(row, RoutineItem(exercise_id))
        self.items_list.setCurrentRow(row)
        self._items_changed()

    def remove_current_item(self) -> None:
        if self._draft is None or self._draft.builtin:
            return
        row = self.items_list.currentRow()
        if row < 0:
            return
        taken = self.items_list.takeItem(row)
        del self._items[taken.data(_KEY)]
        if self.items_list.count():
            self.items_list.setCurrentRow(min(row, self.items_list.count() - 1))
        self._items_changed()

    def move_current_item(self, offset: int) -> None:
        if self._draft is None or self._draft.builtin:
            return
        row = self.items_list.currentRow()
        target = row + offset
        if row < 0 or not 0 <= target < self.items_list.count():
            return
        # The same call a drag makes (QListView::dropEvent -> moveRows), so both paths agree.
        destination = target + 1 if offset > 0 else target
        self.items_list.model().moveRows(QModelIndex(), row, 1, QModelIndex(), destination)
        self.items_list.setCurrentRow(target)

    def sizeHint(self) -> QSize:
        # Room for all three columns without wrapping most lines; the window may be made smaller.
        return super().sizeHint().expandedTo(QSize(1100, 680))

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
        super().keyPressEvent(event)

    # --- building -------------------------------------------------------------------------

    def _button(self, text: str, name: str, description: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.rstrip("\u2026"))
        button.setAccessibleDescription(description)
        button.setToolTip(description)
        return button

    def _build_routines_column(self) -> QWidget:
        box = QGroupBox(self.tr("Routines"), self)
        layout = QVBoxLayout(box)
        self.routines_list = _RoutineList(box)
        self.routines_list.setObjectName("routines_list")
        self.routines_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.routines_list.setAccessibleName(self.tr("Routines"))
        self.routines_list.setAccessibleDescription(
            self.tr("Built-in routines cannot be changed; duplicate one to make your own copy")
        )
        self.routines_list.currentItemChanged.connect(self._on_routine_selected)
        self.routines_list.rename_requested.connect(self._focus_name)
        self.routines_list.delete_requested.connect(self.delete_current)
        layout.addWidget(self.routines_list, 1)

        grid = QGridLayout()
        self.new_button = self._button(
            self.tr("New"), "new_routine", self.tr("Start a new, empty routine")
        )
        self.duplicate_button = self._button(
            self.tr("Duplicate"), "duplicate_routine",
            self.tr("Make an editable copy of the selected routine"),
        )
        self.rename_button = self._button(
            self.tr("Rename"), "rename_routine", self.tr("Edit the name of the selected routine")
        )
        self.delete_button = self._button(
            self.tr("Delete"), "delete_routine", self.tr("Delete the selected routine")
        )
        self.import_button = self._button(
            self.tr("Import\u2026"), "import_routine", self.tr("Add a routine from a file")
        )
        self.export_button = self._button(
            self.tr("Export\u2026"), "export_routine",
            self.tr("Save the selected routine to a file to share it"),
        )
        self.new_button.clicked.connect(self.new_routine)
        self.duplicate_button.clicked.connect(self.duplicate_current)
        self.rename_button.clicked.connect(self._focus_name)
        self.delete_button.clicked.connect(self.delete_current)
        self.import_button.clicked.connect(self._import_clicked)
        self.export_button.clicked.connect(self._export_clicked)
        for index, button in enumerate((
            self.new_button, self.duplicate_button, self.rename_button, self.delete_button,
            self.import_button, self.export_button,
        )):
            grid.addWidget(button, index // 2, index % 2)
        layout.addLayout(grid)
        return box

    def _build_routine_column(self) -> QWidget:
        box = QGroupBox(self.tr("Routine"), self)
        layout = QVBoxLayout(box)
        self.readonly_note = QLabel(
            self.tr("This routine is built in and cannot be changed. "
                    "Press \u201cDuplicate\u201d to make your own copy to change."),
            box,
        )
        self.readonly_note.setObjectName("readonly_note")
        self.readonly_note.setWordWrap(True)
        layout.addWidget(self.readonly_note)

        form = QFormLayout()
        self.name_edit = QLineEdit(box)
        self.name_edit.setObjectName("routine_name")
        self.name_edit.setAccessibleName(self.tr("Routine name"))
        self.name_edit.setMaxLength(80)
        self.name_edit.textEdited.connect(self._on_name_edited)
        self.name_edit.editingFinished.connect(self._commit_texts)
        self.goal_edit = QLineEdit(box)
        self.goal_edit.setObjectName("routine_goal")
        self.goal_edit.setAccessibleName(self.tr("Goal of the routine"))
        self.goal_edit.setPlaceholderText(
            self.tr("Optional, e.g. \u201cloosen up after work\u201d")
        )
        self.goal_edit.setMaxLength(200)
        self.goal_edit.editingFinished.connect(self._commit_texts)
        name_label = QLabel(self.tr("&Name"), box)
        name_label.setBuddy(self.name_edit)
        goal_label = QLabel(self.tr("&Goal"), box)
        goal_label.setBuddy(self.goal_edit)
        form.addRow(name_label, self.name_edit)
        form.addRow(goal_label, self.goal_edit)
        layout.addLayout(form)

        items_label = QLabel(self.tr("&Exercises, in order"), box)
        self.items_list = _ItemList(box)
        items_label.setBuddy(self.items_list)
        self.items_list.setObjectName("routine_items")
        _wrap_items(self.items_list)
        self.items_list.setMinimumWidth(36 * self.items_list.fontMetrics().averageCharWidth())
        self.items_list.setAccessibleName(self.tr("Exercises in this routine"))
        self.items_list.setAccessibleDescription(
            self.tr("Alt+Up or Alt+Down moves the selected exercise; Delete removes it")
        )
        self.items_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.items_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.items_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_list.currentRowChanged.connect(self._show_item_details)
        self.items_list.move_requested.connect(self.move_current_item)
        self.items_list.remove_requested.connect(self.remove_current_item)
        self.items_list.model().rowsMoved.connect(self._on_rows_moved)
        # Should a drop ever fall back to copy-then-remove, the order is read back once the copy's
        # source row is gone.
        self.items_list.model().rowsRemoved.connect(self._on_rows_removed)
        layout.addWidget(items_label)
        layout.addWidget(self.items_list, 1)

        row = QHBoxLayout()
        self.up_button = self._button(
            self.tr("Move up"), "move_up", self.tr("Move the selected exercise earlier (Alt+Up)")
        )
        self.down_button = self._button(
            self.tr("Move down"), "move_down",
            self.tr("Move the selected exercise later (Alt+Down)"),
        )
        self.remove_button = self._button(
            self.tr("Remove"), "remove_item",
            self.tr("Remove the selected exercise from the routine (Delete)"),
        )
        self.up_button.clicked.connect(lambda: self.move_current_item(-1))
        self.down_button.clicked.connect(lambda: self.move_current_item(1))
        self.remove_button.clicked.connect(self.remove_current_item)
        for button in (self.up_button, self.down_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        self.details_box = QGroupBox(self.tr("Selected exercise"), box)
        details = QFormLayout(self.details_box)
        seconds = " " + self.tr("s")
        self.hold_spin = _OverrideSpin(HOLD_MIN, HOLD_MAX, seconds, self.details_box)
        self.reps_spin = _OverrideSpin(1, REPS_MAX, "", self.details_box)
        self.sets_spin = _OverrideSpin(1, SETS_MAX, "", self.details_box)
        self.rest_spin = _OverrideSpin(0, REST_MAX, seconds, self.details_box)
        for spin, name, label, text in (
            (self.hold_spin, "item_hold", self.tr("&Hold"),
             self.tr("Seconds each hold lasts")),
            (self.reps_spin, "item_reps", self.tr("&Repetitions"),
             self.tr("Repetitions per set, on each side")),
            (self.sets_spin, "item_sets", self.tr("&Sets"), self.tr("Number of sets")),
            (self.rest_spin, "item_rest", self.tr("Res&t between sets"),
             self.tr("Seconds of rest after each set")),
        ):
            spin.setObjectName(name)
            spin.setAccessibleName(label.replace("&", ""))
            spin.setAccessibleDescription(
                text + ". " + self.tr("The lowest value means the exercise's own default.")
            )
            spin.valueChanged.connect(self._on_override_changed)
            caption = QLabel(label, self.details_box)
            caption.setBuddy(spin)
            details.addRow(caption, spin)
        layout.addWidget(self.details_box)

        self.estimate_label = QLabel(box)
        self.estimate_label.setObjectName("estimate")
        self.estimate_label.setAccessibleName(self.tr("Estimated length"))
        self.status_label = QLabel(box)
        self.status_label.setObjectName("status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.estimate_label)
        layout.addWidget(self.status_label)
        return box

    def _build_library_column(self) -> QWidget:
        self.library_box = QGroupBox(self.tr("Add exercises"), self)
        layout = QVBoxLayout(self.library_box)
        form = QFormLayout()
        self.search_edit = QLineEdit(self.library_box)
        self.search_edit.setObjectName("library_search")
        self.search_edit.setAccessibleName(self.tr("Search exercises"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._apply_filters)
        self.position_combo = self._filter_combo(
            "filter_position", self.tr("Any position"),
            [(p, self.tr(_POSITION_NAMES.get(p, p))) for p in POSITIONS],
        )
        self.category_combo = self._filter_combo(
            "filter_category", self.tr("Any kind"),
            [(c, self.tr(_CATEGORY_NAMES.get(c, c))) for c in CATEGORIES],
        )
        equipment = sorted({e for ex in self._library.exercises.values() for e in ex.equipment})
        self.equipment_combo = self._filter_combo(
            "filter_equipment", self.tr("Any equipment"),
            [("-", self.tr("No equipment"))] + [(e, e.capitalize()) for e in equipment],
        )
        for caption, widget in (
            (self.tr("Se&arch"), self.search_edit),
            (self.tr("&Position"), self.position_combo),
            (self.tr("&Kind"), self.category_combo),
            (self.tr("E&quipment"), self.equipment_combo),
        ):
            label = QLabel(caption, self.library_box)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.position_combo.setAccessibleName(self.tr("Position"))
        self.category_combo.setAccessibleName(self.tr("Kind of exercise"))
        self.equipment_combo.setAccessibleName(self.tr("Equipment"))
        layout.addLayout(form)

        avoid = QGroupBox(self.tr("Leave out exercises not advised with"), self.library_box)
        grid = QGridLayout(avoid)
        self.avoid_boxes: dict[str, QCheckBox] = {}
        for index, tag in enumerate(CONTRAINDICATIONS):
            check = QCheckBox(self.tr(_CONTRAINDICATION_NAMES.get(tag, tag)), avoid)
            check.setObjectName(f"avoid_{tag}")
            check.setAccessibleName(
                self.tr("Leave out exercises not advised with %1").replace("%1", check.text())
            )
            check.toggled.connect(self._apply_filters)
            check.toggled.connect(self._refresh_items)
            grid.addWidget(check, index // 2, index % 2)
            self.avoid_boxes[tag] = check
        layout.addWidget(avoid)

        self.library_list = _LibraryList(self.library_box)
        self.library_list.setObjectName("library_list")
        _wrap_items(self.library_list)
        self.library_list.setAccessibleName(self.tr("Library exercises"))
        self.library_list.setAccessibleDescription(
            self.tr("Enter or Insert adds the highlighted exercise to the routine")
        )
        self.library_list.add_requested.connect(self.add_exercise)
        self.library_list.itemDoubleClicked.connect(lambda _item: self.add_exercise())
        layout.addWidget(self.library_list, 1)
        self.add_button = self._button(
            self.tr("Add to routine"), "add_exercise",
            self.tr("Add the highlighted exercise after the selected one (Insert)"),
        )
        self.add_button.clicked.connect(lambda: self.add_exercise())
        layout.addWidget(self.add_button)
        return self.library_box

    def _filter_combo(
        self, name: str, any_text: str, entries: list[tuple[str, str]]
    ) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(any_text, _ANY)
        for value, text in entries:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self._apply_filters)
        return combo

    # --- routines -------------------------------------------------------------------------

    def _fill_routine_list(self) -> None:
        self.routines_list.clear()
        builtins = [r for r in self._routines.values() if r.builtin]
        own = sorted((r for r in self._routines.values() if not r.builtin),
                     key=lambda r: (r.name.casefold(), r.id))
        for routine in [*builtins, *own]:
            item = QListWidgetItem(self._routine_text(routine))
            item.setData(_KEY, routine.id)
            self.routines_list.addItem(item)
        self._fit_routine_list()

    def _fit_routine_list(self) -> None:
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
            min(widest + frame, 50 * metrics.averageCharWidth() + frame)
        )

    def _list_item(self, routine_id: str) -> QListWidgetItem | None:
        for row in range(self.routines_list.count()):
            item = self.routines_list.item(row)
            if item.data(_KEY) == routine_id:
                return item
        return None

    def _routine_text(self, routine: Routine) -> str:
        if routine.builtin:
            return self.tr("%1 (built in)").replace("%1", routine.name)
        if routine.id not in self._saved:
            return self.tr("%1 (not saved yet)").replace("%1", routine.name)
        return routine.name

    def _add_to_list(self, routine: Routine) -> None:
        self._routines[routine.id] = routine
        item = QListWidgetItem(self._routine_text(routine))
        item.setData(_KEY, routine.id)
        self.routines_list.addItem(item)
        self._fit_routine_list()
        self.routines_list.setCurrentItem(item)

    def _fresh_id(self, name: str) -> str:
        return unique_routine_id(name, taken_routine_ids(self._library) | set(self._routines))

    def _on_routine_selected(self, current: QListWidgetItem | None, _previous: object) -> None:
        self._commit_texts()
        self._show_routine(None if current is None else self._routines[current.data(_KEY)])

    def _show_routine(self, routine: Routine | None) -> None:
        self._loading = True
        try:
            self._draft = routine
            self.name_edit.setText("" if routine is None else routine.name)
            self.goal_edit.setText("" if routine is None else routine.goal)
            self.goal_edit.setCursorPosition(0)  # show a long goal from its start
            self.items_list.clear()
            self._items.clear()
            for index, item in enumerate(() if routine is None else routine.items):
                self._insert_item(index, item)
            if self.items_list.count():
                self.items_list.setCurrentRow(0)
        finally:
            self._loading = False
        editable = routine is not None and not routine.builtin
        self.readonly_note.setVisible(routine is not None and routine.builtin)
        self.name_edit.setReadOnly(not editable)
        self.goal_edit.setReadOnly(not editable)
        self.name_edit.setEnabled(routine is not None)
        self.goal_edit.setEnabled(routine is not None)
        self.items_list.setDragDropMode(
            QAbstractItemView.DragDropMode.InternalMove if editable
            else QAbstractItemView.DragDropMode.NoDragDrop
        )
        # The library stays browsable for a built-in routine; only adding is off.
        for widget in (self.add_button, self.rename_button, self.delete_button):
            widget.setEnabled(editable)
        self.duplicate_button.setEnabled(routine is not None and bool(routine.items))
        self.export_button.setEnabled(routine is not None and bool(routine.items))
        self._refresh_items()
        self._show_item_details()
        if routine is not None and not routine.builtin and routine.id in self._saved:
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
        self._save()

    def _delete(self, routine_id: str) -> None:
        try:
            delete_user_routine(routine_id)
        except OSError as exc:
            self._show_error(self.tr("The routine could not be deleted"), str(exc))
            return
        self._saved.discard(routine_id)
        del self._routines[routine_id]
        item = self._list_item(routine_id)
        if item is not None:
            self.routines_list.takeItem(self.routines_list.row(item))
        if self.routines_list.currentItem() is None:
            self._show_routine(None)
        self.routine_deleted.emit(routine_id)

    # --- items ----------------------------------------------------------------------------

    def _insert_item(self, row: int, item: RoutineItem) -> None:
        key = self._next_key
        self._next_key += 1
        self._items[key] = item
        widget_item = QListWidgetItem()
        widget_item.setData(_KEY, key)
        self.items_list.insertItem(row, widget_item)

    def _item_order(self) -> tuple[RoutineItem, ...]:
        keys = [self.items_list.item(row).data(_KEY) for row in range(self.items_list.count())]
        return tuple(self._items[key] for key in keys)

    def _on_rows_moved(self, *_args: object) -> None:
        if not self._loading:
            self._items_changed()

    def _on_rows_removed(self, *_args: object) -> None:
        if self._loading or self._draft is None:
            return
        keys = [self.items_list.item(row).data(_KEY) for row in range(self.items_list.count())]
        if sorted(keys) == sorted(self._items) and self._item_order() != self._draft.items:
            self._items_changed()

    def _items_changed(self) -> None:
        if self._draft is None or self._draft.builtin:
            return
        self._draft = replace(self._draft, items=self._item_order())
        self._refresh_items()
        self._show_item_details()
        self.duplicate_button.setEnabled(bool(self._draft.items))
        self.export_button.setEnabled(bool(self._draft.items))
        self._save()

    def _refresh_items(self) -> None:
        for row in range(self.items_list.count()):
            widget_item = self.items_list.item(row)
            item = self._items[widget_item.data(_KEY)]
            exercise = self._library.exercise(item.exercise)
            text = f"{row + 1}. {self._item_text(item, exercise)}"
            tip = exercise.summary
            flagged = [tag for tag in exercise.contraindications
                       if tag in self.avoid_boxes and self.avoid_boxes[tag].isChecked()]
            if flagged:
                # The filter hides such exercises from the library; flag them in the routine too.
                warning = self.tr("not advised with %1").replace(
                    "%1", ", ".join(self.tr(_CONTRAINDICATION_NAMES.get(t, t)) for t in flagged))
                text += f"  \u26a0 {warning}"
                tip += "\n" + warning
            widget_item.setText(text)
            widget_item.setToolTip(tip)
        self._update_estimate()

    def _item_text(self, item: RoutineItem, exercise: Exercise) -> str:
        resolved = resolve_item(item, exercise, self._settings)
        if resolved.hold is not None:
            work = self.tr("%1 \u00d7 %2 s hold").replace("%1", str(resolved.reps)).replace(
                "%2", str(resolved.hold))
        else:
            work = self.tr("%1 repetitions").replace("%1", str(resolved.reps))
        parts = [exercise.name, work]
        if resolved.sets > 1:
            parts.append(self.tr("%1 sets, %2 s rest").replace("%1", str(resolved.sets)).replace(
                "%2", str(resolved.rest)))
        if exercise.per_side:
            parts.append(self.tr("each side"))
        return f"{parts[0]}: {', '.join(parts[1:])}"

    def _show_item_details(self, *_args: object) -> None:
        row = self.items_list.currentRow()
        editable = self._draft is not None and not self._draft.builtin
        self.details_box.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self.items_list.count() - 1)
        self.remove_button.setEnabled(editable and row >= 0)
        self._loading, was_loading = True, self._loading
        try:
            if row < 0:
                for spin in (self.hold_spin, self.reps_spin, self.sets_spin, self.rest_spin):
                    spin.set_default(None, self.tr("Default"))
                    spin.set_override(None)
                self.details_box.setTitle(self.tr("Selected exercise"))
                return
            item = self._items[self.items_list.item(row).data(_KEY)]
            exercise = self._library.exercise(item.exercise)
            self.details_box.setTitle(exercise.name)
            defaults = resolve_item(RoutineItem(item.exercise), exercise, self._settings)
            default_text = self.tr("Default (%1)")
            seconds = self.tr("%1 s")
            if exercise.is_held and defaults.hold is not None:
                # The default shown is the exercise's own hold, before the global adjustment.
                own = exercise.hold if exercise.hold is not None else defaults.hold
                self.hold_spin.set_default(
                    own, default_text.replace("%1", seconds.replace("%1", str(own))))
                self.hold_spin.setEnabled(editable)
            else:
                self.hold_spin.set_default(None, self.tr("No hold (repetitions)"))
                self.hold_spin.setEnabled(False)
            self.reps_spin.set_default(
                defaults.reps, default_text.replace("%1", str(defaults.reps)))
            self.sets_spin.set_default(
                defaults.sets, default_text.replace("%1", str(defaults.sets)))
            rest_text = seconds.replace("%1", str(defaults.rest))
            self.rest_spin.set_default(defaults.rest, default_text.replace("%1", rest_text))
            self.hold_spin.set_override(item.hold)
            self.reps_spin.set_override(item.reps)
            self.sets_spin.set_override(item.sets)
            self.rest_spin.set_override(item.rest)
        finally:
            self._loading = was_loading

    def _on_override_changed(self, _value: int) -> None:
        if self._loading or self._draft is None or self._draft.builtin:
            return
        row = self.items_list.currentRow()
        if row < 0:
            return
        key = self.items_list.item(row).data(_KEY)
        item = self._items[key]
        held = self._library.exercise(item.exercise).is_held
        self._items[key] = replace(
            item,
            hold=self.hold_spin.override() if held else None,
            reps=self.reps_spin.override(),
            sets=self.sets_spin.override(),
            rest=self.rest_spin.override(),
        )
        self._draft = replace(self._draft, items=self._item_order())
        self._refresh_items()
        self._save()

    def _update_estimate(self) -> None:
        routine = self._draft
        if routine is None or not routine.items:
            self.estimate_label.setText(self.tr("No exercises yet."))
            return
        seconds = round(build_plan(routine, self._library, self._settings).estimated_seconds)
        minutes, rest = divmod(seconds, 60)
        if minutes:
            text = self.tr("About %1 min %2 s with your settings").replace(
                "%1", str(minutes)).replace("%2", str(rest))
        else:
            text = self.tr("About %1 s with your settings").replace("%1", str(rest))
        self.estimate_label.setText(text)

    # --- library --------------------------------------------------------------------------

    def _apply_filters(self, *_args: object) -> None:
        current = self.library_list.currentItem()
        keep = current.data(_KEY) if current is not None else None
        words = self.search_edit.text().casefold().split()
        position = self.position_combo.currentData()
        category = self.category_combo.currentData()
        equipment = self.equipment_combo.currentData()
        avoided = {tag for tag, box in self.avoid_boxes.items() if box.isChecked()}
        self.library_list.clear()
        for exercise in sorted(self._library.exercises.values(), key=lambda e: e.name.casefold()):
            if position != _ANY and exercise.position != position:
                continue
            if category != _ANY and exercise.category != category:
                continue
            if equipment == "-" and exercise.equipment:
                continue
            if equipment not in (_ANY, "-") and equipment not in exercise.equipment:
                continue
            if avoided & set(exercise.contraindications):
                continue
            haystack = f"{exercise.name} {exercise.summary}".casefold()
            if any(word not in haystack for word in words):
                continue
            item = QListWidgetItem(exercise.name)
            item.setData(_KEY, exercise.id)
            tip = exercise.summary
            if exercise.cautions:
                tip += "\n" + "\n".join(exercise.cautions)
            item.setToolTip(tip)
            self.library_list.addItem(item)
            if exercise.id == keep:
                self.library_list.setCurrentItem(item)
        if self.library_list.currentItem() is None and self.library_list.count():
            self.library_list.setCurrentRow(0)

    def shown_library_ids(self) -> list[str]:
        return [self.library_list.item(r).data(_KEY) for r in range(self.library_list.count())]

    # --- saving, files, messages ----------------------------------------------------------

    def _save(self) -> None:
        routine = self._draft
        if routine is None or routine.builtin:
            return
        self._routines[routine.id] = routine
        if not routine.items:
            self._set_status(
                self.tr("A routine needs at least one exercise; it is saved once it has one.")
            )
            return
        if not routine.name.strip():
            self._set_status(self.tr("Give the routine a name to save it."))
            return
        try:
            save_user_routine(routine, self._library)
        except LoadError as exc:
            self._set_status(self.tr("Not saved: %1").replace("%1", f"{exc.where}: {exc.message}"))
            return
        except OSError as exc:
            self._set_status(self.tr("Not saved: %1").replace("%1", str(exc)))
            return
        self._saved.add(routine.id)
        item = self._list_item(routine.id)
        if item is not None:
            item.setText(self._routine_text(routine))
        self._set_status(self.tr("Saved."))
        self.routine_saved.emit(routine)

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def _show_error(self, title: str, text: str) -> None:
        """Show `text` (the precise message) in a window-modal box that does not block."""
        self._set_status(text)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                          self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_box = box
        box.open()

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

    def _ask_import_path(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import a routine"), str(Path.home()),
            self.tr("Routine files (*.json);;All files (*)"),
        )
        return Path(name) if name else None

    def _ask_export_path(self, suggested: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the routine"), str(Path.home() / suggested),
            self.tr("Routine files (*.json)"),
        )
        return Path(name) if name else None


def _wrap_items(view: QListWidget) -> None:
    """Long entries wrap onto a second line instead of hiding behind a horizontal scroll bar."""
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)
    view.setSpacing(2)


# Shown names of the library's fixed vocabularies (the stored values stay the library's).
_POSITION_NAMES = {
    "lying_on_back": "Lying on your back",
    "hands_and_knees": "On hands and knees",
    "prone": "Lying face down",
    "side_lying": "Lying on your side",
    "standing": "Standing",
    "seated": "Sitting",
}
_CATEGORY_NAMES = {"stretch": "Stretch", "strengthen": "Strengthen", "mobility": "Mobility"}
_CONTRAINDICATION_NAMES = {
    "osteoporosis": "Osteoporosis",
    "acute_pain": "Acute pain",
    "extension_sensitive": "Pain bending back",
    "flexion_sensitive": "Pain bending forward",
    "knee_problems": "Knee problems",
    "shoulder_problems": "Shoulder problems",
    "balance_problems": "Balance problems",
}
