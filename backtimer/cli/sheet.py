"""`backtimer routine sheet ID_OR_PATH --output FILE.pdf`: a routine's printable exercise sheet.

ID_OR_PATH is a routine id (built-in or one of the person's saved routines) or a routine file in
the format `validate` checks. The dose on paper is the dose the app would run, so the person's own
settings (hold adjustment, rests) are applied, as `validate` and the listings apply them.

Exit 0 on success; 2 with one line on stderr (no traceback) for an unknown routine, a bad routine
file or an output that cannot be written. An existing folder, link, device or pipe is never
replaced. Qt is loaded only once everything has been checked, offscreen when there is no display.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import os
from pathlib import Path

from backtimer.cli.exit_codes import ExitCode, fail
from backtimer.cli.listing import all_routines, bundled_library
from backtimer.cli.output import output_problem
from backtimer.core.library import LoadError, load_routine_file
from backtimer.core.models import Library, Routine

logger = logging.getLogger(__name__)


def _fail(message: str) -> ExitCode:
    return fail(f"backtimer: error: {message}")


def find_routine(target: str, library: Library) -> Routine | str:
    """The routine `target` names (an id first, then a file), or the one-line reason it cannot."""
    routines = all_routines(library)
    for routine in routines:
        if routine.id == target:
            return routine
    path = Path(target).expanduser()
    if path.suffix.lower() == ".json" or os.sep in target or path.exists():
        try:
            return load_routine_file(path, library)
        except LoadError as exc:
            return str(exc)
    ids = [routine.id for routine in routines]
    close = difflib.get_close_matches(target, ids, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else " (see --list-routines)"
    return f"unknown routine {target!r}{hint}"


def run_routine(args: argparse.Namespace) -> ExitCode:
    command = getattr(args, "routine_command", None)
    if command != "sheet":
        return _fail(f"unknown routine command {command!r} (sheet)")
    library = bundled_library()
    if library is None:
        return ExitCode.FAILURE
    found = find_routine(args.target, library)
    if isinstance(found, str):
        return fail(found if found.startswith("backtimer") else f"backtimer: error: {found}")
    output: Path = args.output.expanduser()
    if problem := output_problem(output, ".pdf", "the sheet"):
        return _fail(problem)

    from backtimer.cli.offscreen import ensure_gui_application
    from backtimer.core.plan import build_plan
    from backtimer.storage.settings_store import load_settings

    settings, _notice = load_settings()
    app = ensure_gui_application()  # kept referenced until the PDF is written
    from backtimer.reports.sheet import write_sheet

    try:
        pages = write_sheet(build_plan(found, library, settings), settings, output)
    except OSError as exc:
        return _fail(f"cannot write {output}: {exc.strerror or exc}")
    logger.info("sheet for %s: %s, %d pages (app %s)", found.id, output, pages,
                type(app).__name__)
    return ExitCode.OK
