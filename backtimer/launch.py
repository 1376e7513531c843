"""What the program was asked to do at launch, shared by the command line and the app.

Qt-free on purpose: the command line builds it without importing the app, and the app reads it
without importing the command line (which would pull argparse into the window's start-up and made
the two modules import each other).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LaunchOptions:
    """What the window should do, from the command line; the app gets nothing else from argv."""

    routine_id: str | None = None
    routine_file: Path | None = None
    voice: bool = True
    event_log: Path | None = None
