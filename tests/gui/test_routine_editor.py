"""The routine editor: round trips through the files, keyboard and drag reordering, filters,
per-exercise overrides with a live estimate, import and export, and the read-only built-ins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from backtimer.core.library import load_routine_file, routine_to_json
from backtimer.core.models import HOLD_MAX, Exercise, Library, Routine, RoutineItem
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings
from backtimer.storage.catalog import Catalog, list_user_routines, save_user_routine
from backtimer.storage.paths import routines_dir
from backtimer.ui.routine_editor.editor import RoutineEditor

# Showing a window on the offscreen platform logs this harmless warning.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _exercise(ex_id: str, name: str, *, mode: str = "reps_hold", hold: int | None = 5,
              position: str = "lying_on_back", category: str = "strengthen",
              equipment: tuple[str, ...] = ("mat",), per_side: bool = False,
              contraindications: tuple[str, ...] = ()) -> Exercise:
    return Exercise(
        id=ex_id, name=name, category=category, position=position,  # type: ignore[arg-type]
        equipment=equipment, per_side=per_side, mode=mode,  # type: ignore[arg-type]
        hold=None if mode == "reps" else hold, reps=8, sets=1, rest=None,
        summary=f"{name}, gently.", steps=("Do it.",), cautions=(),
        contraindications=contraindications, sources=("test",),
    )


EXERCISES = (
    _exercise("glute_bridge", "Glute bridge", hold=6),
    _exercise("cat_cow", "Cat-cow", mode="reps", position="hands_and_knees",
              category="mobility"),
    _exercise("bird_dog", "Bird-dog", per_side=True, position="hands_and_knees"),
    _exercise("partial_crunch", "Partial crunch", mode="reps",
              contraindications=("osteoporosis", "flexion_sensitive")),
    _exercise("hamstring_towel", "Hamstring stretch with towel", mode="hold", hold=20,
              category="stretch", equipment=("mat", "towel"), per_side=True),
    _exercise("wall_sit", "Wall sit", hold=10, position="standing", equipment=("wall",),
              contraindications=("knee_problems",)),
    _exercise("standing_cat_cow", "Standing cat-cow", mode="reps", position="standing",
              category="mobility", equipment=()),
)
BUILTIN = Routine(
    id="gentle_start", name="Gentle start", builtin=True,
    items=(RoutineItem("glute_bridge"), RoutineItem("cat_cow"), RoutineItem("bird_dog")),
)
LIBRARY = Library(exercises={e.id: e for e in EXERCISES}, routines=(BUILTIN,))


def _make(qtbot: QtBot, user: list[Routine] | None = None,
          settings: Settings | None = None) -> RoutineEditor:
    for routine in user or ():
        save_user_routine(routine, LIBRARY)  # the editor reads the routines from the catalog
    editor = RoutineEditor(Catalog(LIBRARY), settings or Settings())
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _order(editor: RoutineEditor) -> list[str]:
    routine = editor.current_routine()
    assert routine is not None
    return [item.exercise for item in routine.items]


def _on_disk(routine_id: str) -> Routine:
    return load_routine_file(routines_dir() / f"{routine_id}.json", LIBRARY)


@pytest.fixture
def own(qtbot: QtBot) -> RoutineEditor:
    """An editor with one user routine, selected."""
    mine = Routine(id="mine", name="Mine", items=(
        RoutineItem("glute_bridge"), RoutineItem("cat_cow"), RoutineItem("bird_dog"),
    ))
    save_user_routine(mine, LIBRARY)
    editor = _make(qtbot, [mine])
    editor.select_routine("mine")
    return editor


def test_builtin_is_read_only(qtbot: QtBot) -> None:
    editor = _make(qtbot, [])
    editor.select_routine("gentle_start")
    assert editor.readonly_note.isVisible()
    assert editor.name_edit.isReadOnly()
    assert not editor.details_box.isEnabled()
    assert not editor.add_button.isEnabled()
    assert editor.library_list.isEnabled(), "the library can still be browsed"
    assert not editor.delete_button.isEnabled()
    assert editor.items_list.dragDropMode() == QAbstractItemView.DragDropMode.NoDragDrop
    editor.items_list.setFocus()
    editor.items_list.setCurrentRow(0)
    qtbot.keyClick(editor.items_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor.items_list, Qt.Key.Key_Delete)
    editor.add_exercise("wall_sit")
    assert _order(editor) == ["glute_bridge", "cat_cow", "bird_dog"]
    assert list(routines_dir().iterdir()) == []


def test_duplicate_a_builtin_makes_a_saved_copy(qtbot: QtBot) -> None:
    editor = _make(qtbot, [])
    editor.select_routine("gentle_start")
    with qtbot.waitSignal(editor.routine_saved, timeout=1000) as saved:
        qtbot.mouseClick(editor.duplicate_button, Qt.MouseButton.LeftButton)
    copy = saved.args[0]
    assert copy.name == "Gentle start (my copy)"
    assert copy.id == "gentle_start_my_copy"
    assert not copy.builtin
    assert copy.items == BUILTIN.items
    assert _on_disk(copy.id) == copy
    assert editor.current_routine() == copy
    assert not editor.name_edit.isReadOnly()
    assert editor.focusWidget() is editor.name_edit, "ready to be renamed"


def test_new_routine_is_saved_once_it_has_an_exercise(qtbot: QtBot) -> None:
    editor = _make(qtbot, [])
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    routine = editor.current_routine()
    assert routine is not None
    assert routine.items == ()
    assert "not saved yet" in editor.routines_list.currentItem().text()
    assert list(routines_dir().iterdir()) == []
    editor.category_combo.setCurrentIndex(editor.category_combo.findData("stretch"))
    editor.library_list.setFocus()
    with qtbot.waitSignal(editor.routine_saved, timeout=1000):
        qtbot.keyClick(editor.library_list, Qt.Key.Key_Return)
    assert _order(editor) == ["hamstring_towel"]
    assert _on_disk(routine.id).items == (RoutineItem("hamstring_towel"),)
    assert editor.routines_list.currentItem().text() == "New routine"


def test_keyboard_reordering_round_trips(qtbot: QtBot, own: RoutineEditor) -> None:
    own.items_list.setFocus()
    own.items_list.setCurrentRow(0)
    qtbot.keyClick(own.items_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _order(own) == ["cat_cow", "glute_bridge", "bird_dog"]
    assert own.items_list.currentRow() == 1, "the moved exercise stays selected"
    qtbot.keyClick(own.items_list, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _order(own) == ["cat_cow", "bird_dog", "glute_bridge"]
    qtbot.keyClick(own.items_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _order(own) == ["cat_cow", "bird_dog", "glute_bridge"], "the last stays last"
    qtbot.keyClick(own.items_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(own.items_list, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _order(own) == ["glute_bridge", "cat_cow", "bird_dog"]
    qtbot.keyClick(own.items_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [i.exercise for i in _on_disk("mine").items] == ["cat_cow", "glute_bridge", "bird_dog"]
    # A fresh editor reading the files shows the same order.
    again = _make(qtbot, None)
    again.select_routine("mine")
    assert _order(again) == ["cat_cow", "glute_bridge", "bird_dog"]
    assert again.items_list.item(0).text().startswith("1. Cat-cow")


def test_plain_arrows_still_just_move_the_selection(qtbot: QtBot, own: RoutineEditor) -> None:
    own.items_list.setFocus()
    own.items_list.setCurrentRow(0)
    qtbot.keyClick(own.items_list, Qt.Key.Key_Down)
    assert own.items_list.currentRow() == 1
    assert _order(own) == ["glute_bridge", "cat_cow", "bird_dog"]


def test_drag_reordering_uses_the_same_path(qtbot: QtBot, own: RoutineEditor) -> None:
    assert own.items_list.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    # QListView::dropEvent moves an internal drag with moveRows on the model (Qt 6).
    with qtbot.waitSignal(own.routine_saved, timeout=1000):
        own.items_list.model().moveRows(QModelIndex(), 2, 1, QModelIndex(), 0)
    assert _order(own) == ["bird_dog", "glute_bridge", "cat_cow"]
    assert [i.exercise for i in _on_disk("mine").items] == ["bird_dog", "glute_bridge", "cat_cow"]


def test_delete_key_removes_and_insert_adds(qtbot: QtBot, own: RoutineEditor) -> None:
    own.items_list.setFocus()
    own.items_list.setCurrentRow(1)
    qtbot.keyClick(own.items_list, Qt.Key.Key_Delete)
    assert _order(own) == ["glute_bridge", "bird_dog"]
    own.library_list.setCurrentRow(own.shown_library_ids().index("wall_sit"))
    own.items_list.setFocus()
    own.items_list.setCurrentRow(0)
    qtbot.keyClick(own.items_list, Qt.Key.Key_Insert)
    assert _order(own) == ["glute_bridge", "wall_sit", "bird_dog"]
    own.library_list.setCurrentRow(own.shown_library_ids().index("cat_cow"))
    qtbot.keyClick(own.items_list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert _order(own) == ["glute_bridge", "wall_sit", "cat_cow", "bird_dog"]
    assert [i.exercise for i in _on_disk("mine").items] == _order(own)


def test_removing_the_last_exercise_keeps_the_saved_version(
    qtbot: QtBot, own: RoutineEditor
) -> None:
    own.items_list.setFocus()
    for _ in range(3):
        own.items_list.setCurrentRow(0)
        qtbot.keyClick(own.items_list, Qt.Key.Key_Delete)
    assert _order(own) == []
    assert "at least one exercise" in own.status_label.text()
    assert len(_on_disk("mine").items) == 1, "the last version that could be saved stays"


def test_overrides_update_the_estimate_live(qtbot: QtBot, own: RoutineEditor) -> None:
    settings = Settings()

    def expected() -> int:
        routine = own.current_routine()
        assert routine is not None
        return round(build_plan(routine, LIBRARY, settings).estimated_seconds)

    before = own.estimate_label.text()
    own.items_list.setCurrentRow(0)  # glute bridge, hold 6 s by default
    assert own.hold_spin.specialValueText() == "Default (6 s)"
    assert own.hold_spin.override() is None
    own.hold_spin.setFocus()
    qtbot.keyClick(own.hold_spin, Qt.Key.Key_Up)
    assert own.hold_spin.value() == 6, "stepping up from the default starts at the default"
    own.hold_spin.setValue(12)
    own.sets_spin.setValue(2)
    own.rest_spin.setValue(45)
    own.reps_spin.setValue(10)
    item = _on_disk("mine").items[0]
    assert item == RoutineItem("glute_bridge", hold=12, reps=10, sets=2, rest=45)
    after = own.estimate_label.text()
    assert after != before
    minutes, seconds = divmod(expected(), 60)
    assert after == f"About {minutes} min {seconds} s with your settings"
    assert own.items_list.item(0).text() == (
        "1. Glute bridge: 10 \u00d7 12 s hold, 2 sets, 45 s rest"
    )
    # Back to the default: the override is dropped from the file.
    own.hold_spin.setValue(own.hold_spin.minimum())
    assert _on_disk("mine").items[0].hold is None


def test_hold_stays_within_the_contract_bounds(qtbot: QtBot, own: RoutineEditor) -> None:
    own.items_list.setCurrentRow(0)
    assert own.hold_spin.maximum() == HOLD_MAX
    own.hold_spin.setFocus()
    own.hold_spin.selectAll()
    qtbot.keyClicks(own.hold_spin, "45")
    qtbot.keyClick(own.hold_spin, Qt.Key.Key_Return)
    hold = _on_disk("mine").items[0].hold
    assert hold is None or 5 <= hold <= HOLD_MAX
    own.hold_spin.setValue(1)
    assert own.hold_spin.override() is None, "below 5 s is only ever 'the default'"


def test_reps_only_exercise_has_no_hold(qtbot: QtBot, own: RoutineEditor) -> None:
    own.items_list.setCurrentRow(1)  # cat-cow
    assert not own.hold_spin.isEnabled()
    assert own.hold_spin.text() == "No hold"
    own.reps_spin.setValue(12)
    assert _on_disk("mine").items[1] == RoutineItem("cat_cow", reps=12)


def test_settings_change_the_estimate(qtbot: QtBot, own: RoutineEditor) -> None:
    before = own.estimate_label.text()
    own.set_settings(Settings().replace(lead_in=60, rest_between_exercises=120))
    assert own.estimate_label.text() != before


def test_rename_takes_an_id_from_the_new_name(qtbot: QtBot, own: RoutineEditor) -> None:
    # Changed on purpose (issue 11 item 4): the id used to stay "mine" after a rename.
    own.routines_list.setFocus()
    qtbot.keyClick(own.routines_list, Qt.Key.Key_F2)
    assert own.focusWidget() is own.name_edit
    qtbot.keyClicks(own.name_edit, "Evening")
    assert own.routines_list.currentItem().text() == "Evening", "the list follows the typing"
    with qtbot.waitSignal(own.routine_saved, timeout=1000) as saved:
        qtbot.keyClick(own.name_edit, Qt.Key.Key_Return)
    assert saved.args[0].name == "Evening"
    assert saved.args[0].id == "evening"
    assert _on_disk("evening").name == "Evening"
    assert not (routines_dir() / "mine.json").exists()
    assert len(list(routines_dir().glob("mine.json.deleted-*"))) == 1, "the old file is kept"
    assert [r.id for r in own.routines()] == ["gentle_start", "evening"]
    assert own.current_routine() == saved.args[0]
    # Renamed back, it takes its first id again; a name whose id is its own keeps it.
    own.name_edit.setText("Mine")
    own.name_edit.editingFinished.emit()
    assert own.current_routine() is not None
    assert own.current_routine().id == "mine"
    own.name_edit.setText("MINE!")
    own.name_edit.editingFinished.emit()
    assert own.current_routine().id == "mine"
    assert _on_disk("mine").name == "MINE!"


def test_an_empty_name_is_not_saved(qtbot: QtBot, own: RoutineEditor) -> None:
    own.name_edit.setFocus()
    own.name_edit.selectAll()
    qtbot.keyClick(own.name_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(own.name_edit, Qt.Key.Key_Return)
    assert "name" in own.status_label.text()
    assert _on_disk("mine").name == "Mine"


def test_filters(qtbot: QtBot) -> None:
    editor = _make(qtbot, [])
    everything = sorted(e.id for e in EXERCISES)
    assert sorted(editor.shown_library_ids()) == everything
    editor.position_combo.setCurrentIndex(editor.position_combo.findData("hands_and_knees"))
    assert sorted(editor.shown_library_ids()) == ["bird_dog", "cat_cow"]
    editor.category_combo.setCurrentIndex(editor.category_combo.findData("mobility"))
    assert editor.shown_library_ids() == ["cat_cow"]
    editor.position_combo.setCurrentIndex(0)
    editor.category_combo.setCurrentIndex(0)
    editor.equipment_combo.setCurrentIndex(editor.equipment_combo.findData("towel"))
    assert editor.shown_library_ids() == ["hamstring_towel"]
    editor.equipment_combo.setCurrentIndex(editor.equipment_combo.findData("-"))
    assert editor.shown_library_ids() == ["standing_cat_cow"]
    editor.equipment_combo.setCurrentIndex(0)
    editor.avoid_boxes["osteoporosis"].setChecked(True)
    editor.avoid_boxes["knee_problems"].setChecked(True)
    assert sorted(editor.shown_library_ids()) == sorted(
        set(everything) - {"partial_crunch", "wall_sit"}
    )
    qtbot.keyClicks(editor.search_edit, "cat")
    assert sorted(editor.shown_library_ids()) == ["cat_cow", "standing_cat_cow"]


def test_routine_items_not_advised_are_flagged(qtbot: QtBot) -> None:
    mine = Routine(id="mine", name="Mine", items=(RoutineItem("partial_crunch"),))
    editor = _make(qtbot, [mine])
    editor.select_routine("mine")
    assert "\u26a0" not in editor.items_list.item(0).text()
    editor.avoid_boxes["osteoporosis"].setChecked(True)
    assert "not advised with Osteoporosis" in editor.items_list.item(0).text()


def test_import_a_good_file(qtbot: QtBot, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    editor = _make(qtbot, [])
    source = tmp_path / "physio.json"
    source.write_text(json.dumps({"schema_version": 1, "routine": {
        "id": "from_physio", "name": "From my physio",
        "items": [{"exercise": "bird_dog", "hold": 8, "reps": 6}]}}), encoding="utf-8")
    monkeypatch.setattr(editor, "_ask_import_path", lambda: source)
    with qtbot.waitSignal(editor.routine_saved, timeout=1000):
        qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    current = editor.current_routine()
    assert current is not None
    assert current.name == "From my physio"
    assert _on_disk("from_physio") == current


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{broken", "malformed JSON"),
        (json.dumps({"schema_version": 1, "routine": {"id": "x", "name": "X", "items": [
            {"exercise": "bird_dog", "hold": 99}]}}), "hold: must be between 5 and 30"),
        (json.dumps({"schema_version": 1, "routine": {"id": "x", "name": "X", "items": [
            {"exercise": "glute_brige"}]}}), "did you mean 'glute_bridge'"),
    ],
)
def test_import_a_bad_file_shows_the_message_and_changes_nothing(
    qtbot: QtBot, own: RoutineEditor, tmp_path: Path, content: str, message: str
) -> None:
    before = {p.name: p.read_bytes() for p in routines_dir().iterdir()}
    listed = own.routines()
    source = tmp_path / "bad.json"
    source.write_text(content, encoding="utf-8")
    with qtbot.assertNotEmitted(own.routine_saved):
        assert own.import_file(source) is None
    box = own.error_box
    assert box is not None
    assert box.isVisible()
    assert box.text().startswith(str(source))
    assert message in box.text()
    assert message in own.status_label.text()
    assert {p.name: p.read_bytes() for p in routines_dir().iterdir()} == before
    assert own.routines() == listed
    box.button(QMessageBox.StandardButton.Ok).click()
    assert not box.isVisible()


def test_export(qtbot: QtBot, own: RoutineEditor, tmp_path: Path,
                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "shared.json"
    suggested: list[str] = []

    def ask(name: str) -> Path:
        suggested.append(name)
        return target

    monkeypatch.setattr(own, "_ask_export_path", ask)
    qtbot.mouseClick(own.export_button, Qt.MouseButton.LeftButton)
    assert suggested == ["mine.json"]
    routine = own.current_routine()
    assert routine is not None
    assert target.read_text(encoding="utf-8") == routine_to_json(routine)


def test_delete_asks_first(qtbot: QtBot, own: RoutineEditor) -> None:
    qtbot.mouseClick(own.delete_button, Qt.MouseButton.LeftButton)
    box = own.confirm_box
    assert box is not None
    assert box.isVisible()
    box.button(QMessageBox.StandardButton.No).click()
    assert (routines_dir() / "mine.json").exists()
    own.routines_list.setFocus()
    qtbot.keyClick(own.routines_list, Qt.Key.Key_Delete)
    box = own.confirm_box
    assert box is not None
    with qtbot.waitSignal(own.routine_deleted, timeout=1000) as deleted:
        box.button(QMessageBox.StandardButton.Yes).click()
    assert deleted.args == ["mine"]
    assert not (routines_dir() / "mine.json").exists()
    assert len(list(routines_dir().glob("mine.json.deleted-*"))) == 1
    assert "mine" not in [r.id for r in own.routines()]
    assert list_user_routines(LIBRARY) == ([], [])


def test_corrupt_user_routine_is_set_aside_and_the_rest_load(qtbot: QtBot) -> None:
    save_user_routine(Routine("good", "Good", (RoutineItem("cat_cow"),)), LIBRARY)
    (routines_dir() / "bad.json").write_text("{nope", encoding="utf-8")
    editor = _make(qtbot, None)
    assert [r.id for r in editor.routines()] == ["gentle_start", "good"]
    assert len(list(routines_dir().glob("bad.json.corrupt-*"))) == 1


def test_every_control_is_named(qtbot: QtBot, own: RoutineEditor) -> None:
    kinds = (QAbstractButton, QLineEdit, QSpinBox, QComboBox, QListWidget)
    controls = [
        widget for widget in own.findChildren(QWidget)
        # Qt's own parts of a control (a spin box's line edit, a clear button) are named by it.
        if isinstance(widget, kinds) and not widget.objectName().startswith("qt_")
        and not isinstance(widget.parent(), QLineEdit | QSpinBox | QComboBox)
    ]
    assert len(controls) > 25
    unnamed = [
        widget.objectName() or type(widget).__name__
        for widget in controls
        if not widget.accessibleName()
        and not (isinstance(widget, QAbstractButton) and widget.text())
    ]
    assert unnamed == []


def test_move_buttons_follow_the_selection(qtbot: QtBot, own: RoutineEditor) -> None:
    own.items_list.setCurrentRow(0)
    assert not own.up_button.isEnabled()
    assert own.down_button.isEnabled()
    qtbot.mouseClick(own.down_button, Qt.MouseButton.LeftButton)
    assert _order(own) == ["cat_cow", "glute_bridge", "bird_dog"]
    own.items_list.setCurrentRow(2)
    assert own.up_button.isEnabled()
    assert not own.down_button.isEnabled()
    qtbot.mouseClick(own.remove_button, Qt.MouseButton.LeftButton)
    assert _order(own) == ["cat_cow", "glute_bridge"]
