"""Whether a command may write its --output file: checked before any work, one line if not.

Shared by `history export|report` and `routine sheet`, so every command refuses the same things
with the same words: a wrong suffix, a folder, a missing or read-only folder, and anything that
exists but is not a regular file (a link, a device, a pipe), which the atomic rename of
storage/files.py would replace (it refuses them too, this says so before any work is done).
"""

from __future__ import annotations

import os
from pathlib import Path

from backtimer.storage.files import NotARegularFileError, refuse_odd_target


def output_problem(path: Path, suffix: str | None = None, what: str = "the report") -> str | None:
    """Why `path` cannot be written (one line, without the 'backtimer: error:' prefix), or None.

    `what` names the output in the suffix message ("the sheet is a PDF file: ..."). Without a
    suffix the output is optional (CSV goes to standard output without it), and the refusal of an
    odd file says so.
    """
    path = path.expanduser()
    if suffix is not None and path.suffix.lower() != suffix:
        return f"{what} is a PDF file: give --output a name ending in {suffix} (got {path})"
    if path.is_dir():
        return f"--output {path} is a folder; give a file name"
    try:
        refuse_odd_target(path)
    except NotARegularFileError as exc:
        # Refused rather than written through: a rename over it would replace the node itself.
        hint = "; leave out --output to write to standard output" if suffix is None else ""
        return f"--output {exc}{hint}"
    if not path.parent.is_dir():
        return f"cannot write {path}: the folder {path.parent} does not exist"
    if not os.access(path.parent, os.W_OK):
        return f"cannot write {path}: no permission to write in {path.parent}"
    return None
