"""The person's conditions as the windows show them: translated names and the one warning sentence.

The names come from core/conditions.py (the one place they are written); the routine editor and
the routine preview build their warnings here, so both say the same thing the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QWidget

from backtimer.core.conditions import caution_for, condition_label, marked_tags
from backtimer.core.models import Exercise

logger = logging.getLogger(__name__)

WARNING_SIGN = "\u26a0"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Conditions", text)


def condition_name(tag: str) -> str:
    """The translated plain-word name of a library tag."""
    return _tr(condition_label(tag))


def names(tags: Iterable[str]) -> str:
    """"Osteoporosis, Knee problems"."""
    return ", ".join(condition_name(tag) for tag in tags)


def warning_text(exercise: Exercise, conditions: Collection[str]) -> str | None:
    """Two lines naming the person's condition(s) the exercise may not suit and its caution, or
    None when it carries none of them."""
    tags = marked_tags(exercise, conditions)
    if not tags:
        return None
    text = _tr("{sign} {exercise} may not suit you: {conditions}.").format(
        sign=WARNING_SIGN, exercise=exercise.name, conditions=names(tags))
    caution = caution_for(exercise, tags)
    if caution is not None:
        text += "\n" + _tr("Careful: {caution}").format(caution=caution)
    return text


def warning_label(parent: QWidget, object_name: str, accessible_name: str) -> QLabel:
    """A boxed, wrapping, hidden-until-needed label for a warning (set its text, then show it)."""
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFrameShape(QFrame.Shape.Box)
    label.setMargin(4)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label
