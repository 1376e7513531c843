"""What a routine asks of the person, in words: each item's dose and the equipment to have ready.

The printed exercise sheet and the routine preview both say these things, and they must say them
the same way, from the same resolved plan (so an item's overrides and the settings' hold
adjustment are already in). Pure text, no Qt: the sheet is drawn in `reports`, the preview in `ui`.
"""

from __future__ import annotations

from collections.abc import Iterable

from backtimer.core.models import Exercise
from backtimer.core.plan import ResolvedItem
from backtimer.core.settings import Settings

# How each piece of equipment is named in a sentence ("You need: a mat, a towel or strap").
# An id not listed here is named from the id itself, so a new prop never shows as blank.
_EQUIPMENT_WORDS: dict[str, str] = {
    "mat": "a mat",
    "towel": "a towel or strap",
    "strap": "a strap",
    "wall": "a wall",
    "chair": "a sturdy chair",
    "dumbbells": "light dumbbells",
    "dumbbell": "a light dumbbell",
    "pillow": "a pillow",
}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def equipment_word(equipment_id: str) -> str:
    """'a towel or strap' for 'towel'; an unknown id reads as 'a exercise band' -> 'an ...'."""
    known = _EQUIPMENT_WORDS.get(equipment_id)
    if known is not None:
        return known
    name = equipment_id.replace("_", " ")
    return f"{'an' if name[:1] in 'aeiou' else 'a'} {name}"


def equipment_needed(exercises: Iterable[Exercise]) -> tuple[str, ...]:
    """The equipment ids of `exercises`, each once, in the order the routine first needs them."""
    seen: dict[str, None] = {}
    for exercise in exercises:
        for item in exercise.equipment:
            seen.setdefault(item, None)
    return tuple(seen)


def equipment_phrase(exercises: Iterable[Exercise]) -> str:
    """'a mat, a towel or strap', or 'nothing but a little floor space' when nothing is needed."""
    words = [equipment_word(item) for item in equipment_needed(exercises)]
    return ", ".join(words) if words else "nothing but a little floor space"


def dose_in_words(item: ResolvedItem, settings: Settings) -> str:
    """One resolved item's dose as a person reads it on paper.

    "2 sets \u00d7 8 reps, hold each 6 s. Rest 5 s between reps, 30 s between sets."
    "2 holds of 20 s each side. Rest 5 s between holds."
    "10 reps each side, about 4 s each."
    """
    ex = item.exercise
    side = " each side" if ex.per_side else ""
    rests: list[str] = []
    if item.hold is not None and ex.mode == "hold":
        text = f"{_plural(item.reps, 'hold')} of {item.hold} s{side}"
        if item.reps > 1:
            rests.append(f"{settings.rest_between_reps} s between holds")
    else:
        text = _plural(item.reps, "rep") + side
        if item.hold is not None:
            text += f", hold each {item.hold} s"
            if item.reps > 1:
                rests.append(f"{settings.rest_between_reps} s between reps")
        elif settings.user_paced_reps:
            text += ", at your own pace"
        else:
            text += f", about {settings.rep_tempo:g} s each"
    if item.sets > 1:
        text = f"{item.sets} sets \u00d7 {text}"
        rests.append(f"{item.rest} s between sets")
    text += "."
    if rests:
        text += " Rest " + ", ".join(rests) + "."
    return text


# The short names of the `sources` field (docs/exercise-sources.md explains each), as printed.
GUIDANCE_NAMES: dict[str, str] = {
    "Mayo": "Mayo Clinic",
    "WebMD": "WebMD",
    "Healthwise": "Healthwise",
    "AAOS": "American Academy of Orthopaedic Surgeons",
    "NHS": "NHS",
    "CSP": "Chartered Society of Physiotherapy",
    "CCGI": "Canadian Chiropractic Guideline Initiative",
    "StayWell": "StayWell patient sheets",
    "general": "general exercise advice",
    "ours": "a cautious default (no published number)",
}


def guidance_phrase(exercise: Exercise) -> str:
    """'Mayo Clinic, WebMD' for the guidance an exercise's dose follows; '' when none is named."""
    return ", ".join(GUIDANCE_NAMES.get(name, name) for name in exercise.sources)
