"""Themes and text size for the whole application, and the named colours of the session screen.

The person follows along from a mat one or two metres from a laptop, so legibility comes first:
every palette here keeps body text at WCAG AAA contrast (7:1 or more) against its background, and
`session_colors` never hands out a colour below 4.5:1 against the background it is drawn on, even
for a platform ("system") palette we did not choose.

Text size: `apply_theme` scales the *platform's* default font by `text_scale`. The platform font is
remembered on the first call (as a dynamic property of the application object), so calling
`apply_theme` again -- every time the settings change -- never compounds the scale.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from backtimer.core.settings import THEMES
from backtimer.ui.fonts import TEXT_SCALE_PROPERTY, scaled_font

logger = logging.getLogger(__name__)

_ORIGINAL_FONT = "_backtimer_platform_font"
_ORIGINAL_STYLE = "_backtimer_platform_style"
_CURRENT_STYLE = "_backtimer_style"

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# Each palette: role -> colour for the active/inactive groups, and a few disabled overrides.
# Contrast of the text roles against their backgrounds (checked by the tests):
#   light: #111111 on #f5f5f5 about 17.3:1; highlighted text #ffffff on #1a4fa0 about 7.9:1
#   dark: #f2f2f2 on #1c1c1e about 15.2:1; highlighted text #0b0b0b on #9cc2ff about 10.9:1
#   high contrast: #ffffff on #000000 21:1; highlighted text #000000 on #ffff00 19.6:1
_PALETTES: dict[str, dict[Role, str]] = {
    "light": {
        Role.Window: "#f5f5f5",
        Role.WindowText: "#111111",
        Role.Base: "#ffffff",
        Role.AlternateBase: "#ececec",
        Role.Text: "#111111",
        Role.Button: "#e4e4e4",
        Role.ButtonText: "#111111",
        Role.BrightText: "#ffffff",
        Role.Highlight: "#1a4fa0",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#0b47a1",
        Role.LinkVisited: "#5b2a86",
        Role.ToolTipBase: "#ffffff",
        Role.ToolTipText: "#111111",
        Role.PlaceholderText: "#555555",
        Role.Light: "#ffffff",
        Role.Midlight: "#dedede",
        Role.Mid: "#9a9a9a",
        Role.Dark: "#6a6a6a",
        Role.Shadow: "#3a3a3a",
    },
    "dark": {
        Role.Window: "#1c1c1e",
        Role.WindowText: "#f2f2f2",
        Role.Base: "#111113",
        Role.AlternateBase: "#26262a",
        Role.Text: "#f2f2f2",
        Role.Button: "#2e2e33",
        Role.ButtonText: "#f2f2f2",
        Role.BrightText: "#000000",
        Role.Highlight: "#9cc2ff",
        Role.HighlightedText: "#0b0b0b",
        Role.Link: "#9cc2ff",
        Role.LinkVisited: "#d0a6ff",
        Role.ToolTipBase: "#2e2e33",
        Role.ToolTipText: "#f2f2f2",
        Role.PlaceholderText: "#a8a8a8",
        Role.Light: "#4a4a50",
        Role.Midlight: "#3a3a40",
        Role.Mid: "#5e5e66",
        Role.Dark: "#101012",
        Role.Shadow: "#000000",
    },
    "high_contrast": {
        Role.Window: "#000000",
        Role.WindowText: "#ffffff",
        Role.Base: "#000000",
        Role.AlternateBase: "#1a1a1a",
        Role.Text: "#ffffff",
        Role.Button: "#000000",
        Role.ButtonText: "#ffffff",
        Role.BrightText: "#ffff00",
        Role.Highlight: "#ffff00",
        Role.HighlightedText: "#000000",
        Role.Link: "#66ffff",
        Role.LinkVisited: "#ff99ff",
        Role.ToolTipBase: "#000000",
        Role.ToolTipText: "#ffffff",
        Role.PlaceholderText: "#d0d0d0",
        # Fusion draws frames and bevels from these: white keeps them visible on black.
        Role.Light: "#ffffff",
        Role.Midlight: "#ffffff",
        Role.Mid: "#ffffff",
        Role.Dark: "#ffffff",
        Role.Shadow: "#ffffff",
    },
}

_DISABLED: dict[str, dict[Role, str]] = {
    "light": {Role.WindowText: "#767676", Role.Text: "#767676", Role.ButtonText: "#767676",
              Role.Highlight: "#9a9a9a"},
    "dark": {Role.WindowText: "#8c8c8c", Role.Text: "#8c8c8c", Role.ButtonText: "#8c8c8c",
             Role.Highlight: "#55555a"},
    "high_contrast": {Role.WindowText: "#a0a0a0", Role.Text: "#a0a0a0",
                      Role.ButtonText: "#a0a0a0", Role.Highlight: "#808000"},
}

# Candidate session colours for a light and a dark background; session_colors() still checks and,
# if needed, corrects each one against the actual background.
_SESSION_LIGHT = {
    "accent": "#0b4fb3",  # hold ring: deep blue
    "rest": "#00695c",  # rest ring: teal
    "warn": "#8a4b00",  # amber darkened until it reads on white
    "danger": "#b3141b",
    "ok": "#1b6e2d",
}
_SESSION_DARK = {
    "accent": "#8ab8ff",
    "rest": "#5fd4c4",
    "warn": "#ffc94d",
    "danger": "#ff8a80",
    "ok": "#7ddc8e",
}
_SESSION_HIGH_CONTRAST = {
    "accent": "#ffff00",
    "rest": "#00ffff",
    "warn": "#ffb000",
    "danger": "#ff6b6b",
    "ok": "#4dff88",
}

MIN_CONTRAST = 4.5

# Fusion draws frames, check-box squares and focus rings in shades of the window colour, which on
# pure black are black: buttons lose their outline, line edits their box, an unticked check box
# vanishes. In high contrast only, this style sheet gives them white borders, a yellow focus
# ring, and a check box that is a white square, filled yellow when ticked. Sizes are in em, so
# they follow the text size.
HIGH_CONTRAST_STYLE_SHEET = """
QPushButton, QToolButton {
    color: #ffffff; background: #000000;
    border: 2px solid #ffffff; border-radius: 0.25em; padding: 0.3em 0.9em;
}
QPushButton:hover, QToolButton:hover { background: #262626; }
QPushButton:pressed, QToolButton:pressed, QPushButton:checked, QToolButton:checked {
    color: #000000; background: #ffff00;
}
QPushButton:focus, QToolButton:focus { border: 3px solid #ffff00; }
QPushButton:disabled, QToolButton:disabled { color: #a0a0a0; border-color: #a0a0a0; }
QLineEdit, QSpinBox, QDoubleSpinBox, QTimeEdit, QDateEdit, QComboBox, QAbstractItemView,
QTextEdit, QPlainTextEdit {
    border: 2px solid #ffffff;
}
QLineEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QTimeEdit:focus, QDateEdit:focus,
QComboBox:focus, QAbstractItemView:focus, QTextEdit:focus, QPlainTextEdit:focus {
    border: 3px solid #ffff00;
}
QCheckBox::indicator, QRadioButton::indicator {
    width: 0.9em; height: 0.9em; border: 2px solid #ffffff; background: #000000;
}
QRadioButton::indicator { border-radius: 0.45em; }
QCheckBox::indicator:checked, QRadioButton::indicator:checked { background: #ffff00; }
QCheckBox:focus, QRadioButton:focus { color: #ffff00; }
QCheckBox::indicator:focus, QRadioButton::indicator:focus { border-color: #ffff00; }
QGroupBox { border: 1px solid #ffffff; margin-top: 1.4em; padding-top: 0.4em; }
QGroupBox::title { subcontrol-origin: margin; left: 0.5em; padding: 0 0.3em; }
QTabWidget::pane { border: 2px solid #ffffff; }
QTabBar::tab {
    color: #ffffff; background: #000000; border: 2px solid #ffffff; padding: 0.3em 0.8em;
}
QTabBar::tab:selected { color: #000000; background: #ffff00; }
QTabBar::tab:focus { border-color: #ffff00; }
QSlider::groove:horizontal { border: 1px solid #ffffff; height: 0.3em; }
QSlider::handle:horizontal {
    background: #ffff00; border: 1px solid #ffffff; width: 0.8em; margin: -0.4em 0;
}
"""


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(color: QColor | str) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 for black, 1 for white)."""
    c = QColor(color)
    return (0.2126 * _channel(c.redF()) + 0.7152 * _channel(c.greenF())
            + 0.0722 * _channel(c.blueF()))


def contrast_ratio(c1: QColor | str, c2: QColor | str) -> float:
    """WCAG 2 contrast ratio, from 1.0 (same colour) to 21.0 (black on white); order-free."""
    l1, l2 = relative_luminance(c1), relative_luminance(c2)
    hi, lo = max(l1, l2), min(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def mix(c1: QColor | str, c2: QColor | str, amount: float) -> QColor:
    """`c1` moved `amount` (0..1) of the way toward `c2`, channel by channel."""
    a, b = QColor(c1), QColor(c2)
    t = min(1.0, max(0.0, amount))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def ensure_contrast(color: QColor | str, background: QColor | str,
                    minimum: float = MIN_CONTRAST) -> QColor:
    """`color`, moved toward black or white (whichever contrasts more with the background) just
    far enough to reach `minimum` contrast against `background`."""
    c, bg = QColor(color), QColor(background)
    if contrast_ratio(c, bg) >= minimum:
        return c
    target = QColor("#000000") if relative_luminance(bg) > 0.18 else QColor("#ffffff")
    if contrast_ratio(target, bg) < minimum:  # a mid-grey background: take whichever is better
        other = QColor("#ffffff") if target.name() == "#000000" else QColor("#000000")
        target = other if contrast_ratio(other, bg) > contrast_ratio(target, bg) else target
    for step in range(1, 21):
        candidate = mix(c, target, step / 20)
        if contrast_ratio(candidate, bg) >= minimum:
            return candidate
    return target


def palette_for(theme: str) -> QPalette | None:
    """The palette of a named theme, or None for "system" (the platform's own palette)."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}")
    if theme == "system":
        return None
    palette = QPalette()
    for role, value in _PALETTES[theme].items():
        palette.setColor(role, QColor(value))  # sets all three groups
    if hasattr(Role, "Accent"):  # Qt 6.6+
        palette.setColor(Role.Accent, QColor(_PALETTES[theme][Role.Highlight]))
    for role, value in _DISABLED[theme].items():
        palette.setColor(Group.Disabled, role, QColor(value))
    return palette


def _remember_platform(app: QApplication) -> tuple[QFont, str]:
    font = app.property(_ORIGINAL_FONT)
    style = app.property(_ORIGINAL_STYLE)
    if not isinstance(font, QFont):
        font = QFont(app.font())
        app.setProperty(_ORIGINAL_FONT, font)
    if not isinstance(style, str):
        # name() is "" while a style sheet wraps the style; then "system" keeps whatever style
        # is in use.
        style = app.style().name()
        app.setProperty(_ORIGINAL_STYLE, style)
    return font, style


def apply_theme(app: QApplication, theme: str, text_scale: float,
                base_point_size: float | None = None) -> None:
    """Set the style, palette and font size of the whole application.

    light, dark and high_contrast use the Fusion style (the only built-in style that honours a
    palette on every platform); "system" goes back to the platform's own style and palette.
    The font is the platform default (or `base_point_size` points) times `text_scale`.
    """
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; choose one of {', '.join(THEMES)}")
    if not 0.5 <= text_scale <= 3.0:
        raise ValueError(f"text scale {text_scale!r} is out of range")
    platform_font, platform_style = _remember_platform(app)
    palette = palette_for(theme)
    wanted_style = platform_style if palette is None else "fusion"
    # The style first: changing it resets the palette to the style's standard one. Compared with
    # the style we last set, because app.style().name() is "" under a style sheet.
    if wanted_style and app.property(_CURRENT_STYLE) != wanted_style.lower():
        QApplication.setStyle(wanted_style)
        app.setProperty(_CURRENT_STYLE, wanted_style.lower())
    # An empty palette (no roles set) makes Qt fall back to the platform palette and keep
    # following it, e.g. when the desktop switches between light and dark.
    app.setPalette(palette if palette is not None else QPalette())
    # Only ever replace our own style sheet, never one somebody else set.
    if theme == "high_contrast":
        if app.styleSheet() in ("", HIGH_CONTRAST_STYLE_SHEET):
            app.setStyleSheet(HIGH_CONTRAST_STYLE_SHEET)
    elif app.styleSheet() == HIGH_CONTRAST_STYLE_SHEET:
        app.setStyleSheet("")
    base = QFont(platform_font)
    if base_point_size is not None:
        base.setPointSizeF(base_point_size)
    # Widgets sized with fonts.follow pick the new size up from this (fontChanged).
    app.setProperty(TEXT_SCALE_PROPERTY, text_scale)  # before setFont: followers read it
    app.setFont(scaled_font(base, text_scale))
    logger.debug("theme %s, text scale %.2f", theme, text_scale)


def is_dark(palette: QPalette) -> bool:
    """True when the window background is darker than its text."""
    return relative_luminance(palette.color(Role.Window)) < relative_luminance(
        palette.color(Role.WindowText))


def session_colors(palette: QPalette) -> dict[str, QColor]:
    """Named colours for the session screen, each at least 4.5:1 against the background.

    Keys: background, foreground, muted (secondary text), accent (the hold ring), rest (the rest
    ring), warn, danger, ok.
    """
    background = QColor(palette.color(Group.Active, Role.Window))
    foreground = ensure_contrast(palette.color(Group.Active, Role.WindowText), background, 7.0)
    if is_dark(palette):
        high_contrast = contrast_ratio(foreground, background) >= 18.0
        candidates = _SESSION_HIGH_CONTRAST if high_contrast else _SESSION_DARK
    else:
        candidates = _SESSION_LIGHT
    colors = {"background": background, "foreground": foreground,
              "muted": ensure_contrast(mix(foreground, background, 0.35), background)}
    for name, value in candidates.items():
        colors[name] = ensure_contrast(value, background)
    return colors
