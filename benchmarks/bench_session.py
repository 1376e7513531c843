"""Real clock, real Qt event loop, real speech process: how exactly does a session keep time?

Runs a routine of timed holds and rests (pain checks answered at once, nothing skipped) for
--minutes of real time through the app's own Ticker and Session, with the CuePlanner speaking
through the app's speaker (pyttsx3 and espeak-ng in the speech process, played with aplay),
and prints:
  - hold/phase end lateness: event time minus the phase's true deadline (p50, p99, max)
  - display lateness: when each countdown number appeared minus its true second boundary
  - drift: how far the session's end is from its planned end
  - CPU use of the whole process (all threads) and resident memory (peak) during the session
  - audible onset: for each cue queued as its phase starts (with silence before it), the first
    sound on the sink's monitor minus the phase's start. Speech goes into a PulseAudio server of
    the benchmark's own with a null sink (tests/helpers/pulse.py), recorded by parec in a
    separate process so the recording costs the timed interpreter nothing. With --system-sound
    the already running server is used instead; without pulseaudio installed, onset is skipped.
Usage: python benchmarks/bench_session.py [--minutes 10] [--no-voice] [--system-sound]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import signal
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from backtimer.app.ticker import Ticker
from backtimer.core.clock import monotonic
from backtimer.core.cues import CuePlanner
from backtimer.core.events import (
    Cue,
    Display,
    EventBus,
    PhaseEnded,
    PhaseStarted,
    SessionStarted,
)
from backtimer.core.library import load_library
from backtimer.core.models import Routine, RoutineItem
from backtimer.core.plan import build_plan
from backtimer.core.session import Session
from backtimer.core.settings import Settings
from backtimer.speech.process import ProcessSpeaker
from backtimer.speech.qt_bridge import CueBridge
from backtimer.speech.speaker import SilentSpeaker, Speaker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.helpers
from tests.helpers.pulse import (
    find_monitor,
    load,
    pulse_server,
    record_in_background,
)

GAP = 0.3  # silence wanted before a cue whose onset is measured

def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cpu_times() -> tuple[int, int]:
    """(steal, total) jiffies of the whole machine: a VM host taking the CPU shows as steal."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    return fields[7], sum(fields)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--no-voice", action="store_true")
    parser.add_argument("--system-sound", action="store_true",
                        help="speak into the running sound server, not a private null sink")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        sound: dict[str, str] = {}
        if not args.no_voice and not args.system_sound:
            try:
                sound = stack.enter_context(pulse_server())
            except (OSError, RuntimeError) as exc:
                print(f"no private PulseAudio server ({exc}); audible onset not measured")
        os.environ.update(sound)  # the speech process and parec find the server through it
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-rec-")))
        where = find_monitor() if not args.no_voice else "voice off"
        recorder = None
        if isinstance(where, tuple):
            recorder = record_in_background(where[1], folder, sound)
            assert recorder.stdout is not None
            state = recorder.stdout.readline().strip()
            if state != "recording":
                print(f"the monitor {where[1]} gives no audio ({state or 'recorder ended'})")
        else:
            print(f"audible onset not measured: {where}")
        return run(args, recorder, folder)


def run(args: argparse.Namespace, recorder: object, folder: Path) -> int:

    qapp = QApplication(sys.argv[:1])
    library = load_library()
    settings = Settings(pain_checks=False)  # fewer checks: after every second exercise
    # Holds of 5-30 s with rests: repeat a mixed routine until it fills the wanted time.
    base = [RoutineItem("glute_bridge"), RoutineItem("bird_dog"),
            RoutineItem("hamstring_stretch_towel"), RoutineItem("cat_cow"),
            RoutineItem("side_plank")]
    items: list[RoutineItem] = []
    routine = Routine("bench", "Benchmark", ())
    while build_plan(routine, library, settings).estimated_seconds < args.minutes * 60:
        items.append(base[len(items) % len(base)])
        routine = Routine("bench", "Benchmark", tuple(items))
    plan = build_plan(routine, library, settings)

    bus = EventBus()
    host = QWidget()
    bridge = CueBridge(bus.publish, parent=host)
    speaker: Speaker = (SilentSpeaker(bridge.deliver) if args.no_voice
                        else ProcessSpeaker(settings, bridge.deliver, ready_timeout=30.0))
    session = Session(plan, monotonic, bus)
    planner = CuePlanner(plan, settings, monotonic, speaker.say, cancel=speaker.cancel)
    ticker = Ticker(session, host)

    starts: dict[int, float] = {}
    phase_starts: list[float] = []
    phase_late: list[float] = []
    display_late: list[float] = []
    cues: list[Cue] = []
    worst: list[tuple[float, float, str]] = []  # lateness, when, what
    t0 = 0.0
    deadline_of: dict[int, float] = {}
    next_start: list[float | None] = [None]  # a timed phase's deadline starts the next one
    paced = [0.0]  # seconds spent in pain checks (answered at once, but not planned)
    check_started = [0.0]

    def on_event(event: object) -> None:
        nonlocal t0
        if isinstance(event, SessionStarted):
            t0 = event.t
            next_start[0] = t0
        elif isinstance(event, PhaseStarted):
            starts[event.index] = event.t
            phase_starts.append(event.t)
            # The session starts a phase at the previous one's deadline, or, after a
            # user-paced phase (a pain check), at the moment it was answered.
            if next_start[0] is None:  # after a pain check: its time is not in the plan
                paced[0] += event.t - check_started[0]
            start = next_start[0] if next_start[0] is not None else event.t
            if event.planned is not None:
                deadline_of[event.index] = start + event.planned
            if event.kind == "pain_check":
                check_started[0] = event.t
                # Pain checks cannot be switched off: answer each at once, as a person would.
                QTimer.singleShot(0, host, lambda: session.answer_pain(0))
        elif isinstance(event, PhaseEnded) and event.kind == "pain_check":
            next_start[0] = None
        elif isinstance(event, PhaseEnded) and event.reason == "done":
            next_start[0] = deadline_of[event.index]
            phase_late.append(event.t - deadline_of[event.index])
            worst.append((event.t - deadline_of[event.index], event.t, f"end of {event.kind}"))
        elif isinstance(event, Display):
            step = session.step
            boundary = deadline_of[step.index] - event.value
            if event.value == step.planned:
                boundary = deadline_of[step.index] - step.planned
            display_late.append(event.t - boundary)
            worst.append((event.t - boundary, event.t, f"display {event.value}"))
        elif isinstance(event, Cue):
            cues.append(event)

    bus.subscribe(planner.on_event)
    bus.subscribe(on_event)

    gc_pauses: list[tuple[float, float, int]] = []  # when, seconds, generation
    gc_started = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            gc_pauses.append((monotonic(), time.perf_counter() - gc_started[0],
                              info["generation"]))

    gc.callbacks.append(on_gc)

    def begin() -> None:
        steal_start[:] = cpu_times()
        bus_start_cpu[0] = time.process_time()
        bus_start_cpu[1] = monotonic()
        session.start()
        ticker.start()

    bus_start_cpu = [0.0, 0.0]
    steal_start = [0, 0]
    peak_rss = [0.0]

    def sample() -> None:
        peak_rss[0] = max(peak_rss[0], rss_mb())
        if session.state == "ended":
            qapp.quit()

    sampler = QTimer(host)
    sampler.timeout.connect(sample)
    sampler.start(1000)
    QTimer.singleShot(1000, begin)  # let the speech process and the sink warm up first
    qapp.exec()
    sampler.stop()
    ticker.stop()
    cpu = time.process_time() - bus_start_cpu[0]
    steal_end = cpu_times()
    steal = (steal_end[0] - steal_start[0]) / max(1, steal_end[1] - steal_start[1])
    wall = monotonic() - bus_start_cpu[1]
    speaker.close()

    planned = sum(s.planned or 0.0 for s in plan.steps)
    last_timed = max(i for i in deadline_of)
    drift = (deadline_of[last_timed] - t0) - planned - paced[0]
    end_late = phase_late[-1]
    ms = 1000.0
    print(f"routine: {len(plan.items)} items, {len(plan.steps)} phases, planned {planned:.0f} s, "
          f"voice {'off' if args.no_voice else 'on (pyttsx3/espeak-ng)'}")
    print(f"phase end lateness ms: p50 {statistics.median(phase_late) * ms:.1f}  "
          f"p99 {pct(phase_late, 0.99) * ms:.1f}  max {max(phase_late) * ms:.1f}  "
          f"(n={len(phase_late)}; target p99 <= 10)")
    print(f"display lateness ms: p50 {statistics.median(display_late) * ms:.1f}  "
          f"p99 {pct(display_late, 0.99) * ms:.1f}  max {max(display_late) * ms:.1f}  "
          f"(n={len(display_late)}; target p99 <= 16)")
    print(f"end of session vs plan: {end_late * ms:.1f} ms late; "
          f"deadline drift {drift * ms:.3f} ms over {planned / 60:.1f} min (target: no drift)")
    print("five latest events (lateness ms @ seconds into the session; cue speaking then?):")
    for late, when, what in sorted(worst, reverse=True)[:5]:
        busy = [c.text for c in cues if c.started_t is not None and c.ended_t is not None
                and c.started_t - 0.1 <= when <= c.ended_t + 0.1]
        print(f"  {late * ms:6.1f} @ {when - t0:6.1f} s  {what:<16} speaking: {busy or '-'}")
    long_gc = [(when - t0, took, gen) for when, took, gen in gc_pauses if took > 0.005]
    print(f"garbage collector: {len(gc_pauses)} collections, longest "
          f"{max((p[1] for p in gc_pauses), default=0) * ms:.1f} ms; over 5 ms: "
          + (", ".join(f"{took * ms:.0f} ms gen{gen} @ {at:.0f} s" for at, took, gen in long_gc)
             or "none"))
    spoken = [c for c in cues if c.spoken and c.started_t is not None]
    if spoken:
        lat = [c.started_t - c.queued_t for c in spoken]  # type: ignore[operator]
        print(f"cues: {len(cues)} queued, {len(spoken)} spoken; aplay spawned - queued ms: "
              "median "
              f"{statistics.median(lat) * ms:.0f}  p90 {pct(lat, 0.9) * ms:.0f} "
              "(target median <= 250)")
    else:
        print(f"cues: {len(cues)} queued, none spoken ({speaker.problem or 'voice off'})")
    print(f"cues cut short: {sum(c.cut for c in cues)}")
    audible_onset(recorder, folder, cues, phase_starts)
    print(f"machine: CPU steal {100 * steal:.1f} % of all CPU time during the run "
          "(a VM host stalling the machine makes every figure above late)")
    print(f"CPU {100 * cpu / wall:.2f} % of one core over {wall:.0f} s (target <= 3 %); "
          f"peak RSS {peak_rss[0]:.0f} MB (target <= 150); "
          f"maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


def audible_onset(recorder: object, folder: Path, cues: list[Cue],
                  phase_starts: list[float]) -> None:
    """First sound on the monitor after each phase start whose cue began in silence."""
    if not isinstance(recorder, subprocess.Popen):
        return
    recorder.send_signal(signal.SIGTERM)
    recorder.wait(30.0)
    monitor = load(folder)
    def phase_start(queued: float) -> float | None:
        """The phase start this cue was queued at (within 5 ms), if any."""
        near = [t for t in phase_starts if 0.0 <= queued - t <= 0.005]
        return near[-1] if near else None

    ends = sorted(c.ended_t for c in cues if c.ended_t is not None)
    onsets: list[float] = []
    unheard = 0
    for cue in cues:
        began = phase_start(cue.queued_t)
        if began is None or cue.started_t is None or cue.ended_t is None:
            continue
        if any(began - GAP < end <= cue.queued_t for end in ends):
            continue  # the previous cue was still sounding: its sound would be taken for this
        heard = monitor.onset(began, timeout=0.0)
        if heard is None or heard > cue.ended_t + 0.1:
            unheard += 1
        else:
            onsets.append(heard - began)
    if not onsets:
        print(f"audible onset: nothing heard on the monitor ({unheard} cues)")
        return
    ms = 1000.0
    print(f"audible onset from phase start ms: median {statistics.median(onsets) * ms:.0f}  "
          f"p90 {pct(onsets, 0.9) * ms:.0f}  max {max(onsets) * ms:.0f}  (n={len(onsets)}, "
          f"{unheard} not heard; target median <= 150)")


if __name__ == "__main__":
    raise SystemExit(main())
