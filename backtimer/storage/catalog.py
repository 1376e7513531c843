"""The person's own routines: one file per routine in `routines_dir()`, named `ID.json`.

Each file is in the routine file format of the README (`core.library.routine_to_json`), so a
routine file can be copied in and out of the folder by hand, and what is saved is checked with the
same parser that reads it back: a routine that would not load again is never written.

Nothing the person made is ever lost:
- a file that cannot be read (broken JSON, an exercise the library no longer has) is renamed to
  `ID.json.corrupt-TIMESTAMP` and a notice names it;
- deleting a routine renames its file to `ID.json.deleted-TIMESTAMP` rather than removing it;
- an import whose file has an error raises `LoadError` with the precise message and changes nothing;
  an import whose id is already taken gets a fresh id instead of replacing anything;
- a file that is not a regular file (a folder, a named pipe, a link to a device) is never opened
  for reading in a way that could block, never renamed, and a notice says it was not loaded.

`Catalog` is the one owner of every routine the program knows: the built-in ones (from the
library), the person's saved ones and one loaded from a file (`--routine-file`). The app, the
routine editor, the suggestion banner and the command line all read and change routines through
it, never through the files. It tells its listeners (plain callbacks; no Qt in storage) after every
change, so each window can show the same routines.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from backtimer.core import progression
from backtimer.core.gentle import is_gentle
from backtimer.core.jsonfile import JsonFileError, JsonProblem, check_regular
from backtimer.core.library import LoadError, load_routine_file, parse_routine, routine_to_json
from backtimer.core.models import Library, Routine
from backtimer.core.progression import Suggestion
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
        odd = _not_a_regular_file(path)
        if odd is not None:
            # Never set aside: renaming would move a link, a folder or a device node around.
            logger.info("user routine %s skipped: %s", path, odd)
            notices.append(f"The routine file {path.name} {odd}, so it was not loaded; "
                           "it was left as it is.")
            continue
        try:
            routine = load_routine_file(path, library)
        except LoadError as exc:
            logger.warning("user routine unusable: %s", exc)
            if _not_a_regular_file(path) is not None:  # swapped since the check: leave it be
                notices.append(f"The routine file {path.name} could not be read ({exc.message}).")
                continue
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


def _not_a_regular_file(path: Path) -> str | None:
    """Why `path` (followed if a link) is not a regular file to read, or None when it is one.

    Only looks (core/jsonfile.py's check_regular): a named pipe is never opened, so it never
    blocks the start, and a link is judged by what it points to.
    """
    try:
        check_regular(path)
    except JsonFileError as exc:
        return "has gone" if exc.kind is JsonProblem.MISSING else exc.reason
    return None


Listener = Callable[[], None]


class Catalog:
    """Every routine: built-in, the person's saved ones, and one loaded from a file.

    `notices` holds what went wrong reading them (one line each), for the app to show. Listeners
    added with `subscribe` are called, without arguments, after every save, delete, import,
    accepted suggestion and reload.
    """

    def __init__(self, library: Library, routine_file: Path | None = None) -> None:
        self.library = library
        self.notices: list[str] = []
        self._listeners: list[Listener] = []
        self._from_file: Routine | None = None
        if routine_file is not None:
            try:
                self._from_file = load_routine_file(routine_file, library)
            except LoadError as exc:  # the CLI checked it, but the file may have changed since
                self.notices.append(str(exc))
        self._user: list[Routine] = []
        self.notices += self.reload(notify=False)

    # --- reading --------------------------------------------------------------------------

    @property
    def from_file(self) -> Routine | None:
        """The routine of `--routine-file`, if one was given and could be read."""
        return self._from_file

    def builtin(self) -> list[Routine]:
        return list(self.library.routines)

    def user(self) -> list[Routine]:
        """The person's saved routines, sorted by name."""
        return list(self._user)

    def all(self) -> list[Routine]:
        """The file's routine first (it wins a lookup by id), then built-in, then saved."""
        extra = [] if self._from_file is None else [self._from_file]
        return [*extra, *self.library.routines, *self._user]

    def get(self, routine_id: str) -> Routine:
        for routine in self.all():
            if routine.id == routine_id:
                return routine
        raise KeyError(routine_id)

    def is_saved(self, routine_id: str) -> bool:
        return any(routine.id == routine_id for routine in self._user)

    def is_gentle(self, routine: Routine) -> bool:
        """Offered on a day of more-than-mild pain (core/gentle.py, docs/gentle-routines.md)."""
        return is_gentle(routine, self.library)

    def gentle_ids(self) -> set[str]:
        return {routine.id for routine in self.all() if self.is_gentle(routine)}

    def fresh_id(self, wanted: str, also_taken: Collection[str] = ()) -> str:
        """A valid id made from `wanted` that no routine (or routine file) uses yet."""
        taken = taken_routine_ids(self.library) | {r.id for r in self.all()} | set(also_taken)
        return unique_routine_id(wanted, taken)

    # --- changing -------------------------------------------------------------------------

    def reload(self, *, notify: bool = True) -> list[str]:
        """Read the saved routines again; returns the notices about files that could not be."""
        self._user, notices = list_user_routines(self.library)
        if notify:
            self._changed()
        return notices

    def save(self, routine: Routine) -> Path:
        """Save a user routine (raises LoadError, OSError or ValueError, changing nothing)."""
        path = save_user_routine(routine, self.library)
        self._remember(routine)
        self._changed()
        return path

    def delete(self, routine_id: str) -> Path | None:
        """Set the routine's file aside (never erased); returns where, or None."""
        kept = delete_user_routine(routine_id)
        self._user = [r for r in self._user if r.id != routine_id]
        self._changed()
        return kept

    def import_file(self, path: Path) -> Routine:
        """Save a routine file's routine under a fresh id; raises LoadError/OSError unchanged."""
        routine = import_routine_file(path, self.library)
        self._remember(routine)
        self._changed()
        return routine

    def export(self, routine: Routine, path: Path) -> None:
        export_routine(routine, path)

    def apply_suggestion(self, suggestion: Suggestion) -> Routine:
        """Write an accepted suggestion into its routine; a built-in one gets a saved copy.

        Raises KeyError when the routine is gone, LoadError or OSError when it cannot be saved.
        """
        routine = self.get(suggestion.routine_id)
        changed = progression.apply(routine, suggestion)
        if routine.builtin or routine is self._from_file:
            changed = replace(changed, id=self.fresh_id(f"my_{routine.id}"),
                              name=f"My {routine.name.lower()}", builtin=False)
        self.save(changed)
        return changed

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _remember(self, routine: Routine) -> None:
        others = [r for r in self._user if r.id != routine.id]
        self._user = sorted([*others, routine], key=lambda r: (r.name.casefold(), r.id))

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()
