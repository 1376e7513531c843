"""Short beeps for the last seconds of a hold ("tick") and the end of a phase ("done").

Played with QtMultimedia's QSoundEffect from the bundled WAVs (assets/sounds, see the README
there), which keeps them low-latency and off the speech thread. With no audio output device
(`QMediaDevices.audioOutputs()` empty, as on a machine without a sound card) the beeper does
nothing and keeps a one-line `problem` for the UI's notice.

QtMultimedia is imported only when a Beeper is built: loading it logs Qt warnings about optional
libraries (PipeWire, VA-API) that are noise for this program and that the tests treat as errors.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLoggingCategory, QObject, QUrl

from backtimer.bundled import asset_path
from backtimer.core.cues import BeepKind
from backtimer.core.settings import Settings

logger = logging.getLogger(__name__)

SOUNDS: dict[BeepKind, str] = {"tick": "tick.wav", "done": "done.wav"}
NO_DEVICE = "Beeps are off: no audio output device was found."
# Qt logs these while probing optional back-end libraries; they say nothing about beeps.
_QUIET_RULES = "qt.multimedia.symbolsresolver.warning=false"


def _no_sound_system() -> bool:
    """True on Linux when there is plainly nothing to play to: no sound card and no sound server.

    Asking QtMultimedia in that case only adds a "PulseAudioService: pa_context_connect() failed"
    warning (to every GUI test on a machine without sound, too) before answering "none".
    """
    if not sys.platform.startswith("linux") or os.environ.get("PULSE_SERVER"):
        return False
    runtime = Path(os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}")
    servers = (runtime / "pulse" / "native", runtime / "pipewire-0")
    return not Path("/dev/snd").exists() and not any(p.exists() for p in servers)


def _quiet_multimedia() -> None:
    """Before QtMultimedia loads: silence its warnings about optional libraries it probes."""
    QLoggingCategory.setFilterRules(_QUIET_RULES)


def _audio_outputs() -> Sequence[Any]:
    if _no_sound_system():
        return []
    _quiet_multimedia()
    from PySide6.QtMultimedia import QMediaDevices

    return list(QMediaDevices.audioOutputs())


class Beeper(QObject):
    """`tick()` / `done()`, or call it with "tick" / "done" (the CuePlanner's `beep` callback)."""

    def __init__(
        self,
        settings: Settings,
        parent: QObject | None = None,
        *,
        audio_outputs: Callable[[], Sequence[Any]] = _audio_outputs,
    ) -> None:
        super().__init__(parent)
        self._enabled = settings.beeps
        self._effects: dict[BeepKind, Any] = {}
        self.problem: str | None = None
        try:
            outputs = audio_outputs()
        except Exception as exc:  # a broken multimedia back end must not stop the session
            logger.warning("could not list audio outputs: %s", exc)
            outputs = []
        if not outputs:
            self.problem = NO_DEVICE
            logger.info("%s", NO_DEVICE)
            return
        _quiet_multimedia()
        from PySide6.QtMultimedia import QSoundEffect

        for kind, filename in SOUNDS.items():
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(asset_path("sounds", filename))))
            self._effects[kind] = effect

    @property
    def available(self) -> bool:
        return bool(self._effects)

    @property
    def enabled(self) -> bool:
        return self._enabled and self.available

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled

    def apply_settings(self, settings: Settings) -> None:
        self._enabled = settings.beeps

    def tick(self) -> None:
        self.play("tick")

    def done(self) -> None:
        self.play("done")

    def __call__(self, kind: BeepKind) -> None:
        self.play(kind)

    def play(self, kind: BeepKind) -> None:
        if not self._enabled:
            return
        effect = self._effects.get(kind)
        if effect is not None:
            effect.play()

    def close(self) -> None:
        for effect in self._effects.values():
            effect.stop()
