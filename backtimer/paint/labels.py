"""The words and colours for a session's status, a pain decision and a skip reason, defined once.

The history window, its table and the clinician PDF all show these; before this module each wrote
its own (the PDF said "completed" where the window said "Completed", and a decision's colour lived
only in the prompt). Every function is keyed by the enums of core/records.py, never by strings.

A `Tone` says how serious something is. Windows turn it into a colour checked against their own
background (ui/theme.py `session_colors` has the same keys); paper is always white, so the PDF uses
`PAPER_TONES`, colours dark enough to read on white and in greyscale.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from backtimer.core.records import Decision, SessionStatus, SkipReason

logger = logging.getLogger(__name__)

_CONTEXT = "Labels"


def _t(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class Tone(StrEnum):
    """How serious: the values are the colour names of ui/theme.py `session_colors`."""

    NEUTRAL = "foreground"
    OK = "ok"
    WARN = "warn"
    DANGER = "danger"


# The light session colours of ui/theme.py: each reads at 4.5:1 or better on white paper.
PAPER_TONES: dict[Tone, QColor] = {
    Tone.NEUTRAL: QColor("#1a1a1a"),
    Tone.OK: QColor("#1b6e2d"),
    Tone.WARN: QColor("#8a4b00"),
    Tone.DANGER: QColor("#b3141b"),
}


def status_label(status: SessionStatus) -> str:
    """'Completed', 'Stopped', 'Interrupted' or 'In progress'."""
    labels = {
        SessionStatus.COMPLETED: _t("Completed"),
        SessionStatus.STOPPED: _t("Stopped"),
        SessionStatus.INTERRUPTED: _t("Interrupted"),
        SessionStatus.OPEN: _t("In progress"),
    }
    return labels[SessionStatus(status)]


def status_tone(status: SessionStatus) -> Tone:
    """A completed session is plain; anything else is worth a second look."""
    return Tone.NEUTRAL if SessionStatus(status) is SessionStatus.COMPLETED else Tone.WARN


def decision_label(decision: Decision) -> str:
    """The short name of what a pain rating led to."""
    labels = {
        Decision.CONTINUE: _t("Continue"),
        Decision.CAUTION: _t("Go gently"),
        Decision.SKIP_EXERCISE: _t("Skip exercise"),
        Decision.STOP_SESSION: _t("Stop session"),
        Decision.EMERGENCY: _t("Emergency"),
    }
    return labels[Decision(decision)]


def decision_tone(decision: Decision) -> Tone:
    """Green to go on, amber to go gently or leave an exercise, red to stop or get help."""
    tones = {
        Decision.CONTINUE: Tone.OK,
        Decision.CAUTION: Tone.WARN,
        Decision.SKIP_EXERCISE: Tone.WARN,
        Decision.STOP_SESSION: Tone.DANGER,
        Decision.EMERGENCY: Tone.DANGER,
    }
    return tones[Decision(decision)]


def step_outcome_label(skipped: bool, skip_reason: SkipReason | None) -> str:
    """What became of one set: done, or why it was not done (no reason given: the person's)."""
    if not skipped:
        return _t("done")
    labels = {
        SkipReason.PAIN: _t("skipped: pain"),
        SkipReason.STOPPED: _t("not finished: session ended"),
        SkipReason.USER: _t("skipped"),
    }
    return labels[SkipReason(skip_reason or SkipReason.USER)]
