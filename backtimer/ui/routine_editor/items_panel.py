"""The exercises of the routine being edited, in order: a list with move and remove buttons.

Each row keeps a key into `_items`, so a drag (which moves the rows of the list's model) and the
keyboard or buttons (which call the same `moveRows`) change the order the same way; `order()`
reads it back. Each row shows the planned dose with the meaning of its hold (item_form.py).

A row whose exercise is not advised with a condition the person has said applies (Settings) or
has ticked to leave out in the library is flagged; for the selected row a warning under the list
names the condition and the exercise's caution (ui/conditions.py). Nothing is removed.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.models import Exercise, Library, RoutineItem
from backtimer.core.plan import resolve_item
from backtimer.core.settings import Settings, parse_conditions
from backtimer.ui.conditions import WARNING_SIGN, names, warning_label, warning_text
from backtimer.ui.routine_editor.item_form import hold_parts
from backtimer.ui.routine_editor.lists import KEY, ItemList, wrap_items
from backtimer.ui.routine_editor.routines_panel import make_button

logger = logging.getLogger(__name__)

MIN_VISIBLE_ROWS = 5  # the list is never squeezed below this many rows of one line


def _tr(text: str) -> str:
    return QCoreApplication.translate("ItemsPanel", text)


def item_text(item: RoutineItem, exercise: Exercise, settings: Settings) -> str:
    """One row: "Glute bridge: 8 x 9 s hold (6 s + 3 s)", as the plan plans it."""
    resolved = resolve_item(item, exercise, settings)
    hold = hold_parts(item, exercise, settings)
    if hold is not None:
        work = _tr("{reps} \u00d7 {hold} s hold").format(reps=resolved.reps, hold=hold.planned)
        if hold.adjust:
            work += f" ({hold.sum_text()})"  # the form below says "from Settings" in full
    else:
        work = _tr("{reps} repetitions").format(reps=resolved.reps)
    parts = [work]
    if resolved.sets > 1:
        parts.append(_tr("{sets} sets, {rest} s rest").format(sets=resolved.sets,
                                                              rest=resolved.rest))
    if exercise.per_side:
        parts.append(_tr("each side"))
    return f"{exercise.name}: {', '.join(parts)}"


class ItemsPanel(QWidget):
    """`order_changed` after a move, drag or removal; `current_changed` when the selection moves."""

    order_changed = Signal()
    current_changed = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._items: dict[int, RoutineItem] = {}
        self._next_key = 0
        self._loading = False
        self._editable = False
        self._marked: frozenset[str] = frozenset()  # conditions whose exercises are flagged
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(_tr("&Exercises, in order"), self)
        self.items_list = ItemList(self)
        label.setBuddy(self.items_list)
        self.items_list.setObjectName("routine_items")
        wrap_items(self.items_list)
        self._fit_list()
        self.items_list.setAccessibleName(_tr("Exercises in this routine"))
        self.items_list.setAccessibleDescription(
            _tr("Alt+Up or Alt+Down moves the selected exercise; Delete removes it")
        )
        self.items_list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.items_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items_list.currentRowChanged.connect(self._on_current)
        self.items_list.move_requested.connect(self.move_current)
        self.items_list.remove_requested.connect(self.remove_current)
        self.items_list.model().rowsMoved.connect(self._on_rows_moved)
        # Should a drop ever fall back to copy-then-remove, the order is read back once the copy's
        # source row is gone.
        self.items_list.model().rowsRemoved.connect(self._on_rows_removed)
        layout.addWidget(label)
        layout.addWidget(self.items_list, 1)
        self.warning = warning_label(self, "item_warning",
                                     _tr("Warning about the selected exercise"))
        layout.addWidget(self.warning)

        row = QHBoxLayout()
        self.up_button = make_button(
            self, _tr("Move up"), "move_up", _tr("Move the selected exercise earlier (Alt+Up)"))
        self.down_button = make_button(
            self, _tr("Move down"), "move_down", _tr("Move the selected exercise later (Alt+Down)"))
        self.remove_button = make_button(
            self, _tr("Remove"), "remove_item",
            _tr("Remove the selected exercise from the routine (Delete)"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button.clicked.connect(self.remove_current)
        for button in (self.up_button, self.down_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def _fit_list(self) -> None:
        """At least MIN_VISIBLE_ROWS rows tall and 36 characters wide, at the text size in use."""
        metrics = self.items_list.fontMetrics()
        self.items_list.setMinimumWidth(36 * metrics.averageCharWidth())
        self.items_list.setMinimumHeight(
            MIN_VISIBLE_ROWS * (metrics.height() + 2 * self.items_list.spacing() + 2)
            + 2 * self.items_list.frameWidth())

    def changeEvent(self, event: QEvent) -> None:
        # A new text size (ui/fonts.py: the application font) re-measures the list.
        if event.type() == QEvent.Type.FontChange:
            self._fit_list()
        super().changeEvent(event)

    # --- contents -------------------------------------------------------------------------

    def load(self, items: tuple[RoutineItem, ...], editable: bool) -> None:
        """Show a routine's items (selecting the first); no `order_changed` for this."""
        self._loading = True
        try:
            self._editable = editable
            self.items_list.clear()
            self._items.clear()
            for index, item in enumerate(items):
                self._insert(index, item)
            if self.items_list.count():
                self.items_list.setCurrentRow(0)
        finally:
            self._loading = False
        self.items_list.setDragDropMode(
            QAbstractItemView.DragDropMode.InternalMove if editable
            else QAbstractItemView.DragDropMode.NoDragDrop
        )
        self._update_buttons()

    def order(self) -> tuple[RoutineItem, ...]:
        keys = [self.items_list.item(row).data(KEY) for row in range(self.items_list.count())]
        return tuple(self._items[key] for key in keys)

    def current(self) -> RoutineItem | None:
        row = self.items_list.currentRow()
        return None if row < 0 else self._items[self.items_list.item(row).data(KEY)]

    def replace_current(self, item: RoutineItem) -> None:
        row = self.items_list.currentRow()
        if row >= 0:
            self._items[self.items_list.item(row).data(KEY)] = item

    def insert_after_current(self, item: RoutineItem) -> None:
        row = self.items_list.currentRow()
        row = row + 1 if row >= 0 else self.items_list.count()
        self._insert(row, item)
        self.items_list.setCurrentRow(row)
        self.order_changed.emit()

    def remove_current(self) -> None:
        row = self.items_list.currentRow()
        if not self._editable or row < 0:
            return
        taken = self.items_list.takeItem(row)
        del self._items[taken.data(KEY)]
        if self.items_list.count():
            self.items_list.setCurrentRow(min(row, self.items_list.count() - 1))
        self.order_changed.emit()

    def move_current(self, offset: int) -> None:
        row = self.items_list.currentRow()
        target = row + offset
        if not self._editable or row < 0 or not 0 <= target < self.items_list.count():
            return
        # The same call a drag makes (QListView::dropEvent -> moveRows), so both paths agree.
        destination = target + 1 if offset > 0 else target
        self.items_list.model().moveRows(QModelIndex(), row, 1, QModelIndex(), destination)
        self.items_list.setCurrentRow(target)

    def refresh(self, settings: Settings, avoided: set[str]) -> None:
        """Rewrite every row: number, planned dose, and a warning for the person's conditions
        (Settings) and the conditions ticked to leave out in the library."""
        self._marked = parse_conditions(settings.conditions) | avoided
        for row in range(self.items_list.count()):
            widget_item = self.items_list.item(row)
            item = self._items[widget_item.data(KEY)]
            exercise = self._library.exercise(item.exercise)
            text = f"{row + 1}. {item_text(item, exercise, settings)}"
            tip = exercise.summary
            flagged = [tag for tag in exercise.contraindications if tag in self._marked]
            if flagged:
                warning = _tr("not advised with {conditions}").format(conditions=names(flagged))
                text += f"  {WARNING_SIGN} {warning}"
                tip += "\n" + warning
            widget_item.setText(text)
            widget_item.setToolTip(tip)
        self._show_warning()

    def _show_warning(self) -> None:
        item = self.current()
        warning = None if item is None else warning_text(
            self._library.exercise(item.exercise), self._marked)
        self.warning.setText(warning or "")
        self.warning.setVisible(warning is not None)

    # --- signals from the list ------------------------------------------------------------

    def _insert(self, row: int, item: RoutineItem) -> None:
        key = self._next_key
        self._next_key += 1
        self._items[key] = item
        widget_item = QListWidgetItem()
        widget_item.setData(KEY, key)
        self.items_list.insertItem(row, widget_item)

    def _update_buttons(self) -> None:
        row = self.items_list.currentRow()
        self.up_button.setEnabled(self._editable and row > 0)
        self.down_button.setEnabled(self._editable and 0 <= row < self.items_list.count() - 1)
        self.remove_button.setEnabled(self._editable and row >= 0)

    def _on_current(self, _row: int) -> None:
        self._update_buttons()
        self._show_warning()
        if not self._loading:
            self.current_changed.emit()

    def _on_rows_moved(self, *_args: object) -> None:
        if not self._loading:
            self.order_changed.emit()

    def _on_rows_removed(self, *_args: object) -> None:
        if self._loading:
            return
        keys = [self.items_list.item(row).data(KEY) for row in range(self.items_list.count())]
        if sorted(keys) == sorted(self._items):
            self.order_changed.emit()
