"""Can speech be heard here? A check of the sound output that pyttsx3 itself never makes.

With no sound card `aplay` fails at once ("audio open error"), and pyttsx3's espeak driver ignores
its exit status and reports the cue as finished. So before speaking, the speech process plays a
short silent WAV the same way; a machine that cannot play sound gets silent cues and one notice.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

logger = logging.getLogger(__name__)

APLAY_PROBE_TIMEOUT = 3.0


def _silent_wav(path: Path, seconds: float = 0.05, rate: int = 22050) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\0\0" * int(seconds * rate))


def probe_audio_output(timeout: float = APLAY_PROBE_TIMEOUT) -> str | None:
    """None when speech can be heard, else one line saying why not.

    On Linux pyttsx3's espeak driver plays every cue with `aplay` and ignores its exit status, so
    the only way to know that cues are heard is to try `aplay` the same way (with silence).
    Other platforms play through the system speech API, which has no such blind spot.
    """
    if not sys.platform.startswith("linux"):
        return None
    aplay = shutil.which("aplay")
    if aplay is None:
        return ("Spoken cues are off: the 'aplay' program (alsa-utils) is missing, "
                "so speech cannot be played.")
    with tempfile.TemporaryDirectory(prefix="backtimer-") as folder:
        wav = Path(folder) / "probe.wav"
        _silent_wav(wav)
        try:
            result = subprocess.run(
                [aplay, "-q", str(wav)], stdin=subprocess.DEVNULL, capture_output=True,
                text=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            return "Spoken cues are off: the sound output does not respond."
        except OSError as exc:
            return f"Spoken cues are off: aplay cannot run ({exc.strerror or exc})."
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        # "aplay: main:831: audio open error: No such file or directory" -> from "audio open"
        reason = (re.sub(r"^aplay:\s*(\w+:\d+:\s*)?", "", lines[-1]) if lines
                  else f"aplay exit status {result.returncode}")
        return f"Spoken cues are off: no sound output was found ({reason})."
    return None
