"""The command line's exit codes and its one way of failing: one line on stderr, no traceback."""

from __future__ import annotations

import sys
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # the installation itself is broken (e.g. the bundled library does not load)
    USAGE = 2  # bad arguments or a bad input file


def one_line(text: str) -> str:
    return " ".join(text.split())


def fail(message: str) -> ExitCode:
    """Print `message` as one line on stderr and return the exit code for bad input."""
    print(one_line(message), file=sys.stderr)
    return ExitCode.USAGE
