"""Exercises that may not suit the person's conditions (Settings) are marked, never hidden: in the
routine editor's library and routine list, and in the main window's routine preview."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from backtimer.core.library import load_library
from backtimer.core.models import Routine, RoutineItem
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings, parse_conditions
from backtimer.storage.catalog import Catalog
from backtimer.ui.main_window import RoutinesPage
from backtimer.ui.routine_editor.editor import RoutineEditor
from tests.helpers.app import close_app, make_app

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LIBRARY = load_library()
CRUNCH_CAUTION = "If you have osteoporosis, ask your clinician before doing curl-ups."


def _editor(qtbot: QtBot, settings: Settings) -> RoutineEditor:
    editor = RoutineEditor(Catalog(LIBRARY), settings)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.new_routine()
    return editor


def _highlight(editor: RoutineEditor, exercise_id: str) -> None:
    for row in range(editor.library_list.count()):
        if editor.library_list.item(row).data(Qt.ItemDataRole.UserRole) == exercise_id:
            editor.library_list.setCurrentRow(row)
            return
    raise AssertionError(f"{exercise_id} is not shown in the library")


def _library_text(editor: RoutineEditor, exercise_id: str) -> str:
    _highlight(editor, exercise_id)
    return editor.library_list.currentItem().text()


def test_an_exercise_for_a_said_condition_is_marked_and_can_still_be_added(
        qtbot: QtBot) -> None:
    editor = _editor(qtbot, Settings().replace(conditions="osteoporosis"))
    warning = editor.library_panel.warning
    assert "partial_crunch" in editor.shown_library_ids(), "marked, not hidden"
    assert "\u26a0" in _library_text(editor, "partial_crunch")
    assert warning.isVisible()
    assert "Partial crunch may not suit you: Osteoporosis." in warning.text()
    assert CRUNCH_CAUTION in warning.text()
    assert "You can still add it" in warning.text()
    accessible = editor.library_list.currentItem().data(Qt.ItemDataRole.AccessibleTextRole)
    assert "Osteoporosis" in accessible

    qtbot.keyClick(editor.library_list, Qt.Key.Key_Insert)
    assert [item.exercise for item in editor.current_routine().items] == ["partial_crunch"]
    assert "not advised with Osteoporosis" in editor.items_list.item(0).text()
    item_warning = editor.items_panel.warning
    assert item_warning.isVisible()
    assert "Osteoporosis" in item_warning.text()
    assert CRUNCH_CAUTION in item_warning.text()

    assert "\u26a0" not in _library_text(editor, "cat_cow")
    assert not warning.isVisible()


def test_a_tag_the_person_has_not_said_is_not_marked(qtbot: QtBot) -> None:
    editor = _editor(qtbot, Settings().replace(conditions="knee_problems"))
    assert "\u26a0" not in _library_text(editor, "partial_crunch")
    assert not editor.library_panel.warning.isVisible()
    assert "\u26a0" in _library_text(editor, "wall_sit")
    assert "Knee problems" in editor.library_panel.warning.text()
    editor.add_exercise("partial_crunch")
    assert "\u26a0" not in editor.items_list.item(0).text()
    assert not editor.items_panel.warning.isVisible()


def test_new_settings_mark_the_routine_being_edited(qtbot: QtBot) -> None:
    editor = _editor(qtbot, Settings())
    editor.add_exercise("roll_up")
    assert not editor.items_panel.warning.isVisible()
    editor.set_settings(Settings().replace(conditions="acute_pain"))
    text = editor.items_panel.warning.text()
    assert editor.items_panel.warning.isVisible()
    assert "Roll-up may not suit you: Back pain that started recently (acute)." in text
    assert "Careful: Not suitable if you have osteoporosis or your back pain is new or severe." \
        in text
    assert "\u26a0" in _library_text(editor, "roll_up")
    editor.set_settings(Settings())
    assert not editor.items_panel.warning.isVisible()
    assert "\u26a0" not in _library_text(editor, "roll_up")


def test_the_warning_follows_the_selected_item(qtbot: QtBot) -> None:
    editor = _editor(qtbot, Settings().replace(conditions="osteoporosis"))
    editor.add_exercise("cat_cow")
    editor.add_exercise("partial_crunch")
    assert editor.items_panel.warning.isVisible()
    editor.items_list.setCurrentRow(0)
    assert not editor.items_panel.warning.isVisible()
    editor.items_list.setCurrentRow(1)
    assert CRUNCH_CAUTION in editor.items_panel.warning.text()


def _page(qtbot: QtBot, conditions: str, routine: Routine) -> RoutinesPage:
    page = RoutinesPage()
    qtbot.addWidget(page)
    plan = build_plan(routine, LIBRARY, Settings())
    page.set_routines([plan], set(), parse_conditions(conditions))
    page.show()
    return page


MIXED = Routine(id="mixed", name="Mixed", items=(
    RoutineItem("cat_cow"), RoutineItem("partial_crunch"), RoutineItem("roll_up")))


def test_the_preview_marks_exercises_in_one_line(qtbot: QtBot) -> None:
    page = _page(qtbot, "osteoporosis,acute_pain", MIXED)
    assert page.unsuited.isVisible()
    line = page.unsuited.text()
    assert "\n" not in line
    assert line == ("\u26a0 May not suit you: Partial crunch \u2014 Osteoporosis; "
                    "Roll-up \u2014 Osteoporosis, Back pain that started recently (acute)")
    rows = page.items.text().splitlines()
    assert rows[0].startswith("\u2022 Cat-cow")
    assert rows[1].startswith("\u26a0 Partial crunch")
    assert rows[2].startswith("\u26a0 Roll-up")


def test_no_conditions_no_mark_in_the_preview(qtbot: QtBot) -> None:
    page = _page(qtbot, "", MIXED)
    assert not page.unsuited.isVisible()
    assert "\u26a0" not in page.items.text()


def test_saved_conditions_mark_the_app_preview(qtbot: QtBot, qapp: object) -> None:
    app = make_app(qtbot, qapp)
    app.window.routines.select("core_stability")
    assert not app.window.routines.unsuited.isVisible()
    app.save_settings(app.settings.replace(conditions="shoulder_problems"))
    app.window.routines.select("core_stability")
    line = app.window.routines.unsuited.text()
    assert app.window.routines.unsuited.isVisible()
    assert "Side plank \u2014 Shoulder problems" in line
    assert "Partial crunch" not in line
    close_app(app)
