"""Speech end to end: the real espeak-ng engine through pyttsx3, the worker thread, beeps.

There is no sound card here or on CI. Where a test needs to know what would have been played, a
stand-in `aplay` on PATH (pyttsx3's espeak driver plays every cue with `aplay`) keeps a copy of
the WAV it was given. Every wait has a timeout; nothing sleeps to check timing.
"""

from __future__ import annotations

import ctypes.util
import math
import os
import queue
import stat
import struct
import sys
import threading
import wave
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from backtimer.bundled import asset_path
from backtimer.core.clock import FakeClock, monotonic
from backtimer.core.cues import COUNT, DECISION, INSTRUCTION, NAME, CueRequest
from backtimer.core.events import Cue
from backtimer.core.settings import Settings
from backtimer.speech.beeps import NO_DEVICE, Beeper
from backtimer.speech.speaker import SilentSpeaker, Speaker
from backtimer.speech.worker import (
    Pyttsx3Speaker,
    available_voices,
    probe_audio_output,
    speak_sample,
)

pytestmark = pytest.mark.integration

WAIT = 10.0  # seconds any single wait may take before the test fails instead of hanging

needs_espeak = pytest.mark.skipif(
    not (ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")),
    reason="libespeak-ng is not installed",
)


# ---------------------------------------------------------------------------------- helpers
def request(text: str, priority: int = INSTRUCTION, *, now: float | None = None,
            ttl: float = 10.0, kind: str = "instruction") -> CueRequest:
    t = monotonic() if now is None else now
    return CueRequest(text=text, priority=priority, queued_t=t, expires_t=t + ttl, kind=kind)


class Outcomes:
    """Collects the speaker's cue reports (from its thread) for the test to wait on."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Cue] = queue.Queue()

    def __call__(self, event: Cue) -> None:
        self.queue.put(event)

    def next(self) -> Cue:
        try:
            return self.queue.get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError(f"no cue reported within {WAIT} s") from None

    def take(self, n: int) -> list[Cue]:
        return [self.next() for _ in range(n)]


class ScriptedEngine:
    """A stand-in pyttsx3 engine: records what it says; can block or fail on chosen calls."""

    def __init__(self, *, block: list[threading.Event] | None = None,
                 fail: list[Exception] | None = None) -> None:
        self.said: list[str] = []
        self.props: dict[str, Any] = {}
        self.prop_log: list[tuple[str, Any]] = []
        self.entered = threading.Event()
        self._block = list(block or [])
        self._fail = list(fail or [])
        self._callbacks: dict[str, list[Callable[..., None]]] = defaultdict(list)
        self._text = ""

    def connect(self, topic: str, cb: Callable[..., None]) -> None:
        self._callbacks[topic].append(cb)

    def say(self, text: str) -> None:
        self._text = text

    def setProperty(self, name: str, value: Any) -> None:
        self.props[name] = value
        self.prop_log.append((name, value))

    def getProperty(self, name: str) -> Any:
        if name == "voices":
            return [SimpleNamespace(id="gmw/en", name="English"),
                    SimpleNamespace(id="gmw/de", name="German")]
        if name == "voice":
            return self.props.get("voice", "gmw/en")
        return self.props.get(name)

    def runAndWait(self) -> None:
        if self._fail:
            raise self._fail.pop(0)
        for cb in self._callbacks["started-utterance"]:
            cb(name=None)
        self.entered.set()
        if self._block:
            assert self._block.pop(0).wait(WAIT), "the test never released the engine"
        self.said.append(self._text)
        for cb in self._callbacks["finished-utterance"]:
            cb(name=None, completed=True)


def factory_of(*engines: Any) -> Callable[[], Any]:
    """An engine factory handing out the given engines (or results of callables) in order."""
    pending: Iterator[Any] = iter(engines)

    def make() -> Any:
        item = next(pending)
        return item() if callable(item) and not isinstance(item, ScriptedEngine) else item

    return make


def rms(path: Path) -> tuple[float, float]:
    """(RMS of the samples, duration in seconds) of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as wav:
        assert wav.getsampwidth() == 2
        assert wav.getnchannels() == 1
        frames = wav.readframes(wav.getnframes())
        duration = wav.getnframes() / wav.getframerate()
    samples = struct.unpack(f"<{len(frames) // 2}h", frames)
    power = sum(s * s for s in samples) / max(1, len(samples))
    return math.sqrt(power), duration


def write_script(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def fake_aplay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in `aplay` first on PATH that keeps a copy of each WAV; returns their folder."""
    kept = tmp_path / "played"
    kept.mkdir()
    write_script(tmp_path / "bin", "aplay", (
        'for a in "$@"; do case "$a" in -*) ;; *) f="$a";; esac; done\n'
        f'n=$(ls "{kept}" | wc -l)\n'
        f'cp "$f" "{kept}/cue$n.wav"'
    ))
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    return kept


def real_engine() -> Any:
    import pyttsx3  # type: ignore[import-untyped]

    return pyttsx3.Engine()


# ------------------------------------------------------------------ the real espeak engine
@needs_espeak
def test_espeak_writes_an_audible_cue_to_a_wav(tmp_path: Path) -> None:
    out = tmp_path / "cue.wav"
    engine = real_engine()
    finished = threading.Event()
    engine.connect("finished-utterance", lambda **_: finished.set())
    engine.save_to_file("Bird-dog, left side. Get into position.", str(out))
    engine.runAndWait()
    # The espeak driver finishes in espeak's own thread, sometimes after runAndWait returned.
    assert finished.wait(WAIT)
    level, duration = rms(out)
    assert duration > 0.3
    assert level > 500  # of 32767: speech, not silence or a click


@needs_espeak
def test_real_engine_speaks_each_cue_through_aplay(fake_aplay: Path) -> None:
    outcomes = Outcomes()
    speaker = Pyttsx3Speaker(Settings(), outcomes, audio_probe=None)
    try:
        assert speaker.wait_ready(WAIT)
        assert speaker.available, speaker.problem
        for text in ("Knee hug. Get into position.", "Hold.", "3"):
            speaker.say(request(text))
        cues = outcomes.take(3)
    finally:
        speaker.close()
    assert [c.text for c in cues] == ["Knee hug. Get into position.", "Hold.", "3"]
    assert all(c.spoken for c in cues), cues
    for cue in cues:
        assert cue.started_t is not None
        assert cue.ended_t is not None
        assert cue.queued_t <= cue.started_t <= cue.ended_t
    played = sorted(fake_aplay.glob("cue*.wav"))
    assert len(played) == 3
    assert all(rms(p)[0] > 500 for p in played)


@needs_espeak
def test_worker_rebuilds_the_engine_after_run_loop_already_started(fake_aplay: Path) -> None:
    """pyttsx3 issues #262/#403: after one error every runAndWait raises; a new engine works."""
    made: list[Any] = []

    def broken_then_real() -> Any:
        engine = real_engine()
        if not made:
            engine._inLoop = True  # what an earlier driver error leaves behind in pyttsx3 2.99
        made.append(engine)
        return engine

    outcomes = Outcomes()
    speaker = Pyttsx3Speaker(Settings(), outcomes, engine_factory=broken_then_real,
                             audio_probe=None)
    try:
        speaker.say(request("Hold."))
        failed = outcomes.next()
        speaker.say(request("Relax."))
        recovered = outcomes.next()
    finally:
        speaker.close()
    assert (failed.text, failed.spoken) == ("Hold.", False)
    assert (recovered.text, recovered.spoken) == ("Relax.", True)
    assert len(made) == 2
    assert speaker.available
    assert speaker.problem is None
    assert len(list(fake_aplay.glob("cue*.wav"))) == 1


@needs_espeak
def test_watchdog_frees_a_run_loop_that_never_ends(fake_aplay: Path) -> None:
    """A second engine takes espeak's audio callback; the first one's runAndWait then hangs."""
    outcomes = Outcomes()
    speaker = Pyttsx3Speaker(Settings(), outcomes, audio_probe=None, finish_timeout=1.0)
    try:
        speaker.say(request("One."))
        assert outcomes.next().spoken
        thief = real_engine()  # noqa: F841 - alive while the speaker's engine is used
        speaker.say(request("Two."))
        stuck = outcomes.next()
        speaker.say(request("Three."))
        after = outcomes.next()
    finally:
        speaker.close()
    assert (stuck.text, stuck.spoken, stuck.ended_t) == ("Two.", False, None)
    assert (after.text, after.spoken) == ("Three.", True)  # rebuilt engine took the callback back


def test_worker_survives_an_engine_that_raises() -> None:
    first = ScriptedEngine(fail=[RuntimeError("run loop already started")])
    second = ScriptedEngine()
    outcomes = Outcomes()
    speaker = Pyttsx3Speaker(Settings(), outcomes, engine_factory=factory_of(first, second),
                             audio_probe=None)
    try:
        speaker.say(request("Hold."))
        speaker.say(request("Relax."))
        cues = outcomes.take(2)
    finally:
        speaker.close()
    assert [(c.text, c.spoken) for c in cues] == [("Hold.", False), ("Relax.", True)]
    assert cues[0].started_t is not None  # it did start, and failed
    assert second.said == ["Relax."]


def test_speaker_gives_up_after_repeated_failures() -> None:
    def broken() -> ScriptedEngine:
        return ScriptedEngine(fail=[RuntimeError("driver error")])

    problems: list[str] = []
    outcomes = Outcomes()
    speaker = Pyttsx3Speaker(Settings(), outcomes, engine_factory=broken, audio_probe=None,
                             on_problem=problems.append)
    try:
        for n in range(5):
            speaker.say(request(f"Cue {n}."))
        cues = outcomes.take(5)
    finally:
        speaker.close()
    assert not any(c.spoken for c in cues)
    assert not speaker.available
    assert speaker.problem is not None
    assert "\n" not in speaker.problem
    assert problems == [speaker.problem]


# ------------------------------------------------------------------- queue and staleness
def test_stale_cues_are_dropped_before_they_start() -> None:
    clock = FakeClock()
    gate = threading.Event()
    engine = ScriptedEngine(block=[gate])
    outcomes = Outcomes()
    speaker = Pyttsx3Speaker(Settings(), outcomes, clock, engine_factory=factory_of(engine),
                             audio_probe=None)
    try:
        speaker.say(request("Glute bridge. Get into position.", NAME, now=clock.now, ttl=8.0))
        assert engine.entered.wait(WAIT)
        speaker.say(request("3", COUNT, now=clock.now, ttl=0.9, kind="count"))
        speaker.say(request("Relax.", INSTRUCTION, now=clock.now, ttl=3.0))
        clock.advance(2.0)  # the name took 2 s: "3" is stale by now, "Relax." is not
        gate.set()
        cues = outcomes.take(3)
    finally:
        speaker.close()
    assert [(c.text, c.spoken) for c in cues] == [
        ("Glute bridge. Get into position.", True), ("3", False), ("Relax.", True)]
    dropped = cues[1]
    assert dropped.started_t is None
    assert dropped.ended_t is None
    assert engine.said == ["Glute bridge. Get into position.", "Relax."]


def test_an_important_cue_drops_waiting_numbers_it_would_outlast() -> None:
    clock = FakeClock()
    gate = threading.Event()
    engine = ScriptedEngine(block=[gate])
    outcomes = Outcomes()
    speaker = Pyttsx3Speaker(Settings(), outcomes, clock, engine_factory=factory_of(engine),
                             audio_probe=None)
    try:
        speaker.say(request("Hold.", INSTRUCTION, now=clock.now))
        assert engine.entered.wait(WAIT)
        speaker.say(request("2", COUNT, now=clock.now, ttl=0.9, kind="count"))
        speaker.say(request("Relax.", INSTRUCTION, now=clock.now, ttl=30.0))
        speaker.say(request("Stopping: pain has risen by three points.", DECISION,
                            now=clock.now, ttl=120.0, kind="decision"))
        gate.set()  # no time passes on the fake clock: "2" is still fresh, but not for long
        cues = outcomes.take(4)
    finally:
        speaker.close()
    # The decision goes first; "2" could only start after it, when it has expired: dropped at
    # once. "Relax." keeps long enough and is said after the decision.
    assert [(c.text, c.spoken) for c in cues] == [
        ("Hold.", True), ("2", False),
        ("Stopping: pain has risen by three points.", True), ("Relax.", True)]
    assert engine.said == ["Hold.", "Stopping: pain has risen by three points.", "Relax."]


def test_equal_priorities_keep_their_order() -> None:
    engine = ScriptedEngine()
    outcomes = Outcomes()
    speaker = Pyttsx3Speaker(Settings(), outcomes, engine_factory=factory_of(engine),
                             audio_probe=None)
    try:
        texts = ["Pain, zero to ten?", "Skipping Knee hug.", "Cat-cow. Get into position."]
        for text in texts:
            speaker.say(request(text, NAME))
        cues = outcomes.take(3)
    finally:
        speaker.close()
    assert [c.text for c in cues] == texts


def test_close_reports_waiting_cues_as_not_spoken() -> None:
    gate = threading.Event()
    engine = ScriptedEngine(block=[gate])
    outcomes = Outcomes()
    speaker = Pyttsx3Speaker(Settings(), outcomes, engine_factory=factory_of(engine),
                             audio_probe=None)
    speaker.say(request("Hold."))
    assert engine.entered.wait(WAIT)
    speaker.say(request("3", COUNT))
    speaker.say(request("2", COUNT))
    closer = threading.Thread(target=speaker.close, kwargs={"timeout": WAIT})
    closer.start()
    waiting = outcomes.take(2)
    gate.set()
    closer.join(WAIT)
    assert not closer.is_alive()
    assert [(c.text, c.spoken) for c in waiting] == [("3", False), ("2", False)]
    assert (outcomes.next().text, engine.said) == ("Hold.", ["Hold."])
    speaker.say(request("After close."))
    assert outcomes.queue.empty()  # muted for good


def test_a_new_speaker_closes_one_left_open() -> None:
    """One engine per process: an unclosed older speaker would fight the new one over espeak."""
    old_out, new_out = Outcomes(), Outcomes()
    old = Pyttsx3Speaker(Settings(), old_out, engine_factory=factory_of(ScriptedEngine()),
                         audio_probe=None)
    new = Pyttsx3Speaker(Settings(), new_out, engine_factory=factory_of(ScriptedEngine()),
                         audio_probe=None)
    try:
        old.say(request("Old."))
        new.say(request("New."))
        assert new_out.next().spoken
    finally:
        new.close()
    assert old_out.queue.empty()


# ------------------------------------------------------------ settings, voices, voice test
def test_rate_volume_and_voice_come_from_settings() -> None:
    engine = ScriptedEngine()
    outcomes = Outcomes()
    settings = Settings(voice_rate=140, voice_volume=0.5)
    speaker = Pyttsx3Speaker(settings, outcomes, engine_factory=factory_of(engine),
                             audio_probe=None)
    try:
        speaker.say(request("Hold."))
        outcomes.next()
        assert engine.props == {"rate": 140, "volume": 0.5, "voice": "gmw/en"}
        assert available_voices(speaker) == [("gmw/en", "English"), ("gmw/de", "German")]
        # "Test voice" speaks with the dialog's settings without changing the speaker's
        speak_sample(speaker, Settings(voice_rate=220, voice_id="gmw/de"))
        sample = outcomes.next()
        assert sample.spoken
        assert (engine.props["rate"], engine.props["voice"]) == (220, "gmw/de")
        speaker.say(request("Relax."))
        outcomes.next()
        assert engine.props == {"rate": 140, "volume": 0.5, "voice": "gmw/en"}
        speaker.apply_settings(settings.replace(voice_enabled=False))
        assert not speaker.available
        speaker.say(request("Hold."))
        assert not outcomes.next().spoken
    finally:
        speaker.close()
    assert engine.said == ["Hold.", sample.text, "Relax."]


def test_silent_speaker_reports_every_cue_as_not_spoken() -> None:
    outcomes = Outcomes()
    speaker: Speaker = SilentSpeaker(outcomes, FakeClock())
    cue = request("Hold.", now=1000.0)
    speaker.say(cue)
    event = outcomes.next()
    assert event == Cue(t=1000.0, text="Hold.", queued_t=1000.0, started_t=None, ended_t=None,
                        spoken=False)
    assert not speaker.available
    assert speaker.problem is None
    assert available_voices(speaker) == []
    speak_sample(speaker, Settings(), FakeClock())
    assert not outcomes.next().spoken
    speaker.close()
    speaker.say(cue)
    assert outcomes.queue.empty()


# --------------------------------------------------------------------- no audio output
def test_no_audio_output_makes_the_speaker_silent_with_one_notice() -> None:
    problems: list[str] = []
    outcomes = Outcomes()
    engine = ScriptedEngine()
    speaker = Pyttsx3Speaker(
        Settings(), outcomes, engine_factory=factory_of(engine),
        audio_probe=lambda: "Spoken cues are off: no sound output was found (test).",
        on_problem=problems.append,
    )
    try:
        assert speaker.wait_ready(WAIT)
        assert not speaker.available
        for text in ("Hold.", "3"):
            speaker.say(request(text))
        cues = outcomes.take(2)
        assert speaker.voices() == [("gmw/en", "English"), ("gmw/de", "German")]
    finally:
        speaker.close()
    assert not any(c.spoken for c in cues)
    assert engine.said == []
    assert problems == ["Spoken cues are off: no sound output was found (test)."]


def test_probe_reads_aplay_failure_as_one_line(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write_script(tmp_path / "bin", "aplay", (
        "echo \"ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\" >&2\n"
        "echo 'aplay: main:831: audio open error: No such file or directory' >&2\n"
        "exit 1"
    ))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    problem = probe_audio_output()
    assert problem == ("Spoken cues are off: no sound output was found "
                       "(audio open error: No such file or directory).")


def test_probe_without_aplay_or_with_a_hung_one(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    missing = probe_audio_output()
    assert missing is not None
    assert "aplay" in missing
    assert "\n" not in missing

    write_script(tmp_path / "bin", "aplay", "exec /bin/sleep 30")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    hung = probe_audio_output(timeout=0.5)
    assert hung == "Spoken cues are off: the sound output does not respond."

    write_script(tmp_path / "ok", "aplay", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "ok"))
    assert probe_audio_output() is None


@pytest.mark.skipif(Path("/dev/snd").exists() or not sys.platform.startswith("linux"),
                    reason="this machine has a sound card")
def test_probe_on_this_machine_without_a_sound_card() -> None:
    problem = probe_audio_output()
    assert problem is not None
    assert problem.startswith("Spoken cues are off:")
    assert "\n" not in problem


# ------------------------------------------------------------------------- Qt: bridge, beeps
def test_bridge_delivers_worker_reports_on_the_gui_thread(qtbot: Any) -> None:
    from PySide6.QtCore import QThread

    from backtimer.speech.qt_bridge import CueBridge

    bridge = CueBridge()
    gui = QThread.currentThread()
    seen: list[tuple[Cue, bool]] = []
    problems: list[tuple[str, bool]] = []
    bridge.cue_reported.connect(lambda e: seen.append((e, QThread.currentThread() is gui)))
    bridge.problem_found.connect(lambda p: problems.append((p, QThread.currentThread() is gui)))
    outcomes = Outcomes()
    engine = ScriptedEngine()

    def deliver(event: Cue) -> None:
        outcomes(event)
        bridge.deliver(event)

    speaker = Pyttsx3Speaker(Settings(), deliver, engine_factory=factory_of(engine),
                             audio_probe=lambda: None, on_problem=bridge.deliver_problem)
    try:
        with qtbot.waitSignal(bridge.cue_reported, timeout=int(WAIT * 1000)):
            speaker.say(request("Hold."))
        threading.Thread(target=bridge.deliver_problem, args=("Spoken cues are off: x.",)).start()
        qtbot.waitUntil(lambda: bool(problems), timeout=int(WAIT * 1000))
    finally:
        speaker.close()
    assert outcomes.next().text == "Hold."
    assert [(e.text, on_gui) for e, on_gui in seen] == [("Hold.", True)]
    assert problems == [("Spoken cues are off: x.", True)]


def test_sound_assets_are_short_clean_beeps() -> None:
    for name in ("tick.wav", "done.wav"):
        path = asset_path("sounds", name)
        assert path.stat().st_size < 40_000
        with wave.open(str(path), "rb") as wav:
            assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (44100, 1, 2)
            frames = wav.readframes(wav.getnframes())
            duration = wav.getnframes() / wav.getframerate()
        assert 0.1 <= duration <= 0.2
        samples = struct.unpack(f"<{len(frames) // 2}h", frames)
        assert abs(samples[0]) < 200
        assert abs(samples[-1]) < 200
        assert rms(path)[0] > 3000


def test_beeper_without_an_audio_device_is_silent_with_a_notice(qtbot: Any) -> None:
    beeper = Beeper(Settings(), audio_outputs=lambda: [])
    assert not beeper.available
    assert not beeper.enabled
    assert beeper.problem == NO_DEVICE
    beeper.tick()
    beeper.done()
    beeper("tick")
    beeper.close()


@pytest.mark.qt_log_ignore("PulseAudioService", "QSoundEffect", "symbolsresolver")
def test_beeper_with_a_device_loads_both_sounds_and_can_be_switched_off(qtbot: Any) -> None:
    beeper = Beeper(Settings(beeps=False), audio_outputs=lambda: ["a device"])
    assert beeper.available
    assert beeper.problem is None
    assert not beeper.enabled  # settings.beeps is off
    beeper.tick()  # nothing happens: switched off
    beeper.apply_settings(Settings(beeps=True))
    assert beeper.enabled
    sources = sorted(Path(e.source().toLocalFile()).name for e in beeper._effects.values())
    assert sources == ["done.wav", "tick.wav"]
    beeper.set_enabled(False)
    assert not beeper.enabled
    beeper.close()


@pytest.mark.qt_log_ignore("PulseAudioService", "QSoundEffect", "symbolsresolver")
def test_beeper_on_this_machine_never_fails(qtbot: Any) -> None:
    beeper = Beeper(Settings())
    assert beeper.available or beeper.problem == NO_DEVICE
    beeper.tick()
    beeper.close()
