"""The exercise library and routines as typed, immutable values.

These are what the loader (`core.library`) produces from JSON, what the plan is built from and what
the UI shows. Bounds that the contract fixes (a hold is 5-30 s) live here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from backtimer.core.poses import ExercisePose

Category = Literal["stretch", "strengthen", "mobility"]
Mode = Literal["hold", "reps", "reps_hold"]
Side = Literal["left", "right"]

CATEGORIES: tuple[Category, ...] = ("stretch", "strengthen", "mobility")
MODES: tuple[Mode, ...] = ("hold", "reps", "reps_hold")
POSITIONS: tuple[str, ...] = (
    "lying_on_back",
    "hands_and_knees",
    "prone",
    "side_lying",
    "standing",
    "seated",
)
CONTRAINDICATIONS: tuple[str, ...] = (
    "osteoporosis",
    "acute_pain",
    "extension_sensitive",
    "flexion_sensitive",
    "knee_problems",
    "shoulder_problems",
    "balance_problems",
)

HOLD_MIN = 5
HOLD_MAX = 30
REPS_MAX = 50
SETS_MAX = 10
REST_MAX = 300

LIBRARY_SCHEMA_VERSION = 1
ROUTINE_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    category: Category
    position: str
    equipment: tuple[str, ...]
    per_side: bool
    mode: Mode
    hold: int | None  # seconds per held rep; None in `reps` mode
    reps: int  # held reps (hold, reps_hold) or movement reps (reps), per side
    sets: int
    rest: int | None  # seconds between sets; None means "use the settings default"
    summary: str  # one short line that fits under the name on the session screen
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    contraindications: tuple[str, ...]
    sources: tuple[str, ...]
    # The moving figure (core.poses); every bundled exercise has one, hand-made test data may not.
    pose: ExercisePose | None = None
    # A per-side move that goes left, right, left… rep by rep by its nature (knee rolls, heel
    # slides, bird-dog) instead of all reps on the left, then all on the right.
    alternates: bool = False

    @property
    def is_held(self) -> bool:
        return self.mode in ("hold", "reps_hold")


@dataclass(frozen=True)
class AvoidedMove:
    """A move the sources mention that the library deliberately leaves out, with the reason."""

    id: str
    name: str
    reason: str
    instead: str | None = None  # library id of the safer alternative, if any


@dataclass(frozen=True)
class RoutineItem:
    """One exercise in a routine; None means "the exercise's default"."""

    exercise: str
    hold: int | None = None
    reps: int | None = None
    sets: int | None = None
    rest: int | None = None


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    items: tuple[RoutineItem, ...]
    goal: str = ""
    builtin: bool = False


@dataclass(frozen=True)
class Library:
    exercises: Mapping[str, Exercise]
    routines: tuple[Routine, ...] = ()
    avoid: tuple[AvoidedMove, ...] = field(default_factory=tuple)

    def exercise(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]

    def routine(self, routine_id: str) -> Routine:
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        raise KeyError(routine_id)
