"""The editor's lists and search box, with their keys, and the shown names of the library's words
(the conditions' names are in core/conditions.py).

Each widget only turns keys into signals; the editor decides what they do:
- the routine's exercises: Alt/Ctrl+Up/Down move the selected one, Delete removes it;
- the routines: F2 renames, Delete deletes;
- the library: Enter adds the highlighted exercise;
- the search box: Enter adds the highlighted exercise, Down goes into the list to choose another.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QStyledItemDelegate, QStyleOptionViewItem

logger = logging.getLogger(__name__)

KEY = Qt.ItemDataRole.UserRole  # routine id in the routine list; item key in the exercise list
ANY = ""  # the "any" entry of a filter combo box

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ItemList(QListWidget):
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


class RoutineList(QListWidget):
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


class LibraryList(QListWidget):
    """The library exercises shown by the filters; Enter adds the highlighted one."""

    add_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER:
            self.add_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class SearchEdit(QLineEdit):
    """The library search: type, then Enter adds the first match; Down goes into the list."""

    add_requested = Signal()
    down_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain == Qt.KeyboardModifier.NoModifier:
            if event.key() in _ENTER:
                self.add_requested.emit()
                event.accept()
                return
            if event.key() == Qt.Key.Key_Down:
                self.down_requested.emit()
                event.accept()
                return
        super().keyPressEvent(event)


# Pixels narrower than the row that a wrapped entry is measured at (see WrapSafeDelegate).
_WRAP_SLACK = 12


class WrapSafeDelegate(QStyledItemDelegate):
    """Measures a wrapped entry a little narrower than the row it is painted in.

    WORKAROUND: https://github.com/LibrePCB/LibrePCB/issues/436 (the same symptom: wrapped
    text in a row sized for fewer lines). Seen here at 1366x768: the row height is computed for
    a slightly wider text area than the one painted, so an entry that just fits in one line
    when measured is painted wrapped and cut ("... each ..."). Measuring narrower can only add
    a line of room, never lose one.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
                 ) -> QSize:
        narrower = QStyleOptionViewItem(option)
        narrower.rect = option.rect.adjusted(0, 0, -_WRAP_SLACK, 0)
        hint = super().sizeHint(narrower, index)
        return QSize(min(hint.width(), max(option.rect.width(), 1)), hint.height())


def wrap_items(view: QListWidget) -> None:
    """Long entries wrap onto a second line instead of hiding behind a horizontal scroll bar."""
    view.setItemDelegate(WrapSafeDelegate(view))
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setResizeMode(QListWidget.ResizeMode.Adjust)
    view.setSpacing(2)


# Shown names of the library's fixed vocabularies (the stored values stay the library's).
POSITION_NAMES = {
    "lying_on_back": "Lying on your back",
    "hands_and_knees": "On hands and knees",
    "prone": "Lying face down",
    "side_lying": "Lying on your side",
    "standing": "Standing",
    "seated": "Sitting",
}
CATEGORY_NAMES = {"stretch": "Stretch", "strengthen": "Strengthen", "mobility": "Mobility"}
