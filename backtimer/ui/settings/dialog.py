"""The settings dialog, built from the settings model's own metadata.

Every control comes from `core.settings.describe()`: its label, its bounds, its unit and the tab
(`group`) it sits on. No bound is written down a second time here, and a setting added to the model
shows up in the dialog without touching this file. The few settings that need a special control say
so through their metadata (`format`: weekdays, time of day, routine id) or are given their choices
from outside (the voices the speech engine has, the routines there are).

The dialog does not save anything and does not depend on the speech layer: it returns a `Settings`
(`value()`, and `settings_changed` on OK), and "Test voice" calls a function passed in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.settings import (
    Settings,
    SettingsError,
    describe,
    format_weekdays,
    parse_weekdays,
    setting_names,
)

logger = logging.getLogger(__name__)

_CONTEXT = "SettingsDialog"

# A switch and the settings that mean nothing while it is off (they are greyed out, not cleared).
_DEPENDS_ON: dict[str, tuple[str, ...]] = {
    "voice_enabled": ("voice_id", "voice_rate", "voice_volume", "countdown_aloud", "halfway_cue"),
    "reminder_enabled": ("reminder_days", "reminder_time", "reminder_routine"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class _WeekdayPicker(QWidget):
    """Seven check boxes, Monday first; its value is the settings text ("mon,wed,fri")."""

    changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        names = (
            _tr("Mon"), _tr("Tue"), _tr("Wed"), _tr("Thu"), _tr("Fri"), _tr("Sat"), _tr("Sun")
        )
        full = (
            _tr("Monday"), _tr("Tuesday"), _tr("Wednesday"), _tr("Thursday"), _tr("Friday"),
            _tr("Saturday"), _tr("Sunday"),
        )
        self.boxes: list[QCheckBox] = []
        for short, long_name in zip(names, full, strict=True):
            box = QCheckBox(short, self)
            box.setAccessibleName(f"{label}: {long_name}")
            box.toggled.connect(self.changed)
            layout.addWidget(box)
            self.boxes.append(box)
        layout.addStretch(1)
        self.setAccessibleName(label)

    def text(self) -> str:
        return format_weekdays([day for day, box in enumerate(self.boxes) if box.isChecked()])

    def set_text(self, text: str) -> None:
        chosen = set(parse_weekdays(text))
        for day, box in enumerate(self.boxes):
            box.setChecked(day in chosen)


class SettingsDialog(QDialog):
    """Edit a copy of the settings; `settings_changed(Settings)` is emitted when OK is pressed."""

    settings_changed = Signal(object)

    def __init__(
        self,
        settings: Settings,
        voices: Sequence[tuple[str, str]] = (),
        test_voice: Callable[[Settings], None] | None = None,
        routines: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settings_dialog")
        self._test_voice = test_voice
        self._original = settings
        # Settings whose choices come from outside the model: (value, shown text) pairs.
        self._external_choices: dict[str, list[tuple[str, str]]] = {
            "voice_id": [("", self.tr("The system's default voice")), *voices],
            "reminder_routine": [("", self.tr("None: just remind me")), *routines],
        }
        self._editors: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Settings pages"))
        pages: dict[str, QFormLayout] = {}
        for name in setting_names():
            meta = describe(name)
            group = meta["group"]
            if group not in pages:
                pages[group] = self._add_page(group)
            self._add_row(pages[group], name, meta)
        self._add_test_voice(pages.get("Voice and sound"))

        self.error_label = QLabel(self)
        self.error_label.setObjectName("settings_error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setText(self.tr("Restore defaults"))
        restore.setAccessibleName(self.tr("Restore every setting to its default"))
        restore.clicked.connect(lambda: self.set_value(Settings()))

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self._even_widths()
        for switch in _DEPENDS_ON:
            box = self._editors.get(switch)
            if isinstance(box, QCheckBox):
                box.toggled.connect(self._update_enabled)
        self.set_value(settings)

    # --- public ---------------------------------------------------------------------------

    def editor(self, name: str) -> QWidget:
        """The control that edits setting `name` (for tests and for focusing it)."""
        return self._editors[name]

    def value(self) -> Settings:
        """The settings as the controls show them; the model checks every bound (SettingsError)."""
        return Settings(**{name: self._read(name) for name in setting_names()})

    def set_value(self, settings: Settings) -> None:
        for name in setting_names():
            self._write(name, getattr(settings, name))
        self._update_enabled()
        self.error_label.hide()

    def accept(self) -> None:
        try:
            settings = self.value()
        except SettingsError as exc:
            # Cannot happen through the controls (they carry the model's bounds), but never
            # close the dialog on a value the model refuses.
            logger.warning("settings refused: %s", exc)
            message = self.tr("This setting cannot be used: %1").replace("%1", str(exc))
            self.error_label.setText(message)
            self.error_label.show()
            return
        self._original = settings
        self.settings_changed.emit(settings)
        super().accept()

    def test_voice(self) -> None:
        """Speak a sample with the voice settings as they are shown, saved or not."""
        if self._test_voice is None:
            return
        try:
            settings = self.value()
        except SettingsError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self._test_voice(settings)

    # --- building -------------------------------------------------------------------------

    def _add_page(self, group: str) -> QFormLayout:
        page = QWidget(self.tabs)
        page.setObjectName(f"page_{group}")
        form = QFormLayout(page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        note = _GROUP_NOTES.get(group)
        if note:
            text = QLabel(_tr(note), page)
            text.setWordWrap(True)
            text.setObjectName(f"note_{group}")
            form.addRow(text)
        self.tabs.addTab(page, _tr(group))
        return form

    def _add_row(self, form: QFormLayout, name: str, meta: dict[str, Any]) -> None:
        label = _tr(meta["label"])
        editor = self._make_editor(name, meta, label)
        editor.setObjectName(name)
        editor.setAccessibleName(label)
        editor.setAccessibleDescription(self._describe_bounds(meta))
        editor.setToolTip(self._describe_bounds(meta))
        self._editors[name] = editor
        if isinstance(editor, QCheckBox):
            form.addRow(editor)
            return
        caption = QLabel(label, form.parentWidget())
        caption.setBuddy(editor)
        self._labels[name] = caption
        form.addRow(caption, editor)

    def _make_editor(self, name: str, meta: dict[str, Any], label: str) -> QWidget:
        kind = meta["type"]
        unit = meta["unit"]
        suffix = "" if not unit else (unit if unit.startswith(("/", "\u00d7")) else f" {unit}")
        if kind == "bool":
            return QCheckBox(label, self)
        if kind == "int":
            spin = QSpinBox(self)
            spin.setRange(int(meta["min"]), int(meta["max"]))
            spin.setSuffix(suffix)
            spin.setAccelerated(True)
            return spin
        if kind == "float":
            low, high = float(meta["min"]), float(meta["max"])
            double = QDoubleSpinBox(self)
            # Steps that suit the range: 0.05 for a 0-1 volume, 0.1 for the others.
            fine = high - low <= 1.0
            double.setDecimals(2 if fine else 1)
            double.setSingleStep(0.05 if fine else 0.1)
            double.setRange(low, high)
            double.setSuffix(suffix)
            double.setStepType(QAbstractSpinBox.StepType.DefaultStepType)
            return double
        text_format = meta.get("format")
        if text_format == "weekdays":
            return _WeekdayPicker(label, self)
        if text_format == "time":
            edit = QTimeEdit(self)
            edit.setDisplayFormat("HH:mm")
            return edit
        choices = meta["choices"]
        if choices is not None:
            combo = QComboBox(self)
            for choice in choices:
                combo.addItem(_tr(_CHOICE_NAMES.get(choice, choice)), choice)
            return combo
        if name in self._external_choices:
            combo = QComboBox(self)
            for value, shown in self._external_choices[name]:
                combo.addItem(shown, value)
            return combo
        return QLineEdit(self)

    def _even_widths(self) -> None:
        """One width for every number, time and choice control, so the columns line up."""
        fields = [
            editor for editor in self._editors.values()
            if isinstance(editor, QAbstractSpinBox | QComboBox)
        ]
        if not fields:
            return
        width = max(editor.sizeHint().width() for editor in fields)
        for editor in fields:
            editor.setMinimumWidth(width)

    def _add_test_voice(self, form: QFormLayout | None) -> None:
        self.test_voice_button = QPushButton(self.tr("Test voice"), self)
        self.test_voice_button.setObjectName("test_voice")
        self.test_voice_button.setAccessibleName(self.tr("Test voice"))
        self.test_voice_button.setAccessibleDescription(
            self.tr("Speaks a sample sentence with the voice, rate and volume chosen above")
        )
        self.test_voice_button.clicked.connect(self.test_voice)
        self.test_voice_button.setVisible(self._test_voice is not None)
        if form is not None:
            # Straight after the last voice control, so Tab reaches it in reading order.
            row = self._row_of(form, "voice_volume")
            form.insertRow(row + 1, "", self.test_voice_button)
            QWidget.setTabOrder(self._editors["voice_volume"], self.test_voice_button)

    def _row_of(self, form: QFormLayout, name: str) -> int:
        position: tuple[int, Any] = form.getWidgetPosition(self._editors[name])  # type: ignore[assignment]
        return position[0]

    def _describe_bounds(self, meta: dict[str, Any]) -> str:
        if meta["min"] is None or meta["max"] is None:
            return ""
        return (
            self.tr("From %1 to %2 %3; default %4")
            .replace("%1", _number(meta["min"]))
            .replace("%2", _number(meta["max"]))
            .replace("%3", meta["unit"])
            .replace("%4", _number(meta["default"]))
            .replace("  ", " ")
        )

    # --- reading and writing --------------------------------------------------------------

    def _read(self, name: str) -> Any:
        editor = self._editors[name]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QDoubleSpinBox):
            # Round away float noise from the steps (0.1 + 0.2), to the decimals shown.
            return round(editor.value(), editor.decimals())
        if isinstance(editor, _WeekdayPicker):
            return editor.text()
        if isinstance(editor, QTimeEdit):
            return editor.time().toString("HH:mm")
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QLineEdit):
            return editor.text()
        raise TypeError(f"no reader for {type(editor).__name__}")

    def _write(self, name: str, value: Any) -> None:
        editor = self._editors[name]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox | QDoubleSpinBox):
            editor.setValue(value)
        elif isinstance(editor, _WeekdayPicker):
            editor.set_text(value)
        elif isinstance(editor, QTimeEdit):
            editor.setTime(QTime.fromString(value, "HH:mm"))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index < 0:
                # A voice or routine that is not there any more: keep it rather than lose it.
                editor.addItem(self.tr("%1 (not available)").replace("%1", str(value)), value)
                index = editor.count() - 1
            editor.setCurrentIndex(index)
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    def _update_enabled(self) -> None:
        for switch, dependants in _DEPENDS_ON.items():
            box = self._editors.get(switch)
            on = not isinstance(box, QCheckBox) or box.isChecked()
            for name in dependants:
                if name in self._editors:
                    self._editors[name].setEnabled(on)
                if name in self._labels:
                    self._labels[name].setEnabled(on)
            if switch == "voice_enabled" and hasattr(self, "test_voice_button"):
                self.test_voice_button.setEnabled(on)


def _number(value: float) -> str:
    return f"{value:g}"


# Shown names of fixed choices; the stored values stay the model's.
_CHOICE_NAMES = {
    "system": "Follow the system",
    "light": "Light",
    "dark": "Dark",
    "high_contrast": "High contrast",
}

# A sentence at the top of a page, where the settings on it need one.
_GROUP_NOTES = {
    "Pain checks": (
        "Between exercises you are asked to rate your pain from 0 to 10. These limits can only "
        "be made stricter than the defaults, never looser."
    ),
    "Reminder": (
        "backtimer reminds you at the chosen time while it is running, also when its window "
        "is closed to the system tray."
    ),
}
