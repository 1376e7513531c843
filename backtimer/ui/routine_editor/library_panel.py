"""The editor's right column: the exercise library, with a search box and filters, to add from.

Filters: position, kind, equipment, and conditions to leave out (an exercise the library marks as
not advised with a ticked condition is left out, and flagged where a routine has it).

The conditions the person has said apply (Settings, `conditions`) do not hide anything: an
exercise not advised with one of them is marked in the list, and while it is highlighted a warning
under the list names the condition and the exercise's caution. It can still be added (a
physiotherapist may have prescribed it); the routine's list then warns about it too.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.models import CATEGORIES, CONTRAINDICATIONS, POSITIONS, Library
from backtimer.ui.conditions import WARNING_SIGN, condition_name, warning_label, warning_text
from backtimer.ui.routine_editor.lists import (
    ANY,
    CATEGORY_NAMES,
    KEY,
    POSITION_NAMES,
    LibraryList,
    SearchEdit,
    wrap_items,
)
from backtimer.ui.routine_editor.routines_panel import make_button

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("LibraryPanel", text)


class LibraryPanel(QGroupBox):
    """Search and filter the library; `add_requested` asks to add the highlighted exercise."""

    add_requested = Signal()
    avoided_changed = Signal()  # a condition was ticked or unticked

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(_tr("Add exercises"), parent)
        self._library = library
        self._conditions: frozenset[str] = frozenset()  # what the person has said applies
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.search_edit = SearchEdit(self)
        self.search_edit.setObjectName("library_search")
        self.search_edit.setAccessibleName(_tr("Search exercises"))
        self.search_edit.setAccessibleDescription(
            _tr("Enter adds the highlighted exercise; Down chooses another in the list"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.apply_filters)
        self.search_edit.add_requested.connect(self.add_requested)
        self.search_edit.down_requested.connect(self._into_list)
        self.position_combo = self._filter_combo(
            "filter_position", _tr("Any position"),
            [(p, _tr(POSITION_NAMES.get(p, p))) for p in POSITIONS],
        )
        self.category_combo = self._filter_combo(
            "filter_category", _tr("Any kind"),
            [(c, _tr(CATEGORY_NAMES.get(c, c))) for c in CATEGORIES],
        )
        equipment = sorted({e for ex in library.exercises.values() for e in ex.equipment})
        self.equipment_combo = self._filter_combo(
            "filter_equipment", _tr("Any equipment"),
            [("-", _tr("No equipment"))] + [(e, e.capitalize()) for e in equipment],
        )
        for caption, widget in (
            (_tr("Se&arch"), self.search_edit),
            (_tr("&Position"), self.position_combo),
            (_tr("&Kind"), self.category_combo),
            (_tr("E&quipment"), self.equipment_combo),
        ):
            label = QLabel(caption, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.position_combo.setAccessibleName(_tr("Position"))
        self.category_combo.setAccessibleName(_tr("Kind of exercise"))
        self.equipment_combo.setAccessibleName(_tr("Equipment"))
        layout.addLayout(form)

        avoid = QGroupBox(_tr("Leave out exercises not advised with"), self)
        grid = QGridLayout(avoid)
        self.avoid_boxes: dict[str, QCheckBox] = {}
        for index, tag in enumerate(CONTRAINDICATIONS):
            check = QCheckBox(condition_name(tag), avoid)
            check.setObjectName(f"avoid_{tag}")
            check.setAccessibleName(
                _tr("Leave out exercises not advised with {condition}").format(
                    condition=check.text())
            )
            check.toggled.connect(self.apply_filters)
            check.toggled.connect(self.avoided_changed)
            grid.addWidget(check, index // 2, index % 2)
            self.avoid_boxes[tag] = check
        layout.addWidget(avoid)

        self.library_list = LibraryList(self)
        self.library_list.setObjectName("library_list")
        wrap_items(self.library_list)
        self.library_list.setAccessibleName(_tr("Library exercises"))
        self.library_list.setAccessibleDescription(
            _tr("Enter or Insert adds the highlighted exercise to the routine")
        )
        self.library_list.add_requested.connect(self.add_requested)
        self.library_list.itemDoubleClicked.connect(lambda _item: self.add_requested.emit())
        self.library_list.currentItemChanged.connect(self._show_warning)
        layout.addWidget(self.library_list, 1)
        self.warning = warning_label(self, "library_warning",
                                     _tr("Warning about the highlighted exercise"))
        layout.addWidget(self.warning)
        self.add_button = make_button(
            self, _tr("Add to routine"), "add_exercise",
            _tr("Add the highlighted exercise after the selected one (Insert)"))
        self.add_button.clicked.connect(lambda: self.add_requested.emit())
        layout.addWidget(self.add_button)
        self.apply_filters()

    def avoided(self) -> set[str]:
        """The conditions ticked: exercises not advised with them are left out and flagged."""
        return {tag for tag, box in self.avoid_boxes.items() if box.isChecked()}

    def set_conditions(self, conditions: Collection[str]) -> None:
        """The conditions the person has said apply (Settings): their exercises are marked."""
        if frozenset(conditions) != self._conditions:
            self._conditions = frozenset(conditions)
            self.apply_filters()

    def current_id(self) -> str | None:
        current = self.library_list.currentItem()
        return None if current is None else str(current.data(KEY))

    def shown_ids(self) -> list[str]:
        return [self.library_list.item(r).data(KEY) for r in range(self.library_list.count())]

    def apply_filters(self, *_args: object) -> None:
        keep = self.current_id()
        words = self.search_edit.text().casefold().split()
        position = self.position_combo.currentData()
        category = self.category_combo.currentData()
        equipment = self.equipment_combo.currentData()
        avoided = self.avoided()
        self.library_list.clear()
        for exercise in sorted(self._library.exercises.values(), key=lambda e: e.name.casefold()):
            if position != ANY and exercise.position != position:
                continue
            if category != ANY and exercise.category != category:
                continue
            if equipment == "-" and exercise.equipment:
                continue
            if equipment not in (ANY, "-") and equipment not in exercise.equipment:
                continue
            if avoided & set(exercise.contraindications):
                continue
            haystack = f"{exercise.name} {exercise.summary}".casefold()
            if any(word not in haystack for word in words):
                continue
            item = QListWidgetItem(exercise.name)
            item.setData(KEY, exercise.id)
            tip = exercise.summary
            if exercise.cautions:
                tip += "\n" + "\n".join(exercise.cautions)
            warning = warning_text(exercise, self._conditions)
            if warning is not None:
                item.setText(f"{exercise.name}  {WARNING_SIGN}")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, warning)
            item.setToolTip(tip)
            self.library_list.addItem(item)
            if exercise.id == keep:
                self.library_list.setCurrentItem(item)
        if self.library_list.currentItem() is None and self.library_list.count():
            self.library_list.setCurrentRow(0)
        self._show_warning()

    def _show_warning(self, *_args: object) -> None:
        """Under the list: why the highlighted exercise may not suit the person, if it may not."""
        exercise_id = self.current_id()
        warning = None if exercise_id is None else warning_text(
            self._library.exercise(exercise_id), self._conditions)
        if warning is None:
            self.warning.hide()
            return
        self.warning.setText(warning + "\n" + _tr(
            "You can still add it, for example when your physiotherapist has prescribed it."))
        self.warning.show()

    def _into_list(self) -> None:
        """Down from the search box: choose among the matches with the arrows, Enter adds."""
        self.library_list.setFocus()
        if self.library_list.currentRow() < 0 and self.library_list.count():
            self.library_list.setCurrentRow(0)

    def _filter_combo(
        self, name: str, any_text: str, entries: list[tuple[str, str]]
    ) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(any_text, ANY)
        for value, text in entries:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self.apply_filters)
        return combo
