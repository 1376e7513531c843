"""The start of a session remembers what hurt: the routine's aggravating exercises, read from the
history, as rows for the question page (ui/prompts/aggravating.py; docs/pain-rules.md, "Rules
that remember").

A history that cannot be read just now never stops a session: it then starts as planned, and the
log says why.
"""

from __future__ import annotations

import logging
import sqlite3

from backtimer.core.models import Library, Routine
from backtimer.core.settings import Settings
from backtimer.storage.history import HistoryStore
from backtimer.ui.prompts.aggravating import AggravatingRow, rows_for

logger = logging.getLogger(__name__)


def aggravating_rows(history: HistoryStore, routine: Routine, library: Library,
                     settings: Settings) -> tuple[list[AggravatingRow], int]:
    """The rows to ask about, and how many of the routine's items are not asked about."""
    try:
        aggravating = history.aggravating()
    except sqlite3.Error as exc:
        logger.warning("history: aggravating exercises not read (%s); starting as planned", exc)
        return [], len(routine.items)
    rows = rows_for(routine, library, settings, aggravating)
    asked = {r.exercise_id for r in rows}
    return rows, sum(1 for item in routine.items if item.exercise not in asked)
