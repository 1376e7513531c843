"""Help > Moves to avoid lists every avoided move of the library with its reason and the safer
alternative; the routine preview says what equipment to have ready."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from backtimer.core.library import load_library
from backtimer.core.models import AvoidedMove, Library
from backtimer.ui.avoid_page import AvoidWindow
from tests.helpers.app import make_app


def card_texts(window: AvoidWindow, move_id: str) -> list[str]:
    return [label.text() for label in window.cards[move_id].findChildren(QLabel)]


def test_every_avoided_move_is_shown_with_its_reason_and_alternative(qtbot, qapp):
    app = make_app(qtbot, qapp)
    app.window.avoid_action.trigger()
    window = app.windows.avoid_window
    assert window is not None
    assert window.isVisible()
    library = app.library
    assert library.avoid, "the library has moves to avoid"
    assert list(window.cards) == [move.id for move in library.avoid]
    for move in library.avoid:
        texts = card_texts(window, move.id)
        assert move.name in texts
        assert any(move.reason in text for text in texts)
        assert move.instead is not None
        alternative = library.exercise(move.instead)
        assert any(alternative.name in text and alternative.summary in text for text in texts)
        card = window.cards[move.id]
        assert card.accessibleName() == move.name
        assert move.reason in card.accessibleDescription()
        assert alternative.name in card.accessibleDescription()
    assert app.window.avoid_action.text() == "&Moves to avoid\u2026"
    app._quit()


def test_esc_closes_and_the_keyboard_reaches_the_list_and_close(qtbot, qapp):
    window = AvoidWindow(load_library())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    assert window.moves.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert window.close_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert window.moves.accessibleName()
    assert window.close_button.accessibleName()
    qtbot.keyClick(window.moves, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_a_move_without_alternative_points_to_the_physiotherapist(qtbot, qapp):
    library = load_library()
    lone = AvoidedMove(id="lone", name="A lone move", reason="Too strong.", instead=None)
    window = AvoidWindow(Library(exercises=library.exercises, avoid=(lone,)))
    qtbot.addWidget(window)
    assert "Instead: ask your physiotherapist what suits you." in card_texts(window, "lone")


def test_the_routine_preview_says_what_to_have_ready(qtbot, qapp):
    app = make_app(qtbot, qapp)
    page = app.window.routines
    page.select("desk_worker")
    assert page.equipment.text() == "You need: a wall, a sturdy chair, a mat, a towel or strap"
    assert page.equipment.accessibleName() == "Equipment needed"
    page.select("gentle_start")
    assert page.equipment.text() == "You need: a mat, a towel or strap"
    app._quit()
