"""Check boxes for the settings that are a comma list of known words (core.settings.WORD_LISTS).

One control for all of them: the reminder's weekdays (seven short boxes in a row) and the
person's conditions (one box per line, in plain words). Its value is the settings text itself
("mon,wed,fri", "osteoporosis"), in the model's order, so nothing is converted twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from backtimer.core.settings import WORD_LISTS, parse_words
from backtimer.ui.conditions import condition_name

logger = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


class WordPicker(QWidget):
    """One check box per known word, `columns` to a row; `changed` when one is toggled."""

    changed = Signal()

    def __init__(self, label: str, text_format: str, names: Sequence[tuple[str, str]],
                 columns: int, parent: QWidget | None = None) -> None:
        """`names`: (shown text, full name for the accessible name) per word, in the list's
        order."""
        super().__init__(parent)
        self._format = text_format
        self._words = WORD_LISTS[text_format][0]
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for index, (word, (shown, full)) in enumerate(zip(self._words, names, strict=True)):
            box = QCheckBox(shown, self)
            box.setObjectName(f"{text_format}_{word}")
            box.setAccessibleName(f"{label}: {full}")
            box.toggled.connect(self.changed)
            layout.addWidget(box, index // columns, index % columns)
            self.boxes.append(box)
        layout.setColumnStretch(columns, 1)
        self.setAccessibleName(label)

    def text(self) -> str:
        return ",".join(word for word, box in zip(self._words, self.boxes, strict=True)
                        if box.isChecked())

    def set_text(self, text: str) -> None:
        chosen = set(parse_words(self._format, text))
        for word, box in zip(self._words, self.boxes, strict=True):
            box.setChecked(word in chosen)


def make_picker(text_format: str, label: str, parent: QWidget) -> WordPicker:
    """The picker for a WORD_LISTS format, with its words' names."""
    if text_format == "weekdays":
        short = (_tr("Mon"), _tr("Tue"), _tr("Wed"), _tr("Thu"), _tr("Fri"), _tr("Sat"),
                 _tr("Sun"))
        full = (_tr("Monday"), _tr("Tuesday"), _tr("Wednesday"), _tr("Thursday"),
                _tr("Friday"), _tr("Saturday"), _tr("Sunday"))
        return WordPicker(label, text_format, list(zip(short, full, strict=True)), 7, parent)
    if text_format == "conditions":
        shown = [(condition_name(tag), condition_name(tag)) for tag in WORD_LISTS[text_format][0]]
        return WordPicker(label, text_format, shown, 1, parent)
    raise KeyError(text_format)
