"""The command line, exactly as DESIGN.md section 5 fixes it (scripts and tests outside rely on it).

Two promises shape this module:
- Bad arguments and bad input files exit with code 2 and ONE line on stderr, never a usage dump or a
  traceback, so a script (or a physiotherapist) sees at once what to fix. A routine file is checked
  here, before any window opens.
- Listing, validating and the history commands need no display: nothing here imports PySide6 (or
  the app) until a window is really wanted, and the history commands are imported only when used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import io
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from backtimer import __version__
from backtimer.core.library import LoadError, load_library, load_routine_file
from backtimer.core.models import Exercise, Library, Routine
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1  # the installation itself is broken (e.g. the bundled library does not load)
EXIT_USAGE = 2  # bad arguments or a bad input file


@dataclass(frozen=True)
class LaunchOptions:
    """What the window should do, from the command line; the app gets nothing else from argv."""

    routine_id: str | None = None
    routine_file: Path | None = None
    voice: bool = True
    event_log: Path | None = None


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but an error is one line on stderr and exit code 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"backtimer: error: {_one_line(message)} (see backtimer --help)\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r} (expected YYYY-MM-DD, e.g. 2024-03-01)"
        ) from None


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="backtimer",
        description="Guided, spoken exercise timer for people with lower-back pain.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"backtimer {__version__}")
    start = parser.add_mutually_exclusive_group()
    start.add_argument(
        "--routine", metavar="ID", dest="routine_id", help="open straight into this routine"
    )
    start.add_argument(
        "--routine-file", metavar="PATH", type=Path, help="open straight into a routine file"
    )
    listing = parser.add_mutually_exclusive_group()
    listing.add_argument("--list-routines", action="store_true", help="list routines and exit")
    listing.add_argument("--list-exercises", action="store_true", help="list exercises and exit")
    parser.add_argument("--json", action="store_true", help="list as a JSON array")
    parser.add_argument("--no-voice", action="store_true", help="no speech for this run")
    parser.add_argument(
        "--event-log", metavar="PATH", type=Path, help="append every event as a JSON line"
    )

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser("validate", help="check a routine file and exit")
    validate.add_argument("path", metavar="PATH", type=Path, help="the routine file")

    history = commands.add_parser("history", help="export the history or write a report")
    history_commands = history.add_subparsers(dest="history_command", metavar="COMMAND")
    export = history_commands.add_parser("export", help="history as CSV")
    export.add_argument("--format", choices=("csv",), default="csv")
    export.add_argument("--output", metavar="PATH", type=Path, help="default: standard output")
    export.set_defaults(since=None)
    report = history_commands.add_parser("report", help="the clinician report as PDF")
    report.add_argument("--output", metavar="PATH.pdf", type=Path, required=True)
    report.add_argument("--since", metavar="YYYY-MM-DD", type=_date, default=None)
    report.set_defaults(format="pdf")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)

    window_flags = [
        flag
        for flag, given in (
            ("--routine", args.routine_id is not None),
            ("--routine-file", args.routine_file is not None),
            ("--no-voice", args.no_voice),
            ("--event-log", args.event_log is not None),
        )
        if given
    ]
    listing = args.list_routines or args.list_exercises
    if args.command is not None and (window_flags or listing or args.json):
        extra = [
            *window_flags,
            *(["--list-..."] if listing else []),
            *(["--json"] if args.json else []),
        ]
        parser.error(f"'{args.command}' cannot be combined with {', '.join(extra)}")
    if listing and window_flags:
        parser.error(f"the list options cannot be combined with {', '.join(window_flags)}")
    if args.json and not listing:
        parser.error("--json goes with --list-routines or --list-exercises")

    if args.command == "validate":
        return _validate(args.path)
    if args.command == "history":
        if args.history_command is None:
            parser.error("'history' needs a command: export or report")
        # Imported only when used: the report code pulls in heavier dependencies.
        from backtimer.reports.commands import run_history

        return int(run_history(args))
    if listing:
        return _list(routines=args.list_routines, as_json=args.json)
    return _launch(args)


# --- commands ---------------------------------------------------------------------------------


def _fail(message: str) -> int:
    print(_one_line(message), file=sys.stderr)
    return EXIT_USAGE


def _bundled_library() -> Library | None:
    try:
        return load_library()
    except LoadError as exc:
        print(f"backtimer: the bundled exercise library is broken: {exc}", file=sys.stderr)
        return None


def _routines(library: Library) -> list[Routine]:
    """Every routine the person can start: the built-in ones, then their own saved ones.

    A saved routine that cannot be read is set aside by the store and reported on stderr, so a
    listing still works and nothing is lost.
    """
    from backtimer.storage.routines import list_user_routines

    mine, notices = list_user_routines(library)
    for notice in notices:
        print(f"backtimer: {_one_line(notice)}", file=sys.stderr)
    return [*library.routines, *mine]


def _minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


def _settings() -> Settings:
    """The person's own timings, so a listing agrees with what the window shows."""
    from backtimer.storage.settings_store import load_settings

    settings, _notice = load_settings()
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


def _list(*, routines: bool, as_json: bool) -> int:
    library = _bundled_library()
    if library is None:
        return EXIT_FAILURE
    if routines:
        settings = _settings()
        rows = [(routine, _estimate(routine, library, settings)) for routine in _routines(library)]
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


def _validate(path: Path) -> int:
    library = _bundled_library()
    if library is None:
        return EXIT_FAILURE
    try:
        routine = load_routine_file(path, library)
    except LoadError as exc:
        return _fail(str(exc))
    minutes = _minutes(_estimate(routine, library, _settings()))
    return _print(f"ok: {routine.name}, {len(routine.items)} items, about {minutes} min\n")


def _print(text: str) -> int:
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
        return EXIT_FAILURE
    return EXIT_OK


def _launch(args: argparse.Namespace) -> int:
    """Check everything the window will need from the command line, then open it."""
    if args.routine_id is not None or args.routine_file is not None:
        library = _bundled_library()
        if library is None:
            return EXIT_FAILURE
        if args.routine_file is not None:
            try:
                load_routine_file(args.routine_file, library)
            except LoadError as exc:
                return _fail(str(exc))
        if args.routine_id is not None:
            ids = [routine.id for routine in _routines(library)]
            if args.routine_id not in ids:
                close = difflib.get_close_matches(args.routine_id, ids, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else " (see --list-routines)"
                return _fail(f"backtimer: error: unknown routine {args.routine_id!r}{hint}")
    if args.event_log is not None:
        log: Path = args.event_log
        if log.is_dir():
            return _fail(f"backtimer: error: --event-log {str(log)!r} is a folder, not a file")
        folder = log.parent
        if not folder.is_dir():
            return _fail(f"backtimer: error: --event-log: folder {str(folder)!r} does not exist")

    options = LaunchOptions(
        routine_id=args.routine_id,
        routine_file=args.routine_file,
        voice=not args.no_voice,
        event_log=args.event_log,
    )
    logger.info("opening the window with %s", options)
    # Imported only now: everything above must work without Qt and without a display.
    from backtimer.app import run

    return int(run(options))
