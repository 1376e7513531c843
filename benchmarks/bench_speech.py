"""How quickly do spoken cues start? Engine creation time and cue latency with the real engine.

    python benchmarks/bench_speech.py [--cues 20]

Cue latency is `started_t - queued_t` of the `cue` events the speaker reports: the time from the
planner queueing a cue to the worker handing it to pyttsx3, for cues queued one at a time (the
usual case: one cue at a phase change). `ended_t - started_t` is synthesis plus playback.

On a machine without a sound card pyttsx3's `aplay` fails at once, so nothing can be heard. The
benchmark then says so, measures with the sound check turned off (synthesis and the failing
`aplay` only), and runs again with a stand-in `aplay` that sleeps for the length of each WAV, to
show how the queue behaves when cues take as long as they would aloud (stale numbers dropped).
Every wait has a timeout: the benchmark cannot hang.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

from backtimer.core.cues import COUNT, COUNT_TTL, INSTRUCTION, NAME, NAME_TTL, CueRequest
from backtimer.core.events import Cue
from backtimer.core.settings import Settings
from backtimer.speech.worker import Pyttsx3Speaker, probe_audio_output

WAIT = 30.0
TEXTS = ["Knee hug. Get into position.", "Hold.", "Hold. 2 of 5.", "Halfway.", "3", "2", "1",
         "Relax.", "Switch sides. Right side.", "Rest, 30 seconds.", "Pain, zero to ten?"]

STAND_IN_APLAY = """#!{python} -S
import time
begun = time.monotonic()  # CLOCK_MONOTONIC: the same clock as the benchmark's
import sys, wave
path = [a for a in sys.argv[1:] if not a.startswith("-")][-1]
with open({log!r}, "a") as log:
    log.write(f"{{begun}}\\n")
with wave.open(path) as w:
    time.sleep(w.getnframes() / w.getframerate())
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def make_speaker(outcomes: queue.Queue[Cue], *, probe: bool) -> tuple[Pyttsx3Speaker, float]:
    begun = time.monotonic()
    speaker = Pyttsx3Speaker(Settings(), outcomes.put,
                             audio_probe=probe_audio_output if probe else None)
    if not speaker.wait_ready(WAIT):
        sys.exit("the speech engine did not start within 30 s")
    return speaker, time.monotonic() - begun


def one_at_a_time(speaker: Pyttsx3Speaker, outcomes: queue.Queue[Cue], n: int) -> list[Cue]:
    cues = []
    for i in range(n):
        now = time.monotonic()
        speaker.say(CueRequest(TEXTS[i % len(TEXTS)], INSTRUCTION, now, now + 10.0, "bench"))
        cues.append(outcomes.get(timeout=WAIT))
    return cues


def audio_starts(log: Path, cues: list[Cue]) -> None:
    """With the stand-in aplay: from queueing to the moment playback would begin."""
    starts = [float(line) for line in log.read_text().split()] if log.exists() else []
    log.unlink(missing_ok=True)
    spoken = [c for c in cues if c.spoken]
    if len(starts) != len(spoken):
        print(f"  (aplay ran {len(starts)} times for {len(spoken)} spoken cues; not compared)")
        return
    delay = [start - c.queued_t for start, c in zip(starts, spoken, strict=True)]
    print(f"  audio start - queued_t        : median {ms(statistics.median(delay))}   "
          f"p90 {ms(percentile(delay, 90))}   max {ms(max(delay))}"
          "   (synthesis + WAV + aplay start-up)")


def report(title: str, cues: list[Cue]) -> None:
    spoken = [c for c in cues if c.spoken and c.started_t is not None and c.ended_t is not None]
    print(f"\n{title}: {len(spoken)} of {len(cues)} cues reported spoken")
    if not spoken:
        return
    latency = [c.started_t - c.queued_t for c in spoken]  # type: ignore[operator]
    duration = [c.ended_t - c.started_t for c in spoken]  # type: ignore[operator]
    print(f"  latency  started_t - queued_t : median {ms(statistics.median(latency))}   "
          f"p90 {ms(percentile(latency, 90))}   max {ms(max(latency))}")
    print(f"  duration ended_t - started_t  : median {ms(statistics.median(duration))}   "
          f"p90 {ms(percentile(duration, 90))}   max {ms(max(duration))}")


def countdown_burst(speaker: Pyttsx3Speaker, outcomes: queue.Queue[Cue]) -> None:
    """The end of a hold followed by the next exercise, at real speed: what gets said?"""
    plan = [(0.0, "Hold. 2 of 2.", INSTRUCTION, 3.0), (2.0, "3", COUNT, COUNT_TTL),
            (3.0, "2", COUNT, COUNT_TTL), (4.0, "1", COUNT, COUNT_TTL),
            (5.0, "Relax. Bird-dog, right side. Get into position.", NAME, NAME_TTL),
            (5.3, "3", COUNT, COUNT_TTL)]  # a late number must not cut the name off
    start = time.monotonic()
    for offset, text, priority, ttl in plan:
        time.sleep(max(0.0, start + offset - time.monotonic()))
        now = time.monotonic()
        speaker.say(CueRequest(text, priority, now, now + ttl, "bench"))
    print("\ncountdown burst at real speed (queued at s: text -> outcome):")
    for _ in plan:
        cue = outcomes.get(timeout=WAIT)
        if cue.spoken and cue.started_t is not None:
            outcome = f"spoken, started {ms(cue.started_t - cue.queued_t).strip()} after queueing"
        else:
            outcome = "dropped (stale before it could start)"
        print(f"  {cue.queued_t - start:4.1f}: {cue.text!r:52} -> {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=20)
    args = parser.parse_args()

    from importlib.metadata import version

    import pyttsx3  # type: ignore[import-untyped]

    print(f"pyttsx3 {version('pyttsx3')}, Python {sys.version.split()[0]}, {sys.platform}; "
          f"sound card: {'yes' if Path('/dev/snd').exists() else 'no (/dev/snd missing)'}")
    begun = time.monotonic()
    problem = probe_audio_output()
    print(f"sound output check ({ms(time.monotonic() - begun).strip()}): {problem or 'ok'}")

    outcomes: queue.Queue[Cue] = queue.Queue()
    begun = time.monotonic()
    engine = pyttsx3.Engine()
    print(f"engine creation, first in this process (espeak init): "
          f"{ms(time.monotonic() - begun).strip()}")
    del engine
    speaker, ready = make_speaker(outcomes, probe=problem is None)
    print(f"speaker ready (thread start + engine + sound check): {ms(ready).strip()}; "
          f"engine alone: {ms(speaker.engine_seconds or 0.0).strip()}")
    if problem is not None:
        speaker.close()
        print("\nNO SOUND OUTPUT HERE: cues cannot be heard, so the app would speak nothing and "
              "show one notice.\nMeasured below with the sound check off: up to the hand-off "
              "to aplay (synthesis + aplay failing at once), no playback time.")
        speaker, _ = make_speaker(outcomes, probe=False)
    try:
        report(f"{args.cues} cues queued one at a time, real engine", one_at_a_time(
            speaker, outcomes, args.cues))
    finally:
        speaker.close()

    if problem is None:
        return
    with tempfile.TemporaryDirectory(prefix="bench-aplay-") as folder:
        stand_in = Path(folder) / "aplay"
        log = Path(folder) / "starts.log"
        stand_in.write_text(STAND_IN_APLAY.format(python=sys.executable, log=str(log)))
        stand_in.chmod(0o755)
        os.environ["PATH"] = f"{folder}{os.pathsep}{os.environ['PATH']}"
        print("\nSIMULATED PLAYBACK: a stand-in aplay sleeps for each WAV's length, as playing "
              "it would take.")
        speaker, _ = make_speaker(outcomes, probe=False)
        try:
            cues = one_at_a_time(speaker, outcomes, args.cues)
            report(f"{args.cues} cues queued one at a time, real synthesis, simulated playback",
                   cues)
            audio_starts(log, cues)
            countdown_burst(speaker, outcomes)
        finally:
            speaker.close()


if __name__ == "__main__":
    main()
