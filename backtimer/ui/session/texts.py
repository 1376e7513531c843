"""What the session screen says about a step: the ring's number and caption, side · set · rep,
the current instruction, and the "Next" line.

Kept apart from the widgets so the wording has one home. Reps read as reps (docs/translation.md
has the placeholder style): for a repetition the large number is the rep being done with
"of 8" and the movement as its caption; seconds belong to holds, rests and the lead-in; during a
rest between reps the rep count stays on screen ("Rep 2 of 8 done").
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject

from backtimer.core.models import Exercise
from backtimer.core.plan import Plan, Step

logger = logging.getLogger(__name__)

# Phases that are one movement of a repetition: their big number is the rep, not seconds.
# ("lift" and "lower" are the movement phases of a held rep, when the plan has them.)
REP_KINDS = frozenset({"rep", "lift", "lower"})


def current_step_index(kind: str, steps: Sequence[str]) -> int:
    """Which of an exercise's written steps goes with a phase: the position while getting
    ready, the movement while moving, the step that talks about holding while holding, the
    last (coming back) while lowering or resting."""
    if not steps:
        return 0
    last = len(steps) - 1
    if kind in ("prepare", "switch_side", "pain_check"):
        return 0
    if kind == "hold":
        holding = [n for n, text in enumerate(steps) if "hold" in text.lower()]
        return holding[-1] if holding else last
    if kind in ("lower", "rest"):
        return last
    return min(1, last)  # rep, lift: the first movement step


class PhaseTexts(QObject):
    """The translatable wording of the session screen for one plan."""

    def __init__(self, plan: Plan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan

    def exercise(self, step: Step) -> Exercise | None:
        return self.plan.exercises[step.exercise] if step.exercise else None

    def ring(self, step: Step, seconds: int | None) -> tuple[str, str]:
        """The ring's (number, caption) for `step` with `seconds` left (None: user-paced)."""
        movement = {"rep": self.tr("REP"), "lift": self.tr("LIFT"), "lower": self.tr("LOWER")}
        if step.kind in REP_KINDS and step.rep:
            of = self.tr("OF {reps}").format(reps=step.reps or step.rep)
            if step.kind == "rep" and step.planned is None:
                return str(step.rep), of  # Enter counts it; the hint says so beside the ring
            return str(step.rep), f"{of} \u00b7 {movement[step.kind]}"
        captions = {
            "prepare": self.tr("GET READY") if step.index == 0 else self.tr("GET INTO POSITION"),
            "hold": self.tr("HOLD"),
            "rest": self.tr("RELAX"),
            "switch_side": self.tr("SWITCH SIDES"),
            "pain_check": self.tr("PAIN CHECK"),
        }
        caption = captions.get(step.kind, step.kind.replace("_", " ").upper())
        return ("" if seconds is None else str(seconds)), caption

    def details(self, step: Step) -> str:
        """Side · set · rep, e.g. "Left side · Set 1 of 2 · Rep 3 of 8"."""
        parts = []
        if step.side:
            parts.append(self.tr("Left side") if step.side == "left" else self.tr("Right side"))
        if step.sets and step.sets > 1 and step.set:
            parts.append(self.tr("Set {set} of {sets}").format(set=step.set, sets=step.sets))
        if step.reps and step.rep and step.kind not in ("prepare", "switch_side", "pain_check"):
            if step.kind == "rest" and step.rep > 1:
                parts.append(self.tr("Rep {rep} of {reps} done").format(
                    rep=step.rep - 1, reps=step.reps))
            elif step.kind != "rest":
                parts.append(self.tr("Rep {rep} of {reps}").format(rep=step.rep,
                                                                    reps=step.reps))
        return "  \u00b7  ".join(parts)

    def caution(self, step: Step) -> str:
        """The exercise's most important caution (its first), while getting into position."""
        exercise = self.exercise(step)
        if step.kind != "prepare" or exercise is None or not exercise.cautions:
            return ""
        return self.tr("Careful: {caution}").format(caution=_lower_first(exercise.cautions[0]))

    def hint(self, step: Step) -> str:
        """A key to press for this phase, shown beside the ring (never inside it)."""
        if step.kind == "rep" and step.planned is None:
            return self.tr("Press Enter when this rep is done")
        return ""

    def instruction(self, step: Step) -> tuple[str, str]:
        """(the current written step, all the steps numbered) of the step's exercise."""
        exercise = self.exercise(step)
        if exercise is None or not exercise.steps:
            return "", ""
        steps = list(exercise.steps)
        now = current_step_index(step.kind, steps)
        current = f"{now + 1}. {steps[now]}"
        others = "\n".join(f"{n}. {text}" for n, text in enumerate(steps, 1) if n != now + 1)
        return current, others

    def next_text(self, current: Step, upcoming: Sequence[Step]) -> str:
        if not upcoming:
            return self.tr("Next: the end of the session")
        step = upcoming[0]
        if step.kind == "pain_check":
            return self.tr("Next: pain check")
        if step.exercise != current.exercise or step.kind == "prepare":
            exercise = self.exercise(step)
            return self.tr("Next exercise: {name}").format(name=exercise.name if exercise else "")
        if step.kind == "switch_side":
            return self.tr("Next: switch to the {side} side").format(
                side=self.tr("right") if step.side == "right" else self.tr("left"))
        if step.kind == "rest":
            return self.tr("Next: rest {seconds} s").format(seconds=round(step.planned or 0))
        if step.kind == "hold":
            return self.tr("Next: hold {seconds} s").format(seconds=round(step.planned or 0))
        if step.kind == "lower":
            return self.tr("Next: lower")
        if step.kind == "lift":
            return self.tr("Next: lift, rep {rep} of {reps}").format(rep=step.rep or 0,
                                                                    reps=step.reps or 0)
        return self.tr("Next: rep {rep}").format(rep=step.rep or 0)

    def interrupted(self, step: Step) -> str:
        """What "This hurts" interrupted: the exercise, side and rep, and the phase."""
        exercise = self.exercise(step)
        if exercise is None:
            return ""
        where = self.details(step)
        phase = {"hold": self.tr("holding"), "rep": self.tr("a rep"), "rest": self.tr("resting"),
                 "prepare": self.tr("getting into position"),
                 "switch_side": self.tr("switching sides"), "lift": self.tr("lifting"),
                 "lower": self.tr("lowering")}.get(step.kind, "")
        detail = ", ".join(p for p in (where.replace("  \u00b7  ", ", "), phase) if p)
        if detail:
            return self.tr("Stopped during: {name} ({detail})").format(name=exercise.name,
                                                                       detail=detail)
        return self.tr("Stopped during: {name}").format(name=exercise.name)


def _lower_first(text: str) -> str:
    """"Keep …" -> "keep …", to follow "Careful:"; an acronym or a name keeps its capital."""
    word = text.split(" ", 1)[0]
    return text if len(word) > 1 and word[1].isupper() else text[:1].lower() + text[1:]
