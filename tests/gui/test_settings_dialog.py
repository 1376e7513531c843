"""The settings dialog: built from the model, round trips, bounds from the model, keyboard use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QSpinBox,
    QTimeEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from backtimer.core.settings import Settings, describe, setting_names
from backtimer.ui.settings.dialog import SettingsDialog

VOICES = [("en-gb", "English (UK)"), ("de", "German")]
ROUTINES = [("gentle_start", "Gentle start"), ("my_morning", "My morning")]


@pytest.fixture
def spoken() -> list[Settings]:
    return []


@pytest.fixture
def dialog(qtbot: QtBot, spoken: list[Settings]) -> SettingsDialog:
    widget = SettingsDialog(Settings(), VOICES, spoken.append, ROUTINES)
    qtbot.addWidget(widget)
    return widget


def test_every_setting_has_a_named_control(dialog: SettingsDialog) -> None:
    for name in setting_names():
        editor = dialog.editor(name)
        assert editor.accessibleName(), name
        assert editor.accessibleName() == describe(name)["label"]


def test_ranges_come_from_the_model(dialog: SettingsDialog) -> None:
    checked = 0
    for name in setting_names():
        meta = describe(name)
        editor = dialog.editor(name)
        if isinstance(editor, QSpinBox | QDoubleSpinBox):
            assert (editor.minimum(), editor.maximum()) == (meta["min"], meta["max"]), name
            checked += 1
        if meta["choices"] is not None:
            assert isinstance(editor, QComboBox)
            assert [editor.itemData(i) for i in range(editor.count())] == list(meta["choices"])
    assert checked >= 12


def test_groups_become_pages(dialog: SettingsDialog) -> None:
    pages = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    groups = list(dict.fromkeys(describe(name)["group"] for name in setting_names()))
    assert pages == groups
    for name in setting_names():
        page = dialog.tabs.widget(pages.index(describe(name)["group"]))
        assert page.isAncestorOf(dialog.editor(name)), name


def test_shows_the_given_settings_and_gives_them_back(qtbot: QtBot) -> None:
    settings = Settings().replace(
        lead_in=25, rep_tempo=6.5, voice_id="de", voice_rate=120, voice_volume=0.55,
        beeps=False, pain_skip_rise=1, pain_stop_level=6, theme="high_contrast", text_scale=1.4,
        reminder_enabled=True, reminder_days="tue,sat", reminder_time="07:05",
        reminder_routine="my_morning", user_paced_reps=True, hold_adjust=-3,
    )
    dialog = SettingsDialog(settings, VOICES, None, ROUTINES)
    qtbot.addWidget(dialog)
    assert dialog.value() == settings
    time_edit = dialog.editor("reminder_time")
    assert isinstance(time_edit, QTimeEdit)
    assert time_edit.time() == QTime(7, 5)


def test_edit_and_ok_emits_the_new_settings(qtbot: QtBot, dialog: SettingsDialog) -> None:
    lead_in = dialog.editor("lead_in")
    assert isinstance(lead_in, QSpinBox)
    lead_in.selectAll()
    qtbot.keyClicks(lead_in, "45")
    theme = dialog.editor("theme")
    assert isinstance(theme, QComboBox)
    theme.setCurrentIndex(theme.findData("dark"))
    qtbot.mouseClick(dialog.editor("beeps"), Qt.MouseButton.LeftButton)
    reminder = dialog.editor("reminder_enabled")
    assert isinstance(reminder, QCheckBox)
    reminder.setChecked(True)
    days = dialog.editor("reminder_days")
    for box in days.findChildren(QCheckBox):
        box.setChecked(False)
    days.findChildren(QCheckBox)[2].setChecked(True)  # Wednesday

    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.settings_changed, timeout=1000) as blocker:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert blocker.args == [
        Settings().replace(lead_in=45, theme="dark", beeps=False, reminder_enabled=True,
                           reminder_days="wed")
    ]
    assert dialog.result() == dialog.DialogCode.Accepted


def test_cancel_emits_nothing(qtbot: QtBot, dialog: SettingsDialog) -> None:
    lead_in = dialog.editor("lead_in")
    assert isinstance(lead_in, QSpinBox)
    lead_in.setValue(40)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    with qtbot.assertNotEmitted(dialog.settings_changed):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Rejected


def test_controls_cannot_leave_the_model_bounds(qtbot: QtBot, dialog: SettingsDialog) -> None:
    stop = dialog.editor("pain_stop_level")
    assert isinstance(stop, QSpinBox)
    stop.selectAll()
    qtbot.keyClicks(stop, "9")
    qtbot.keyClick(stop, Qt.Key.Key_Enter)
    assert dialog.value().pain_stop_level <= describe("pain_stop_level")["max"]
    for _ in range(20):
        qtbot.keyClick(stop, Qt.Key.Key_Up)
    assert dialog.value().pain_stop_level == describe("pain_stop_level")["max"]
    volume = dialog.editor("voice_volume")
    assert isinstance(volume, QDoubleSpinBox)
    volume.setValue(5.0)
    assert dialog.value().voice_volume == 1.0


def test_float_steps_do_not_accumulate_noise(qtbot: QtBot, dialog: SettingsDialog) -> None:
    scale = dialog.editor("text_scale")
    assert isinstance(scale, QDoubleSpinBox)
    for _ in range(3):
        qtbot.keyClick(scale, Qt.Key.Key_Up)
    assert dialog.value().text_scale == 1.3


def test_restore_defaults(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings().replace(lead_in=50, theme="dark"), VOICES, None, ROUTINES)
    qtbot.addWidget(dialog)
    restore = dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert dialog.value() == Settings()


def test_test_voice_uses_the_unsaved_values(
    qtbot: QtBot, dialog: SettingsDialog, spoken: list[Settings]
) -> None:
    rate = dialog.editor("voice_rate")
    assert isinstance(rate, QSpinBox)
    rate.setValue(200)
    voice = dialog.editor("voice_id")
    assert isinstance(voice, QComboBox)
    voice.setCurrentIndex(voice.findData("en-gb"))
    qtbot.mouseClick(dialog.test_voice_button, Qt.MouseButton.LeftButton)
    assert [(s.voice_rate, s.voice_id) for s in spoken] == [(200, "en-gb")]


def test_no_test_voice_button_without_a_speaker(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.test_voice_button.isHidden()


def test_switches_grey_out_what_they_control(qtbot: QtBot, dialog: SettingsDialog) -> None:
    voice_on = dialog.editor("voice_enabled")
    assert isinstance(voice_on, QCheckBox)
    voice_on.setChecked(False)
    assert not dialog.editor("voice_rate").isEnabled()
    assert not dialog.test_voice_button.isEnabled()
    assert dialog.editor("beeps").isEnabled(), "beeps work without the voice"
    voice_on.setChecked(True)
    assert dialog.editor("voice_rate").isEnabled()
    assert not dialog.editor("reminder_time").isEnabled(), "reminders are off by default"
    pain = dialog.editor("pain_checks")
    assert isinstance(pain, QCheckBox)
    pain.setChecked(False)
    assert dialog.editor("pain_stop_level").isEnabled(), "fewer checks still use the rules"


def test_a_voice_that_is_gone_is_kept(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings().replace(voice_id="old-voice"), VOICES, None, ROUTINES)
    qtbot.addWidget(dialog)
    voice = dialog.editor("voice_id")
    assert isinstance(voice, QComboBox)
    assert "not available" in voice.currentText()
    assert dialog.value().voice_id == "old-voice"


def test_tab_order_follows_the_form(qtbot: QtBot, dialog: SettingsDialog) -> None:
    names = [name for name in setting_names() if describe(name)["group"] == "Voice and sound"]
    expected: list[QWidget] = []
    for name in names:
        expected.append(dialog.editor(name))
        if name == "voice_volume":
            expected.append(dialog.test_voice_button)
    chain: list[QWidget] = []
    widget = dialog.editor(names[0])
    while len(chain) < len(expected):
        if widget in expected:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == expected


# Showing a dialog on the offscreen platform logs this harmless warning.
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_keyboard_only_changes_a_setting(qtbot: QtBot, dialog: SettingsDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    beeps = dialog.editor("beeps")
    dialog.tabs.setCurrentIndex(1)
    beeps.setFocus()
    qtbot.keyClick(beeps, Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.settings_changed, timeout=1000) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert blocker.args[0].beeps is False
