"""Which routines are gentle: offered when pain is more than mild (4-6) before a session.

Gentle is a property of what a routine asks the body to do, never of the person's timing
settings: lengthening every hold in Settings must not take "gentle" away from Gentle start (that
left a person with pain 4-6 with nothing to do). The rule and its reasons are in
`docs/gentle-routines.md`; in short, a routine is gentle when every exercise in it is:

* not marked by the library as unsuitable in acute pain (`acute_pain` tag);
* a stretch or a mobility movement, or a strengthening exercise that is fully supported lying on
  the back, carries no caution tag at all, and is done in a single set;

and when its content, timed with the default settings (so never with the person's adjustments),
fits in `GENTLE_MAX_SECONDS`, short of the 15-minute rule for more-than-mild pain.

Pure: no Qt, no files; the catalog asks it about every routine it holds.
"""

from __future__ import annotations

import logging

from backtimer.core.models import Exercise, Library, Routine, RoutineItem
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings

logger = logging.getLogger(__name__)

# Content length limit, timed with default settings: short enough that the 15-minute rule for
# more-than-mild pain (core/pain.py; docs/gentle-routines.md) is not reached without pausing.
GENTLE_MAX_SECONDS = 13 * 60.0
# Low-intensity kinds of exercise: they move or lengthen, they do not load the spine.
LOW_INTENSITY_CATEGORIES = frozenset({"stretch", "mobility"})
# The one position in which a strengthening exercise is fully supported by the floor.
SUPPORTED_STRENGTH_POSITIONS = frozenset({"lying_on_back"})
NOT_IN_ACUTE_PAIN = "acute_pain"


def item_not_gentle(item: RoutineItem, exercise: Exercise) -> str | None:
    """Why this routine item is not gentle, in a few words, or None when it is."""
    if NOT_IN_ACUTE_PAIN in exercise.contraindications:
        return f"{exercise.name} is not advised in acute pain"
    if exercise.category in LOW_INTENSITY_CATEGORIES:
        return None
    if exercise.position not in SUPPORTED_STRENGTH_POSITIONS:
        return f"{exercise.name} strengthens without the support of lying on your back"
    if exercise.contraindications:
        tags = ", ".join(exercise.contraindications)
        return f"{exercise.name} strengthens and has cautions ({tags})"
    sets = item.sets if item.sets is not None else exercise.sets
    if sets > 1:
        return f"{exercise.name} strengthens in {sets} sets"
    return None


def not_gentle_reason(routine: Routine, library: Library) -> str | None:
    """The first reason `routine` is not gentle, or None when it is (see the module docstring)."""
    if not routine.items:
        return "it has no exercises"
    for item in routine.items:
        reason = item_not_gentle(item, library.exercise(item.exercise))
        if reason is not None:
            return reason
    # Default settings on purpose: the person's own adjustments never change the answer.
    seconds = build_plan(routine, library, Settings()).estimated_seconds
    if seconds > GENTLE_MAX_SECONDS:
        return f"it takes about {round(seconds / 60)} min, more than {GENTLE_MAX_SECONDS / 60:.0f}"
    return None


def is_gentle(routine: Routine, library: Library) -> bool:
    """True when `routine` may be offered on a day of more-than-mild pain."""
    return not_gentle_reason(routine, library) is None
