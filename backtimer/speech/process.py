"""The app's side of the speech process: a `Speaker` whose engine runs in `speech.child`.

The queue, priorities and expiry stay here; the child gets one cue at a time and says when its
sound starts and ends. Nothing here does real work on the GUI's thread: `say` and `cancel` push to
the queue and write one short line to a pipe. Two threads of ours only wait: one reads the child's
reports, one (the supervisor) starts children and kills one that is stuck.

- A cue that has not ended long after its estimated length means a stuck engine or sound server:
  the supervisor kills the child's process group (the child and its `aplay`) and starts a fresh
  child. After MAX_FAILURES failures in a row the speaker goes silent with one notice.
- `cancel(phase)` drops the waiting cues of a phase that has ended (reported as not spoken) and
  cuts the playing one: the child kills its `aplay`; if it does not answer within CUT_TIMEOUT, the
  whole child is killed and replaced. A cut cue is reported with `cut=True`.
- The supervisor thread starts every child and lives as long as the speaker: Linux's
  PR_SET_PDEATHSIG, which the child asks for, fires when the *thread* that started it ends.
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backtimer.core.clock import Clock, monotonic
from backtimer.core.cues import DECISION, CueRequest, estimate_seconds
from backtimer.core.events import Cue
from backtimer.core.settings import Settings
from backtimer.speech.spawn import Child, child_command
from backtimer.speech.speaker import CueCallback, Speaker, not_spoken, report

logger = logging.getLogger(__name__)

SAMPLE_TEXT = "Bird-dog, left side. Hold. 3, 2, 1. Relax."
MAX_FAILURES = 3  # failures in a row (crash, stuck, engine error) before speech gives up
MIN_FINISH_TIMEOUT = 4.0  # a cue still playing this long past its estimate is stuck
START_TIMEOUT = 20.0  # a child that is not ready by then is stuck
CUT_TIMEOUT = 0.3  # a child that has not stopped a cut cue by then is killed

ProblemCallback = Callable[[str], None]


@dataclass
class _Job:
    request: CueRequest
    settings: Settings | None = None  # a voice test speaks with settings not yet saved
    id: int = 0
    started_t: float | None = None
    deadline: float = 0.0  # real monotonic time by which it must have ended
    cut: bool = False


class ProcessSpeaker:
    """A `Speaker` that says cues one at a time, most important first, in a child process.

    `on_cue` and `on_problem` are called from the speaker's threads: pass them through
    `speech.qt_bridge.CueBridge` before they reach Qt code. The constructor waits up to
    `ready_timeout` seconds for the child's engine and sound check, so `available` and `problem`
    are usually settled when it returns.
    """

    def __init__(self, settings: Settings, on_cue: CueCallback, clock: Clock = monotonic, *,
                 on_problem: ProblemCallback | None = None,
                 command: tuple[list[str], dict[str, str]] | None = None,
                 finish_timeout: float | None = None, ready_timeout: float = 2.0) -> None:
        self._settings = settings
        self._on_cue = on_cue
        self._on_problem = on_problem
        self._clock = clock
        self._command = command or child_command()
        self._finish_timeout = finish_timeout
        self._cond = threading.Condition()
        self._heap: list[tuple[int, int, _Job]] = []
        self._seq = itertools.count()
        self._ids = itertools.count(1)
        self._current: _Job | None = None
        self._child: Child | None = None
        self._want_child = True
        self._closed = False
        self._available = True
        self._problem: str | None = None
        self._failures = 0
        self._voices: list[tuple[str, str]] = []
        self._outbox: list[Cue | str] = []  # reports made under the lock, delivered after it
        self._ready = threading.Event()
        self._supervisor = threading.Thread(target=self._supervise, name="backtimer-speech",
                                            daemon=True)
        self._supervisor.start()
        if ready_timeout > 0:
            self._ready.wait(ready_timeout)

    # ------------------------------------------------------------------- the port
    @property
    def available(self) -> bool:
        return self._available and self._settings.voice_enabled

    @property
    def problem(self) -> str | None:
        return self._problem

    @property
    def child_pid(self) -> int | None:
        """The speech process's id (for tests and benchmarks), None between children."""
        child = self._child
        return child.process.pid if child is not None else None

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Block until the first child was ready (or speech gave up)."""
        return self._ready.wait(timeout)

    def say(self, request: CueRequest) -> None:
        self._put(_Job(request))

    def cancel(self, phase: int) -> None:
        with self._cond:
            dropped = [job for _, _, job in self._heap if job.request.phase == phase]
            if dropped:
                self._heap = [e for e in self._heap if e[2].request.phase != phase]
                heapq.heapify(self._heap)
            current = self._current
            if current is not None and current.request.phase == phase and not current.cut:
                self._cut(current)
            self._drop(dropped)
        self._flush()

    def apply_settings(self, settings: Settings) -> None:
        """New rate, volume, voice or on/off; used from the next cue on."""
        self._settings = settings

    def close(self, timeout: float = 2.0) -> None:
        with self._cond:
            if self._closed:
                return
            self._closed = True
            pending = [job for _, _, job in self._heap]
            self._heap.clear()
            current, self._current = self._current, None
            self._cond.notify_all()
            self._drop([*pending, *([current] if current is not None else [])])
            items, self._outbox = self._outbox, []
        for item in items:
            if isinstance(item, Cue):
                report(self._on_cue, item)
        if threading.current_thread() is not self._supervisor:
            self._supervisor.join(timeout + 1.0)

    # --------------------------------------------------------------------- extras
    def speak_sample(self, settings: Settings, text: str = SAMPLE_TEXT) -> CueRequest:
        """Say `text` with `settings` (not yet saved), for the settings dialog's voice test."""
        now = self._clock()
        request = CueRequest(text=text, priority=DECISION, queued_t=now, expires_t=now + 10.0,
                             kind="sample")
        self._put(_Job(request, settings=settings))
        return request

    def voices(self) -> list[tuple[str, str]]:
        """(id, name) of every voice of the engine; empty when there is none."""
        self._ready.wait(5.0)
        return list(self._voices)

    # ------------------------------------------------------------------ internals
    def _put(self, job: _Job) -> None:
        with self._cond:
            if self._closed or not self._available:
                self._drop([job])
            else:
                heapq.heappush(self._heap, (-job.request.priority, next(self._seq), job))
                self._pump()
        self._flush()

    def _pump(self) -> None:
        """With the lock held: give the child the next cue worth saying, if it is free."""
        child = self._child
        dropped: list[_Job] = []
        while (self._current is None and self._heap and child is not None and child.ready
               and not self._closed):
            _, _, job = heapq.heappop(self._heap)
            now = self._clock()
            settings = job.settings or self._settings
            if job.request.expired(now) or not (self._available and settings.voice_enabled):
                dropped.append(job)
                continue
            dropped += self._drop_stale(job, now, settings)
            job.id = next(self._ids)
            estimate = estimate_seconds(job.request.text, settings.voice_rate)
            job.deadline = time.monotonic() + (
                self._finish_timeout or max(MIN_FINISH_TIMEOUT, 2.5 * estimate + 2.0))
            self._current = job
            if not child.send(op="say", id=job.id, text=job.request.text,
                              rate=settings.voice_rate, volume=settings.voice_volume,
                              voice=settings.voice_id):
                child.kill()  # its reader sees the end and starts a new one
            self._cond.notify_all()
        self._drop(dropped)

    def _drop(self, jobs: list[_Job]) -> None:
        """With the lock held: report `jobs` as not spoken (delivered by `_flush`)."""
        now = self._clock()
        self._outbox += [not_spoken(job.request, now) for job in jobs]

    def _flush(self) -> None:
        """Without the lock: deliver the reports made under it, in order."""
        with self._cond:
            items, self._outbox = self._outbox, []
        for item in items:
            if isinstance(item, str):
                if self._on_problem is not None and not self._closed:
                    try:
                        self._on_problem(item)
                    except Exception:
                        logger.exception("problem listener failed")
            elif not self._closed or not item.spoken:
                report(self._on_cue, item)

    def _drop_stale(self, job: _Job, now: float, settings: Settings) -> list[_Job]:
        """Waiting cues less important than `job` that would expire before it ends."""
        ends = now + estimate_seconds(job.request.text, settings.voice_rate)
        stale = [e for e in self._heap
                 if e[2].request.priority < job.request.priority and e[2].request.expires_t <= ends]
        if stale:
            self._heap = [e for e in self._heap if e not in stale]
            heapq.heapify(self._heap)
        return [e[2] for e in stale]

    def _cut(self, job: _Job) -> None:
        """With the lock held: stop `job`'s sound; the child reports it ended."""
        job.cut = True
        child = self._child
        if child is None:
            return
        if child.cuttable and child.send(op="cut", id=job.id):
            job.deadline = min(job.deadline, time.monotonic() + CUT_TIMEOUT)
            self._cond.notify_all()
        else:
            child.kill()

    # --------------------------------------------------------------- the threads
    def _supervise(self) -> None:
        """Start children (this thread lives as long as the speaker) and kill stuck ones."""
        while True:
            with self._cond:
                while True:
                    if self._closed:
                        child, self._child = self._child, None
                        break
                    if self._want_child and self._available:
                        self._want_child = False
                        child = None
                        break
                    self._kill_stuck()
                    self._cond.wait(self._next_deadline())
            if self._closed or child is not None:
                if child is not None:
                    child.close(timeout=1.0)
                return
            self._start_child()

    def _next_deadline(self) -> float | None:
        deadlines = []
        if self._current is not None:
            deadlines.append(self._current.deadline)
        child = self._child
        if child is not None and not child.ready:
            deadlines.append(child.started + START_TIMEOUT)
        if not deadlines:
            return None
        return max(0.01, min(deadlines) - time.monotonic())

    def _kill_stuck(self) -> None:
        child, now = self._child, time.monotonic()
        if child is None:
            return
        current = self._current
        if (current is not None and now >= current.deadline) or (
                not child.ready and now >= child.started + START_TIMEOUT):
            if current is None or not current.cut:
                logger.warning("the speech process is stuck; killing it")
            child.kill()

    def _start_child(self) -> None:
        command, env = self._command
        try:
            child = Child(command, env)
        except OSError as exc:
            with self._cond:
                self._give_up(f"Spoken cues are off: the speech process could not start ({exc}).")
            self._flush()
            return
        with self._cond:
            if self._closed:
                child.kill()
                return
            self._child = child
        threading.Thread(target=self._read, args=(child,), daemon=True,
                         name="backtimer-speech-reports").start()

    def _read(self, child: Child) -> None:
        stdout = child.process.stdout
        assert stdout is not None
        for line in iter(stdout.readline, ""):
            try:
                message = json.loads(line)
            except ValueError:
                continue
            self._on_message(child, message)
        child.process.wait()
        self._child_gone(child)

    def _on_message(self, child: Child, message: dict[str, Any]) -> None:
        kind = message.get("ev")
        with self._cond:
            if kind == "ready":
                problem = message.get("problem")
                self._voices = [(str(v[0]), str(v[1])) for v in message.get("voices") or []]
                child.cuttable = bool(message.get("cuttable", True))
                if problem:
                    self._give_up(str(problem))
                    child.kill()
                else:
                    child.ready = True
                    self._pump()
                self._ready.set()
            elif kind == "started":
                current = self._current
                if current is not None and current.id == message.get("id"):
                    current.started_t = self._clock()
            elif kind == "ended":
                current = self._current
                if current is None or current.id != message.get("id"):
                    return
                self._current = None
                self._outbox.append(self._outcome(current, bool(message.get("completed"))))
                if message.get("error"):
                    logger.warning("speech failed on %r: %s", current.request.text,
                                   message["error"])
                    child.kill()
                elif not current.cut:
                    self._failures = 0
                self._pump()
        self._flush()

    def _outcome(self, job: _Job, completed: bool) -> Cue:
        now = self._clock()
        started = job.started_t
        return Cue(t=now, text=job.request.text, queued_t=job.request.queued_t,
                   started_t=started, ended_t=now if started is not None else None,
                   spoken=completed and not job.cut and started is not None,
                   cut=job.cut and started is not None)

    def _child_gone(self, child: Child) -> None:
        with self._cond:
            if self._child is not child:
                return
            self._child = None
            current, self._current = self._current, None
            if current is not None:
                self._outbox.append(self._outcome(current, completed=False))
            if not self._closed and self._available:
                if current is None or not current.cut:
                    self._failures += 1
                    logger.warning("the speech process ended (status %s)",
                                   child.process.returncode)
                if self._failures >= MAX_FAILURES:
                    self._give_up("Spoken cues are off: the speech engine keeps failing.")
                else:
                    self._want_child = True
            self._cond.notify_all()
        self._flush()

    def _give_up(self, problem: str) -> None:
        """With the lock held: silent from now on, with one notice; waiting cues not spoken."""
        self._available = False
        self._ready.set()
        self._drop([job for _, _, job in self._heap])
        self._heap.clear()
        if self._problem is None:
            self._problem = problem
            logger.warning("%s", problem)
            self._outbox.append(problem)


# ------------------------------------------------------------------ for the settings dialog
def available_voices(speaker: Speaker) -> list[tuple[str, str]]:
    """(id, name) of the voices the app's speaker can use; empty for a silent speaker."""
    return speaker.voices() if isinstance(speaker, ProcessSpeaker) else []


def speak_sample(speaker: Speaker, settings: Settings, clock: Clock = monotonic,
                 text: str = SAMPLE_TEXT) -> None:
    """"Test voice": say a sample with `settings` (not yet saved); its outcome goes to on_cue."""
    if isinstance(speaker, ProcessSpeaker):
        speaker.speak_sample(settings, text)
        return
    now = clock()
    speaker.say(CueRequest(text=text, priority=DECISION, queued_t=now, expires_t=now + 10.0,
                           kind="sample"))
