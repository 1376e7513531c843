"""Help > Moves to avoid: the moves the library leaves out on purpose, why, and what to do instead.

Exercise articles for back pain still suggest full sit-ups or raising both legs at once; a person
who has read them deserves to know why backtimer does not, and which of its exercises works the
same muscles more kindly. The list comes from the library's `avoid` section, so it can never
disagree with what the library loads.

A window of its own (not a page of the main window's stack), so it can be read beside a
session or the routine editor. Keyboard: Tab between the list and Close, the arrow and Page keys
scroll, Esc closes. Each move is one accessible group: its name, then the reason and the safer
alternative as its description.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.models import AvoidedMove, Library
from backtimer.ui.fonts import follow

logger = logging.getLogger(__name__)


class AvoidWindow(QWidget):
    """The library's moves to avoid, each with its reason and its safer alternative."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Moves to avoid"))
        self.setAccessibleName(self.tr("Moves to avoid"))
        self.resize(720, 640)
        self.library = library
        title = QLabel(self.tr("Moves to avoid"))
        follow(title, 1.6, bold=True)
        intro = QLabel(self.tr(
            "Some moves that are often suggested for back pain are left out of backtimer on "
            "purpose. Here is why, and what to do instead."))
        intro.setWordWrap(True)
        follow(intro, 1.1)
        column = QWidget()
        cards = QVBoxLayout(column)
        self.cards: dict[str, QFrame] = {}
        for move in library.avoid:
            card = self._card(move)
            self.cards[move.id] = card
            cards.addWidget(card)
        cards.addStretch(1)
        self.moves = QScrollArea()
        self.moves.setWidget(column)
        self.moves.setWidgetResizable(True)
        self.moves.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.moves.setAccessibleName(self.tr("The moves, with the reasons and the alternatives"))
        self.close_button = QPushButton(self.tr("Close (Esc)"))
        follow(self.close_button, 1.2, bold=True)
        self.close_button.setAccessibleName(self.tr("Close the list of moves to avoid"))
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.moves, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.moves, self.close_button)
        self.moves.setFocus()

    def instead_text(self, move: AvoidedMove) -> str:
        """'Instead: Partial crunch. <its summary>', or advice when there is no alternative."""
        exercise = self.library.exercises.get(move.instead) if move.instead else None
        if exercise is None:
            return self.tr("Instead: ask your physiotherapist what suits you.")
        return self.tr("Instead: {name}. {summary}").format(name=exercise.name,
                                                            summary=exercise.summary)

    def _card(self, move: AvoidedMove) -> QFrame:
        card = QFrame()
        card.setObjectName(f"avoid_{move.id}")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        name = QLabel(move.name)
        follow(name, 1.3, bold=True)
        name.setWordWrap(True)
        reason = QLabel(self.tr("Why not: {reason}").format(reason=move.reason))
        reason.setWordWrap(True)
        follow(reason, 1.1)
        instead = QLabel(self.instead_text(move))
        instead.setWordWrap(True)
        follow(instead, 1.1, bold=True)
        for label in (name, reason, instead):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card.setAccessibleName(move.name)
        card.setAccessibleDescription(f"{reason.text()} {instead.text()}")
        layout = QVBoxLayout(card)
        layout.addWidget(name)
        layout.addWidget(reason)
        layout.addWidget(instead)
        return card

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)
