"""The conditions a person can say apply to them, in plain words, and what they mean for exercises.

The library tags some exercises with the conditions they may not suit (`contraindications`, the
words in core/models.py `CONTRAINDICATIONS`). The person ticks the ones that apply in Settings (the
`conditions` setting, core/settings.py). An exercise carrying a ticked tag is then *marked* where it
is chosen or shown (the routine editor, the routine preview), never hidden or refused: a
physiotherapist may have prescribed it. docs/conditions.md explains the choices.

This module is the one place the tags get their plain-word names; the UI translates them.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

from backtimer.core.models import CONTRAINDICATIONS, Exercise

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Condition:
    tag: str  # as written in the library and in settings.json
    label: str  # plain words, shown in Settings and in every warning
    # Words by which one of an exercise's cautions is recognised as being about this condition.
    caution_words: tuple[str, ...]


CONDITIONS: tuple[Condition, ...] = (
    Condition("osteoporosis", "Osteoporosis", ("osteoporosis",)),
    Condition("acute_pain", "Back pain that started recently (acute)", ("new or severe", "acute")),
    Condition("extension_sensitive", "Pain when bending backwards", ("backwards", "arch")),
    Condition("flexion_sensitive", "Pain when bending forwards", ("forward",)),
    Condition("knee_problems", "Knee problems", ("knee",)),
    Condition("shoulder_problems", "Shoulder problems", ("shoulder",)),
    Condition("balance_problems", "Balance problems", ("balance",)),
)

_BY_TAG = {condition.tag: condition for condition in CONDITIONS}


def condition_label(tag: str) -> str:
    """The plain-word name of a library tag ("acute_pain" -> "Back pain that started ...")."""
    return _BY_TAG[tag].label


def marked_tags(exercise: Exercise, conditions: Collection[str]) -> tuple[str, ...]:
    """The exercise's tags that the person has said apply, in the library's order."""
    return tuple(tag for tag in CONTRAINDICATIONS
                 if tag in conditions and tag in exercise.contraindications)


def caution_for(exercise: Exercise, tags: Collection[str]) -> str | None:
    """The exercise's caution that speaks of one of `tags`; else its first caution that speaks of
    no condition at all, else its first caution (None: it has none).

    Cautions are free sentences in the library, so the one about a condition is found by its
    words ("If you have osteoporosis, ..."). An exercise whose cautions name none of the person's
    conditions still shows a caution next to the warning, preferably not one about a condition the
    person has not ticked (which would read as if it were theirs).
    """
    for tag in CONTRAINDICATIONS:
        if tag in tags:
            for caution in exercise.cautions:
                if _speaks_of(caution, _BY_TAG[tag]):
                    return caution
    for caution in exercise.cautions:
        if not any(_speaks_of(caution, condition) for condition in CONDITIONS):
            return caution
    return exercise.cautions[0] if exercise.cautions else None


def _speaks_of(caution: str, condition: Condition) -> bool:
    text = caution.casefold()
    return any(word in text for word in condition.caution_words)
