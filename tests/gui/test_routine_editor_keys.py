"""The routine editor from the keyboard and at 1366x768: search box keys, Esc and Ctrl+W, a
visible Save, five or more exercise rows in view, the meaning of each hold, and the editor
following the catalog when something else changes the routines."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from backtimer.core.library import load_library
from backtimer.core.models import Routine, RoutineItem
from backtimer.core.progression import Change, Suggestion
from backtimer.core.settings import Settings
from backtimer.storage.catalog import Catalog, export_routine
from backtimer.storage.history import HistoryStore
from backtimer.ui.history.suggestions import SuggestionBanner
from backtimer.ui.routine_editor.editor import _PREFERRED, RoutineEditor

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LIBRARY = load_library()
SEVEN = Routine(id="mine", name="Mine", items=tuple(
    RoutineItem(e) for e in ("pelvic_tilt", "knee_to_chest_single", "knee_rolls",
                             "abdominal_draw_in", "glute_bridge", "hamstring_stretch_towel",
                             "knee_to_chest_double")))


def _editor(qtbot: QtBot, settings: Settings | None = None,
            catalog: Catalog | None = None) -> RoutineEditor:
    catalog = catalog or Catalog(LIBRARY)
    if not catalog.is_saved("mine"):
        catalog.save(SEVEN)
    editor = RoutineEditor(catalog, settings or Settings())
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.select_routine("mine")
    return editor


def _order(editor: RoutineEditor) -> list[str]:
    routine = editor.current_routine()
    assert routine is not None
    return [item.exercise for item in routine.items]


def test_the_hold_shown_says_what_it_is(qtbot: QtBot) -> None:
    editor = _editor(qtbot, Settings().replace(hold_adjust=3))
    editor.items_list.setCurrentRow(4)  # glute bridge, own hold 6 s by default
    editor.hold_spin.setValue(7)
    assert editor.details_box.planned_hold.text() == "10 s (7 s + 3 s from Settings)"
    assert editor.items_list.item(4).text() == (
        "5. Glute bridge: 8 \u00d7 10 s hold (7 s + 3 s)")
    current = editor.current_routine()
    assert current is not None
    assert current.items[4].hold == 7, "the own value is what is saved"
    editor.hold_spin.setValue(29)
    assert editor.details_box.planned_hold.text() == (
        "30 s (29 s + 3 s from Settings, kept within 5\u201330 s)")
    editor.set_settings(Settings())
    assert editor.details_box.planned_hold.text() == "29 s"
    editor.items_list.setCurrentRow(2)  # knee rolls
    editor.set_settings(Settings().replace(hold_adjust=-2))
    # Knee rolls hold 5 s: 5 - 2 would be below the 5 s floor, and the label says so.
    assert editor.details_box.planned_hold.text() == (
        "5 s (5 s \u2212 2 s from Settings, kept within 5\u201330 s)")
    editor.items_list.setCurrentRow(1)  # single knee-to-chest, 20 s
    assert editor.details_box.planned_hold.text() == "18 s (20 s \u2212 2 s from Settings)"


def test_enter_in_the_search_box_adds_the_first_match(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.items_list.setCurrentRow(0)
    editor.search_edit.setFocus()
    qtbot.keyClicks(editor.search_edit, "wall sit")
    assert editor.shown_library_ids() == ["wall_sit"]
    with qtbot.waitSignal(editor.routine_saved, timeout=1000):
        qtbot.keyClick(editor.search_edit, Qt.Key.Key_Return)
    assert _order(editor)[1] == "wall_sit"
    assert editor.focusWidget() is editor.search_edit, "ready to search for the next one"


def test_down_in_the_search_box_chooses_among_the_matches(qtbot: QtBot) -> None:
    editor = _editor(qtbot)
    editor.items_list.setCurrentRow(6)
    editor.search_edit.setFocus()
    qtbot.keyClicks(editor.search_edit, "cat")
    assert editor.shown_library_ids() == ["cat_cow", "standing_cat_cow"]
    qtbot.keyClick(editor.search_edit, Qt.Key.Key_Down)
    assert editor.focusWidget() is editor.library_list
    qtbot.keyClick(editor.library_list, Qt.Key.Key_Down)
    qtbot.keyClick(editor.library_list, Qt.Key.Key_Return)
    assert _order(editor)[-1] == "standing_cat_cow"


@pytest.mark.parametrize("keys", ["Esc", "Ctrl+W"])
def test_esc_and_ctrl_w_close_the_editor(qtbot: QtBot, keys: str) -> None:
    editor = _editor(qtbot)
    editor.activateWindow()
    qtbot.waitActive(editor)
    editor.items_list.setFocus()
    assert editor.isVisible()
    if keys == "Esc":
        qtbot.keyClick(editor.items_list, Qt.Key.Key_Escape)
    else:
        qtbot.keyClick(editor.items_list, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert not editor.isVisible()


def test_a_visible_save_and_a_clear_saved_state(qtbot: QtBot) -> None:
    catalog = Catalog(LIBRARY)
    editor = _editor(qtbot, catalog=catalog)
    assert editor.save_button.isVisible()
    assert editor.save_button.isEnabled()
    assert editor.status_label.text() == "All changes saved."
    editor.name_edit.setFocus()
    editor.name_edit.selectAll()
    qtbot.keyClicks(editor.name_edit, "Morning")
    assert catalog.get("mine").name == "Mine", "not saved while typing"
    with qtbot.waitSignal(editor.routine_saved, timeout=1000) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].name == "Morning"
    assert catalog.get("morning").name == "Morning"
    assert editor.status_label.text() == "All changes saved."
    editor.select_routine("gentle_start")
    assert not editor.save_button.isEnabled(), "nothing to save in a built-in routine"


def test_the_editor_fits_1366x768_and_shows_more_than_four_exercises(qtbot: QtBot) -> None:
    # A 1366x768 screen's work area, less a panel (about 30 px) and a title bar (about 30 px).
    work_area = QSize(1366, 768 - 60)
    assert work_area.expandedTo(_PREFERRED) == work_area
    editor = _editor(qtbot)
    assert editor.minimumSizeHint().height() <= work_area.height()
    # Shown without a size from its caller, it takes the size it asks for, not 2/3 of the screen.
    assert editor.height() == editor.sizeHint().height() == _PREFERRED.height()
    editor.resize(_PREFERRED)
    qtbot.wait(10)
    viewport = editor.items_list.viewport().rect()
    whole_rows = [
        row for row in range(editor.items_list.count())
        if viewport.contains(editor.items_list.visualItemRect(editor.items_list.item(row)))
    ]
    assert len(whole_rows) >= 5, whole_rows


def test_the_editor_follows_changes_made_elsewhere(qtbot: QtBot, tmp_path: Path) -> None:
    catalog = Catalog(LIBRARY)
    editor = _editor(qtbot, catalog=catalog)
    source = tmp_path / "physio.json"
    export_routine(Routine(id="physio", name="From my physio",
                           items=(RoutineItem("bird_dog"),)), source)
    catalog.import_file(source)  # the main window's File > Import
    assert "physio" in [r.id for r in editor.routines()]
    assert editor.current_routine() is not None
    assert editor.current_routine().id == "mine", "the selection stays"
    catalog.delete("physio")
    assert "physio" not in [r.id for r in editor.routines()]


def test_an_accepted_suggestion_is_written_through_the_catalog(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    catalog = Catalog(LIBRARY)
    editor = _editor(qtbot, catalog=catalog)
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        banner = SuggestionBanner(store, catalog)
        qtbot.addWidget(banner)
        suggestion = Suggestion(
            kind="progress", routine_id="gentle_start", routine_name="Gentle start", based_on=1,
            changes=(Change("glute_bridge", "Glute bridge", "hold", 6, 11),), sessions=3)
        banner.set_suggestions([suggestion])
        with qtbot.waitSignal(banner.applied, timeout=1000) as applied:
            banner.accept_button.click()
    assert applied.args == ["my_gentle_start"]
    assert catalog.is_saved("my_gentle_start")
    assert "my_gentle_start" in [r.id for r in editor.routines()], "the editor was told"


def test_a_suggestion_that_cannot_be_saved_says_so(qtbot: QtBot, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog(LIBRARY)

    def full(_routine: Routine) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(catalog, "save", full)
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        banner = SuggestionBanner(store, catalog)
        qtbot.addWidget(banner)
        banner.set_suggestions([Suggestion(
            kind="progress", routine_id="gentle_start", routine_name="Gentle start", based_on=1,
            changes=(Change("glute_bridge", "Glute bridge", "hold", 6, 11),), sessions=3)])
        with qtbot.waitSignal(banner.failed, timeout=1000) as failed:
            banner.accept_button.click()
    assert "The change was not saved" in failed.args[0]
    assert "No space left" in failed.args[0]
