"""The speech process: `python -m backtimer.speech.child`, started and owned by speech.process.

Why a process of its own (docs/speech.md): pyttsx3 synthesises in Python-held loops and, on Linux,
blocks in `aplay`; in the GUI's process that held its interpreter lock exactly when a hold ended
(phase ends up to 74 ms late at p99). Here nothing the engine does can delay the countdown, and a
playing cue can be cut short: this process plays each cue's WAV with an `aplay` of its own, which
it kills when told to cut.

Protocol: JSON lines. On stdin, from the app: `{"op": "say", "id", "text", "rate", "volume",
"voice"}` and `{"op": "cut", "id"}`. On the protocol pipe (the original stdout; fd 1 itself is sent
to /dev/null because pyttsx3's espeak driver prints a line for every file it saves):
`{"ev": "ready", "problem", "voices", "cuttable"}`, then per cue `{"ev": "started", "id"}` when its
sound begins and `{"ev": "ended", "id", "completed", "cut", "error"}`.

Nothing here outlives the app: stdin reaching end of file (the app closed it, or died and the
kernel closed it) kills the playing `aplay` and ends this process at once; on Linux
PR_SET_PDEATHSIG sends SIGTERM when the app's thread that started us ends, with the same effect.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import logging
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from backtimer.speech.audio import probe_audio_output

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
SYNTH_TIMEOUT = 10.0  # seconds one cue's synthesis may take before the engine counts as stuck
SPEECH_NICENESS = 10  # the countdown wins the CPU over speech


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux for SIGTERM when the app goes; exit now if it has gone already."""
    if sys.platform.startswith("linux"):
        libc_name = ctypes.util.find_library("c")
        if libc_name:
            with contextlib.suppress(OSError, AttributeError):
                ctypes.CDLL(libc_name, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent_pid:
        os._exit(0)


class Child:
    """Speaks one cue at a time from the command queue; `cut` stops the one playing."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._out_lock = threading.Lock()
        self._lock = threading.Lock()
        self._commands: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._cut: set[int] = set()
        self._player: subprocess.Popen[bytes] | None = None
        self._playing: int | None = None  # the cue whose sound `_player` makes
        self._engine: Any = None
        self._finished = threading.Event()
        self._folder = Path(tempfile.mkdtemp(prefix="backtimer-speech-"))
        self._aplay = shutil.which("aplay") if sys.platform.startswith("linux") else None

    # -------------------------------------------------------------- the app's side
    def send(self, **message: Any) -> None:
        with self._out_lock:
            self._out.write(json.dumps(message) + "\n")
            self._out.flush()

    def read_commands(self, source: IO[str]) -> None:
        """Reader thread: a cut acts at once; everything else waits its turn; EOF ends it all."""
        for line in iter(source.readline, ""):
            with contextlib.suppress(ValueError):
                command = json.loads(line)
                if command.get("op") == "cut":
                    self.cut(int(command["id"]))
                else:
                    self._commands.put(command)
        self.shutdown()

    def cut(self, cue_id: int) -> None:
        with self._lock:
            self._cut.add(cue_id)
            player = self._player if self._playing == cue_id else None
        if player is not None:
            with contextlib.suppress(OSError):
                player.kill()

    def shutdown(self, *_: Any) -> None:
        """The app is gone or done: silence now, then leave without waiting for anything."""
        with self._lock:
            player = self._player
        if player is not None:
            with contextlib.suppress(OSError):
                player.kill()
        shutil.rmtree(self._folder, ignore_errors=True)
        os._exit(0)

    # ------------------------------------------------------------------ the engine
    def start_engine(self) -> str | None:
        """Build the engine; None when it and the sound output work, else one line why not."""
        try:
            import pyttsx3  # type: ignore[import-untyped]

            # WORKAROUND: https://github.com/nateshmbhat/pyttsx3/issues/262 - pyttsx3.init()
            # caches engines per driver; this process has exactly one engine, built here.
            self._engine = pyttsx3.Engine()
            _never_cancel(self._engine)
            self._engine.connect("finished-utterance", lambda **_: self._finished.set())
        except Exception as exc:
            logger.warning("could not start the speech engine: %s", exc)
            return f"Spoken cues are off: the speech engine could not start ({exc})."
        return probe_audio_output()

    def voices(self) -> list[list[str]]:
        with contextlib.suppress(Exception):
            found = self._engine.getProperty("voices") or []
            return [[str(v.id), str(getattr(v, "name", "") or v.id)] for v in found]
        return []

    def run(self) -> None:
        while (command := self._commands.get()) is not None:
            if command.get("op") == "say":
                self.speak(command)

    def speak(self, command: dict[str, Any]) -> None:
        cue_id = int(command["id"])
        try:
            self._apply(command)
            if self._aplay is not None:
                self._speak_to_file(cue_id, str(command["text"]))
            else:
                self._speak_direct(cue_id, str(command["text"]))
        except Exception as exc:
            # WORKAROUND: https://github.com/nateshmbhat/pyttsx3/issues/403 - runAndWait() has no
            # try/finally: after an error the engine is unusable ("run loop already started").
            # Report it; the app kills this process and starts a fresh one.
            logger.warning("speech failed on %r: %s", command.get("text"), exc)
            self.send(ev="ended", id=cue_id, completed=False, cut=False, error=str(exc) or "?")
            return

    def _apply(self, command: dict[str, Any]) -> None:
        self._engine.setProperty("rate", int(command.get("rate", 160)))
        self._engine.setProperty("volume", float(command.get("volume", 1.0)))
        if command.get("voice"):
            self._engine.setProperty("voice", str(command["voice"]))

    def _speak_to_file(self, cue_id: int, text: str) -> None:
        """Linux: synthesise into a WAV, then play it with an `aplay` this process can kill."""
        wav = self._folder / f"{cue_id}.wav"
        self._finished.clear()
        self._engine.save_to_file(text, str(wav))
        self._engine.runAndWait()
        if not self._finished.wait(SYNTH_TIMEOUT) or not wav.exists():
            raise RuntimeError("the engine produced no sound file")
        assert self._aplay is not None
        with self._lock:
            if cue_id in self._cut:
                self._player = None
            else:
                self._player = subprocess.Popen(
                    [self._aplay, "-q", str(wav)], stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                self._playing = cue_id
            player = self._player
        if player is None:
            wav.unlink(missing_ok=True)
            self.send(ev="ended", id=cue_id, completed=False, cut=True, error=None)
            return
        self.send(ev="started", id=cue_id)
        _, err = player.communicate()
        with self._lock:
            self._player = self._playing = None
            was_cut = cue_id in self._cut
            self._cut.discard(cue_id)
        wav.unlink(missing_ok=True)
        error = None
        if player.returncode != 0 and not was_cut:
            lines = err.decode(errors="replace").strip().splitlines()
            error = lines[-1] if lines else f"aplay exit status {player.returncode}"
        self.send(ev="ended", id=cue_id, completed=player.returncode == 0 and not was_cut,
                  cut=was_cut, error=error)

    def _speak_direct(self, cue_id: int, text: str) -> None:
        """Elsewhere the engine plays by itself; a cut there kills this whole process."""
        self._finished.clear()
        self.send(ev="started", id=cue_id)
        self._engine.say(text)
        self._engine.runAndWait()
        self.send(ev="ended", id=cue_id, completed=True, cut=False, error=None)


def _never_cancel(engine: Any) -> None:
    """Make the espeak driver's stop() a no-op: it misfires and cancels the next cue.

    WORKAROUND: https://github.com/nateshmbhat/pyttsx3/issues/219 - every runAndWait() ends its
    loop through driver.stop(), which cancels whatever espeak is doing while espeak still counts
    as busy and leaves `_stopping` set, so the next cue ends at once with nothing synthesised.
    Cues are cut by killing their `aplay`, never through the driver.
    """
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    if driver is not None and type(driver).__module__.endswith(".espeak"):
        driver.stop = lambda: None
        driver._stopping = False


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    die_with_parent(int(args[0]) if args else os.getppid())
    logging.basicConfig(level=logging.WARNING, format="speech: %(levelname)s %(message)s")
    # The protocol keeps the real stdout; fd 1 goes to /dev/null.
    # WORKAROUND: https://github.com/nateshmbhat/pyttsx3/blob/master/pyttsx3/drivers/espeak.py -
    # save_to_file() prints "Audio saved to ..." to stdout for every WAV it writes.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, SPEECH_NICENESS)
    child = Child(out)
    signal.signal(signal.SIGTERM, child.shutdown)
    reader = threading.Thread(target=child.read_commands, args=(sys.stdin,), daemon=True,
                              name="speech-commands")
    problem = child.start_engine()
    child.send(ev="ready", problem=problem, voices=child.voices() if problem is None else [],
               cuttable=child._aplay is not None)
    reader.start()
    child.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
