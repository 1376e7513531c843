"""Routine + settings -> a flat list of steps: the single source of every duration.

A session walks these steps in order; the estimated duration of a routine is the sum of their
planned seconds (user-paced steps count with a typical time), so no duration is ever typed by hand.

Shape of one routine item (per-side items run the whole item on the left, then on the right):

    prepare                      lead-in (first item) or time to get into position
    [switch_side]                before the second side
    for each set:  [rest]        rest between sets (not before the first)
      for each rep:
        hold mode:               [rest between reps] hold (a held position: breathe, no count)
        reps_hold mode:          [rest between reps] lift hold lower (moving in, holding, out)
        reps mode:               rep (app-paced: rep_tempo seconds; user-paced: no deadline)
    pain_check                   after the item (user-paced); with fewer checks chosen in the
                                 settings, after every second item and after the last

A hold has three meanings, kept apart: the exercise's default (`Exercise.hold`), the routine
item's own value (its override, or the default when it has none: `ResolvedItem.hold_own`) and the
planned value (own value plus the settings' `hold_adjust`, clamped to 5-30 s:
`ResolvedItem.hold`). Only `resolve_item` adds the adjustment. The history stores the planned
value with the own value and the adjustment beside it, so progression proposes a new *own* value
and the adjustment is never added twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backtimer.core.events import PhaseKind
from backtimer.core.models import HOLD_MAX, HOLD_MIN, Exercise, Library, Routine, RoutineItem
from backtimer.core.settings import Settings

# Typical time a person takes to answer the pain check; used only for estimates.
PAIN_CHECK_ESTIMATE = 10.0


@dataclass(frozen=True)
class Step:
    index: int
    kind: PhaseKind
    planned: float | None  # seconds; None when the person paces it (pain check, user-paced rep)
    item: int | None  # index of the routine item this step belongs to
    exercise: str | None
    side: str | None  # "left", "right" or None
    set: int | None
    sets: int | None
    rep: int | None
    reps: int | None

    @property
    def user_paced(self) -> bool:
        return self.planned is None

    @property
    def estimate(self) -> float:
        if self.planned is not None:
            return self.planned
        return PAIN_CHECK_ESTIMATE if self.kind == "pain_check" else 0.0


@dataclass(frozen=True)
class ResolvedItem:
    """A routine item with every default filled in from the exercise and the settings."""

    exercise: Exercise
    hold: int | None  # planned: own value + hold_adjust, clamped; None for movement reps
    reps: int
    sets: int
    rest: int
    hold_own: int | None = None  # the routine item's own hold (or the exercise's default)
    hold_adjust: int = 0  # the settings' adjustment that `hold` includes


@dataclass(frozen=True)
class Plan:
    routine: Routine
    exercises: Mapping[str, Exercise]
    items: tuple[ResolvedItem, ...]
    steps: tuple[Step, ...]
    rep_estimate: float  # seconds a user-paced rep is assumed to take

    @property
    def estimated_seconds(self) -> float:
        return sum(self.step_estimate(step) for step in self.steps)

    def step_estimate(self, step: Step) -> float:
        if step.kind == "rep" and step.planned is None:
            return self.rep_estimate
        return step.estimate

    def item_start(self, item: int) -> int:
        """Index of the first step (the prepare step) of routine item `item`."""
        for step in self.steps:
            if step.item == item:
                return step.index
        raise IndexError(item)

    def item_end(self, item: int) -> int:
        """Index one past the last step of routine item `item`."""
        last = max(step.index for step in self.steps if step.item == item)
        return last + 1


def clamp_hold(seconds: int) -> int:
    return max(HOLD_MIN, min(HOLD_MAX, seconds))


def resolve_item(item: RoutineItem, exercise: Exercise, settings: Settings) -> ResolvedItem:
    hold: int | None = None
    own: int | None = None
    if exercise.is_held:
        own = item.hold if item.hold is not None else exercise.hold
        assert own is not None, f"held exercise {exercise.id} has no hold"
        hold = clamp_hold(own + settings.hold_adjust)
    rest = item.rest if item.rest is not None else exercise.rest
    return ResolvedItem(
        exercise=exercise,
        hold=hold,
        reps=item.reps if item.reps is not None else exercise.reps,
        sets=item.sets if item.sets is not None else exercise.sets,
        rest=rest if rest is not None else settings.rest_between_sets,
        hold_own=own,
        hold_adjust=settings.hold_adjust if exercise.is_held else 0,
    )


def build_plan(routine: Routine, library: Library, settings: Settings) -> Plan:
    """Expand `routine` into steps. Every exercise id must exist (the loader checks this)."""
    steps: list[Step] = []
    resolved: list[ResolvedItem] = []

    def add(kind: PhaseKind, planned: float | None, item: int, res: ResolvedItem,
            side: str | None, set_no: int | None, rep: int | None) -> None:
        steps.append(Step(len(steps), kind, planned, item, res.exercise.id, side,
                          set_no, res.sets, rep, res.reps))

    for item_no, item in enumerate(routine.items):
        res = resolve_item(item, library.exercise(item.exercise), settings)
        resolved.append(res)
        sides: tuple[str | None, ...] = ("left", "right") if res.exercise.per_side else (None,)
        lead = settings.lead_in if item_no == 0 else settings.rest_between_exercises
        add("prepare", float(lead), item_no, res, sides[0], 1, 1)
        for side_no, side in enumerate(sides):
            if side_no > 0:
                add("switch_side", float(settings.switch_side), item_no, res, side, 1, 1)
            for set_no in range(1, res.sets + 1):
                if set_no > 1:
                    add("rest", float(res.rest), item_no, res, side, set_no, 1)
                for rep in range(1, res.reps + 1):
                    if res.hold is not None:
                        if rep > 1:
                            add("rest", float(settings.rest_between_reps), item_no, res, side,
                                set_no, rep)
                        moves = res.exercise.mode == "reps_hold"
                        if moves:
                            add("lift", settings.lift_seconds, item_no, res, side, set_no, rep)
                        add("hold", float(res.hold), item_no, res, side, set_no, rep)
                        if moves:
                            add("lower", settings.lower_seconds, item_no, res, side, set_no, rep)
                    else:
                        tempo = None if settings.user_paced_reps else settings.rep_tempo
                        add("rep", tempo, item_no, res, side, set_no, rep)
        # Never no checks (docs/pain-rules.md): "fewer" asks after every second item and the last.
        last = item_no == len(routine.items) - 1
        if settings.pain_checks or item_no % 2 == 1 or last:
            add("pain_check", None, item_no, res, None, None, None)

    return Plan(
        routine=routine,
        exercises=library.exercises,
        items=tuple(resolved),
        steps=tuple(steps),
        rep_estimate=settings.rep_tempo,
    )
