"""Starting and stopping one speech process (speech/child.py), for speech.process.

The child runs in a session (process group) of its own, so killing that group ends the child and
any `aplay` it started, whatever state either is in.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import backtimer

logger = logging.getLogger(__name__)


class Child:
    """One speech process and the thread reading its reports."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True,
            encoding="utf-8", start_new_session=True)  # its own group: it and its aplay
        self.ready = False
        self.cuttable = True
        self.started = time.monotonic()

    def send(self, **message: Any) -> bool:
        stdin = self.process.stdin
        try:
            assert stdin is not None
            stdin.write(json.dumps(message) + "\n")
            stdin.flush()
        except (OSError, ValueError):
            return False
        return True

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def close(self, timeout: float) -> None:
        """Close its stdin (it then stops at once) and make sure it is gone."""
        with contextlib.suppress(OSError, ValueError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout)
        self.kill()  # its aplay, should one have been left


def child_command() -> tuple[list[str], dict[str, str]]:
    """How to start the speech process, and an environment in which it finds this package."""
    env = dict(os.environ)
    root = str(Path(backtimer.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-m", "backtimer.speech.child", str(os.getpid())], env
