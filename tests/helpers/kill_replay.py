"""Kill -9 right after a set's last `phase_ended done` reached the event log; count lost sets.

Issue 9: a kill within about a millisecond of that line lost the whole set, because the app's
event log heard each event before the history recorder. The child (`child()`) runs a real
Session on a fake clock, wired as app/session_runner.py wires it (`recording_bus`: the recorder
first, then the app's bus with the event log), and blocks inside the bus right after the event
log wrote the chosen line: the moment the person has been shown the set as done, frozen, so the
kill lands in the worst place there is. The parent then compares the log with the history: every
set whose reps the log shows as all done must be in the history with all its reps, and every
pain rating the log shows must be there too.

    python -m tests.helpers.kill_replay --replays 50            # the wiring of today
    python -m tests.helpers.kill_replay --replays 50 --log-first  # the old wiring (loses sets)

Prints one line per replay that lost something and a summary `replays N, lost sets L, lost
ratings P`; exits 1 if anything was lost.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETS = 5  # sets (item x side x set) in the kill-test plan of tests/helpers/history.py


@dataclass(frozen=True)
class Replay:
    target: int  # which set's end (1-based) the child stops at
    lost_sets: int
    lost_ratings: int
    shown_sets: int


def child(db: Path, log: Path, target: int, log_first: bool) -> None:
    from backtimer.core.clock import FakeClock
    from backtimer.core.events import Event, EventBus, PhaseEnded
    from backtimer.core.pain import PainTracker
    from backtimer.core.session import Session
    from backtimer.storage.eventlog import EventLog
    from backtimer.storage.history import HistoryStore
    from backtimer.storage.recorder import HistoryRecorder, recording_bus
    from tests.helpers.history import _kill_test_plan

    plan = _kill_test_plan()
    last_reps = _last_rep_steps(plan)
    clock = FakeClock()
    store = HistoryStore.open(db)
    recorder = HistoryRecorder(store, plan, clock, 3)
    app_bus = EventBus()
    event_log = EventLog(log)
    app_bus.subscribe(event_log.write)
    ended = 0

    def stop_after_the_log(event: Event) -> None:
        nonlocal ended
        if isinstance(event, PhaseEnded) and event.reason == "done" and event.index in last_reps:
            ended += 1
            if ended == target:
                print("SHOWN", flush=True)
                sys.stdin.read()  # frozen here, just after the log line, until killed

    app_bus.subscribe(stop_after_the_log)
    if log_first:  # the old wiring: the recorder behind the app's event log
        app_bus.subscribe(recorder.on_event)
        bus = app_bus
    else:
        bus = recording_bus(recorder, app_bus)
    session = Session(plan, clock, bus, pain=PainTracker(baseline=3, clock=clock))
    session.start()
    while session.state != "ended":
        clock.advance(0.25)
        session.tick()
        if session.step.kind == "pain_check" and session.state == "running":
            session.answer_pain(2)
    print("ENDED", flush=True)


def _last_rep_steps(plan: object) -> set[int]:
    last: dict[tuple[object, ...], int] = {}
    for step in plan.steps:  # type: ignore[attr-defined]
        if step.kind in ("hold", "rep"):
            last[(step.item, step.side, step.set)] = step.index
    return set(last.values())


def replay(workdir: Path, target: int, *, log_first: bool = False) -> Replay:
    db, log = workdir / "history.sqlite3", workdir / "events.jsonl"
    workdir.mkdir(parents=True, exist_ok=True)
    for stale in workdir.glob("*"):
        if stale.is_file():
            stale.unlink()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "tests.helpers.kill_replay", "--child", str(db), str(log),
            str(target)] + (["--log-first"] if log_first else [])
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    assert proc.stdin is not None
    assert proc.stderr is not None
    line = proc.stdout.readline()
    if line.strip() != "SHOWN":
        proc.kill()
        raise RuntimeError(f"child did not stop at set {target}: {line!r} {proc.stderr.read()}")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        stream.close()
    return _compare(db, log, target)


def _compare(db: Path, log: Path, target: int) -> Replay:
    from tests.helpers.history import _kill_test_plan

    plan = _kill_test_plan()
    events = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines() if x.strip()]
    done = {e["index"] for e in events if e["event"] == "phase_ended" and e["reason"] == "done"}
    reps: dict[tuple[int, str | None, int], list[int]] = {}
    for step in plan.steps:
        if step.kind in ("hold", "rep"):
            reps.setdefault((step.item, step.side, step.set), []).append(step.index)
    shown = {key for key, steps in reps.items() if all(i in done for i in steps)}
    ratings = sum(1 for e in events if e["event"] == "pain_rated")
    con = sqlite3.connect(db)
    try:
        stored = {(item, side, set_no): reps_done for item, side, set_no, reps_done in
                  con.execute("SELECT item, side, set_no, reps_done FROM steps")}
        stored_ratings = int(con.execute("SELECT count(*) FROM pain_ratings").fetchone()[0])
    finally:
        con.close()
    lost = sum(1 for key in shown if stored.get(key, -1) < len(reps[key]))
    return Replay(target, lost, max(0, ratings - stored_ratings), len(shown))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replays", type=int, default=50)
    parser.add_argument("--log-first", action="store_true", help="the old wiring")
    parser.add_argument("--child", nargs=3, metavar=("DB", "LOG", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]), args.log_first)
        return 0
    lost_sets = lost_ratings = 0
    with tempfile.TemporaryDirectory(prefix="kill-replay-") as tmp:
        for n in range(args.replays):
            result = replay(Path(tmp), n % SETS + 1, log_first=args.log_first)
            if result.lost_sets or result.lost_ratings:
                print(f"replay {n + 1}: killed after set {result.target} was shown done: "
                      f"{result.lost_sets} of {result.shown_sets} shown sets lost, "
                      f"{result.lost_ratings} rating(s) lost")
            lost_sets += result.lost_sets
            lost_ratings += result.lost_ratings
    wiring = "old wiring (log first)" if args.log_first else "recorder first"
    print(f"{wiring}: replays {args.replays}, lost sets {lost_sets}, lost ratings {lost_ratings}")
    return 1 if lost_sets or lost_ratings else 0


if __name__ == "__main__":
    sys.exit(main())
