"""The settings model: every option with its default, bounds and label in one place.

Bounds are enforced here, in the model, not only by the widgets that edit it: constructing a
`Settings` with an out-of-range value raises `SettingsError`, and `Settings.from_dict` (used for the
JSON file) keeps every valid value and reports each invalid one instead of failing the whole file.
The pain-check thresholds can only be made stricter than the defaults (see core.pain).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

SETTINGS_SCHEMA_VERSION = 1

THEMES = ("system", "light", "dark", "high_contrast")

# Days of the week as written in the settings file, in `datetime.weekday()` order (Monday is 0).
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_ROUTINE_ID = re.compile(r"[a-z0-9_]*")


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
    text_format: str | None = None,
) -> Any:
    meta = {
        "label": label,
        "min": minimum,
        "max": maximum,
        "choices": choices,
        "unit": unit,
        "group": group,
        # For text settings with a fixed shape: "weekdays" (e.g. "mon,wed,fri"), "time" ("HH:MM",
        # 24-hour) or "routine_id" (a routine id, or "" for none); checked in _check.
        "format": text_format,
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
    # A held repetition is lift, hold, lower: time to move into the position and out of it.
    lift_seconds: float = _opt(2.0, "Time to move into a held position", minimum=1.0,
                               maximum=6.0, unit="s")
    lower_seconds: float = _opt(2.0, "Time to come back out of it", minimum=1.0, maximum=6.0,
                                unit="s")
    user_paced_reps: bool = _opt(False, "Count repetitions myself (Enter counts one)")
    # Voice and sound
    voice_enabled: bool = _opt(True, "Spoken cues", group="Voice and sound")
    voice_id: str = _opt("", "Voice", group="Voice and sound")
    voice_rate: int = _opt(
        160, "Speaking rate", minimum=80, maximum=260, unit="words/min", group="Voice and sound"
    )
    voice_volume: float = _opt(
        1.0, "Voice volume", minimum=0.0, maximum=1.0, group="Voice and sound"
    )
    beeps: bool = _opt(True, "Beeps for the last seconds and phase ends", group="Voice and sound")
    countdown_aloud: int = _opt(
        3, "Seconds counted down aloud", minimum=0, maximum=5, unit="s", group="Voice and sound"
    )
    halfway_cue: bool = _opt(True, "Say \u201chalfway\u201d in long holds", group="Voice and sound")
    # Pain checks: only stricter than the defaults is allowed (core.pain explains the numbers)
    # Off means fewer checks (after every second exercise and the last), never none.
    pain_checks: bool = _opt(True, "Ask about pain after every exercise (off: every second one)",
                             group="Pain checks")
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
    # Daily reminder (shown by the tray icon, also while the main window is closed)
    reminder_enabled: bool = _opt(False, "Remind me to do my exercises", group="Reminder")
    reminder_days: str = _opt(
        ",".join(WEEKDAYS), "On these days", group="Reminder", text_format="weekdays"
    )
    reminder_time: str = _opt("18:00", "At", group="Reminder", text_format="time")
    reminder_routine: str = _opt(
        "", "Routine to suggest", group="Reminder", text_format="routine_id"
    )

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
            allowed = ", ".join(choices)
            raise SettingsError(f"setting {name!r} must be one of {allowed}, not {value!r}")
        _check_format(name, f.metadata.get("format"), value)
        return
    numeric = (int, float) if kind == "float" else (int,)
    if isinstance(value, bool) or not isinstance(value, numeric):
        wanted = "number" if kind == "float" else "whole number"
        raise SettingsError(f"setting {name!r} must be a {wanted}, not {value!r}")
    low, high = f.metadata["min"], f.metadata["max"]
    if (low is not None and value < low) or (high is not None and value > high):
        raise SettingsError(f"setting {name!r} must be between {low} and {high}, not {value!r}")


def parse_weekdays(text: str) -> tuple[int, ...]:
    """"mon,wed" -> (0, 2): the `datetime.weekday()` numbers of a weekdays setting, sorted."""
    if text == "":
        return ()
    parts = text.split(",")
    unknown = [part for part in parts if part not in WEEKDAYS]
    if unknown:
        raise SettingsError(f"unknown day {unknown[0]!r}; use {', '.join(WEEKDAYS)}")
    if len(set(parts)) != len(parts):
        raise SettingsError(f"a day is listed twice in {text!r}")
    return tuple(sorted(WEEKDAYS.index(part) for part in parts))


def format_weekdays(days: tuple[int, ...] | list[int]) -> str:
    """(2, 0) -> "mon,wed": the inverse of parse_weekdays, always in week order."""
    return ",".join(WEEKDAYS[day] for day in sorted(set(days)))


def _check_format(name: str, text_format: str | None, value: str) -> None:
    if text_format == "weekdays":
        try:
            parse_weekdays(value)
        except SettingsError as exc:
            raise SettingsError(f"setting {name!r}: {exc}") from None
    elif text_format == "time":
        if _TIME_OF_DAY.fullmatch(value) is None:
            raise SettingsError(f"setting {name!r} must be a time like 07:30, not {value!r}")
    elif text_format == "routine_id" and _ROUTINE_ID.fullmatch(value) is None:
        raise SettingsError(f"setting {name!r} must be a routine id, not {value!r}")
