"""`--list-routines`, `--list-exercises` and `validate`: answers that need no display and no Qt."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

from backtimer.cli.exit_codes import ExitCode, fail, one_line
from backtimer.core.library import LoadError, load_library, load_routine_file
from backtimer.core.models import Exercise, Library, Routine
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings


def bundled_library() -> Library | None:
    try:
        return load_library()
    except LoadError as exc:
        print(f"backtimer: the bundled exercise library is broken: {exc}", file=sys.stderr)
        return None


def all_routines(library: Library) -> list[Routine]:
    """Every routine the person can start: the built-in ones, then their own saved ones.

    A saved routine that cannot be read is set aside by the store and reported on stderr, so a
    listing still works and nothing is lost.
    """
    from backtimer.storage.catalog import list_user_routines

    mine, notices = list_user_routines(library)
    for notice in notices:
        print(f"backtimer: {one_line(notice)}", file=sys.stderr)
    return [*library.routines, *mine]


def _minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


def _settings() -> Settings:
    """The person's own timings, so a listing agrees with what the window shows.

    A bad settings file never stops the listing: the defaults are used and the notice is printed.
    """
    from backtimer.storage.settings_store import load_settings

    settings, notice = load_settings()
    if notice:
        print(f"backtimer: {one_line(notice)}", file=sys.stderr)
    return settings


def _estimate(routine: Routine, library: Library, settings: Settings) -> float:
    return build_plan(routine, library, settings).estimated_seconds


def describe_exercise(exercise: Exercise) -> str:
    """Default dose in words: "8 reps, 6 s hold", "6 reps each side, 5 s hold", "8 reps"."""
    side = " each side" if exercise.per_side else ""
    if exercise.is_held and exercise.reps == 1:
        text = f"{exercise.hold} s hold{side}"
    else:
        text = f"{exercise.reps} rep{'s' if exercise.reps != 1 else ''}{side}"
        if exercise.is_held:
            text += f", {exercise.hold} s hold"
    if exercise.sets > 1:
        text += f", {exercise.sets} sets"
    return text


def list_items(*, routines: bool, as_json: bool) -> ExitCode:
    library = bundled_library()
    if library is None:
        return ExitCode.FAILURE
    if routines:
        settings = _settings()
        rows = [(routine, _estimate(routine, library, settings))
                for routine in all_routines(library)]
        objects: list[dict[str, object]] = [
            {
                "id": routine.id,
                "name": routine.name,
                "goal": routine.goal,
                "items": len(routine.items),
                "estimated_seconds": round(seconds),
                "builtin": routine.builtin,
            }
            for routine, seconds in rows
        ]
        lines = [
            f"{routine.id}\t{routine.name}\tabout {_minutes(seconds)} min"
            for routine, seconds in rows
        ]
    else:
        exercises = list(library.exercises.values())
        objects = [
            {
                "id": ex.id,
                "name": ex.name,
                "category": ex.category,
                "position": ex.position,
                "mode": ex.mode,
                "per_side": ex.per_side,
                "hold": ex.hold,
                "reps": ex.reps,
                "sets": ex.sets,
                "equipment": list(ex.equipment),
                "contraindications": list(ex.contraindications),
            }
            for ex in exercises
        ]
        lines = [f"{ex.id}\t{ex.name}\t{describe_exercise(ex)}" for ex in exercises]
    text = json.dumps(objects, indent=2) + "\n" if as_json else "".join(f"{x}\n" for x in lines)
    return _print(text)


def validate(path: Path) -> ExitCode:
    library = bundled_library()
    if library is None:
        return ExitCode.FAILURE
    try:
        routine = load_routine_file(path, library)
    except LoadError as exc:
        return fail(str(exc))
    minutes = _minutes(_estimate(routine, library, _settings()))
    return _print(f"ok: {routine.name}, {len(routine.items)} items, about {minutes} min\n")


def _print(text: str) -> ExitCode:
    stream = sys.stdout
    if isinstance(stream, io.TextIOWrapper):
        # A name the terminal's encoding cannot show must not turn into a traceback.
        stream.reconfigure(errors="backslashreplace")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # WORKAROUND: https://docs.python.org/3/library/signal.html#note-on-sigpipe
        # (`backtimer --list-exercises | head -1`): silence the flush at interpreter exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        return ExitCode.FAILURE
    return ExitCode.OK
