"""Spoken cues through pyttsx3, on a thread that owns its engine.

Why a thread and not a helper process: on Linux pyttsx3 (2.98 and 2.99) already keeps the slow and
fragile part out of Python. Its espeak driver synthesises in libespeak-ng's own thread into a
buffer, writes a temporary WAV and plays it with `os.system("aplay ...")`. A process of our own
would add start-up time and packaging trouble and buy only one thing, being able to kill a hung
`aplay`; the watchdog below covers that case well enough (the session goes on silently with one
notice). Cues are never cut short anyway: a stale cue is dropped before it starts.

What pyttsx3 does that this module works around (all seen with pyttsx3 2.99 and espeak-ng here):

- The engine must be created and driven in the same thread (pyttsx3 issue #327): the worker thread
  builds it, and every engine call, including listing voices, is run on that thread.
- `runAndWait()` does not always wait for the speech: the first call on a new engine returns
  before espeak has finished, and the audio is played later from espeak's thread. So the worker
  waits for the engine's "finished-utterance" notification, with a timeout.
- `runAndWait()` has no try/finally: after one driver error every later call raises "run loop
  already started" (issues #262, #403), and `pyttsx3.init()` hands back that same cached engine.
  The worker builds a fresh `pyttsx3.Engine()` instead and goes on.
- Each runAndWait() ends its loop through the driver's stop(), which cancels what espeak is
  doing whenever espeak still counts as busy (returning from the last cue, applying a new rate)
  and leaves a flag that cancels the next cue too: about half of all back-to-back cues were
  lost that way here. The worker never interrupts a cue, so that stop() is made a no-op.
- espeak's audio callback is process-wide and the newest engine takes it: an older engine's
  `runAndWait()` then never returns. Only this module creates engines, there is one speaker per
  process (a new one closes an older one left open), and a watchdog ends a run loop that
  outlives its utterance.
- pyttsx3 2.98 plays each sentence as it is synthesised and reports the cue finished after the
  first one, so the worker would take the next cue while the rest is still playing: use 2.99.
- With no sound card `aplay` fails at once ("audio open error") but the driver ignores its exit
  status and reports the cue as finished. `probe_audio_output()` runs `aplay` on a short silent
  WAV first, so a machine that cannot play sound gets silent cues and one notice instead.

Timing here (pyttsx3 2.99, espeak-ng, no sound card; benchmarks/bench_speech.py): building an
engine 0.01-0.07 s; the worker hands a cue to pyttsx3 about 0.2 ms after it was queued; a short
cue's synthesis plus the failing `aplay` takes 13-30 ms. With a stand-in `aplay` that plays for
the WAV's length, audio would start a median 19 ms (p90 24 ms) after queueing.
"""

from __future__ import annotations

import contextlib
import gc
import heapq
import itertools
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from backtimer.core.clock import Clock, monotonic
from backtimer.core.cues import DECISION, CueRequest, estimate_seconds
from backtimer.core.events import Cue
from backtimer.core.settings import Settings
from backtimer.speech.speaker import CueCallback, Speaker, not_spoken, report

logger = logging.getLogger(__name__)

SAMPLE_TEXT = "Bird-dog, left side. Hold. 3, 2, 1. Relax."

# Consecutive engine failures (errors or timeouts) after which the speaker gives up for the run.
MAX_FAILURES = 3
# A cue that has not finished this long after its estimated length is considered stuck.
MIN_FINISH_TIMEOUT = 4.0
APLAY_PROBE_TIMEOUT = 3.0

ProblemCallback = Callable[[str], None]
AudioProbe = Callable[[], "str | None"]


class Engine(Protocol):
    """The part of `pyttsx3.Engine` the worker uses; tests pass their own."""

    def say(self, text: str) -> Any: ...

    def runAndWait(self) -> None: ...

    def setProperty(self, name: str, value: Any) -> None: ...

    def getProperty(self, name: str) -> Any: ...

    def connect(self, topic: str, cb: Callable[..., None]) -> Any: ...


EngineFactory = Callable[[], Engine]


def pyttsx3_engine() -> Engine:
    """A new pyttsx3 engine for the platform's default driver."""
    import pyttsx3  # type: ignore[import-untyped]

    # WORKAROUND: https://github.com/nateshmbhat/pyttsx3/issues/262 - pyttsx3.init() returns the
    # cached engine for the driver, which after one error raises "run loop already started"
    # forever; a new Engine object starts with a clean loop state.
    engine: Engine = pyttsx3.Engine()
    return engine


# ------------------------------------------------------------------- audio output probe
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


# --------------------------------------------------------------------------- the worker
@dataclass
class _Job:
    request: CueRequest
    settings: Settings | None = None  # a voice test speaks with settings not yet saved
    call: Callable[[Engine], Any] | None = None  # run on the worker thread (voices)
    future: Future[Any] | None = None


@dataclass
class _Utterance:
    started: threading.Event = field(default_factory=threading.Event)
    finished: threading.Event = field(default_factory=threading.Event)
    completed: bool = True
    stuck: bool = False


_CALL_PRIORITY = 100

# The speaker that owns this process's engine (see Pyttsx3Speaker.__init__).
_owner_lock = threading.Lock()
_owner: weakref.ref[Pyttsx3Speaker] | None = None


SPEECH_NICENESS = 10


def _lower_own_priority() -> None:
    """Let the countdown win the CPU over speech.

    Synthesis (espeak's thread) and playback (an aplay child per cue) start from this thread and
    inherit its priority. On a two-core laptop they otherwise compete with the GUI thread exactly
    when a hold ends and "Relax." is synthesised (measured: phase ends up to 54 ms late). On Linux
    setpriority() on a thread id affects only that thread; elsewhere this does nothing.
    """
    if sys.platform != "linux":
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), SPEECH_NICENESS)
    except OSError as exc:
        logger.info("could not lower the speech thread's priority: %s", exc)


class Pyttsx3Speaker:
    """A `Speaker` that says cues one at a time, most important first, never cutting one short.

    `on_cue` (and `on_problem`) are called from the worker thread: pass them through
    `speech.qt_bridge.CueBridge` before they reach Qt code. The constructor waits up to
    `ready_timeout` seconds for the engine and the sound-output check, so `available` and
    `problem` are settled when it returns in all but pathological cases.
    """

    def __init__(
        self,
        settings: Settings,
        on_cue: CueCallback,
        clock: Clock = monotonic,
        *,
        on_problem: ProblemCallback | None = None,
        engine_factory: EngineFactory = pyttsx3_engine,
        audio_probe: AudioProbe | None = probe_audio_output,
        finish_timeout: float | None = None,
        ready_timeout: float = 2.0,
    ) -> None:
        self._settings = settings
        self._on_cue = on_cue
        self._on_problem = on_problem
        self._clock = clock
        self._factory = engine_factory
        self._probe = audio_probe
        self._finish_timeout = finish_timeout
        self._cond = threading.Condition()
        self._heap: list[tuple[int, int, _Job]] = []
        self._seq = itertools.count()
        self._closed = False
        self._muted = False  # after close(): no more callbacks
        self._problem: str | None = None
        self._available = True
        self._ready = threading.Event()
        self._engine: Engine | None = None
        self._applied: tuple[int, float, str] | None = None
        self._default_voice = ""
        self._utterance = _Utterance()
        self._failures = 0
        self._built_once = False
        self.engine_seconds: float | None = None  # time the last engine took to build
        self._take_over()
        self._thread = threading.Thread(target=self._run, name="backtimer-speech", daemon=True)
        self._thread.start()
        # Building the engine and checking the sound output take well under 0.2 s; waiting for
        # them here means `problem` is already known when the caller shows its notices. If it
        # takes longer (a hung sound server), the problem arrives later through `on_problem`.
        if ready_timeout > 0:
            self._ready.wait(ready_timeout)

    # ----------------------------------------------------------------- the port
    @property
    def available(self) -> bool:
        return self._available and self._settings.voice_enabled

    @property
    def problem(self) -> str | None:
        return self._problem

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Block until the engine was built and the sound output checked (or given up)."""
        return self._ready.wait(timeout)

    def say(self, request: CueRequest) -> None:
        self._put(_Job(request))

    def close(self, timeout: float = 2.0) -> None:
        with self._cond:
            if self._closed:
                return
            self._closed = True
            pending = [job for _, _, job in self._heap]
            self._heap.clear()
            self._cond.notify_all()
        for job in pending:
            self._finish_job(job, not_spoken(job.request, self._clock()))
        if threading.current_thread() is not self._thread:  # not from an on_cue callback
            self._thread.join(timeout)
            if self._thread.is_alive():
                logger.warning("speech thread still busy after close(); leaving it behind")
        self._muted = True

    # ------------------------------------------------------------------- extras
    def apply_settings(self, settings: Settings) -> None:
        """New rate, volume, voice or on/off; used from the next cue on."""
        self._settings = settings

    def speak_sample(self, settings: Settings, text: str = SAMPLE_TEXT) -> CueRequest:
        """Say `text` with `settings` (not yet saved), for the settings dialog's voice test."""
        now = self._clock()
        request = CueRequest(text=text, priority=DECISION, queued_t=now, expires_t=now + 10.0,
                             kind="sample")
        self._put(_Job(request, settings=settings))
        return request

    def voices(self, timeout: float = 3.0) -> list[tuple[str, str]]:
        """(id, name) of every voice of the engine; empty when there is no engine."""
        future: Future[list[tuple[str, str]]] = Future()
        now = self._clock()
        request = CueRequest(text="", priority=_CALL_PRIORITY, queued_t=now, expires_t=now,
                             kind="call")
        self._put(_Job(request, call=_list_voices, future=future))
        try:
            return future.result(timeout)
        except Exception:
            logger.warning("could not list voices", exc_info=True)
            return []

    # ---------------------------------------------------------------- internals
    def _take_over(self) -> None:
        """One speaker per process: close an older one that was never closed.

        espeak's audio callback is process-wide and goes to the newest engine, so an older
        speaker still in use would hang in runAndWait() and, rebuilding its engine, take the
        callback back: the two would silence each other in turn.
        """
        global _owner
        with _owner_lock:
            previous = _owner() if _owner is not None else None
            _owner = weakref.ref(self)
        if previous is not None and not previous._closed:
            logger.warning("a new speaker replaces one that was not closed; closing it")
            previous.close(timeout=0.5)

    def _put(self, job: _Job) -> None:
        with self._cond:
            if not self._closed:
                heapq.heappush(self._heap, (-job.request.priority, next(self._seq), job))
                self._cond.notify()
                return
        self._finish_job(job, not_spoken(job.request, self._clock()))

    def _run(self) -> None:
        _lower_own_priority()
        try:
            self._start_engine()
        finally:
            self._ready.set()
        while True:
            with self._cond:
                while not self._heap and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                _, _, job = heapq.heappop(self._heap)
                dropped = [] if job.call is not None else self._drop_stale(job)
            for stale in dropped:
                self._finish_job(stale, not_spoken(stale.request, self._clock()))
            self._handle(job)

    def _drop_stale(self, job: _Job) -> list[_Job]:
        """With the lock held: the waiting cues that `job`, said first, would leave stale.

        Only less important cues are dropped here: they would wait at least until `job` ends,
        and if they expire by then there is no point keeping them in the queue.
        """
        now = self._clock()
        if job.request.expired(now):
            return []  # `job` itself is dropped by _handle
        settings = job.settings or self._settings
        ends = now + estimate_seconds(job.request.text, settings.voice_rate)
        stale = [entry for entry in self._heap
                 if entry[2].call is None and entry[2].request.priority < job.request.priority
                 and entry[2].request.expires_t <= ends]
        if stale:
            self._heap = [entry for entry in self._heap if entry not in stale]
            heapq.heapify(self._heap)
        return [entry[2] for entry in stale]

    def _handle(self, job: _Job) -> None:
        if job.call is not None:
            assert job.future is not None
            try:
                if self._engine is None:
                    raise RuntimeError(self._problem or "no speech engine")
                job.future.set_result(job.call(self._engine))
            except Exception as exc:
                job.future.set_exception(exc)
            return
        request = job.request
        now = self._clock()
        if request.expired(now):
            self._finish_job(job, not_spoken(request, now))
            return
        settings = job.settings or self._settings
        if not (self._available and self._engine is not None and settings.voice_enabled):
            self._finish_job(job, not_spoken(request, now))
            return
        self._finish_job(job, self._speak(request, settings))

    def _speak(self, request: CueRequest, settings: Settings) -> Cue:
        engine = self._engine
        assert engine is not None
        utterance = self._utterance = _Utterance()
        timeout = self._finish_timeout or max(
            MIN_FINISH_TIMEOUT, 2.5 * estimate_seconds(request.text, settings.voice_rate) + 2.0)
        deadline = time.monotonic() + timeout  # real time, whatever clock the cues use
        watchdog = threading.Timer(timeout, self._unstick, args=(engine, utterance))
        watchdog.daemon = True
        started_t = self._clock()
        error: Exception | None = None
        watchdog.start()
        try:
            self._apply(engine, settings)
            engine.say(request.text)
            engine.runAndWait()
            # WORKAROUND: https://github.com/nateshmbhat/pyttsx3/issues/219 - on Linux
            # runAndWait() can return before espeak has played the cue; wait for "finished".
            if utterance.started.is_set():
                utterance.finished.wait(max(0.0, deadline - time.monotonic()))
                if not utterance.finished.is_set():
                    utterance.stuck = True
        except Exception as exc:
            error = exc
        finally:
            watchdog.cancel()
        ended_t = self._clock()
        if error is not None:
            logger.warning("speech engine failed on %r: %s", request.text, error)
            self._recover(f"the speech engine failed ({error})")
            return Cue(t=ended_t, text=request.text, queued_t=request.queued_t,
                       started_t=started_t, ended_t=ended_t, spoken=False)
        if utterance.stuck:
            logger.warning("cue %r did not finish within %.1f s", request.text, timeout)
            self._recover("the sound output stopped responding")
            return Cue(t=ended_t, text=request.text, queued_t=request.queued_t,
                       started_t=started_t, ended_t=None, spoken=False)
        self._failures = 0
        return Cue(t=ended_t, text=request.text, queued_t=request.queued_t, started_t=started_t,
                   ended_t=ended_t, spoken=utterance.completed)

    def _unstick(self, engine: Engine, utterance: _Utterance) -> None:
        """Watchdog: end a run loop that outlived its cue, so the worker can go on."""
        utterance.stuck = True
        utterance.finished.set()
        driver = getattr(getattr(engine, "proxy", None), "_driver", None)
        end_loop = getattr(driver, "endLoop", None)
        if callable(end_loop):
            # WORKAROUND: https://github.com/nateshmbhat/pyttsx3/issues/126 - the espeak driver's
            # loop only ends from its audio callback; if that never comes, end it from outside.
            with contextlib.suppress(Exception):
                end_loop()

    def _recover(self, reason: str) -> None:
        self._failures += 1
        if self._failures >= MAX_FAILURES:
            self._give_up(f"Spoken cues are off: {reason}.")
            return
        self._start_engine()

    def _start_engine(self) -> None:
        """Build (or rebuild) the engine on this thread; the first time, check the sound output."""
        first = not self._built_once
        self._built_once = True
        self._engine = None
        self._applied = None
        gc.collect()  # let a broken engine go before its replacement takes espeak's callback
        begun = time.monotonic()
        try:
            engine = self._factory()
            _never_cancel(engine)
            engine.connect("started-utterance", self._on_started)
            engine.connect("finished-utterance", self._on_finished)
            engine.connect("error", self._on_error)
            with contextlib.suppress(Exception):
                self._default_voice = str(engine.getProperty("voice") or "")
        except Exception as exc:
            logger.warning("could not start the speech engine: %s", exc)
            self._give_up(f"Spoken cues are off: the speech engine could not start ({exc}).")
            return
        self.engine_seconds = time.monotonic() - begun
        logger.info("speech engine ready in %.3f s", self.engine_seconds)
        self._engine = engine
        if first and self._probe is not None:
            problem = self._probe()
            if problem:
                self._give_up(problem)

    def _give_up(self, problem: str) -> None:
        if self._problem is None:
            self._problem = problem
            logger.warning("%s", problem)
            if self._on_problem is not None and not self._muted:
                try:
                    self._on_problem(problem)
                except Exception:
                    logger.exception("problem listener failed")
        self._available = False

    def _apply(self, engine: Engine, settings: Settings) -> None:
        wanted = (settings.voice_rate, settings.voice_volume, settings.voice_id)
        if wanted == self._applied:
            return
        engine.setProperty("rate", settings.voice_rate)
        engine.setProperty("volume", settings.voice_volume)
        voice = settings.voice_id or self._default_voice
        if voice and (self._applied is None or self._applied[2] != settings.voice_id):
            engine.setProperty("voice", voice)
        self._applied = wanted

    def _on_started(self, **_: Any) -> None:
        self._utterance.started.set()

    def _on_finished(self, completed: bool = True, **_: Any) -> None:
        utterance = self._utterance
        utterance.completed = bool(completed)
        utterance.finished.set()

    def _on_error(self, exception: Exception | None = None, **_: Any) -> None:
        logger.warning("speech engine reported an error: %s", exception)

    def _finish_job(self, job: _Job, event: Cue) -> None:
        if job.future is not None:
            if not job.future.done():
                job.future.set_exception(RuntimeError("the speaker was closed"))
            return
        if not self._muted:
            report(self._on_cue, event)


def _never_cancel(engine: Engine) -> None:
    """Make the espeak driver's stop() a no-op: a cue is never cut short, and its stop() misfires.

    WORKAROUND: https://github.com/nateshmbhat/pyttsx3/issues/219 - every runAndWait() ends its
    loop through driver.stop(), which cancels whatever espeak is doing if espeak_IsPlaying() is
    true and leaves `_stopping` set. espeak counts as playing while it is still returning from
    the previous cue's callback, or applying a rate or volume just set, so the cue being started,
    or the next one, ends "finished" with completed=False and nothing heard. Seen here in about
    half of the runs of three cues queued back to back. The worker never interrupts a cue, so
    it needs no stop() at all.
    """
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    if driver is not None and type(driver).__module__.endswith(".espeak"):
        driver.stop = lambda: None
        driver._stopping = False


def _list_voices(engine: Engine) -> list[tuple[str, str]]:
    voices = engine.getProperty("voices") or []
    return [(str(v.id), str(getattr(v, "name", "") or v.id)) for v in voices]


# ----------------------------------------------------------------- for the settings dialog
def available_voices(speaker: Speaker) -> list[tuple[str, str]]:
    """(id, name) of the voices the app's speaker can use; empty for a silent speaker.

    Ask the speaker the app already has: a second pyttsx3 engine in the process would take
    espeak's audio callback away from the first one.
    """
    if isinstance(speaker, Pyttsx3Speaker):
        return speaker.voices()
    return []


def speak_sample(speaker: Speaker, settings: Settings, clock: Clock = monotonic,
                 text: str = SAMPLE_TEXT) -> None:
    """"Test voice": say a sample with `settings` (not yet saved); its outcome goes to on_cue."""
    if isinstance(speaker, Pyttsx3Speaker):
        speaker.speak_sample(settings, text)
        return
    now = clock()
    speaker.say(CueRequest(text=text, priority=DECISION, queued_t=now, expires_t=now + 10.0,
                           kind="sample"))
