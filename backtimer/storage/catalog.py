"""The person's own routines: one file per routine in `routines_dir()`, named `ID.json`.

Each file is in the export format of DESIGN.md section 5 (`core.library.routine_to_json`), so a
routine file can be copied in and out of the folder by hand, and what is saved is checked with the
same parser that reads it back: a routine that would not load again is never written.

Nothing the person made is ever lost:
- a file that cannot be read (broken JSON, an exercise the library no longer has) is renamed to
  `ID.json.corrupt-TIMESTAMP` and a notice names it;
- deleting a routine renames its file to `ID.json.deleted-TIMESTAMP` rather than removing it;
- an import whose file has an error raises `LoadError` with the precise message and changes nothing;
  an import whose id is already taken gets a fresh id instead of replacing anything.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Collection
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from backtimer.core.jsonfile import JsonFileError, JsonProblem, check_regular
from backtimer.core.library import LoadError, load_routine_file, parse_routine, routine_to_json
from backtimer.core.models import Library, Routine
from backtimer.storage.files import atomic_write_text, set_aside
from backtimer.storage.paths import routines_dir

logger = logging.getLogger(__name__)

_SUFFIX = ".json"
_NOT_ID = re.compile(r"[^a-z0-9]+")
_MAX_ID_LENGTH = 40


def routine_path(routine_id: str) -> Path:
    return routines_dir() / f"{routine_id}{_SUFFIX}"


def list_user_routines(library: Library) -> tuple[list[Routine], list[str]]:
    """Every readable user routine (sorted by name) and a notice for each file that was not."""
    routines: list[Routine] = []
    notices: list[str] = []
    taken = {routine.id for routine in library.routines}
    for path in sorted(routines_dir().glob(f"*{_SUFFIX}")):
        try:
            check_regular(path)  # a FIFO, device link or folder is never opened, only named
        except JsonFileError as exc:
            if exc.kind is not JsonProblem.MISSING:
                notices.append(f"The routine file {path.name} {exc.reason}; it was left as it is "
                               "and not loaded.")
            continue
        try:
            routine = load_routine_file(path, library)
        except LoadError as exc:
            logger.warning("user routine unusable: %s", exc)
            try:
                kept = set_aside(path)
            except OSError as move_error:
                logger.error("cannot set %s aside: %s", path, move_error)
                notices.append(f"The routine file {path.name} could not be read ({exc.message}).")
                continue
            notices.append(
                f"The routine file {path.name} could not be read ({exc.message}); "
                f"it was kept as {kept.name}."
            )
            continue
        if routine.id in taken:
            # Readable, so not set aside, but it would shadow another routine: say so, skip it.
            notices.append(
                f"The routine file {path.name} uses the id {routine.id!r}, which another routine "
                "already has; it was not loaded."
            )
            continue
        taken.add(routine.id)
        routines.append(routine)
    routines.sort(key=lambda routine: (routine.name.casefold(), routine.id))
    return routines, notices


def save_user_routine(routine: Routine, library: Library) -> Path:
    """Write `routine` to `ID.json` atomically; raises LoadError if it would not load back."""
    if routine.builtin:
        raise ValueError(f"built-in routine {routine.id!r} is read-only; duplicate it to change it")
    path = routine_path(routine.id)
    text = routine_to_json(routine)
    # The same check as on reading, so the file can never be one that is set aside next start.
    parse_routine(json.loads(text), library, str(path))
    atomic_write_text(path, text)
    logger.info("saved routine %s to %s", routine.id, path)
    return path


def delete_user_routine(routine_id: str, now: datetime | None = None) -> Path | None:
    """Move the routine's file aside as `ID.json.deleted-TIMESTAMP`; returns where, or None."""
    path = routine_path(routine_id)
    if not path.exists():
        return None
    target = set_aside(path, now, reason="deleted")
    logger.info("deleted routine %s (kept as %s)", routine_id, target)
    return target


def import_routine_file(path: Path, library: Library) -> Routine:
    """Read a routine file and save it as a user routine; raises LoadError, changing nothing.

    If its id is already used (a built-in, or an earlier import of the same file), the routine is
    saved under a fresh id (`my_morning_2`), so nothing is replaced.
    """
    routine = load_routine_file(path, library)
    new_id = unique_routine_id(routine.id, taken_routine_ids(library))
    routine = replace(routine, id=new_id, builtin=False)
    save_user_routine(routine, library)
    return routine


def export_routine(routine: Routine, path: Path) -> None:
    """Write `routine` in the contract's file format (readable by `backtimer validate`)."""
    atomic_write_text(path, routine_to_json(routine), mode=0o644)


def taken_routine_ids(library: Library) -> set[str]:
    """Ids of the built-in routines and of every user routine file, readable or not."""
    taken = {routine.id for routine in library.routines}
    taken.update(path.name.removesuffix(_SUFFIX) for path in routines_dir().glob(f"*{_SUFFIX}"))
    return taken


def unique_routine_id(wanted: str, taken: Collection[str]) -> str:
    """`wanted` turned into a valid id (a-z, 0-9, _) that is not in `taken`."""
    ascii_text = unicodedata.normalize("NFKD", wanted).encode("ascii", "ignore").decode("ascii")
    base = _NOT_ID.sub("_", ascii_text.casefold()).strip("_")[:_MAX_ID_LENGTH].strip("_")
    base = base or "routine"
    candidate = base
    counter = 1
    while candidate in taken:
        counter += 1
        candidate = f"{base}_{counter}"
    return candidate
