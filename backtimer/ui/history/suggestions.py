"""The progression suggestion on the main window: one line, accepted or dismissed with one click.

The rules are in core.progression; this widget shows the first suggestion, records the person's
answer in the history (so the same evidence never asks twice) and, given the catalog, writes an
accepted change into the person's routine through it (`Catalog.apply_suggestion`: a built-in
routine gets a saved copy), then emits `applied` with the routine's id, or `failed` with a notice.
`accepted` and `dismissed` carry the Suggestion itself. No dialog: the banner is part of the page.
"""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from backtimer.core.library import LoadError
from backtimer.core.progression import Suggestion, suggest
from backtimer.storage.catalog import Catalog
from backtimer.storage.history import HistoryStore

logger = logging.getLogger(__name__)


class SuggestionBanner(QFrame):
    accepted = Signal(object)  # the Suggestion
    dismissed = Signal(object)
    applied = Signal(str)  # id of the routine that now holds the accepted change
    failed = Signal(str)  # why the accepted change could not be saved

    def __init__(self, store: HistoryStore, catalog: Catalog | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.catalog = catalog
        self.accepted.connect(self._apply)
        self.suggestions: list[Suggestion] = []
        self.setObjectName("suggestion_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#suggestion_banner { background: #eef6ee; border: 1px solid #9cc79c;"
                           " border-radius: 4px; } QLabel { color: #16361a; }")
        self.setAccessibleName(self.tr("Suggestion for your plan"))
        layout = QHBoxLayout(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(self.tr("Suggestion"))
        layout.addWidget(self.text, 1)
        self.accept_button = QPushButton(self.tr("&Use it"), self)
        self.accept_button.setAccessibleName(self.tr("Accept the suggestion"))
        self.accept_button.clicked.connect(lambda: self._answer(True))
        self.dismiss_button = QPushButton(self.tr("&Not now"), self)
        self.dismiss_button.setAccessibleName(self.tr("Dismiss the suggestion"))
        self.dismiss_button.clicked.connect(lambda: self._answer(False))
        layout.addWidget(self.accept_button)
        layout.addWidget(self.dismiss_button)
        self.setVisible(False)

    def refresh(self) -> list[Suggestion]:
        """Work out the suggestions from the latest sessions and show the first one."""
        try:
            found = suggest(self.store.progression_facts(), self.store.decided_suggestions())
        except sqlite3.Error:
            logger.exception("could not read the history for suggestions")
            found = []
        self.set_suggestions(found)
        return found

    def set_suggestions(self, suggestions: list[Suggestion]) -> None:
        self.suggestions = list(suggestions)
        self._show_first()

    def describe(self, s: Suggestion) -> str:
        changes = "; ".join(c.describe() for c in s.changes)
        if s.kind == "progress":
            return (self.tr("%1 sessions of %2 in a row with only green pain checks: you could "
                            "do a little more. %3.")
                    .replace("%1", str(s.sessions)).replace("%2", s.routine_name)
                    .replace("%3", changes))
        text = self.tr("Your last session of %1 ended with pain 2 or more points above where it "
                       "started. A lighter plan for next time: %2. A gentler routine is another "
                       "option.").replace("%1", s.routine_name)
        return text.replace("%2", changes or self.tr("fewer exercises"))

    def _show_first(self) -> None:
        if not self.suggestions:
            self.setVisible(False)
            return
        self.text.setText(self.describe(self.suggestions[0]))
        self.setVisible(True)

    def _answer(self, accepted: bool) -> None:
        if not self.suggestions:
            return
        suggestion = self.suggestions.pop(0)
        try:
            self.store.record_suggestion(suggestion, accepted=accepted)
        except sqlite3.Error:
            logger.exception("could not record the answer to a suggestion")
        (self.accepted if accepted else self.dismissed).emit(suggestion)
        self._show_first()

    def _apply(self, suggestion: Suggestion) -> None:
        """Write an accepted suggestion into its routine, through the catalog."""
        if self.catalog is None:
            return
        try:
            changed = self.catalog.apply_suggestion(suggestion)
        except KeyError:
            logger.warning("suggestion for a routine that is gone: %s", suggestion.routine_id)
            return
        except (LoadError, OSError) as exc:
            self.failed.emit(self.tr("The change was not saved: {reason}").format(reason=exc))
            return
        self.applied.emit(changed.id)
