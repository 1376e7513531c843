"""Routine files: the format the README documents, read strictly and bounded.

A routine is a list of exercises with optional overrides of their dose. Besides the checks of each
field, a routine's size is bounded (MAX_ROUTINE_ITEMS exercises, MAX_ROUTINE_REPS reps counting
sets and sides) so that expanding it into a session plan stays small and fast for any file that is
accepted: a file well under the 1 MiB limit could otherwise ask for millions of steps. See
docs/file-limits.md.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from backtimer.core.json_doc import Doc, field, label, read_json, show, suggest
from backtimer.core.models import (
    HOLD_MAX,
    HOLD_MIN,
    REPS_MAX,
    REST_MAX,
    ROUTINE_SCHEMA_VERSION,
    SETS_MAX,
    Exercise,
    Library,
    Routine,
    RoutineItem,
)

logger = logging.getLogger(__name__)

# The longest built-in routine has about a dozen exercises and a few hundred reps; a session is
# at most an hour or two. These limits leave ample room and keep a plan to a few thousand steps.
MAX_ROUTINE_ITEMS = 60
MAX_ROUTINE_REPS = 1500


def load_routine_file(path: Path, library: Library) -> Routine:
    """Load a routine file in the export format (the README's routine file); never built in."""
    routine = parse_routine(read_json(path), library, str(path))
    logger.debug("loaded routine %s (%d items) from %s", routine.id, len(routine.items), path)
    return routine


def parse_routine(data: object, library: Library, source: str) -> Routine:
    """Check an already-loaded routine document ({"schema_version": 1, "routine": {...}})."""
    doc = Doc(source)
    top = doc.document(data, ROUTINE_SCHEMA_VERSION)
    doc.keys(top, "", required=("schema_version", "routine"), optional=())
    return parse_routine_body(doc, top["routine"], "routine", library.exercises, builtin=False)


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


def known_exercise(doc: Doc, value: object, where: str, exercises: Mapping[str, Exercise]) -> str:
    exercise_id = doc.text(value, where)
    if exercise_id not in exercises:
        doc.fail(where, f"unknown exercise {show(exercise_id)}{suggest(exercise_id, exercises)}")
    return exercise_id


def parse_routine_body(
    doc: Doc, value: object, where: str, exercises: Mapping[str, Exercise], *, builtin: bool
) -> Routine:
    raw = doc.obj(value, where, required=("id", "name", "items"), optional=("goal",))
    routine_id = doc.ident(raw["id"], field(where, "id"))
    name = doc.text(raw["name"], field(where, "name"))
    goal = doc.paragraph(raw.get("goal", ""), field(where, "goal"))
    items_where = field(where, "items")
    entries = raw["items"]
    if not isinstance(entries, list):
        doc.fail(items_where, f"must be a list [...], not {show(entries)}")
    if not entries:
        doc.fail(items_where, "is empty: a routine needs at least one exercise")
    if len(entries) > MAX_ROUTINE_ITEMS:
        doc.fail(
            items_where,
            f"has {len(entries)} exercises; a routine may have at most {MAX_ROUTINE_ITEMS}",
        )
    items = tuple(
        _routine_item(doc, entry, label(f"{items_where}[{index}]", _exercise_of(entry)), exercises)
        for index, entry in enumerate(entries)
    )
    reps = sum(total_reps(item, exercises[item.exercise]) for item in items)
    if reps > MAX_ROUTINE_REPS:
        doc.fail(
            items_where,
            f"adds up to {reps} reps (counting sets and sides); "
            f"a routine may have at most {MAX_ROUTINE_REPS}",
        )
    return Routine(id=routine_id, name=name, items=items, goal=goal, builtin=builtin)


def total_reps(item: RoutineItem, exercise: Exercise) -> int:
    """Reps of one routine item over all its sets and sides: what sizes its part of the plan."""
    reps = item.reps if item.reps is not None else exercise.reps
    sets = item.sets if item.sets is not None else exercise.sets
    return reps * sets * (2 if exercise.per_side else 1)


def _exercise_of(entry: object) -> object:
    return entry.get("exercise") if isinstance(entry, dict) else None


def _routine_item(
    doc: Doc, value: object, where: str, exercises: Mapping[str, Exercise]
) -> RoutineItem:
    raw = doc.obj(value, where, required=("exercise",), optional=("hold", "reps", "sets", "rest"))
    exercise_id = known_exercise(doc, raw["exercise"], field(where, "exercise"), exercises)
    exercise = exercises[exercise_id]
    hold: int | None = None
    if raw.get("hold") is not None:
        if not exercise.is_held:
            doc.fail(
                field(where, "hold"),
                f"is given, but {show(exercise_id)} is a reps-mode "
                "exercise with no hold; remove it",
            )
        hold = doc.integer(raw["hold"], field(where, "hold"), HOLD_MIN, HOLD_MAX, " seconds")
    return RoutineItem(
        exercise=exercise_id,
        hold=hold,
        reps=_optional_int(doc, raw, where, "reps", 1, REPS_MAX),
        sets=_optional_int(doc, raw, where, "sets", 1, SETS_MAX),
        rest=_optional_int(doc, raw, where, "rest", 0, REST_MAX, " seconds"),
    )


def _optional_int(
    doc: Doc, raw: Mapping[str, Any], where: str, key: str, low: int, high: int, unit: str = ""
) -> int | None:
    value = raw.get(key)
    if value is None:  # absent or null: the exercise's default
        return None
    return doc.integer(value, field(where, key), low, high, unit)
