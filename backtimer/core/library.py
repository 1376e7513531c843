"""Loading and checking the exercise library and routine files.

A routine file is written by hand by a physiotherapist, so every mistake must come back as one line
that names the file, the item and the field, and says what is wrong and, where it can, what was
meant ("unknown exercise 'glute_brige' (did you mean 'glute_bridge'?)"). Nothing here raises
anything but `LoadError` for bad input, whatever the input is: the CLI turns it into exit code 2
and the UI shows it, and neither wants a traceback.

Unknown keys are errors, not ignored, so a typo ("hodl": 10) cannot silently fall back to a
default. Duplicate keys inside one JSON object are errors for the same reason (the json module
would keep the last one without a word).
"""

from __future__ import annotations

import difflib
import json
import logging
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn, cast

from backtimer.core.models import (
    CATEGORIES,
    CONTRAINDICATIONS,
    HOLD_MAX,
    HOLD_MIN,
    LIBRARY_SCHEMA_VERSION,
    MODES,
    POSITIONS,
    REPS_MAX,
    REST_MAX,
    ROUTINE_SCHEMA_VERSION,
    SETS_MAX,
    AvoidedMove,
    Category,
    Exercise,
    Library,
    Mode,
    Routine,
    RoutineItem,
)

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 1024 * 1024  # a routine file is a few kilobytes, the library well under 200 KiB
LIBRARY_FILE = "exercises.json"

_ID_PATTERN = re.compile(r"[a-z0-9_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UTF8_BOM = b"\xef\xbb\xbf"


class LoadError(Exception):
    """A library or routine file that cannot be used; `str()` is one line: path: where: message."""

    def __init__(self, path: str, where: str, message: str) -> None:
        super().__init__(path, where, message)
        self.path = path
        self.where = where
        self.message = message

    def __str__(self) -> str:
        text = ": ".join(part for part in (self.path, self.where, self.message) if part)
        # Paths and keys come from outside; the line must stay one line whatever they contain.
        return text.replace("\r", "\\r").replace("\n", "\\n")


# --- public API -------------------------------------------------------------------------------


def load_library(path: Path | None = None) -> Library:
    """Load the exercise library (by default the bundled resources/exercises.json)."""
    if path is None:
        from backtimer.bundled import resource_path  # the bundled layout lives outside the core

        try:
            path = resource_path(LIBRARY_FILE)
        except FileNotFoundError as exc:
            raise LoadError(LIBRARY_FILE, "", str(exc)) from None
    data = _read_json(path)
    library = parse_library(data, str(path))
    logger.debug(
        "loaded %d exercises and %d routines from %s",
        len(library.exercises),
        len(library.routines),
        path,
    )
    return library


def _note_unique(doc: _Doc, seen: dict[str, str], kind: str, ident: str, where: str) -> None:
    """Fail on an id already used in the same list, naming where it first stood; else note it."""
    if ident in seen:
        doc.fail(_field(where, "id"), f"duplicate {kind} id {_show(ident)} (also {seen[ident]})")
    seen[ident] = where


def parse_library(data: object, source: str) -> Library:
    """Check already-loaded library JSON; routines in it are built in."""
    doc = _Doc(source)
    top = doc.document(data, LIBRARY_SCHEMA_VERSION)
    doc.keys(top, "", required=("schema_version", "exercises"), optional=("avoid", "routines"))

    exercises: dict[str, Exercise] = {}
    first_seen: dict[str, str] = {}
    for where, raw in doc.items_of(top["exercises"], "exercises", "exercise", allow_empty=False):
        exercise = _exercise(doc, raw, where)
        _note_unique(doc, first_seen, "exercise", exercise.id, where)
        exercises[exercise.id] = exercise

    avoid: list[AvoidedMove] = []
    seen_avoid: dict[str, str] = {}
    for where, raw in doc.items_of(top.get("avoid", []), "avoid", "avoided move"):
        move = _avoided(doc, raw, where, exercises)
        _note_unique(doc, seen_avoid, "avoided-move", move.id, where)
        avoid.append(move)

    routines: list[Routine] = []
    seen_routines: dict[str, str] = {}
    for where, raw in doc.items_of(top.get("routines", []), "routines", "routine"):
        routine = _routine(doc, raw, where, exercises, builtin=True)
        _note_unique(doc, seen_routines, "routine", routine.id, where)
        routines.append(routine)

    return Library(
        exercises=MappingProxyType(exercises), routines=tuple(routines), avoid=tuple(avoid)
    )


def load_routine_file(path: Path, library: Library) -> Routine:
    """Load a routine file in the export format (DESIGN.md section 5); never built in."""
    routine = parse_routine(_read_json(path), library, str(path))
    logger.debug("loaded routine %s (%d items) from %s", routine.id, len(routine.items), path)
    return routine


def parse_routine(data: object, library: Library, source: str) -> Routine:
    """Check an already-loaded routine document ({"schema_version": 1, "routine": {...}})."""
    doc = _Doc(source)
    top = doc.document(data, ROUTINE_SCHEMA_VERSION)
    doc.keys(top, "", required=("schema_version", "routine"), optional=())
    return _routine(doc, top["routine"], "routine", library.exercises, builtin=False)


def routine_to_json(routine: Routine) -> str:
    """The export format: pretty, UTF-8 friendly, and loadable by `load_routine_file`."""
    items: list[dict[str, object]] = []
    for item in routine.items:
        entry: dict[str, object] = {"exercise": item.exercise}
        for key in ("hold", "reps", "sets", "rest"):
            value = getattr(item, key)
            if value is not None:
                entry[key] = value
        items.append(entry)
    body: dict[str, object] = {"id": routine.id, "name": routine.name}
    if routine.goal:
        body["goal"] = routine.goal
    body["items"] = items
    document = {"schema_version": ROUTINE_SCHEMA_VERSION, "routine": body}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- reading ----------------------------------------------------------------------------------


class _JsonObject(dict[str, Any]):
    """A JSON object that remembers which keys it saw more than once."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> _JsonObject:
    obj = _JsonObject()
    duplicates: list[str] = []
    for key, value in pairs:
        if key in obj and key not in duplicates:
            duplicates.append(key)
        obj[key] = value
    if duplicates:
        obj.duplicates = tuple(duplicates)
    return obj


def _read_json(path: Path) -> object:
    source = str(path)

    def fail(where: str, message: str) -> NoReturn:
        raise LoadError(source, where, message) from None

    try:
        info = os.stat(path)
    except FileNotFoundError:
        fail("", "file not found")
    except OSError as exc:
        fail("", f"cannot read the file: {exc.strerror or exc}")
    if stat.S_ISDIR(info.st_mode):
        fail("", "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        fail("", "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        fail(
            "",
            f"absurdly large ({info.st_size} bytes, the limit is 1 MiB); "
            "this is not a backtimer file",
        )
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        fail("", f"cannot read the file: {exc.strerror or exc}")
    if len(raw) > MAX_FILE_BYTES:
        fail("", "absurdly large (over 1 MiB); this is not a backtimer file")

    # Windows editors like to start UTF-8 files with a byte-order mark; it is harmless, skip it.
    offset = len(_UTF8_BOM) if raw.startswith(_UTF8_BOM) else 0
    try:
        text = raw[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        position = exc.start + offset
        fail(
            f"byte offset {position}",
            f"not UTF-8 text (byte 0x{raw[position]:02x}); save the file as UTF-8",
        )
    if not text.strip():
        fail("", "file is empty")
    try:
        return json.loads(text, object_pairs_hook=_object_pairs)
    except json.JSONDecodeError as exc:
        fail(f"line {exc.lineno}, column {exc.colno}", f"malformed JSON: {exc.msg}")
    except RecursionError:
        fail("", "malformed JSON: nested too deeply")
    except ValueError:  # e.g. a number with thousands of digits
        fail("", "malformed JSON: a number is absurdly long")


# --- checking ---------------------------------------------------------------------------------


def _field(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _label(where: str, value: object) -> str:
    """`routines[2]` -> `routines[2] (gentle_start)` when the id is usable in a message."""
    if isinstance(value, str) and len(value) <= 60 and _ID_PATTERN.fullmatch(value):
        return f"{where} ({value})"
    return where


def _show(value: object) -> str:
    """A short, one-line rendering of a JSON value for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10**15 else "an absurdly large number"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        text = json.dumps(value[:40], ensure_ascii=True)[1:-1]
        return f"'{text}...'" if len(value) > 40 else f"'{text}'"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _suggest(word: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


class _Doc:
    """Checks on one document; every failure raises LoadError naming `source`."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> NoReturn:
        raise LoadError(self.source, where, message)

    def document(self, data: object, known_version: int) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail("", f"the top level must be a JSON object {{...}}, not {_show(data)}")
        self.no_duplicates(data, "")
        if "schema_version" not in data:
            self.fail("schema_version", f'is missing (add "schema_version": {known_version})')
        version = data["schema_version"]
        if isinstance(version, bool) or not isinstance(version, int):
            self.fail("schema_version", f"must be a whole number, not {_show(version)}")
        if version > known_version:
            self.fail(
                "schema_version",
                f"is {version}: the file was made by a newer backtimer "
                f"(this one reads version {known_version}); update backtimer",
            )
        if version < 1:
            self.fail("schema_version", f"must be {known_version}, not {version}")
        return data

    def no_duplicates(self, obj: dict[Any, Any], where: str) -> None:
        duplicates = getattr(obj, "duplicates", ())
        if duplicates:
            self.fail(_field(where, str(duplicates[0])), "key appears twice in the same object")

    def keys(
        self, obj: dict[Any, Any], where: str, *, required: Sequence[str], optional: Sequence[str]
    ) -> None:
        allowed = (*required, *optional)
        for key in obj:
            if key not in allowed:
                hint = _suggest(key, allowed) if isinstance(key, str) else ""
                if not hint:
                    hint = f" (expected {', '.join(allowed)})"
                self.fail(where, f"unknown key {_show(key)}{hint}")
        for key in required:
            if key not in obj:
                self.fail(_field(where, key), "is missing (required)")

    def obj(
        self, value: object, where: str, *, required: Sequence[str], optional: Sequence[str]
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"must be an object {{...}}, not {_show(value)}")
        self.no_duplicates(value, where)
        self.keys(value, where, required=required, optional=optional)
        return value

    def items_of(
        self, value: object, where: str, what: str, *, allow_empty: bool = True
    ) -> list[tuple[str, object]]:
        """The entries of a list, each with its `where`, labelled with its id when it has one."""
        if not isinstance(value, list):
            self.fail(where, f"must be a list [...], not {_show(value)}")
        if not value and not allow_empty:
            self.fail(where, f"is empty: at least one {what} is needed")
        entries: list[tuple[str, object]] = []
        for index, entry in enumerate(value):
            at = f"{where}[{index}]"
            ident = entry.get("id") if isinstance(entry, dict) else None
            entries.append((_label(at, ident), entry))
        return entries

    def text(self, value: object, where: str, *, single_line: bool = True) -> str:
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {_show(value)}")
        if not value.strip():
            self.fail(where, "must not be empty")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail(where, "contains an invalid \\u escape (a lone surrogate)")
        if single_line and _CONTROL.search(value):
            self.fail(where, "must not contain line breaks or other control characters")
        return value

    def paragraph(self, value: object, where: str) -> str:
        """Optional free text (a routine's goal): may be empty or run over several lines."""
        if isinstance(value, str) and not value.strip():
            return ""
        return self.text(value, where, single_line=False)

    def ident(self, value: object, where: str) -> str:
        text = self.text(value, where)
        if not _ID_PATTERN.fullmatch(text):
            self.fail(where, f"must be snake_case (a-z, 0-9 and _ only), not {_show(text)}")
        return text

    def boolean(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, f"must be true or false, not {_show(value)}")
        return value

    def integer(self, value: object, where: str, low: int, high: int, unit: str = "") -> int:
        # bool is a subclass of int in Python, but `true` is not a number of seconds.
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"must be a whole number, not {_show(value)}")
        if not low <= value <= high:
            self.fail(where, f"must be between {low} and {high}{unit}, not {_show(value)}")
        return value

    def choice(self, value: object, where: str, choices: Sequence[str]) -> str:
        text = self.text(value, where)
        if text not in choices:
            hint = _suggest(text, choices) or f" (one of {', '.join(choices)})"
            self.fail(where, f"unknown value {_show(text)}{hint}")
        return text

    def text_list(self, value: object, where: str, *, allow_empty: bool = True) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.fail(where, f"must be a list of text [...], not {_show(value)}")
        if not value and not allow_empty:
            self.fail(where, "is empty: at least one entry is needed")
        return tuple(
            self.text(entry, f"{where}[{index}]", single_line=False)
            for index, entry in enumerate(value)
        )


_EXERCISE_REQUIRED = (
    "id",
    "name",
    "category",
    "position",
    "per_side",
    "mode",
    "reps",
    "sets",
    "summary",
    "steps",
)
_EXERCISE_OPTIONAL = ("equipment", "hold", "rest", "cautions", "contraindications", "sources")


def _exercise(doc: _Doc, value: object, where: str) -> Exercise:
    raw = doc.obj(value, where, required=_EXERCISE_REQUIRED, optional=_EXERCISE_OPTIONAL)
    exercise_id = doc.ident(raw["id"], _field(where, "id"))
    mode = cast(Mode, doc.choice(raw["mode"], _field(where, "mode"), MODES))
    hold_value = raw.get("hold")
    hold: int | None = None
    if mode == "reps":
        if hold_value is not None:
            doc.fail(
                _field(where, "hold"),
                "is given, but mode is 'reps' (no hold); remove it or use mode 'reps_hold'",
            )
    elif "hold" not in raw:
        doc.fail(_field(where, "hold"), f"is missing (required in mode '{mode}')")
    else:
        hold = doc.integer(hold_value, _field(where, "hold"), HOLD_MIN, HOLD_MAX, " seconds")
    rest_value = raw.get("rest")
    contraindications = doc.text_list(
        raw.get("contraindications", []), _field(where, "contraindications")
    )
    for index, tag in enumerate(contraindications):
        doc.choice(tag, f"{_field(where, 'contraindications')}[{index}]", CONTRAINDICATIONS)
    return Exercise(
        id=exercise_id,
        name=doc.text(raw["name"], _field(where, "name")),
        category=cast(Category, doc.choice(raw["category"], _field(where, "category"), CATEGORIES)),
        position=doc.choice(raw["position"], _field(where, "position"), POSITIONS),
        equipment=doc.text_list(raw.get("equipment", []), _field(where, "equipment")),
        per_side=doc.boolean(raw["per_side"], _field(where, "per_side")),
        mode=mode,
        hold=hold,
        reps=doc.integer(raw["reps"], _field(where, "reps"), 1, REPS_MAX),
        sets=doc.integer(raw["sets"], _field(where, "sets"), 1, SETS_MAX),
        rest=None
        if rest_value is None
        else doc.integer(rest_value, _field(where, "rest"), 0, REST_MAX, " seconds"),
        summary=doc.text(raw["summary"], _field(where, "summary")),
        steps=doc.text_list(raw["steps"], _field(where, "steps"), allow_empty=False),
        cautions=doc.text_list(raw.get("cautions", []), _field(where, "cautions")),
        contraindications=contraindications,
        sources=doc.text_list(raw.get("sources", []), _field(where, "sources")),
    )


def _avoided(
    doc: _Doc, value: object, where: str, exercises: Mapping[str, Exercise]
) -> AvoidedMove:
    raw = doc.obj(value, where, required=("id", "name", "reason"), optional=("instead",))
    move_id = doc.ident(raw["id"], _field(where, "id"))
    if move_id in exercises:
        doc.fail(
            _field(where, "id"),
            f"{_show(move_id)} is also an exercise in the library; "
            "a move cannot be both included and avoided",
        )
    instead = raw.get("instead")
    if instead is not None:
        instead = _known_exercise(doc, instead, _field(where, "instead"), exercises)
    return AvoidedMove(
        id=move_id,
        name=doc.text(raw["name"], _field(where, "name")),
        reason=doc.text(raw["reason"], _field(where, "reason")),
        instead=instead,
    )


def _known_exercise(doc: _Doc, value: object, where: str, exercises: Mapping[str, Exercise]) -> str:
    exercise_id = doc.text(value, where)
    if exercise_id not in exercises:
        doc.fail(where, f"unknown exercise {_show(exercise_id)}{_suggest(exercise_id, exercises)}")
    return exercise_id


def _routine(
    doc: _Doc, value: object, where: str, exercises: Mapping[str, Exercise], *, builtin: bool
) -> Routine:
    raw = doc.obj(value, where, required=("id", "name", "items"), optional=("goal",))
    routine_id = doc.ident(raw["id"], _field(where, "id"))
    name = doc.text(raw["name"], _field(where, "name"))
    goal = doc.paragraph(raw.get("goal", ""), _field(where, "goal"))
    items_where = _field(where, "items")
    entries = raw["items"]
    if not isinstance(entries, list):
        doc.fail(items_where, f"must be a list [...], not {_show(entries)}")
    if not entries:
        doc.fail(items_where, "is empty: a routine needs at least one exercise")
    items = tuple(
        _routine_item(doc, entry, _label(f"{items_where}[{index}]", _exercise_of(entry)), exercises)
        for index, entry in enumerate(entries)
    )
    return Routine(id=routine_id, name=name, items=items, goal=goal, builtin=builtin)


def _exercise_of(entry: object) -> object:
    return entry.get("exercise") if isinstance(entry, dict) else None


def _routine_item(
    doc: _Doc, value: object, where: str, exercises: Mapping[str, Exercise]
) -> RoutineItem:
    raw = doc.obj(value, where, required=("exercise",), optional=("hold", "reps", "sets", "rest"))
    exercise_id = _known_exercise(doc, raw["exercise"], _field(where, "exercise"), exercises)
    exercise = exercises[exercise_id]
    hold: int | None = None
    if raw.get("hold") is not None:
        if not exercise.is_held:
            doc.fail(
                _field(where, "hold"),
                f"is given, but {_show(exercise_id)} is a reps-mode "
                "exercise with no hold; remove it",
            )
        hold = doc.integer(raw["hold"], _field(where, "hold"), HOLD_MIN, HOLD_MAX, " seconds")
    return RoutineItem(
        exercise=exercise_id,
        hold=hold,
        reps=_optional_int(doc, raw, where, "reps", 1, REPS_MAX),
        sets=_optional_int(doc, raw, where, "sets", 1, SETS_MAX),
        rest=_optional_int(doc, raw, where, "rest", 0, REST_MAX, " seconds"),
    )


def _optional_int(
    doc: _Doc, raw: Mapping[str, Any], where: str, key: str, low: int, high: int, unit: str = ""
) -> int | None:
    value = raw.get(key)
    if value is None:  # absent or null: the exercise's default
        return None
    return doc.integer(value, _field(where, key), low, high, unit)
