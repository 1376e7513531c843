"""How quickly do spoken cues start? Engine creation time and cue latency with the real engine.

    python benchmarks/bench_speech.py [--cues 20]

Cue latency is `started_t - queued_t` of the `cue` events the speaker reports: the time from the
planner queueing a cue to the speech process (speech/child.py) spawning `aplay` for it, for cues
queued one at a time (the usual case: one cue at a phase change). `ended_t - started_t` is
playback.

On a machine without a sound card `aplay` fails at once, so nothing can be heard: the speech
process's sound check says so and the speaker is silent. The benchmark then runs again with a
stand-in `aplay` that sleeps for the length of each WAV, to show how the queue behaves when cues
take as long as they would aloud (stale numbers dropped).
Every wait has a timeout: the benchmark cannot hang.

AUDIBLE ONSET. `started_t` is not when sound starts: it is when the speech process spawns `aplay`
for the WAV it synthesised. Where a PulseAudio (or pipewire-pulse) server is
running and ALSA's default device goes to it, the benchmark records the default sink's monitor with
`parec` (16 kHz mono, 10 ms fragments) on a thread, stamps each read with time.monotonic() as it
arrives (a sample's time is the arrival minus the audio after it in that read) and takes the first
sample above a threshold after each cue's `queued_t`. It reports, against the 250 ms target:

- the measuring path: tone bursts written to a running `pacat` at known times, timed to the
  monitor (an upper bound on what sink -> monitor -> parec adds; +-1 read, about 10 ms, of noise);
- aplay's own start-up through ALSA's pulse plugin: spawn `aplay -q click.wav` (sound from its
  first sample) -> audible, as a subprocess and through os.system();
- cues queued one at a time, each after the last has finished: audible - queued_t, split at
  `started_t` (aplay spawned): synthesis before playback, then aplay start-up plus the WAV's
  leading silence (not known here: the WAV lives in the speech process).

With no server, no monitor or no sound output this part is skipped with one line saying why.
The monitor shows when the server mixes the sound; a real card adds its own output latency, and
resuming a suspended card (the monitor recording keeps the sink awake) is not measured. A null
sink mixes in 2 s blocks until a client asks for less (then every aplay takes about 2 s): the
recorder asks for 10 ms, and the first plays after it starts are discarded. The CPU time a
virtual machine's host stole during the run is printed too: high values make every figure noisy.
"""

from __future__ import annotations

import argparse
import array
import math
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from backtimer.core.cues import COUNT, COUNT_TTL, INSTRUCTION, NAME, NAME_TTL, CueRequest
from backtimer.core.events import Cue
from backtimer.core.settings import Settings
from backtimer.speech.audio import probe_audio_output
from backtimer.speech.process import ProcessSpeaker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.helpers
from tests.helpers.pulse import LOUD, RATE, Monitor, find_monitor, recording

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


def make_speaker(outcomes: queue.Queue[Cue]) -> tuple[ProcessSpeaker, float]:
    """The app's speaker: its speech process checks the sound output itself."""
    begun = time.monotonic()
    speaker = ProcessSpeaker(Settings(), outcomes.put, ready_timeout=0)
    if not speaker.wait_ready(WAIT):
        sys.exit("the speech process did not start within 30 s")
    return speaker, time.monotonic() - begun


def one_at_a_time(speaker: ProcessSpeaker, outcomes: queue.Queue[Cue], n: int) -> list[Cue]:
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


def countdown_burst(speaker: ProcessSpeaker, outcomes: queue.Queue[Cue]) -> None:
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



# ---------------------------------------------------------------------------- audible onset
GAP = 0.3  # silence after each sound, so the next onset is not confused with it
TARGET = 0.250  # the project's goal: a cue starts speaking within 250 ms (median)
CLICK_RATE = 22050  # as espeak's WAVs


def summary(values: list[float]) -> str:
    return (f"median {ms(statistics.median(values))}   p90 {ms(percentile(values, 90))}   "
            f"max {ms(max(values))}")


def run(command: list[str], timeout: float = 5.0) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def cpu_times() -> tuple[int, int]:
    """(steal, total) CPU jiffies so far from /proc/stat; (0, 0) where there is none."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    return (fields[7] if len(fields) > 7 else 0), sum(fields[:8])


def tone(seconds: float, rate: int, amplitude: int = 8000) -> array.array[int]:
    """A 1 kHz tone, loud from its second sample on."""
    return array.array("h", (round(amplitude * math.sin(2 * math.pi * 1000 * i / rate + 0.5))
                             for i in range(round(seconds * rate))))


def write_wav(path: Path, samples: array.array[int], rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())


def wav_facts(path: Path) -> tuple[float, float]:
    """(length, silence before its first loud sample) of a 16-bit mono WAV, in seconds."""
    with wave.open(str(path)) as source:
        rate = source.getframerate()
        samples = array.array("h", source.readframes(source.getnframes()))
    first = next((i for i, value in enumerate(samples) if abs(value) > LOUD), len(samples))
    return len(samples) / rate, first / rate


def sink_latency(sink: str) -> str:
    """The sink's configured latency as `pactl list sinks` shows it."""
    listing = run(["pactl", "list", "sinks"])
    for block in (listing.stdout.split("\nSink #") if listing is not None else []):
        if re.search(rf"^\s*Name: {re.escape(sink)}$", block, re.MULTILINE):
            found = re.search(r"configured (\d+) usec", block)
            if found:
                return f"{int(found.group(1)) / 1000:.1f} ms"
    return "unknown"


def measuring_path(sink: str, monitor: Monitor, bursts: int = 10) -> list[float]:
    """Tone bursts written to a running pacat at known times: write -> heard on the monitor."""
    player = subprocess.Popen(
        ["pacat", "--playback", "--raw", "-d", sink, "--format=s16le", f"--rate={RATE}",
         "--channels=1", "--latency-msec=10"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    burst = tone(0.05, RATE).tobytes()
    delays = []
    try:
        time.sleep(0.5)  # connected and idle before the first burst
        assert player.stdin is not None
        for _ in range(bursts):
            begun = time.monotonic()
            player.stdin.write(burst)
            player.stdin.flush()
            heard = monitor.onset(begun, timeout=2.0)
            if heard is not None:
                delays.append(heard - begun)
            time.sleep(GAP)
    except OSError:  # pacat went away
        pass
    finally:
        if player.stdin is not None:
            with suppress(OSError):
                player.stdin.close()
        try:
            player.wait(3.0)
        except subprocess.TimeoutExpired:
            player.kill()
            player.wait(2.0)
    return delays


def aplay_startup(monitor: Monitor, folder: Path,
                  runs: int = 10) -> list[tuple[str, list[float], list[float]]]:
    """Spawning aplay on a WAV that is loud from its start -> heard; and how long aplay runs."""
    click = folder / "click.wav"
    write_wav(click, tone(0.2, CLICK_RATE), CLICK_RATE)
    ways: list[tuple[str, Callable[[], object]]] = [
        ("aplay -q click.wav (subprocess)",
         lambda: run(["aplay", "-q", str(click)], timeout=10.0)),
        ('sh -c "aplay click.wav -q" (os.system, as the driver)',
         lambda: subprocess.run(f"aplay {click} -q", shell=True, timeout=10.0, check=False,
                                stdin=subprocess.DEVNULL, capture_output=True)),
        ("aplay -q --buffer-time=50000 (50 ms buffer, not 500)",
         lambda: run(["aplay", "-q", "--buffer-time=50000", str(click)], timeout=10.0)),
    ]
    results = []
    for label, play in ways:
        onsets, durations = [], []
        for _ in range(runs):
            begun = time.monotonic()
            try:
                play()
            except subprocess.TimeoutExpired:
                continue
            durations.append(time.monotonic() - begun)
            heard = monitor.onset(begun, timeout=2.0)
            if heard is not None:
                onsets.append(heard - begun)
            time.sleep(GAP)
        results.append((label, onsets, durations))
    return results


@dataclass
class Handoff:
    """pyttsx3's espeak driver calling os.system("aplay <wav> -q") for one cue."""

    t: float
    wav_seconds: float
    lead_silence: float


@dataclass
class Heard:
    cue: Cue
    onset: float | None  # audible start, monotonic
    handoff: Handoff | None


def spaced_cues(speaker: ProcessSpeaker, outcomes: queue.Queue[Cue], monitor: Monitor,
                n: int) -> list[Heard]:
    """Cues queued one at a time, each after the last one has finished and some silence."""
    heard = []
    for i in range(n):
        now = time.monotonic()
        speaker.say(CueRequest(TEXTS[i % len(TEXTS)], INSTRUCTION, now, now + 10.0, "bench"))
        cue = outcomes.get(timeout=WAIT)
        onset = monitor.onset(now, timeout=2.0) if cue.spoken else None
        # The speech process reports `started` as it spawns aplay: that is the hand-off.
        handoff = (Handoff(cue.started_t, math.nan, math.nan) if cue.started_t is not None
                   else None)
        heard.append(Heard(cue, onset, handoff))
        time.sleep(GAP)
    return heard


def report_onset(heard: list[Heard], path: list[float]) -> None:
    # (text, queued_t, started_t, aplay spawned, audible, leading silence, WAV length)
    timed = [(h.cue.text, h.cue.queued_t, h.cue.started_t, h.handoff.t, h.onset,
              h.handoff.lead_silence, h.handoff.wav_seconds)
             for h in heard if h.onset is not None and h.handoff is not None]
    print(f"\n  {len(heard)} cues queued one at a time (each after the last ended, "
          f"{GAP:.1f} s apart): {sum(h.cue.spoken for h in heard)} reported spoken, "
          f"{len(timed)} heard on the monitor")
    if not timed:
        return
    total = [onset - queued for _, queued, _, _, onset, _, _ in timed]
    synthesis = [spawned - queued for _, queued, _, spawned, _, _, _ in timed]
    player = [onset - spawned for _, _, _, spawned, onset, _, _ in timed]
    handoff = [started - queued for _, queued, started, *_ in timed if started is not None]
    print(f"    AUDIBLE - queued_t (target 250)     : {summary(total)}")
    print(f"      queued_t -> aplay spawned         : {summary(synthesis)}"
          "   (synthesis of the whole cue, WAV written)")
    print(f"      aplay spawned -> audible          : {summary(player)}"
          "   (aplay start-up + WAV's leading silence)")
    if handoff:
        print(f"      (started_t - queued_t, hand-off   : {summary(handoff)})")
    print("    per text, median ms: audible-queued = synthesis + aplay->audible")
    for text in dict.fromkeys(row[0] for row in timed):
        some = [row for row in timed if row[0] == text]
        parts = [statistics.median(values) * 1000 for values in (
            [onset - queued for _, queued, _, _, onset, _, _ in some],
            [spawned - queued for _, queued, _, spawned, _, _, _ in some],
            [onset - spawned for _, _, _, spawned, onset, _, _ in some],
            [length for *_, length in some])]
        print(f"      {text!r:30} {parts[0]:6.0f} = {parts[1]:5.0f} + {parts[2]:4.0f}")
    median, before, after = (statistics.median(v) for v in (total, synthesis, player))
    largest = ("synthesising the whole cue before aplay starts" if before > after
               else "aplay start-up plus the WAV's leading silence")
    measuring = (f"about {ms(statistics.median(path)).strip()} of it is the measuring path"
                 if path else "the measuring path was not measured")
    print(f"    => {'MEETS' if median <= TARGET else 'MISSES'} the 250 ms target: median "
          f"{ms(median).strip()} from queueing to sound (+-10 ms read timing). Largest part: "
          f"{largest} ({ms(max(before, after)).strip()} vs {ms(min(before, after)).strip()}); "
          f"{measuring}.")


def audible_onset(speaker: ProcessSpeaker, outcomes: queue.Queue[Cue], n: int, sink: str,
                  source: str) -> bool:
    """Measure when cues are heard on the sink's monitor; False if that turns out impossible."""
    others = run(["pactl", "list", "short", "sink-inputs"])
    steal_before, total_before = cpu_times()
    with recording(source) as monitor, tempfile.TemporaryDirectory(prefix="bench-") as folder:
        if not monitor.wait_for_data(5.0):
            print(f"\nAUDIBLE ONSET: skipped, {source} gave no audio within 5 s.")
            return False
        # A fresh recording can first see one long block rendered before it asked for 10 ms.
        warm = aplay_startup(monitor, Path(folder), runs=2)
        if not any(onsets for _, onsets, _ in warm):
            print(f"\nAUDIBLE ONSET: skipped, aplay's sound does not reach {source} "
                  "(is ALSA's default device PulseAudio?).")
            return False
        print(f"\nAUDIBLE ONSET, recorded from {source}: {' '.join(monitor.command[:1])} "
              f"{RATE} Hz mono, 10 ms fragments; sound = |sample| > {LOUD} "
              f"(about {20 * math.log10(LOUD / 32768):.0f} dBFS)")
        if others is not None and others.stdout.strip():
            print(f"  WARNING: other streams already play into {sink}; onsets may be wrong:\n"
                  f"  {others.stdout.strip()}")
        print(f"  sink latency while recording: configured {sink_latency(sink)} (the recorder "
              "asks for 10 ms; the monitor sees sound when the server mixes it)")
        path = measuring_path(sink, monitor)
        if path:
            print(f"  measuring path, pacat burst -> heard ({len(path)} bursts)  : "
                  f"{summary(path)}   min {ms(min(path))}")
            print("    (an upper bound on what sink -> monitor -> parec adds; below 0 is the "
                  "+-1 read timing noise)")
        startup = aplay_startup(monitor, Path(folder))
        sizes = monitor.read_sizes()
        print(f"  aplay start-up, spawn -> audible, a 200 ms {CLICK_RATE} Hz WAV loud from "
              f"its start ({len(startup[0][2])} runs each):")
        for label, onsets, durations in startup:
            if onsets:
                print(f"    {label:53}: {summary(onsets)};  aplay runs "
                      f"{ms(statistics.median(durations)).strip()} for 200 ms of sound")
            else:
                print(f"    {label:53}: never heard")
        heard = spaced_cues(speaker, outcomes, monitor, n)
        report("cues of the audible-onset run, real engine and aplay", [h.cue for h in heard])
        report_onset(heard, path)
        print(f"  (monitor reads: median {statistics.median(sizes) / RATE * 1000:.0f} ms of "
              f"audio, max {max(sizes) / RATE * 1000:.0f} ms)")
        steal, total = (now - before for now, before in zip(
            cpu_times(), (steal_before, total_before), strict=True))
        if total > 0:
            print(f"  CPU steal during this part: {steal / total:.0%} of CPU time (a virtual "
                  "machine's host taking the CPU; high values make every figure above noisy)")
    return True


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
    speaker, ready = make_speaker(outcomes)
    print(f"speaker ready (speech process start + engine + sound check): {ms(ready).strip()}")
    if problem is not None:
        print("\nNO SOUND OUTPUT HERE: cues cannot be heard, so the app speaks nothing and "
              "shows one notice.")
    where = find_monitor() if problem is None else "no sound output here"
    try:
        measured = isinstance(where, tuple) and audible_onset(speaker, outcomes, args.cues, *where)
        if not measured:
            report(f"{args.cues} cues queued one at a time, real engine", one_at_a_time(
                speaker, outcomes, args.cues))
    finally:
        speaker.close()
    if isinstance(where, str):
        print(f"\nAUDIBLE ONSET: skipped, {where}: nothing to record cues from "
              "(needs a PulseAudio server with a monitor of its default sink, parec and aplay).")

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
        speaker, _ = make_speaker(outcomes)
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
