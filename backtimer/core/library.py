"""Loading and checking the exercise library (resources/exercises.json).

The library holds the exercises, the moves deliberately left out (with the reason) and the
built-in routines. It is checked as strictly as a hand-written routine file (see
`backtimer.core.json_doc`): the file ships with the app, but a wrong field must still come back as
one precise line rather than a surprise in a session.

The names of the routine-file loader are re-exported here for the callers that import them from
this module.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import cast

from backtimer.core.json_doc import (
    MAX_FILE_BYTES,
    Doc,
    LoadError,
    field,
    note_unique,
    read_json,
    show,
)
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
    SETS_MAX,
    AvoidedMove,
    Category,
    Exercise,
    Library,
    Mode,
    Routine,
)
from backtimer.core.pose_data import parse_pose
from backtimer.core.routine_file import (
    known_exercise,
    load_routine_file,
    parse_routine,
    parse_routine_body,
    routine_to_json,
)

__all__ = [
    "LIBRARY_FILE",
    "MAX_FILE_BYTES",
    "LoadError",
    "load_library",
    "load_routine_file",
    "parse_library",
    "parse_routine",
    "routine_to_json",
]

logger = logging.getLogger(__name__)

LIBRARY_FILE = "exercises.json"


def load_library(path: Path | None = None) -> Library:
    """Load the exercise library (by default the bundled resources/exercises.json)."""
    if path is None:
        from backtimer.bundled import resource_path  # the bundled layout lives outside the core

        try:
            path = resource_path(LIBRARY_FILE)
        except FileNotFoundError as exc:
            raise LoadError(LIBRARY_FILE, "", str(exc)) from None
    data = read_json(path)
    library = parse_library(data, str(path))
    logger.debug(
        "loaded %d exercises and %d routines from %s",
        len(library.exercises),
        len(library.routines),
        path,
    )
    return library


def parse_library(data: object, source: str) -> Library:
    """Check already-loaded library JSON; routines in it are built in."""
    doc = Doc(source)
    top = doc.document(data, LIBRARY_SCHEMA_VERSION)
    doc.keys(top, "", required=("schema_version", "exercises"), optional=("avoid", "routines"))

    exercises: dict[str, Exercise] = {}
    first_seen: dict[str, str] = {}
    for where, raw in doc.items_of(top["exercises"], "exercises", "exercise", allow_empty=False):
        exercise = _exercise(doc, raw, where)
        note_unique(doc, first_seen, "exercise", exercise.id, where)
        exercises[exercise.id] = exercise

    avoid: list[AvoidedMove] = []
    seen_avoid: dict[str, str] = {}
    for where, raw in doc.items_of(top.get("avoid", []), "avoid", "avoided move"):
        move = _avoided(doc, raw, where, exercises)
        note_unique(doc, seen_avoid, "avoided-move", move.id, where)
        avoid.append(move)

    routines: list[Routine] = []
    seen_routines: dict[str, str] = {}
    for where, raw in doc.items_of(top.get("routines", []), "routines", "routine"):
        routine = parse_routine_body(doc, raw, where, exercises, builtin=True)
        note_unique(doc, seen_routines, "routine", routine.id, where)
        routines.append(routine)

    return Library(
        exercises=MappingProxyType(exercises), routines=tuple(routines), avoid=tuple(avoid)
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
_EXERCISE_OPTIONAL = (
    "equipment",
    "hold",
    "rest",
    "cautions",
    "contraindications",
    "sources",
    "pose",
    "alternates",
)


def _exercise(doc: Doc, value: object, where: str) -> Exercise:
    raw = doc.obj(value, where, required=_EXERCISE_REQUIRED, optional=_EXERCISE_OPTIONAL)
    exercise_id = doc.ident(raw["id"], field(where, "id"))
    mode = cast(Mode, doc.choice(raw["mode"], field(where, "mode"), MODES))
    hold_value = raw.get("hold")
    hold: int | None = None
    if mode == "reps":
        if hold_value is not None:
            doc.fail(
                field(where, "hold"),
                "is given, but mode is 'reps' (no hold); remove it or use mode 'reps_hold'",
            )
    elif "hold" not in raw:
        doc.fail(field(where, "hold"), f"is missing (required in mode '{mode}')")
    else:
        hold = doc.integer(hold_value, field(where, "hold"), HOLD_MIN, HOLD_MAX, " seconds")
    rest_value = raw.get("rest")
    contraindications = doc.text_list(
        raw.get("contraindications", []), field(where, "contraindications")
    )
    for index, tag in enumerate(contraindications):
        doc.choice(tag, f"{field(where, 'contraindications')}[{index}]", CONTRAINDICATIONS)
    return Exercise(
        id=exercise_id,
        name=doc.text(raw["name"], field(where, "name")),
        category=cast(Category, doc.choice(raw["category"], field(where, "category"), CATEGORIES)),
        position=doc.choice(raw["position"], field(where, "position"), POSITIONS),
        equipment=doc.text_list(raw.get("equipment", []), field(where, "equipment")),
        per_side=doc.boolean(raw["per_side"], field(where, "per_side")),
        mode=mode,
        hold=hold,
        reps=doc.integer(raw["reps"], field(where, "reps"), 1, REPS_MAX),
        sets=doc.integer(raw["sets"], field(where, "sets"), 1, SETS_MAX),
        rest=None
        if rest_value is None
        else doc.integer(rest_value, field(where, "rest"), 0, REST_MAX, " seconds"),
        summary=doc.text(raw["summary"], field(where, "summary")),
        steps=doc.text_list(raw["steps"], field(where, "steps"), allow_empty=False),
        cautions=doc.text_list(raw.get("cautions", []), field(where, "cautions")),
        contraindications=contraindications,
        sources=doc.text_list(raw.get("sources", []), field(where, "sources")),
        pose=None if "pose" not in raw else parse_pose(doc, raw["pose"], field(where, "pose")),
        alternates=_alternates(doc, raw, where),
    )


def _alternates(doc: Doc, raw: Mapping[str, object], where: str) -> bool:
    """Only a per-side exercise can alternate sides rep by rep."""
    if "alternates" not in raw:
        return False
    alternates = doc.boolean(raw["alternates"], field(where, "alternates"))
    if alternates and raw.get("per_side") is not True:
        doc.fail(field(where, "alternates"), "is true, but the exercise is not per_side")
    return alternates


def _avoided(
    doc: Doc, value: object, where: str, exercises: Mapping[str, Exercise]
) -> AvoidedMove:
    raw = doc.obj(value, where, required=("id", "name", "reason"), optional=("instead",))
    move_id = doc.ident(raw["id"], field(where, "id"))
    if move_id in exercises:
        doc.fail(
            field(where, "id"),
            f"{show(move_id)} is also an exercise in the library; "
            "a move cannot be both included and avoided",
        )
    instead = raw.get("instead")
    if instead is not None:
        instead = known_exercise(doc, instead, field(where, "instead"), exercises)
    return AvoidedMove(
        id=move_id,
        name=doc.text(raw["name"], field(where, "name")),
        reason=doc.text(raw["reason"], field(where, "reason")),
        instead=instead,
    )
