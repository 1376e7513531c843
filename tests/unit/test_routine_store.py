"""User routines on disk: save, list, delete, import, export, and every bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backtimer.core.library import LoadError, load_routine_file
from backtimer.core.models import Library, Routine, RoutineItem
from backtimer.storage.catalog import (
    delete_user_routine,
    export_routine,
    import_routine_file,
    list_user_routines,
    routine_path,
    save_user_routine,
    unique_routine_id,
)
from backtimer.storage.paths import routines_dir
from tests.helpers.factories import exercise
from tests.unit.test_library import BAD_ROUTINES
from tests.unit.test_library import LIB as FOUNDATION_LIBRARY

EXERCISES = (
    exercise("glute_bridge", "reps_hold", hold=6, reps=8),
    exercise("cat_cow", "reps", reps=8),
    exercise("bird_dog", "reps_hold", per_side=True),
)
BUILTIN = Routine(
    id="gentle_start", name="Gentle start", items=(RoutineItem("cat_cow"),), builtin=True
)
LIBRARY = Library(exercises={e.id: e for e in EXERCISES}, routines=(BUILTIN,))

MINE = Routine(
    id="my_morning",
    name="My morning",
    goal="Loosen up",
    items=(
        RoutineItem("glute_bridge", hold=6, reps=8, sets=2, rest=30),
        RoutineItem("cat_cow", reps=8),
    ),
)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_save_and_list_round_trip() -> None:
    path = save_user_routine(MINE, LIBRARY)
    assert path == routines_dir() / "my_morning.json"
    routines, notices = list_user_routines(LIBRARY)
    assert routines == [MINE]
    assert notices == []


def test_list_is_empty_without_files() -> None:
    assert list_user_routines(LIBRARY) == ([], [])


def test_list_is_sorted_by_name() -> None:
    save_user_routine(Routine("b_id", "alpha", (RoutineItem("cat_cow"),)), LIBRARY)
    save_user_routine(Routine("a_id", "Beta", (RoutineItem("cat_cow"),)), LIBRARY)
    routines, _ = list_user_routines(LIBRARY)
    assert [r.name for r in routines] == ["alpha", "Beta"]


def test_builtin_routines_are_read_only() -> None:
    with pytest.raises(ValueError, match="read-only"):
        save_user_routine(BUILTIN, LIBRARY)
    assert list(routines_dir().iterdir()) == []


def test_a_routine_that_would_not_load_back_is_never_written() -> None:
    empty = Routine(id="empty", name="Empty", items=())
    with pytest.raises(LoadError, match="at least one exercise"):
        save_user_routine(empty, LIBRARY)
    unknown = Routine(id="x", name="X", items=(RoutineItem("no_such_exercise"),))
    with pytest.raises(LoadError, match="unknown exercise"):
        save_user_routine(unknown, LIBRARY)
    assert list(routines_dir().iterdir()) == []


def test_saving_again_replaces_atomically() -> None:
    save_user_routine(MINE, LIBRARY)
    renamed = Routine(id=MINE.id, name="Renamed", items=MINE.items)
    save_user_routine(renamed, LIBRARY)
    assert [p.name for p in routines_dir().iterdir()] == ["my_morning.json"]
    assert list_user_routines(LIBRARY)[0] == [renamed]


def test_delete_keeps_the_file_aside() -> None:
    save_user_routine(MINE, LIBRARY)
    kept = delete_user_routine(MINE.id)
    assert kept is not None
    assert kept.name.startswith("my_morning.json.deleted-")
    assert load_routine_file(kept, LIBRARY) == MINE
    assert list_user_routines(LIBRARY) == ([], [])
    assert delete_user_routine(MINE.id) is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{oops", "malformed JSON"),
        (b"", "empty"),
        (b'{"schema_version": 1, "routine": {"id": "x", "name": "X", "items": '
         b'[{"exercise": "dropped_from_library"}]}}', "unknown exercise"),
    ],
)
def test_corrupt_user_routine_is_set_aside_with_a_notice(content: bytes, expected: str) -> None:
    save_user_routine(MINE, LIBRARY)
    bad = routines_dir() / "broken.json"
    bad.write_bytes(content)
    routines, notices = list_user_routines(LIBRARY)
    assert routines == [MINE], "the good routine still loads"
    assert len(notices) == 1
    (aside,) = routines_dir().glob("broken.json.corrupt-*")
    assert aside.read_bytes() == content, "nothing is lost"
    assert not bad.exists()
    assert "broken.json" in notices[0]
    assert aside.name in notices[0]
    assert expected in notices[0]


def test_user_routine_shadowing_a_builtin_is_skipped_not_set_aside() -> None:
    path = routines_dir() / "gentle_start.json"
    path.write_text(
        json.dumps({"schema_version": 1, "routine": {
            "id": "gentle_start", "name": "Mine", "items": [{"exercise": "cat_cow"}]}}),
        encoding="utf-8",
    )
    routines, notices = list_user_routines(LIBRARY)
    assert routines == []
    assert len(notices) == 1
    assert "gentle_start" in notices[0]
    assert path.exists()


def test_import_saves_a_user_copy(tmp_path: Path) -> None:
    source = tmp_path / "from_physio.json"
    source.write_text(
        '{"schema_version": 1, "routine": {"id": "my_morning", "name": "My morning",\n'
        ' "items": [{"exercise": "glute_bridge", "hold": 6, "reps": 8, "sets": 2, "rest": 30},\n'
        '           {"exercise": "cat_cow", "reps": 8}]}}',
        encoding="utf-8",
    )
    imported = import_routine_file(source, LIBRARY)
    assert imported.id == "my_morning"
    assert imported.items == MINE.items
    assert not imported.builtin
    assert list_user_routines(LIBRARY)[0] == [imported]


def test_import_with_a_taken_id_gets_a_fresh_one(tmp_path: Path) -> None:
    save_user_routine(MINE, LIBRARY)
    before = routine_path(MINE.id).read_bytes()
    source = tmp_path / "again.json"
    export_routine(MINE, source)
    again = import_routine_file(source, LIBRARY)
    assert again.id == "my_morning_2"
    assert routine_path(MINE.id).read_bytes() == before, "nothing is replaced"
    builtin_copy = tmp_path / "builtin.json"
    export_routine(BUILTIN, builtin_copy)
    assert import_routine_file(builtin_copy, LIBRARY).id == "gentle_start_2"


def test_export_is_the_contract_format(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    export_routine(MINE, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document == {
        "schema_version": 1,
        "routine": {
            "id": "my_morning", "name": "My morning", "goal": "Loosen up",
            "items": [
                {"exercise": "glute_bridge", "hold": 6, "reps": 8, "sets": 2, "rest": 30},
                {"exercise": "cat_cow", "reps": 8},
            ],
        },
    }
    assert load_routine_file(target, LIBRARY) == MINE


def _doc(items: object = None, **routine: object) -> str:
    body: dict[str, object] = {"id": "r", "name": "R",
                               "items": [{"exercise": "cat_cow"}] if items is None else items}
    body.update(routine)
    return json.dumps({"schema_version": 1, "routine": body})


# Every kind of bad routine file: (file content, a piece of the place the message must name,
# a piece of what it must say).
BAD_FILES: list[tuple[str | bytes, str, str]] = [
    ("", "", "empty"),
    ("   \n", "", "empty"),
    ("{oops", "line 1, column 2", "malformed JSON"),
    ('{"schema_version": 1, "routine": {"id": "r",}}', "line 1", "malformed JSON"),
    (b"\xff\xfe{}", "byte offset 0", "not UTF-8"),
    ("[]", "", "top level must be a JSON object"),
    ('"routine"', "", "top level must be a JSON object"),
    ('{"routine": {}}', "schema_version", "missing"),
    ('{"schema_version": "1", "routine": {}}', "schema_version", "whole number"),
    ('{"schema_version": 2, "routine": {}}', "schema_version", "newer backtimer"),
    ('{"schema_version": 0, "routine": {}}', "schema_version", "must be 1"),
    ('{"schema_version": 1}', "routine", "missing"),
    ('{"schema_version": 1, "routine": [], "x": 1}', "", "unknown key 'x'"),
    ('{"schema_version": 1, "routine": []}', "routine", "must be an object"),
    ('{"schema_version": 1, "schema_version": 1, "routine": {}}', "schema_version", "twice"),
    (_doc(nmae="R"), "routine", "unknown key 'nmae'"),
    (json.dumps({"schema_version": 1, "routine": {"name": "R", "items": []}}), "routine.id",
     "missing"),
    (_doc(id="My Routine"), "routine.id", "snake_case"),
    (_doc(id=""), "routine.id", "must not be empty"),
    (_doc(name=""), "routine.name", "must not be empty"),
    (_doc(name="two\nlines"), "routine.name", "line breaks"),
    (_doc(name=5), "routine.name", "must be text"),
    (_doc(items=[]), "routine.items", "at least one exercise"),
    (_doc(items={"exercise": "cat_cow"}), "routine.items", "must be a list"),
    (_doc(items=["cat_cow"]), "routine.items[0]", "must be an object"),
    (_doc(items=[{}]), "routine.items[0].exercise", "missing"),
    (_doc(items=[{"exercise": "glute_brige"}]), "routine.items[0] (glute_brige).exercise",
     "did you mean 'glute_bridge'"),
    (_doc(items=[{"exercise": "cat_cow"}, {"exercise": "plank"}]), "items[1] (plank).exercise",
     "unknown exercise 'plank'"),
    (_doc(items=[{"exercise": "glute_bridge", "hodl": 10}]), "routine.items[0] (glute_bridge)",
     "did you mean 'hold'"),
    (_doc(items=[{"exercise": "glute_bridge", "hold": 4}]), "items[0] (glute_bridge).hold",
     "between 5 and 30"),
    (_doc(items=[{"exercise": "glute_bridge", "hold": 31}]), "items[0] (glute_bridge).hold",
     "between 5 and 30"),
    (_doc(items=[{"exercise": "glute_bridge", "hold": 6.5}]), "items[0] (glute_bridge).hold",
     "whole number"),
    (_doc(items=[{"exercise": "glute_bridge", "hold": True}]), "items[0] (glute_bridge).hold",
     "whole number"),
    (_doc(items=[{"exercise": "cat_cow", "hold": 10}]), "items[0] (cat_cow).hold",
     "no hold"),
    (_doc(items=[{"exercise": "cat_cow", "reps": 0}]), "items[0] (cat_cow).reps", "between 1"),
    (_doc(items=[{"exercise": "cat_cow", "reps": "8"}]), "items[0] (cat_cow).reps",
     "whole number"),
    (_doc(items=[{"exercise": "cat_cow", "sets": 11}]), "items[0] (cat_cow).sets", "between 1"),
    (_doc(items=[{"exercise": "cat_cow", "rest": -1}]), "items[0] (cat_cow).rest", "between 0"),
    (_doc(items=[{"exercise": "cat_cow", "rest": 10**30}]), "items[0] (cat_cow).rest",
     "absurdly large"),
]


@pytest.mark.parametrize(
    ("content", "where", "message"),
    BAD_FILES,
    ids=[f"{index}-{case[2]}" for index, case in enumerate(BAD_FILES)],
)
def test_import_of_a_bad_file_fails_precisely_and_changes_nothing(
    tmp_path: Path, content: str | bytes, where: str, message: str
) -> None:
    save_user_routine(MINE, LIBRARY)
    before = _snapshot(routines_dir())
    source = tmp_path / "bad routine.json"
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        import_routine_file(source, LIBRARY)
    text = str(caught.value)
    assert text.startswith(str(source)), "the message names the file"
    assert where in caught.value.where
    assert message in text
    assert "\n" not in text
    assert _snapshot(routines_dir()) == before


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [pytest.param(text, where, fragment, id=case) for case, text, where, fragment in BAD_ROUTINES],
)
def test_import_of_every_foundation_bad_routine_changes_nothing(
    tmp_path: Path, text: str, where: str, fragment: str
) -> None:
    """The bad routine files of the loader's own tests, this time through the import."""
    save_user_routine(
        Routine(id="kept", name="Kept", items=(RoutineItem("cat_cow"),)), FOUNDATION_LIBRARY
    )
    before = _snapshot(routines_dir())
    source = tmp_path / "my_routine.json"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        import_routine_file(source, FOUNDATION_LIBRARY)
    assert caught.value.path == str(source)
    assert caught.value.where == where
    assert fragment in caught.value.message
    assert _snapshot(routines_dir()) == before


def test_import_of_a_missing_file_or_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="file not found"):
        import_routine_file(tmp_path / "nope.json", LIBRARY)
    with pytest.raises(LoadError, match="is a folder"):
        import_routine_file(tmp_path, LIBRARY)
    assert list(routines_dir().iterdir()) == []


def test_import_of_a_huge_file(tmp_path: Path) -> None:
    source = tmp_path / "huge.json"
    source.write_bytes(b" " * (1024 * 1024 + 1))
    with pytest.raises(LoadError, match="absurdly large"):
        import_routine_file(source, LIBRARY)
    assert list(routines_dir().iterdir()) == []


@pytest.mark.parametrize(
    ("wanted", "taken", "expected"),
    [
        ("My morning", set(), "my_morning"),
        ("my_morning", {"my_morning"}, "my_morning_2"),
        ("my_morning", {"my_morning", "my_morning_2"}, "my_morning_3"),
        ("Morgenübung!", set(), "morgenubung"),
        ("   ", set(), "routine"),
        ("x" * 80, set(), "x" * 40),
    ],
)
def test_unique_routine_id(wanted: str, taken: set[str], expected: str) -> None:
    assert unique_routine_id(wanted, taken) == expected
