"""The settings model: every option with its default, bounds and label in one place.

Bounds are enforced here, in the model, not only by the widgets that edit it: constructing a
`Settings` with an out-of-range value raises `SettingsError`, and `Settings.from_dict` (used for the
JSON file) keeps every valid value and reports each invalid one instead of failing the whole file.
The pain-check thresholds can only be made stricter than the defaults (see core.pain).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SETTINGS_SCHEMA_VERSION = 1

THEMES = ("system", "light", "dark", "high_contrast")


class SettingsError(ValueError):
    """A value outside its bounds or of the wrong type."""


def _opt(
    default: Any,
    label: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    choices: tuple[str, ...] | None = None,
    unit: str = "",
    group: str = "Timing",
) -> Any:
    meta = {
        "label": label,
        "min": minimum,
        "max": maximum,
        "choices": choices,
        "unit": unit,
        "group": group,
    }
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    # Timing of the plan
    lead_in: int = _opt(10, "Lead-in before the first exercise", minimum=3, maximum=60, unit="s")
    rest_between_exercises: int = _opt(
        15, "Time to get into position for the next exercise", minimum=5, maximum=120, unit="s"
    )
    rest_between_reps: int = _opt(5, "Rest between held reps", minimum=2, maximum=30, unit="s")
    rest_between_sets: int = _opt(30, "Rest between sets", minimum=5, maximum=180, unit="s")
    switch_side: int = _opt(8, "Time to switch sides", minimum=3, maximum=30, unit="s")
    hold_adjust: int = _opt(
        0, "Lengthen or shorten every hold by", minimum=-10, maximum=10, unit="s"
    )
    rep_tempo: float = _opt(4.0, "Time for one repetition", minimum=2.0, maximum=10.0, unit="s")
    user_paced_reps: bool = _opt(False, "Count repetitions myself (Enter counts one)")
    # Voice and sound
    voice_enabled: bool = _opt(True, "Spoken cues", group="Voice and sound")
    voice_id: str = _opt("", "Voice", group="Voice and sound")
    voice_rate: int = _opt(
        160, "Speaking rate", minimum=80, maximum=260, unit="words/min", group="Voice and sound"
    )
    voice_volume: float = _opt(1.0, "Voice volume", minimum=0.0, maximum=1.0, group="Voice and sound")
    beeps: bool = _opt(True, "Beeps for the last seconds and phase ends", group="Voice and sound")
    countdown_aloud: int = _opt(
        3, "Seconds counted down aloud", minimum=0, maximum=5, unit="s", group="Voice and sound"
    )
    halfway_cue: bool = _opt(True, "Say \u201chalfway\u201d in long holds", group="Voice and sound")
    # Pain checks: only stricter than the defaults is allowed (core.pain explains the numbers)
    pain_checks: bool = _opt(True, "Ask about pain between exercises", group="Pain checks")
    pain_skip_rise: int = _opt(
        2, "Skip an exercise when pain rises by", minimum=1, maximum=2, unit="points",
        group="Pain checks",
    )
    pain_stop_level: int = _opt(
        7, "Stop the session at pain of", minimum=5, maximum=7, unit="/10", group="Pain checks"
    )
    # Look
    theme: str = _opt("system", "Theme", choices=THEMES, group="Appearance")
    text_scale: float = _opt(1.0, "Text size", minimum=0.8, maximum=2.0, unit="\u00d7",
                             group="Appearance")

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            _check(f, getattr(self, f.name))

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> tuple[Settings, list[str]]:
        """Build settings from a saved dict; invalid or unknown entries are listed, not fatal."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        problems: list[str] = []
        for key, value in data.items():
            if key not in known:
                problems.append(f"unknown setting {key!r} ignored")
                continue
            try:
                _check(known[key], value)
            except SettingsError as exc:
                problems.append(f"{exc}; the default is used")
                continue
            values[key] = float(value) if known[key].type == "float" else value
        return cls(**values), problems


def describe(name: str) -> dict[str, Any]:
    """Label, bounds, unit, group and default of one setting, for building an editor."""
    for f in dataclasses.fields(Settings):
        if f.name == name:
            return {**f.metadata, "default": f.default, "type": f.type}
    raise KeyError(name)


def setting_names() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(Settings))


def _check(f: dataclasses.Field[Any], value: Any) -> None:
    kind = f.type
    name = f.name
    if kind == "bool":
        if not isinstance(value, bool):
            raise SettingsError(f"setting {name!r} must be true or false, not {value!r}")
        return
    if kind == "str":
        if not isinstance(value, str):
            raise SettingsError(f"setting {name!r} must be text, not {value!r}")
        choices = f.metadata["choices"]
        if choices is not None and value not in choices:
            raise SettingsError(f"setting {name!r} must be one of {', '.join(choices)}, not {value!r}")
        return
    numeric = (int, float) if kind == "float" else (int,)
    if isinstance(value, bool) or not isinstance(value, numeric):
        raise SettingsError(f"setting {name!r} must be a {'number' if kind == 'float' else 'whole number'}, not {value!r}")
    low, high = f.metadata["min"], f.metadata["max"]
    if (low is not None and value < low) or (high is not None and value > high):
        raise SettingsError(f"setting {name!r} must be between {low} and {high}, not {value!r}")
