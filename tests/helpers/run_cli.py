"""Run the real `python -m backtimer ...` in a subprocess with its folders under one home."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_backtimer(
    *args: str, home: Path, prefix: Sequence[str] = (), timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`backtimer ARGS` with XDG_CONFIG_HOME=home/config and XDG_DATA_HOME=home/data.

    `prefix` runs it through another program (setpriv, to run it as another user); the timeout
    turns a hang into a test failure instead of a stuck suite.
    """
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "PYTHONPATH": str(REPO), "HOME": str(home)}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "backtimer", *args],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO, check=False,
    )
