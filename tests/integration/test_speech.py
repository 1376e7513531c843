"""Speech end to end: the real espeak-ng engine through pyttsx3 in the speech process, beeps.

There is no sound card here or on CI. Where a test needs to know what would have been played, a
stand-in `aplay` on PATH (the speech process plays every cue with `aplay`) keeps a copy of the WAV
it was given, or plays for as long as told. Where it needs to know what was heard, it starts a
PulseAudio server of its own with a null sink and records the sink's monitor
(tests/helpers/pulse.py). Every wait has a timeout.
"""

from __future__ import annotations

import ctypes.util
import math
import os
import queue
import shutil
import stat
import struct
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backtimer.bundled import asset_path
from backtimer.core.clock import FakeClock, monotonic
from backtimer.core.cues import COUNT, INSTRUCTION, NAME, CueRequest
from backtimer.core.events import Cue
from backtimer.core.settings import Settings
from backtimer.speech.audio import probe_audio_output
from backtimer.speech.beeps import NO_DEVICE, Beeper
from backtimer.speech.process import (
    MAX_FAILURES,
    ProcessSpeaker,
    available_voices,
    speak_sample,
)
from backtimer.speech.speaker import SilentSpeaker, Speaker
from tests.helpers import pulse

pytestmark = pytest.mark.integration

WAIT = 10.0  # seconds any single wait may take before the test fails instead of hanging

needs_espeak = pytest.mark.skipif(
    not (ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")),
    reason="libespeak-ng is not installed",
)


# ---------------------------------------------------------------------------------- helpers
def request(text: str, priority: int = INSTRUCTION, *, now: float | None = None,
            ttl: float = 10.0, kind: str = "instruction", phase: int | None = None) -> CueRequest:
    t = monotonic() if now is None else now
    return CueRequest(text=text, priority=priority, queued_t=t, expires_t=t + ttl, kind=kind,
                      phase=phase)


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


@pytest.fixture
def slow_aplay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in `aplay` that "plays" each cue for 30 s and writes its pid; returns the folder."""
    pids = tmp_path / "pids"
    pids.mkdir()
    write_script(tmp_path / "slow", "aplay", (
        'case "$*" in *probe.wav*) exit 0;; esac\n'  # the sound check passes at once
        f'echo $$ > "{pids}/$$"\nexec /bin/sleep 30'))
    monkeypatch.setenv("PATH", f"{tmp_path / 'slow'}{os.pathsep}{os.environ['PATH']}")
    return pids


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_until(condition: Callable[[], bool], timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def pids_in(folder: Path) -> list[int]:
    return [int(p.name) for p in folder.iterdir()]


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



# ---------------------------------------------------------------------- the speech process
@needs_espeak
def test_speech_process_speaks_each_cue_through_aplay(fake_aplay: Path) -> None:
    outcomes = Outcomes()
    speaker = ProcessSpeaker(Settings(), outcomes, ready_timeout=WAIT)
    try:
        assert speaker.available, speaker.problem
        assert speaker.child_pid is not None
        assert speaker.child_pid != os.getpid()
        for text in ("Knee hug. Get into position.", "Hold.", "3"):
            speaker.say(request(text))
        cues = outcomes.take(3)
        voices = available_voices(speaker)
    finally:
        speaker.close()
    assert [c.text for c in cues] == ["Knee hug. Get into position.", "Hold.", "3"]
    assert all(c.spoken and not c.cut for c in cues), cues
    for cue in cues:
        assert cue.started_t is not None
        assert cue.ended_t is not None
        assert cue.queued_t <= cue.started_t <= cue.ended_t
    probe, *played = sorted(fake_aplay.glob("cue*.wav"))  # the sound check's silence first
    assert rms(probe)[0] == 0
    assert len(played) == 3
    assert all(rms(p)[0] > 500 for p in played)
    assert any(name == "English" or vid.endswith("/en") for vid, name in voices)


@needs_espeak
def test_cancel_cuts_the_playing_cue_and_drops_the_waiting_ones(slow_aplay: Path) -> None:
    outcomes = Outcomes()
    speaker = ProcessSpeaker(Settings(), outcomes, ready_timeout=WAIT)
    try:
        speaker.say(request("Bird-dog, left side. Get into position.", phase=0))
        speaker.say(request("3", COUNT, phase=0))
        assert wait_until(lambda: len(pids_in(slow_aplay)) == 1)
        player = max(pids_in(slow_aplay), key=lambda pid: (slow_aplay / str(pid)).stat().st_mtime)
        assert alive(player)
        speaker.cancel(0)
        first, second = outcomes.take(2)
        assert wait_until(lambda: not alive(player), 2.0)
        speaker.say(request("Hold.", phase=1))
        assert wait_until(lambda: len(pids_in(slow_aplay)) == 2)  # the new phase is spoken
    finally:
        speaker.close()
    by_text = {c.text: c for c in (first, second)}
    dropped, cut = by_text["3"], by_text["Bird-dog, left side. Get into position."]
    assert (dropped.spoken, dropped.started_t, dropped.cut) == (False, None, False)
    assert cut.cut
    assert not cut.spoken
    assert cut.started_t is not None
    assert cut.ended_t is not None


@needs_espeak
def test_a_stuck_engine_is_killed_and_restarted(slow_aplay: Path) -> None:
    outcomes = Outcomes()
    speaker = ProcessSpeaker(Settings(), outcomes, ready_timeout=WAIT, finish_timeout=1.0)
    try:
        first_child = speaker.child_pid
        speaker.say(request("Hold."))  # its aplay never ends: stuck
        stuck = outcomes.next()
        assert not stuck.spoken
        assert not stuck.cut
        assert wait_until(lambda: speaker.child_pid not in (None, first_child))
        assert first_child is not None
        assert wait_until(lambda: not alive(first_child))
        assert all(wait_until(lambda p=p: not alive(p)) for p in pids_in(slow_aplay))
        assert speaker.problem is None  # one failure is not the end of speech
    finally:
        speaker.close()


def test_a_speech_process_that_keeps_dying_gives_up_with_one_notice() -> None:
    problems: list[str] = []
    outcomes = Outcomes()
    crashing = ([sys.executable, "-c", "import sys; sys.exit(3)"], dict(os.environ))
    speaker = ProcessSpeaker(Settings(), outcomes, on_problem=problems.append,
                             command=crashing, ready_timeout=0)
    try:
        speaker.say(request("Hold."))
        assert outcomes.next().spoken is False
        assert wait_until(lambda: bool(problems))
        speaker.say(request("3", COUNT))
        assert outcomes.next().spoken is False
    finally:
        speaker.close()
    assert not speaker.available
    assert problems == ["Spoken cues are off: the speech engine keeps failing."]
    assert MAX_FAILURES >= 2


@needs_espeak
def test_no_speech_child_or_aplay_outlives_close(slow_aplay: Path) -> None:
    speaker = ProcessSpeaker(Settings(), Outcomes(), ready_timeout=WAIT)
    child = speaker.child_pid
    speaker.say(request("Bird-dog, left side. Get into position."))
    assert wait_until(lambda: len(pids_in(slow_aplay)) == 1)
    speaker.close()
    assert child is not None
    assert wait_until(lambda: not alive(child), 3.0)
    assert all(wait_until(lambda p=p: not alive(p), 3.0) for p in pids_in(slow_aplay))


PARENT = """
import sys, time
from backtimer.core.cues import CueRequest
from backtimer.core.settings import Settings
from backtimer.speech.process import ProcessSpeaker
speaker = ProcessSpeaker(Settings(), lambda cue: None, ready_timeout=20)
now = time.monotonic()
speaker.say(CueRequest("Bird-dog, left side.", 2, now, now + 10, "name"))
print(speaker.child_pid, flush=True)
time.sleep(60)
"""


@needs_espeak
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process handling")
def test_no_speech_child_or_aplay_outlives_a_killed_app(slow_aplay: Path) -> None:
    import signal

    app = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None
        child = int(app.stdout.readline())
        assert wait_until(lambda: len(pids_in(slow_aplay)) == 1)
        players = pids_in(slow_aplay)
        assert alive(child)
        app.send_signal(signal.SIGKILL)  # no close(), no atexit: the kernel ends the app
        app.wait(WAIT)
        assert wait_until(lambda: not alive(child), 3.0)
        assert all(wait_until(lambda p=p: not alive(p), 3.0) for p in players)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(WAIT)


# --------------------------------------------------------- heard: a real sound server
needs_pulse = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pulseaudio", "parec", "pactl", "aplay")),
    reason="pulseaudio, pulseaudio-utils or alsa-utils missing (scripts/system-deps)")


@needs_espeak
@needs_pulse
def test_a_cut_cue_goes_quiet_and_the_new_phase_is_heard(monkeypatch: pytest.MonkeyPatch) -> None:
    with pulse.pulse_server() as env:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        where = pulse.find_monitor()
        assert isinstance(where, tuple), where
        outcomes = Outcomes()
        with pulse.recording(where[1]) as monitor:
            assert monitor.wait_for_data(5.0)
            speaker = ProcessSpeaker(Settings(), outcomes, ready_timeout=WAIT)
            try:
                assert speaker.available, speaker.problem
                long = "Side-lying upper-back rotation, left side. Get into position."
                queued = monotonic()
                speaker.say(request(long, NAME, now=queued, phase=0))
                onset = monitor.onset(queued, timeout=5.0)
                assert onset is not None, "the first cue was never heard"
                time.sleep(0.8)  # well inside the 4.6 s of the introduction
                cut_at = monotonic()
                speaker.cancel(0)
                cut = outcomes.next()
                time.sleep(0.6)
                quiet_from = monitor.quiet_since(cut_at, until=monotonic())
                queued = monotonic()
                speaker.say(request("Hold.", phase=1))
                heard = monitor.onset(queued, timeout=5.0)
                said = outcomes.next()
            finally:
                speaker.close()
    assert cut.cut
    assert cut.text == long
    assert quiet_from is not None, "still sounding 0.6 s after the cut"
    assert quiet_from - cut_at <= 0.2
    assert heard is not None, "the new phase's cue was not heard"
    assert said.spoken
    assert said.text == "Hold."


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_introductions_fit_the_lead_in_when_spoken_by_espeak(tmp_path: Path) -> None:
    """Every library exercise's prepare cue, synthesised at the default rate, fits its phase."""
    from backtimer.core.clock import FakeClock as Clock
    from backtimer.core.cues import CuePlanner
    from backtimer.core.events import PhaseStarted
    from backtimer.core.library import load_library
    from backtimer.core.models import Routine, RoutineItem
    from backtimer.core.plan import build_plan

    library = load_library()
    settings = Settings(pain_checks=False)
    name = max((r.name for r in library.routines), key=len)  # not spoken any more
    items = tuple(RoutineItem(ex) for ex in library.exercises)
    plan = build_plan(Routine(id="all", name=name, items=items), library, settings)
    cues: list[CueRequest] = []
    planner = CuePlanner(plan, settings, Clock(), cues.append)
    fits: list[tuple[str, float, float]] = []
    for step in plan.steps:
        if step.kind != "prepare":
            continue
        planner.on_event(PhaseStarted(t=0, kind="prepare", exercise=step.exercise,
                                      side=step.side, set=1, rep=1, planned=step.planned,
                                      index=step.index))
        text = cues[-1].text
        wav = tmp_path / "cue.wav"
        subprocess.run(["espeak-ng", "-s", str(settings.voice_rate), "-w", str(wav), text],
                       check=True, timeout=WAIT)
        fits.append((text, rms(wav)[1], step.planned or 0.0))
    too_long = [(t, round(spoken, 2), planned) for t, spoken, planned in fits
                if spoken > planned - 1.0]
    assert fits
    assert too_long == []


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
def test_no_audio_output_makes_the_speaker_silent_with_one_notice(tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    write_script(tmp_path / "bin", "aplay", (
        "echo 'aplay: main:831: audio open error: No such file or directory' >&2\nexit 1"))
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    problems: list[str] = []
    outcomes = Outcomes()
    speaker = ProcessSpeaker(Settings(), outcomes, on_problem=problems.append, ready_timeout=WAIT)
    try:
        assert speaker.wait_ready(WAIT)
        for text in ("Hold.", "3"):
            speaker.say(request(text))
        cues = outcomes.take(2)
        assert wait_until(lambda: bool(problems))
    finally:
        speaker.close()
    assert not speaker.available
    assert not any(c.spoken for c in cues)
    assert problems == ["Spoken cues are off: no sound output was found "
                        "(audio open error: No such file or directory)."]


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
def test_bridge_delivers_speaker_reports_on_the_gui_thread(qtbot: Any) -> None:
    from PySide6.QtCore import QThread

    from backtimer.speech.qt_bridge import CueBridge

    bridge = CueBridge()
    gui = QThread.currentThread()
    seen: list[tuple[Cue, bool]] = []
    problems: list[tuple[str, bool]] = []
    bridge.cue_reported.connect(lambda e: seen.append((e, QThread.currentThread() is gui)))
    bridge.problem_found.connect(lambda p: problems.append((p, QThread.currentThread() is gui)))
    event = Cue(t=1.0, text="Hold.", queued_t=0.5, started_t=None, ended_t=None, spoken=False)
    with qtbot.waitSignal(bridge.cue_reported, timeout=int(WAIT * 1000)):
        threading.Thread(target=bridge.deliver, args=(event,)).start()
    threading.Thread(target=bridge.deliver_problem, args=("Spoken cues are off: x.",)).start()
    qtbot.waitUntil(lambda: bool(problems), timeout=int(WAIT * 1000))
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


# ------------------------------------------- the whole app, real clock, real voice, the event log
SESSION_ROUTINE = {"schema_version": 1, "routine": {"id": "voiced", "name": "Voiced", "items": [
    {"exercise": "bird_dog", "hold": 5, "reps": 2},
    {"exercise": "glute_bridge", "hold": 5, "reps": 2},
    {"exercise": "cat_cow", "reps": 2},
    {"exercise": "knee_to_chest_single", "hold": 5, "reps": 1},
]}}


def phase_bound_cues_ended_with_their_phase(log: list[dict[str, Any]]) -> list[str]:
    """Cues queued while a phase ran that started, or kept sounding, after it ended.

    A cue queued between a phase's phase_started and its phase_ended belongs to it. One whose
    report of starting crossed the cut on the pipe may carry a started_t a moment after the end,
    so the bound allows 50 ms there, and a cut cue must be silent CUT_TIMEOUT + 50 ms later.
    """
    phases: list[tuple[float, float]] = []
    begun: float | None = None
    for event in log:
        if event["event"] == "phase_started":
            begun = event["t"]
        elif event["event"] == "phase_ended" and begun is not None:
            phases.append((begun, event["t"]))
            begun = None
    # Pain decisions and the end of the session belong to no phase. Their events share the `t`
    # of the phase_ended and phase_started published with them, so they are told by their text.
    free = {e["message"] for e in log if e["event"] in ("pain_rated", "session_ended")}
    wrong = []
    for cue in (e for e in log if e["event"] == "cue" and e["started_t"] is not None):
        if cue["text"] in free:
            continue
        owner = next(((a, b) for a, b in phases if a <= cue["queued_t"] < b), None)
        if owner is None:
            continue  # queued between phases
        end = owner[1]
        if cue["started_t"] > end + 0.05:
            wrong.append(f"{cue['text']!r} started {cue['started_t'] - end:.3f} s after its phase")
        elif cue["ended_t"] > end + 0.35:
            wrong.append(f"{cue['text']!r} sounded {cue['ended_t'] - end:.3f} s past its phase")
    return wrong


@needs_espeak
@needs_pulse
def test_keys_never_leave_a_cue_speaking_about_a_phase_gone_by(
        qtbot: Any, qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Right, Shift+Right, H and Esc -> Enter in a voiced session; checked in the event log."""
    import json

    from PySide6.QtCore import Qt

    from backtimer.app.controller import App
    from backtimer.cli import LaunchOptions

    routine = tmp_path / "voiced.json"
    routine.write_text(json.dumps(SESSION_ROUTINE), encoding="utf-8")
    log_path = tmp_path / "events.jsonl"

    def press(k: Any, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(app.window.focusWidget() or app.window, k, modifier)

    with pulse.pulse_server() as env:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        app = App(qapp, LaunchOptions(routine_file=routine, voice=True, event_log=log_path))
        qtbot.addWidget(app.window)
        try:
            assert isinstance(app.speaker, ProcessSpeaker)
            assert app.speaker.wait_ready(WAIT)  # a person reads the safety notice meanwhile
            assert app.speaker.available, app.speaker.problem
            with qtbot.waitExposed(app.window):
                app.start()
            press(Qt.Key.Key_Return)  # the safety notice
            press(Qt.Key.Key_2)  # baseline pain
            press(Qt.Key.Key_Return)
            assert app.session is not None
            qtbot.wait(1200)  # "Bird-dog, left side. Get into position." is playing
            press(Qt.Key.Key_Right)  # skip the lead-in: the hold starts
            qtbot.wait(3300)  # "3" of the hold
            press(Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # to the glute bridge
            qtbot.wait(1500)  # its introduction is playing
            press(Qt.Key.Key_H)  # "this hurts": the pain check
            qtbot.wait(800)
            press(Qt.Key.Key_2)
            press(Qt.Key.Key_Return)
            qtbot.wait(1500)
            press(Qt.Key.Key_Escape)  # "Stop the session now?"
            press(Qt.Key.Key_Return)
            assert app.session is None or app.session.state == "ended"

            def stop_message_reported() -> bool:
                lines = [json.loads(line) for line in log_path.read_text().splitlines()]
                said = {e["text"] for e in lines if e["event"] == "cue"}
                return any(e["event"] == "session_ended" and e["message"] in said
                           for e in lines)

            qtbot.waitUntil(stop_message_reported, timeout=int(3 * WAIT * 1000))
        finally:
            app.window.close()  # closes the speaker: its process and aplay end
    log = [json.loads(line) for line in log_path.read_text().splitlines()]
    cues = [e for e in log if e["event"] == "cue"]
    assert any(c["cut"] for c in cues), cues
    assert phase_bound_cues_ended_with_their_phase(log) == []
    started = sorted((c for c in cues if c["started_t"] is not None),
                     key=lambda c: c["started_t"])
    ended = [e for e in log if e["event"] == "session_ended"]
    assert [e["status"] for e in ended] == ["stopped"]
    assert started[-1]["text"] == ended[0]["message"]  # the stop message is said last
