"""`backtimer history export|report`: the history leaves the program without a display.

Exit 0 on success; 2 with one line on stderr (no traceback) when the output cannot be written or
the history cannot be read. An --output that exists and is not a plain file (a device such as
/dev/full or /dev/stdout, a FIFO, a symbolic link) is refused the same way, before any work: the
output is written atomically by renaming a new file over it, which would replace the node itself.
The history file is opened the way the app opens it: a session left open by a program that is no
longer running is closed as interrupted first, so the export shows it as it is, and a bad file is
set aside with a notice on stderr (the export then has only a header).

Only the PDF needs Qt, and only a QGuiApplication (fonts and QPdfWriter). With no DISPLAY or
WAYLAND_DISPLAY set, the offscreen platform is chosen before Qt starts, so the report works over
ssh and in cron.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from datetime import date, datetime
from pathlib import Path

from backtimer.cli.exit_codes import ExitCode
from backtimer.cli.exit_codes import fail as _fail_line
from backtimer.cli.offscreen import ensure_gui_application as _ensure_gui_application
from backtimer.cli.output import output_problem
from backtimer.storage.history import HistoryError, HistoryStore

logger = logging.getLogger(__name__)


def _fail(message: str) -> ExitCode:
    return _fail_line(f"backtimer: error: {message}")


def _check_output(path: Path, suffix: str | None = None) -> str | None:
    return output_problem(path, suffix, "the report")


def _check_range(since: date | None, until: date | None, today: date) -> str | None:
    """A report range that cannot hold a session is a mistake to say, not an empty PDF."""
    if since is not None and since > today:
        return f"--since {since.isoformat()} is after today ({today.isoformat()})"
    if since is not None and until is not None and since > until:
        return f"--since {since.isoformat()} is after --until {until.isoformat()}"
    return None


def run_history(args: argparse.Namespace) -> ExitCode:
    command = getattr(args, "history_command", None)
    output: Path | None = getattr(args, "output", None)
    since: date | None = getattr(args, "since", None)
    until: date | None = getattr(args, "until", None)
    if command == "export":
        fmt = getattr(args, "format", "csv")
        if fmt != "csv":
            return _fail(f"unknown export format {fmt!r} (only csv)")
        if output is not None and (problem := _check_output(output)):
            return _fail(problem)
    elif command == "report":
        if output is None:
            return _fail("history report needs --output PATH.pdf")
        if problem := _check_output(output, ".pdf"):
            return _fail(problem)
        if problem := _check_range(since, until, datetime.now().date()):
            return _fail(problem)
    else:
        return _fail(f"unknown history command {command!r} (export or report)")

    try:
        store = HistoryStore.open()
    except (HistoryError, OSError) as exc:
        return _fail(f"cannot open the history: {exc}")
    try:
        if store.notice:
            print(f"backtimer: {store.notice}", file=sys.stderr)
        store.close_interrupted()
        if command == "export":
            return _export(store, output, since)
        assert output is not None
        return _report(store, output.expanduser(), since, until)
    except OSError as exc:
        return _fail(f"cannot write {output}: {exc.strerror or exc}")
    finally:
        store.close()


def _export(store: HistoryStore, output: Path | None, since: date | None) -> ExitCode:
    from backtimer.reports.csv_export import export_csv, write_csv

    if output is not None:
        export_csv(store, output, since=since)
        return ExitCode.OK
    # Our own UTF-8 text layer over the binary stdout: newline="" keeps the CRLF of RFC 4180
    # intact, and the locale's encoding cannot get in the way.
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="",
                              write_through=False)
    try:
        write_csv(store, stream, since=since)
        stream.flush()
    except BrokenPipeError:
        # `backtimer history export | head` closed the pipe: not an error for the person.
        # WORKAROUND: https://docs.python.org/3/library/signal.html#note-on-sigpipe
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        stream.detach()
    return ExitCode.OK


def _report(store: HistoryStore, output: Path, since: date | None,
            until: date | None) -> ExitCode:
    app = _ensure_gui_application()  # kept referenced until the PDF is written
    from backtimer.reports.pdf_report import write_report

    pages = write_report(store, output, since=since, until=until)
    logger.info("report written: %s (%d pages, app %s)", output, pages, type(app).__name__)
    return ExitCode.OK
