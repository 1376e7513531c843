"""The command line as the README's "Command line" section fixes it (outside scripts rely on it).

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
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from backtimer import __version__
from backtimer.cli.exit_codes import ExitCode, fail, one_line
from backtimer.cli.listing import all_routines, bundled_library, list_items, validate
from backtimer.core.library import LoadError, load_routine_file
from backtimer.launch import LaunchOptions

__all__ = ["LaunchOptions", "build_parser", "main"]

logger = logging.getLogger(__name__)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but an error is one line on stderr and exit code 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"backtimer: error: {one_line(message)} (see backtimer --help)\n")


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
    report.add_argument("--until", metavar="YYYY-MM-DD", type=_date, default=None)
    report.set_defaults(format="pdf")

    routine = commands.add_parser("routine", help="print a routine's exercise sheet")
    routine_commands = routine.add_subparsers(dest="routine_command", metavar="COMMAND")
    sheet = routine_commands.add_parser("sheet", help="a printable exercise sheet as PDF")
    sheet.add_argument("target", metavar="ID_OR_PATH", help="a routine id or a routine file")
    sheet.add_argument("--output", metavar="FILE.pdf", type=Path, required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit code as a plain int, as `sys.exit` and scripts want it."""
    return int(_main(argv))


def _main(argv: Sequence[str] | None) -> int:
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
        return validate(args.path)
    if args.command == "history":
        if args.history_command is None:
            parser.error("'history' needs a command: export or report")
        # Imported only when used: the report code pulls in heavier dependencies.
        from backtimer.cli.history import run_history

        return int(run_history(args))
    if args.command == "routine":
        if args.routine_command is None:
            parser.error("'routine' needs a command: sheet")
        from backtimer.cli.sheet import run_routine

        return int(run_routine(args))
    if listing:
        return list_items(routines=args.list_routines, as_json=args.json)
    return _launch(args)


# --- the window ---------------------------------------------------------------------------------


def _launch(args: argparse.Namespace) -> int:
    """Check everything the window will need from the command line, then open it."""
    if args.routine_id is not None or args.routine_file is not None:
        library = bundled_library()
        if library is None:
            return ExitCode.FAILURE
        if args.routine_file is not None:
            try:
                load_routine_file(args.routine_file, library)
            except LoadError as exc:
                return fail(str(exc))
        if args.routine_id is not None:
            ids = [routine.id for routine in all_routines(library)]
            if args.routine_id not in ids:
                close = difflib.get_close_matches(args.routine_id, ids, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else " (see --list-routines)"
                return fail(f"backtimer: error: unknown routine {args.routine_id!r}{hint}")
    if args.event_log is not None:
        log: Path = args.event_log
        if log.is_dir():
            return fail(f"backtimer: error: --event-log {str(log)!r} is a folder, not a file")
        folder = log.parent
        if not folder.is_dir():
            return fail(f"backtimer: error: --event-log: folder {str(folder)!r} does not exist")
        from backtimer.storage.files import NotARegularFileError, refuse_odd_target

        try:
            refuse_odd_target(log)
        except NotARegularFileError as exc:  # a FIFO's slow reader would block the session
            return fail(f"backtimer: error: --event-log {exc}")

    options = LaunchOptions(
        routine_id=args.routine_id,
        routine_file=args.routine_file,
        voice=not args.no_voice,
        event_log=args.event_log,
    )
    logger.info("opening the window with %s", options)
    # Imported only now: everything above must work without Qt and without a display.
    from backtimer.app.main import run

    return int(run(options))
