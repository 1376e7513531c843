"""Whether a command may write its --output file: checked before any work, one line if not.

Shared by `history export|report` and `routine sheet`, so every command refuses the same things
with the same words: a wrong suffix, a folder, a missing or read-only folder, and anything that
exists but is not a regular file (a link, a device, a pipe), which an atomic rename would replace.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def output_problem(path: Path, suffix: str | None = None, what: str = "file") -> str | None:
    """Why `path` cannot be written (one line, without the 'backtimer: error:' prefix), or None.

    `what` names the output in the suffix message: "the report is a PDF file: ...".
    """
    path = path.expanduser()
    if suffix is not None and path.suffix.lower() != suffix:
        return f"{what} is a PDF file: give --output a name ending in {suffix} (got {path})"
    try:
        mode: int | None = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        return f"--output {path} is a folder; give a file name"
    if mode is not None and not stat.S_ISREG(mode):
        return f"--output {path} exists and is not a regular file (a link, device or pipe)"
    if not path.parent.is_dir():
        return f"cannot write {path}: the folder {path.parent} does not exist"
    if not os.access(path.parent, os.W_OK):
        return f"cannot write {path}: no permission to write in {path.parent}"
    return None
