"""The library and routine-file loader: each bad input is one precise line, nothing else escapes."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.bundled import resource_path
from backtimer.core import jsonfile
from backtimer.core.jsonfile import DEFAULT_MAX_DEPTH
from backtimer.core.library import (
    MAX_FILE_BYTES,
    LoadError,
    load_library,
    load_routine_file,
    parse_library,
    parse_routine,
    routine_to_json,
)
from backtimer.core.models import (
    HOLD_MAX,
    HOLD_MIN,
    REPS_MAX,
    REST_MAX,
    SETS_MAX,
    Library,
    Routine,
    RoutineItem,
)
from backtimer.core.plan import build_plan
from backtimer.core.routine_file import MAX_ROUTINE_ITEMS, MAX_ROUTINE_REPS, total_reps
from backtimer.core.settings import Settings

# --- a small library, independent of the bundled one ------------------------------------------


def _exercise(ex_id: str, name: str, mode: str, hold: int | None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": ex_id,
        "name": name,
        "category": "strengthen",
        "position": "lying_on_back",
        "equipment": [],
        "per_side": False,
        "mode": mode,
        "hold": hold,
        "reps": 8,
        "sets": 1,
        "rest": None,
        "summary": f"{name} in one line",
        "steps": ["Get into position.", "Move slowly."],
        "cautions": [],
        "contraindications": [],
        "sources": ["https://example.org/article"],
    }
    data.update(extra)
    return data


TINY: dict[str, Any] = {
    "schema_version": 1,
    "exercises": [
        _exercise("glute_bridge", "Glute bridge", "reps_hold", 6),
        _exercise("bird_dog", "Bird-dog", "reps_hold", 5, per_side=True, reps=6),
        _exercise("cat_cow", "Cat-cow", "reps", None, category="mobility"),
        _exercise("plank", "Front plank", "hold", 15, reps=1, sets=3, rest=30),
    ],
    "avoid": [
        {"id": "sit_up", "name": "Full sit-up", "reason": "Loads the discs.", "instead": "plank"}
    ],
    "routines": [
        {
            "id": "gentle",
            "name": "Gentle",
            "goal": "Ease in.",
            "items": [{"exercise": "cat_cow"}, {"exercise": "glute_bridge", "hold": 8}],
        }
    ],
}

LIB: Library = parse_library(copy.deepcopy(TINY), "tiny.json")

DROP = object()  # marks a key to leave out


def routine_doc(*, items: Any = DROP, top: dict[str, Any] | None = None, **fields: Any) -> str:
    body: dict[str, Any] = {"id": "my_morning", "name": "My morning"}
    body["items"] = [{"exercise": "glute_bridge"}] if items is DROP else items
    body.update(fields)
    body = {key: value for key, value in body.items() if value is not DROP}
    document: dict[str, Any] = {"schema_version": 1, "routine": body}
    document.update(top or {})
    document = {key: value for key, value in document.items() if value is not DROP}
    return json.dumps(document)


def item(**fields: Any) -> str:
    return routine_doc(items=[fields])


def assert_one_line_error(err: LoadError, path: Path, where: str, fragment: str) -> None:
    assert err.path == str(path)
    assert err.where == where
    assert fragment in err.message
    expected = ": ".join(part for part in (str(path), where, err.message) if part)
    assert str(err) == expected
    assert "\n" not in str(err)


BAD_ROUTINES: list[tuple[str, str, str, str]] = [
    # (case, file text, where, fragment of the message)
    ("top_level_list", "[1, 2]", "", "top level must be a JSON object"),
    ("top_level_string", '"routine"', "", "top level must be a JSON object"),
    ("schema_missing", routine_doc(top={"schema_version": DROP}), "schema_version", "is missing"),
    ("schema_text", routine_doc(top={"schema_version": "1"}), "schema_version", "whole number"),
    ("schema_bool", routine_doc(top={"schema_version": True}), "schema_version", "whole number"),
    (
        "schema_newer",
        routine_doc(top={"schema_version": 2}),
        "schema_version",
        "made by a newer backtimer",
    ),
    ("schema_zero", routine_doc(top={"schema_version": 0}), "schema_version", "must be 1, not 0"),
    ("unknown_top_key", routine_doc(top={"extra": 1}), "", "unknown key 'extra'"),
    ("routine_missing", routine_doc(top={"routine": DROP}), "routine", "is missing"),
    ("routine_not_object", routine_doc(top={"routine": []}), "routine", "must be an object"),
    (
        "unknown_routine_key",
        routine_doc(name=DROP, nmae="My morning"),
        "routine",
        "unknown key 'nmae' (did you mean 'name'?)",
    ),
    ("id_missing", routine_doc(id=DROP), "routine.id", "is missing"),
    ("name_missing", routine_doc(name=DROP), "routine.name", "is missing"),
    (
        "items_missing",
        json.dumps({"schema_version": 1, "routine": {"id": "a", "name": "A"}}),
        "routine.items",
        "is missing",
    ),
    ("id_empty", routine_doc(id=""), "routine.id", "must not be empty"),
    ("id_spaces", routine_doc(id="My Morning"), "routine.id", "snake_case"),
    ("id_hyphen", routine_doc(id="my-morning"), "routine.id", "snake_case"),
    ("id_number", routine_doc(id=5), "routine.id", "must be text, not 5"),
    ("name_blank", routine_doc(name="   "), "routine.name", "must not be empty"),
    ("name_list", routine_doc(name=["x"]), "routine.name", "must be text, not a list"),
    ("name_newline", routine_doc(name="My\nmorning"), "routine.name", "line breaks"),
    ("goal_number", routine_doc(goal=3), "routine.goal", "must be text"),
    ("items_object", routine_doc(items={}), "routine.items", "must be a list"),
    ("items_empty", routine_doc(items=[]), "routine.items", "is empty"),
    ("item_string", routine_doc(items=["glute_bridge"]), "routine.items[0]", "must be an object"),
    ("item_no_exercise", item(hold=6), "routine.items[0].exercise", "is missing"),
    (
        "item_unknown_key",
        item(exercise="glute_bridge", hodl=6),
        "routine.items[0] (glute_bridge)",
        "unknown key 'hodl' (did you mean 'hold'?)",
    ),
    (
        "unknown_exercise",
        routine_doc(
            items=[
                {"exercise": "glute_bridge"},
                {"exercise": "cat_cow"},
                {"exercise": "glute_brige"},
            ]
        ),
        "routine.items[2] (glute_brige).exercise",
        "unknown exercise 'glute_brige' (did you mean 'glute_bridge'?)",
    ),
    (
        "unknown_exercise_no_hint",
        item(exercise="zzz"),
        "routine.items[0] (zzz).exercise",
        "unknown exercise 'zzz'",
    ),
    ("exercise_number", item(exercise=7), "routine.items[0].exercise", "must be text"),
    (
        "hold_low",
        item(exercise="glute_bridge", hold=HOLD_MIN - 1),
        "routine.items[0] (glute_bridge).hold",
        f"between {HOLD_MIN} and {HOLD_MAX} seconds, not {HOLD_MIN - 1}",
    ),
    (
        "hold_high",
        item(exercise="glute_bridge", hold=HOLD_MAX + 1),
        "routine.items[0] (glute_bridge).hold",
        f"not {HOLD_MAX + 1}",
    ),
    (
        "hold_text",
        item(exercise="glute_bridge", hold="6"),
        "routine.items[0] (glute_bridge).hold",
        "must be a whole number, not '6'",
    ),
    (
        "hold_bool",
        item(exercise="glute_bridge", hold=True),
        "routine.items[0] (glute_bridge).hold",
        "must be a whole number, not true",
    ),
    (
        "hold_fraction",
        item(exercise="glute_bridge", hold=6.5),
        "routine.items[0] (glute_bridge).hold",
        "must be a whole number, not 6.5",
    ),
    (
        "hold_on_reps_exercise",
        item(exercise="cat_cow", hold=6),
        "routine.items[0] (cat_cow).hold",
        "'cat_cow' is a reps-mode exercise with no hold",
    ),
    (
        "reps_zero",
        item(exercise="cat_cow", reps=0),
        "routine.items[0] (cat_cow).reps",
        f"between 1 and {REPS_MAX}, not 0",
    ),
    (
        "reps_negative",
        item(exercise="cat_cow", reps=-3),
        "routine.items[0] (cat_cow).reps",
        "not -3",
    ),
    (
        "reps_high",
        item(exercise="cat_cow", reps=REPS_MAX + 1),
        "routine.items[0] (cat_cow).reps",
        f"not {REPS_MAX + 1}",
    ),
    (
        "reps_bool",
        item(exercise="cat_cow", reps=False),
        "routine.items[0] (cat_cow).reps",
        "must be a whole number, not false",
    ),
    (
        "sets_zero",
        item(exercise="plank", sets=0),
        "routine.items[0] (plank).sets",
        f"between 1 and {SETS_MAX}, not 0",
    ),
    (
        "sets_high",
        item(exercise="plank", sets=SETS_MAX + 1),
        "routine.items[0] (plank).sets",
        f"not {SETS_MAX + 1}",
    ),
    (
        "rest_negative",
        item(exercise="plank", rest=-1),
        "routine.items[0] (plank).rest",
        f"between 0 and {REST_MAX} seconds, not -1",
    ),
    (
        "rest_high",
        item(exercise="plank", rest=REST_MAX + 1),
        "routine.items[0] (plank).rest",
        f"not {REST_MAX + 1}",
    ),
    (
        "rest_text",
        item(exercise="plank", rest="30 s"),
        "routine.items[0] (plank).rest",
        "must be a whole number, not '30 s'",
    ),
    (
        "duplicate_key_in_item",
        '{"schema_version": 1, "routine": {"id": "a", "name": "A", '
        '"items": [{"exercise": "glute_bridge", "hold": 6, "hold": 7}]}}',
        "routine.items[0] (glute_bridge).hold",
        "appears twice",
    ),
    (
        "duplicate_key_at_top",
        '{"schema_version": 1, "schema_version": 1, "routine": {}}',
        "schema_version",
        "appears twice",
    ),
    (
        "malformed_json",
        '{\n  "schema_version": 1,\n  "routine": {"id": "a",}\n}',
        "line 3, column 25",
        "malformed JSON: Expecting property name",
    ),
    ("truncated_json", '{"schema_version": 1', "line 1, column 21", "malformed JSON"),
    ("nested_too_deeply", "[" * 100_000, "", "nested too deeply"),
    ("number_too_long", '{"schema_version": 1' + "0" * 5000 + "}", "", "number is absurdly long"),
    ("empty_file", "", "", "file is empty"),
    ("blank_file", "  \n ", "", "file is empty"),
]


@pytest.mark.parametrize(
    ("text", "where", "fragment"),
    [pytest.param(text, where, fragment, id=case) for case, text, where, fragment in BAD_ROUTINES],
)
def test_bad_routine_file_names_file_item_and_field(
    tmp_path: Path, text: str, where: str, fragment: str
) -> None:
    path = tmp_path / "my_routine.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert_one_line_error(caught.value, path, where, fragment)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert_one_line_error(caught.value, path, "", "file not found")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_routine_file(tmp_path, LIB)
    assert_one_line_error(caught.value, tmp_path, "", "is a folder")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root (CI containers), so make open() itself refuse.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    path = tmp_path / "locked.json"
    path.write_text(routine_doc(), encoding="utf-8")
    monkeypatch.setattr(jsonfile.os, "open", refuse)
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert_one_line_error(caught.value, path, "", "cannot read the file: Permission denied")


def test_absurdly_large_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(routine_doc().encode() + b" " * MAX_FILE_BYTES)
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert_one_line_error(caught.value, path, "", "absurdly large")


def test_not_utf8_gives_the_byte_offset(tmp_path: Path) -> None:
    # json.dumps would escape the é, so put the Latin-1 byte in by hand.
    data = routine_doc(name="CafX").encode().replace(b"CafX", b"Caf\xe9")
    path = tmp_path / "latin1.json"
    path.write_bytes(data)
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    offset = data.index(b"\xe9")
    assert_one_line_error(caught.value, path, f"byte offset {offset}", "not UTF-8")
    assert "0xe9" in caught.value.message


def test_utf8_with_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "notepad.json"
    path.write_bytes(b"\xef\xbb\xbf" + routine_doc(name="Caf\u00e9").encode("utf-8"))
    assert load_routine_file(path, LIB).name == "Caf\u00e9"


def test_good_routine_file(tmp_path: Path) -> None:
    path = tmp_path / "good.json"
    text = routine_doc(
        items=[
            {"exercise": "glute_bridge", "hold": 6, "reps": 8, "sets": 2, "rest": 30},
            {"exercise": "cat_cow", "reps": 8, "hold": None},
        ],
        goal="Loosen up.",
    )
    path.write_text(text, encoding="utf-8")
    routine = load_routine_file(path, LIB)
    assert routine == Routine(
        id="my_morning",
        name="My morning",
        items=(
            RoutineItem("glute_bridge", hold=6, reps=8, sets=2, rest=30),
            RoutineItem("cat_cow", reps=8),
        ),
        goal="Loosen up.",
        builtin=False,
    )


def test_parse_routine_names_the_given_source() -> None:
    with pytest.raises(LoadError) as caught:
        parse_routine(
            {"schema_version": 1, "routine": {"id": "a", "name": "A", "items": []}},
            LIB,
            "user/a.json",
        )
    assert str(caught.value) == (
        "user/a.json: routine.items: is empty: a routine needs at least one exercise"
    )


def test_load_error_leaves_out_empty_parts() -> None:
    assert str(LoadError("a.json", "", "file not found")) == "a.json: file not found"
    assert str(LoadError("a.json", "routine.id", "x")) == "a.json: routine.id: x"
    assert str(LoadError("a\nb.json", "", "x")) == "a\\nb.json: x"


# --- the library file -------------------------------------------------------------------------


def _mutated(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(TINY)
    change(data)
    return data


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        if value is DROP:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


BAD_LIBRARIES: list[tuple[str, Any, str, str]] = [
    ("newer_schema", _set(("schema_version",), 2), "schema_version", "made by a newer backtimer"),
    (
        "unknown_top_key",
        lambda d: d.update(routine=d.pop("routines")),
        "",
        "unknown key 'routine' (did you mean 'routines'?)",
    ),
    ("exercises_missing", _set(("exercises",), DROP), "exercises", "is missing"),
    ("exercises_empty", _set(("exercises",), []), "exercises", "is empty"),
    (
        "duplicate_exercise_id",
        _set(("exercises", 1, "id"), "glute_bridge"),
        "exercises[1] (glute_bridge).id",
        "duplicate exercise id 'glute_bridge' (also exercises[0] (glute_bridge))",
    ),
    (
        "exercise_id_not_snake",
        _set(("exercises", 0, "id"), "Glute Bridge"),
        "exercises[0].id",
        "snake_case",
    ),
    (
        "exercise_name_missing",
        _set(("exercises", 0, "name"), DROP),
        "exercises[0] (glute_bridge).name",
        "is missing",
    ),
    (
        "bad_category",
        _set(("exercises", 0, "category"), "strenghten"),
        "exercises[0] (glute_bridge).category",
        "unknown value 'strenghten' (did you mean 'strengthen'?)",
    ),
    (
        "bad_mode",
        _set(("exercises", 0, "mode"), "timed"),
        "exercises[0] (glute_bridge).mode",
        "unknown value 'timed' (one of hold, reps, reps_hold)",
    ),
    (
        "bad_position",
        _set(("exercises", 0, "position"), "lying_on_bak"),
        "exercises[0] (glute_bridge).position",
        "did you mean 'lying_on_back'?",
    ),
    (
        "bad_contraindication",
        _set(("exercises", 0, "contraindications"), ["osteoporosys"]),
        "exercises[0] (glute_bridge).contraindications[0]",
        "did you mean 'osteoporosis'?",
    ),
    (
        "held_without_hold",
        _set(("exercises", 3, "hold"), DROP),
        "exercises[3] (plank).hold",
        "is missing (required in mode 'hold')",
    ),
    (
        "hold_in_reps_mode",
        _set(("exercises", 2, "hold"), 5),
        "exercises[2] (cat_cow).hold",
        "mode is 'reps'",
    ),
    (
        "hold_out_of_range",
        _set(("exercises", 0, "hold"), 45),
        "exercises[0] (glute_bridge).hold",
        "between 5 and 30 seconds, not 45",
    ),
    ("reps_zero", _set(("exercises", 0, "reps"), 0), "exercises[0] (glute_bridge).reps", "not 0"),
    (
        "sets_bool",
        _set(("exercises", 0, "sets"), True),
        "exercises[0] (glute_bridge).sets",
        "whole number",
    ),
    ("rest_negative", _set(("exercises", 3, "rest"), -5), "exercises[3] (plank).rest", "not -5"),
    (
        "steps_empty",
        _set(("exercises", 0, "steps"), []),
        "exercises[0] (glute_bridge).steps",
        "is empty",
    ),
    (
        "step_blank",
        _set(("exercises", 0, "steps"), ["Lie down.", ""]),
        "exercises[0] (glute_bridge).steps[1]",
        "must not be empty",
    ),
    (
        "per_side_text",
        _set(("exercises", 0, "per_side"), "yes"),
        "exercises[0] (glute_bridge).per_side",
        "true or false",
    ),
    (
        "equipment_text",
        _set(("exercises", 0, "equipment"), "mat"),
        "exercises[0] (glute_bridge).equipment",
        "must be a list",
    ),
    (
        "summary_empty",
        _set(("exercises", 0, "summary"), ""),
        "exercises[0] (glute_bridge).summary",
        "must not be empty",
    ),
    (
        "avoid_instead_unknown",
        _set(("avoid", 0, "instead"), "plnak"),
        "avoid[0] (sit_up).instead",
        "unknown exercise 'plnak' (did you mean 'plank'?)",
    ),
    (
        "avoid_is_an_exercise",
        _set(("avoid", 0, "id"), "plank"),
        "avoid[0] (plank).id",
        "both included and avoided",
    ),
    (
        "avoid_reason_missing",
        _set(("avoid", 0, "reason"), DROP),
        "avoid[0] (sit_up).reason",
        "is missing",
    ),
    (
        "duplicate_avoid_id",
        lambda d: d["avoid"].append(dict(d["avoid"][0])),
        "avoid[1] (sit_up).id",
        "duplicate avoided-move id 'sit_up'",
    ),
    (
        "duplicate_routine_id",
        lambda d: d["routines"].append(copy.deepcopy(d["routines"][0])),
        "routines[1] (gentle).id",
        "duplicate routine id 'gentle' (also routines[0] (gentle))",
    ),
    (
        "routine_unknown_exercise",
        _set(("routines", 0, "items", 0, "exercise"), "cat_coww"),
        "routines[0] (gentle).items[0] (cat_coww).exercise",
        "did you mean 'cat_cow'?",
    ),
    ("routine_empty", _set(("routines", 0, "items"), []), "routines[0] (gentle).items", "is empty"),
]


@pytest.mark.parametrize(
    ("change", "where", "fragment"),
    [
        pytest.param(change, where, fragment, id=case)
        for case, change, where, fragment in BAD_LIBRARIES
    ],
)
def test_bad_library_names_file_item_and_field(
    tmp_path: Path, change: Any, where: str, fragment: str
) -> None:
    path = tmp_path / "exercises.json"
    path.write_text(json.dumps(_mutated(change)), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_library(path)
    assert_one_line_error(caught.value, path, where, fragment)


def test_duplicate_key_in_library_exercise(tmp_path: Path) -> None:
    text = json.dumps(TINY).replace('"reps": 8,', '"reps": 8, "reps": 9,', 1)
    path = tmp_path / "exercises.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_library(path)
    assert_one_line_error(caught.value, path, "exercises[0] (glute_bridge).reps", "appears twice")


def test_tiny_library_loads_with_builtin_routines(tmp_path: Path) -> None:
    path = tmp_path / "exercises.json"
    path.write_text(json.dumps(TINY), encoding="utf-8")
    library = load_library(path)
    assert list(library.exercises) == ["glute_bridge", "bird_dog", "cat_cow", "plank"]
    assert library.exercise("cat_cow").hold is None
    assert library.exercise("bird_dog").per_side is True
    assert library.avoid[0].instead == "plank"
    assert [r.builtin for r in library.routines] == [True]
    assert library.routine("gentle").items[1] == RoutineItem("glute_bridge", hold=8)
    with pytest.raises(TypeError):
        library.exercises["x"] = library.exercise("plank")  # type: ignore[index]


# --- the bundled library ----------------------------------------------------------------------


def test_bundled_library_loads() -> None:
    library = load_library()
    assert library == load_library(resource_path("exercises.json"))
    assert len(library.exercises) == 25
    assert len(library.routines) >= 6
    for routine in library.routines:
        assert routine.builtin
        assert build_plan(routine, library, Settings()).estimated_seconds > 0


def test_bundled_routines_round_trip_through_export(tmp_path: Path) -> None:
    library = load_library()
    for routine in library.routines:
        path = tmp_path / f"{routine.id}.json"
        path.write_text(routine_to_json(routine), encoding="utf-8")
        loaded = load_routine_file(path, library)
        assert loaded == Routine(routine.id, routine.name, routine.items, routine.goal, False)


def test_export_omits_default_overrides() -> None:
    routine = Routine("r", "R", (RoutineItem("cat_cow"), RoutineItem("plank", hold=20, sets=2)))
    data = json.loads(routine_to_json(routine))
    assert data == {
        "schema_version": 1,
        "routine": {
            "id": "r",
            "name": "R",
            "items": [{"exercise": "cat_cow"}, {"exercise": "plank", "hold": 20, "sets": 2}],
        },
    }


# --- generated inputs -------------------------------------------------------------------------

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["glute_bridge", "cat_cow", "plank", "", "hold", "reps"])
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`good` about three times in four, so generated documents often get deep into the checks."""
    return st.integers(0, 3).flatmap(lambda n: bad if n == 0 else good)


NEAR_ITEMS = st.fixed_dictionaries(
    {"exercise": mostly(st.sampled_from(sorted(LIB.exercises)), JSON_SCALARS)},
    optional={
        key: mostly(st.integers(-1, 60), JSON_SCALARS)
        for key in ("hold", "reps", "sets", "rest", "hodl")
    },
)
NEAR_ROUTINES = st.fixed_dictionaries(
    {
        "schema_version": mostly(st.just(1), JSON_SCALARS),
        "routine": mostly(
            st.fixed_dictionaries(
                {
                    "id": mostly(st.just("my_morning"), JSON_SCALARS),
                    "name": mostly(st.just("My morning"), JSON_SCALARS),
                    "items": mostly(st.lists(NEAR_ITEMS, max_size=4), JSON_VALUES),
                },
                optional={"goal": JSON_SCALARS},
            ),
            JSON_VALUES,
        ),
    },
    optional={"extra": JSON_VALUES},
)


def _parse_or_load_error(data: object) -> None:
    error: LoadError | None = None
    try:
        routine = parse_routine(data, LIB, "generated.json")
    except LoadError as caught:
        error = caught
    if error is not None:
        assert "\n" not in str(error)
        assert str(error).startswith("generated.json: ")
    else:
        assert routine.items
        assert all(i.exercise in LIB.exercises for i in routine.items)


@given(JSON_VALUES)
def test_random_json_only_ever_raises_load_error(data: object) -> None:
    _parse_or_load_error(data)


@given(NEAR_ROUTINES)
def test_near_valid_routines_only_ever_raise_load_error(data: object) -> None:
    _parse_or_load_error(data)


@given(JSON_VALUES)
def test_random_library_json_only_ever_raises_load_error(data: object) -> None:
    with pytest.raises(LoadError):
        parse_library(data, "generated.json")


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_file_bytes_only_ever_raise_load_error(tmp_path: Path, raw: bytes) -> None:
    # The fixture is reused across examples on purpose: every example overwrites the same file.
    path = tmp_path / "random.json"
    path.write_bytes(raw)
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def _items() -> st.SearchStrategy[RoutineItem]:
    def for_exercise(ex_id: str) -> st.SearchStrategy[RoutineItem]:
        held = LIB.exercise(ex_id).is_held
        return st.builds(
            RoutineItem,
            exercise=st.just(ex_id),
            hold=st.none() | st.integers(HOLD_MIN, HOLD_MAX) if held else st.none(),
            reps=st.none() | st.integers(1, REPS_MAX),
            sets=st.none() | st.integers(1, SETS_MAX),
            rest=st.none() | st.integers(0, REST_MAX),
        )

    return st.sampled_from(sorted(LIB.exercises)).flatmap(for_exercise)


def _within_size_limit(items: list[RoutineItem]) -> tuple[RoutineItem, ...]:
    """The longest prefix under MAX_ROUTINE_REPS (one item alone always fits)."""
    kept: list[RoutineItem] = []
    for entry in items:
        if sum(total_reps(i, LIB.exercise(i.exercise)) for i in (*kept, entry)) > MAX_ROUTINE_REPS:
            break
        kept.append(entry)
    return tuple(kept)


# Format characters (bidi overrides, zero-width) and line/paragraph separators are refused.
NAMES = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), min_size=1, max_size=40
).filter(str.strip)
VALID_ROUTINES = st.builds(
    Routine,
    id=st.from_regex(r"[a-z0-9_]{1,30}", fullmatch=True),
    name=NAMES,
    items=st.lists(_items(), min_size=1, max_size=8).map(_within_size_limit),
    goal=st.just("") | NAMES | st.just("First line.\nSecond line."),
    builtin=st.just(False),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(VALID_ROUTINES)
def test_valid_routines_round_trip(tmp_path: Path, routine: Routine) -> None:
    path = tmp_path / "export.json"
    path.write_text(routine_to_json(routine), encoding="utf-8")
    assert load_routine_file(path, LIB) == routine
    assert parse_routine(json.loads(routine_to_json(routine)), LIB, "x") == routine


# --- bounded work, deceptive text, odd files (issue 9) -------------------------------------------


def test_routine_with_too_many_exercises_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text(routine_doc(items=[{"exercise": "cat_cow"}] * (MAX_ROUTINE_ITEMS + 1)))
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert_one_line_error(
        caught.value, path, "routine.items", f"at most {MAX_ROUTINE_ITEMS}"
    )


def test_routine_with_too_many_reps_is_refused(tmp_path: Path) -> None:
    # 2 x 50 reps x 10 sets x 2 sides = 2000 reps: a tiny file asking for hours of steps.
    heavy = {"exercise": "bird_dog", "reps": REPS_MAX, "sets": SETS_MAX}
    path = tmp_path / "heavy.json"
    path.write_text(routine_doc(items=[heavy, heavy]))
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert_one_line_error(caught.value, path, "routine.items", "adds up to 2000 reps")
    assert f"at most {MAX_ROUTINE_REPS}" in caught.value.message


def test_largest_accepted_routine_has_a_small_plan(tmp_path: Path) -> None:
    """The bound is on the plan, which is what cost gigabytes: count its steps, not seconds."""
    light = {"exercise": "cat_cow", "reps": MAX_ROUTINE_REPS // MAX_ROUTINE_ITEMS}
    path = tmp_path / "biggest.json"
    path.write_text(routine_doc(items=[light] * MAX_ROUTINE_ITEMS))
    routine = load_routine_file(path, LIB)
    assert sum(total_reps(i, LIB.exercise(i.exercise)) for i in routine.items) == MAX_ROUTINE_REPS
    plan = build_plan(routine, LIB, Settings())
    assert len(plan.steps) < 4 * MAX_ROUTINE_REPS


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u2028", "LINE SEPARATOR"),
        ("\u2029", "PARAGRAPH SEPARATOR"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200d", "ZERO WIDTH JOINER"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    ],
)
@pytest.mark.parametrize("where", ["routine.name", "routine.goal"])
def test_names_that_would_display_as_something_else_are_refused(
    tmp_path: Path, char: str, name: str, where: str
) -> None:
    key = where.split(".")[1]
    path = tmp_path / "sneaky.json"
    path.write_text(routine_doc(**{key: f"Morning{char}gninrom"}), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert_one_line_error(caught.value, path, where, f"U+{ord(char):04X} {name.lower()}")


def test_error_line_escapes_a_direction_override_in_the_path(tmp_path: Path) -> None:
    path = tmp_path / "evil\u202enosj.json"
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert "\u202e" not in str(caught.value)
    assert "\\u202e" in str(caught.value)


def test_deeply_nested_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert_one_line_error(caught.value, path, "", f"the limit is {DEFAULT_MAX_DEPTH})")


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    path = tmp_path / "brackets.json"
    path.write_text(routine_doc(name="[[[[" * 20 + '\\"{{' * 20), encoding="utf-8")
    assert load_routine_file(path, LIB).name.startswith("[[[[")


def _odd_file(kind: str, folder: Path) -> tuple[Path, str]:
    """Make a path that is not a regular file (or is an absurd one); return it and the message."""
    path = folder / f"{kind}.json"
    if kind == "fifo":
        os.mkfifo(path)  # no writer: a blocking open would hang the test forever
        return path, "is a named pipe (FIFO), not a file"
    if kind == "dev_zero_link":
        path.symlink_to("/dev/zero")
        return path, "is a link to a character device, not a file"
    if kind == "dev_null":
        return Path("/dev/null"), "is a character device, not a file"
    if kind == "folder":
        path.mkdir()
        return path, "is a folder"
    if kind == "huge_sparse":
        with open(path, "wb") as handle:
            handle.truncate(8 * 1024**3)  # 8 GiB that take no disk: only the size is checked
        return path, "absurdly large"
    if kind == "deep_object":
        path.write_text('{"a":' * 50_000 + "1" + "}" * 50_000)
        return path, "nested too deeply"
    raise AssertionError(kind)


ODD_KINDS = ["fifo", "dev_zero_link", "dev_null", "folder", "huge_sparse", "deep_object"]


@pytest.mark.parametrize("kind", ODD_KINDS)
def test_odd_files_give_one_line(tmp_path: Path, kind: str) -> None:
    path, fragment = _odd_file(kind, tmp_path)
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert_one_line_error(caught.value, path, "", fragment)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(ODD_KINDS), counter=st.integers(0, 10**9))
def test_fuzz_odd_files_only_ever_raise_load_error(
    tmp_path: Path, kind: str, counter: int
) -> None:
    folder = tmp_path / f"case{counter}"
    if folder.exists():
        return
    folder.mkdir()
    path, _fragment = _odd_file(kind, folder)
    with pytest.raises(LoadError) as caught:
        load_routine_file(path, LIB)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(str(path))
