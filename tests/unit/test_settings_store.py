"""settings.json: round trip, and every way the file can be bad (set aside, defaults, a notice)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from backtimer.core.settings import Settings, SettingsError
from backtimer.storage.paths import settings_file
from backtimer.storage.settings_store import load_settings, save_settings


def _aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.corrupt-*"))


def test_missing_file_gives_defaults_without_notice() -> None:
    settings, notice = load_settings()
    assert settings == Settings()
    assert notice is None
    assert not settings_file().exists()


def test_round_trip_keeps_every_value() -> None:
    changed = Settings().replace(
        lead_in=20, rep_tempo=5.5, voice_enabled=False, voice_id="en+f3", theme="high_contrast",
        text_scale=1.6, pain_stop_level=5, reminder_enabled=True, reminder_days="mon,thu",
        reminder_time="07:45", reminder_routine="gentle_start",
    )
    save_settings(changed)
    loaded, notice = load_settings()
    assert loaded == changed
    assert notice is None


def test_saved_file_has_schema_version_and_private_mode() -> None:
    save_settings(Settings())
    document = json.loads(settings_file().read_text(encoding="utf-8"))
    assert document["schema_version"] == 1
    assert document["settings"]["lead_in"] == Settings().lead_in
    if os.name == "posix":
        assert settings_file().stat().st_mode & 0o777 == 0o600


def test_save_leaves_no_temporary_files() -> None:
    save_settings(Settings())
    save_settings(Settings().replace(lead_in=30))
    assert [p.name for p in settings_file().parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize(
    ("content", "case"),
    [
        (b"{not json", "invalid JSON"),
        (b"", "empty file"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not an object"),
        (b'"just text"', "a JSON string"),
        (b'{"settings": {"lead_in": 20}}', "no schema_version"),
        (b'{"schema_version": "1", "settings": {}}', "schema_version as text"),
        (b'{"schema_version": 2, "settings": {"lead_in": 20}}', "newer schema"),
        (b'{"schema_version": 0, "settings": {}}', "schema_version 0"),
        (b'{"schema_version": 1, "settings": [1]}', "settings not an object"),
        (b'{"schema_version": 1}', "settings missing"),
    ],
)
def test_unreadable_file_is_set_aside(content: bytes, case: str) -> None:
    path = settings_file()
    path.write_bytes(content)
    settings, notice = load_settings()
    assert settings == Settings(), case
    aside = _aside(path)
    assert len(aside) == 1, case
    assert aside[0].read_bytes() == content, "the bad file is kept byte for byte"
    assert not path.exists()
    assert notice is not None
    assert notice.startswith("Your settings file could not be read (")
    assert notice.endswith(f"); it was kept as {aside[0].name} and defaults are used.")
    assert "\n" not in notice


def test_saving_after_a_corrupt_file_overwrites_nothing() -> None:
    path = settings_file()
    path.write_text("{broken", encoding="utf-8")
    load_settings()
    save_settings(Settings().replace(lead_in=12))
    (aside,) = _aside(path)
    assert aside.read_text(encoding="utf-8") == "{broken"
    assert load_settings() == (Settings().replace(lead_in=12), None)


def test_two_corrupt_files_in_a_row_are_both_kept() -> None:
    path = settings_file()
    for content in ("{one", "{two"):
        path.write_text(content, encoding="utf-8")
        load_settings()
    assert sorted(p.read_text(encoding="utf-8") for p in _aside(path)) == ["{one", "{two"]


def test_bad_values_keep_the_rest_and_are_listed() -> None:
    path = settings_file()
    document = {
        "schema_version": 1,
        "settings": {
            "lead_in": 25,
            "rest_between_sets": 9999,
            "theme": "purple",
            "voice_enabled": "yes",
            "pain_stop_level": 9,
            "no_such_setting": 1,
            "reminder_time": "7pm",
        },
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    settings, notice = load_settings()
    assert settings.lead_in == 25
    assert settings.rest_between_sets == Settings().rest_between_sets
    assert settings.theme == Settings().theme
    assert settings.voice_enabled is True
    assert settings.pain_stop_level == 7
    assert settings.reminder_time == "18:00"
    assert notice is not None
    for name in ("rest_between_sets", "theme", "voice_enabled", "pain_stop_level",
                 "no_such_setting", "reminder_time"):
        assert name in notice
    assert "lead_in" not in notice
    assert path.exists(), "a file with a few bad values is not set aside"
    assert _aside(path) == []


def test_hand_written_conditions_are_read_and_a_bad_one_falls_back_to_none() -> None:
    path = settings_file()
    path.write_text(json.dumps({"schema_version": 1, "settings": {
        "conditions": "knee_problems,osteoporosis"}}), encoding="utf-8")
    settings, notice = load_settings()
    assert notice is None
    assert settings.conditions == "knee_problems,osteoporosis"
    path.write_text(json.dumps({"schema_version": 1, "settings": {
        "lead_in": 25, "conditions": "osteoporosis,bad_knees"}}), encoding="utf-8")
    settings, notice = load_settings()
    assert settings.lead_in == 25
    assert settings.conditions == ""
    assert notice is not None
    assert "'conditions'" in notice
    assert "bad_knees" in notice
    assert _aside(path) == []


def test_conditions_round_trip() -> None:
    save_settings(Settings().replace(conditions="acute_pain,shoulder_problems"))
    loaded, notice = load_settings()
    assert notice is None
    assert loaded.conditions == "acute_pain,shoulder_problems"


def test_integer_for_a_float_setting_is_accepted() -> None:
    settings_file().write_text(
        json.dumps({"schema_version": 1, "settings": {"rep_tempo": 5, "text_scale": 2}}),
        encoding="utf-8",
    )
    settings, notice = load_settings()
    assert notice is None
    assert settings.rep_tempo == 5.0
    assert isinstance(settings.rep_tempo, float)


def test_file_that_cannot_be_opened_is_set_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    path = settings_file()
    path.write_text('{"schema_version": 1, "settings": {}}', encoding="utf-8")
    real_open = os.open

    def refuse(name: str | Path, flags: int, *args: int) -> int:
        if Path(name) == path:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args)

    # Root can read a chmod 000 file, so the refusal is simulated at the os.open the reader uses.
    monkeypatch.setattr(os, "open", refuse)
    settings, notice = load_settings()
    assert settings == Settings()
    (aside,) = _aside(path)
    assert notice is not None
    assert aside.name in notice


@pytest.mark.parametrize(
    "changes",
    [
        {"lead_in": 2},
        {"lead_in": 61},
        {"rest_between_sets": 181},
        {"rep_tempo": 1.5},
        {"voice_volume": 1.1},
        {"countdown_aloud": 6},
        {"pain_skip_rise": 3},
        {"pain_stop_level": 8},
        {"pain_stop_level": 4},
        {"text_scale": 2.5},
        {"theme": "neon"},
        {"lead_in": 10.5},
        {"lead_in": True},
        {"voice_enabled": 1},
        {"reminder_days": "monday"},
        {"reminder_days": "mon,mon"},
        {"reminder_time": "24:00"},
        {"reminder_time": "7:30"},
        {"reminder_routine": "../etc"},
        {"conditions": "osteoporosis,osteoporosis"},
        {"conditions": "back_pain"},
    ],
)
def test_bounds_are_enforced_by_the_model(changes: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        Settings().replace(**changes)
