"""Histories built in code: a seeded synthetic history, and a session driver to kill.

`seed_history` writes sessions straight into a store in one transaction (fast enough for ten years
of daily history in the benchmark); the rows look like what HistoryRecorder writes. `main` runs a
real Session with a fast fake clock, recorded by HistoryRecorder, prints `READY <n>` once `n` step
rows are committed, and then waits for its parent to SIGKILL it.
"""

from __future__ import annotations

import contextlib
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from backtimer.storage.history import HistoryStore

TZ = timezone(timedelta(hours=1))


@dataclass(frozen=True)
class SeedExercise:
    id: str
    name: str
    per_side: bool
    hold: int | None
    reps: int
    sets: int


SEED_EXERCISES = (
    SeedExercise("knee_to_chest", "Knee to chest", True, 20, 3, 2),
    SeedExercise("glute_bridge", "Glute bridge", False, 6, 8, 2),
    SeedExercise("bird_dog", "Bird-dog", True, 8, 5, 2),
    SeedExercise("cat_cow", "Cat-cow", False, None, 10, 2),
    SeedExercise("pelvic_tilt", "Pelvic tilt", False, 5, 10, 2),
)
ROUTINES = (("morning", "Morning mobility"), ("core", "Core, step by step"))


def seed_history(store: HistoryStore, *, start: date, days: int, per_day: int = 1,
                 seed: int = 7, open_last: bool = False) -> int:
    """Write `days` days of history from `start`, `per_day` sessions a day; returns sessions."""
    rng = random.Random(seed)
    db = store.bulk_connection()
    sessions: list[tuple[object, ...]] = []
    steps: list[tuple[object, ...]] = []
    pains: list[tuple[object, ...]] = []
    next_id = int(db.execute("SELECT coalesce(max(id), 0) FROM sessions").fetchone()[0]) + 1
    pain_level = 5.0
    for n in range(days):
        day = start + timedelta(days=n)
        pain_level = max(0.0, pain_level - 0.002)  # a slow improvement over the years
        for k in range(per_day):
            sid = next_id
            next_id += 1
            routine_id, routine_name = ROUTINES[(n + k) % len(ROUTINES)]
            begin = datetime.combine(day, time(7 + 10 * k, 30), TZ)
            baseline = max(0, min(10, round(pain_level + rng.uniform(-1.5, 1.5))))
            moment = begin
            done_s = 0.0
            exercises_done = 0
            pain_now = baseline
            status = "completed"
            final = baseline
            for item, ex in enumerate(SEED_EXERCISES):
                sides: tuple[str | None, ...] = ("left", "right") if ex.per_side else (None,)
                item_ok = True
                skipped_for_pain = rng.random() < 0.03
                for side in sides:
                    for set_no in range(1, ex.sets + 1):
                        reps_done = ex.reps if not skipped_for_pain else rng.randint(0, ex.reps)
                        if rng.random() < 0.05:
                            reps_done = max(0, reps_done - 1)
                        skipped = reps_done < ex.reps
                        item_ok = item_ok and not skipped
                        seconds = (ex.hold or 4) * reps_done
                        done_s += seconds + 10
                        moment += timedelta(seconds=seconds + 10)
                        steps.append((
                            sid, item, ex.id, ex.name, side, set_no, ex.sets, ex.hold,
                            None if ex.hold is None or not reps_done
                            else ex.hold - rng.random() * 0.2,
                            ex.reps, reps_done, int(skipped),
                            ("pain" if skipped_for_pain else "user") if skipped else None,
                            moment.isoformat(timespec="seconds"),
                        ))
                exercises_done += int(item_ok)
                pain_now = max(0, min(10, pain_now + (2 if skipped_for_pain else
                                                      rng.choice((-1, 0, 0, 0, 1)))))
                decision = ("skip_exercise" if skipped_for_pain
                            else "continue" if pain_now <= 3 else "caution")
                pains.append((sid, item, ex.id, pain_now, decision,
                              "" if decision == "continue" else "Go gently.",
                              moment.isoformat(timespec="seconds")))
                final = pain_now
            last = open_last and n == days - 1 and k == per_day - 1
            sessions.append((
                sid, routine_id, routine_name, begin.isoformat(timespec="seconds"),
                None if last else moment.isoformat(timespec="seconds"),
                "open" if last else status, baseline, final, 900.0, round(done_s, 1),
                len(SEED_EXERCISES), exercises_done,
                "" if last else "Session complete.", 1 if last else None,
            ))
    with db:
        db.executemany(
            "INSERT INTO sessions (id, routine_id, routine_name, started_at, ended_at, status, "
            "baseline_pain, final_pain, planned_seconds, done_seconds, exercises_planned, "
            "exercises_done, end_message, pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        db.executemany(
            "INSERT INTO steps (session_id, item, exercise_id, exercise_name, side, set_no, "
            "sets_planned, hold_planned, hold_actual, reps_planned, reps_done, skipped, "
            "skip_reason, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            steps,
        )
        db.executemany(
            "INSERT INTO pain_ratings (session_id, item, exercise_id, value, decision, message, "
            "rated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            pains,
        )
    return len(sessions)


# --- the session to be killed ------------------------------------------------------------------


def _kill_test_plan():
    from backtimer.core.models import Exercise, Library, Routine, RoutineItem
    from backtimer.core.plan import build_plan
    from backtimer.core.settings import Settings

    def ex(ex_id: str, *, hold: int | None, reps: int, sets: int, per_side: bool) -> Exercise:
        return Exercise(
            id=ex_id, name=ex_id.replace("_", " ").capitalize(), category="stretch",
            position="lying_on_back", equipment=(), per_side=per_side,
            mode="hold" if hold else "reps", hold=hold, reps=reps, sets=sets, rest=None,
            summary="", steps=("Do it.",), cautions=(), contraindications=(), sources=(),
        )

    exercises = {
        "bridge": ex("bridge", hold=5, reps=3, sets=2, per_side=False),
        "bird_dog": ex("bird_dog", hold=5, reps=2, sets=1, per_side=True),
        "cat_cow": ex("cat_cow", hold=None, reps=4, sets=1, per_side=False),
    }
    library = Library(exercises=exercises)
    routine = Routine("kill_test", "Kill test",
                      tuple(RoutineItem(e) for e in ("bridge", "bird_dog", "cat_cow")))
    return build_plan(routine, library, Settings())


def run_until_killed(db_path: Path, ready_after: int) -> None:
    """Run a real session on a fast fake clock; report readiness, then never finish."""
    from backtimer.core.clock import FakeClock
    from backtimer.core.events import EventBus
    from backtimer.core.pain import PainTracker
    from backtimer.core.session import Session
    from backtimer.storage.recorder import HistoryRecorder

    plan = _kill_test_plan()
    clock = FakeClock()
    bus = EventBus()
    session = Session(plan, clock, bus, pain=PainTracker(baseline=3, clock=clock))
    store = HistoryStore.open(db_path)
    recorder = HistoryRecorder(store, plan, clock, 3)
    bus.subscribe(recorder.on_event)
    written = 0

    def count(event: object) -> None:
        nonlocal written
        written = int(store.bulk_connection().execute("SELECT count(*) FROM steps").fetchone()[0])

    bus.subscribe(count)
    session.start()
    while written < ready_after and session.state != "ended":
        clock.advance(0.25)
        session.tick()
        if session.step.kind == "pain_check" and session.state == "running":
            session.answer_pain(2)
    # Half-way into the next set: a hold is running, its row not yet written.
    clock.advance(6.0)
    session.tick()
    print(f"READY {written} {recorder.session_id} {session.step.kind}", flush=True)
    sys.stdin.read()  # the parent kills us while we wait here


def record_session(store: HistoryStore, plan, *, baseline: int = 2, answer: int = 2,
                   settings=None, tick: float = 1.0) -> int:
    """Run a real Session of `plan` to its end on a fake clock, recorded by HistoryRecorder.

    Every pain check is answered with `answer`. Returns the session's id in the history.
    """
    from backtimer.core.clock import FakeClock
    from backtimer.core.events import EventBus
    from backtimer.core.pain import PainTracker
    from backtimer.core.session import Session
    from backtimer.core.settings import Settings
    from backtimer.storage.recorder import HistoryRecorder

    clock = FakeClock()
    bus = EventBus()
    session = Session(plan, clock, bus, pain=PainTracker(baseline=baseline, clock=clock,
                                                         settings=settings or Settings()))
    recorder = HistoryRecorder(store, plan, clock, baseline)
    bus.subscribe(recorder.on_event)
    session.start()
    while session.state != "ended":
        clock.advance(tick)
        session.tick()
        if session.step.kind == "pain_check" and session.state == "running":
            session.answer_pain(answer)
    assert recorder.session_id is not None
    return recorder.session_id


def run_forever(db_path: Path) -> None:
    """Record session after session as fast as the disk allows, until killed at any moment."""
    plan = _kill_test_plan()
    store = HistoryStore.open(db_path)
    store.close_interrupted()
    n = 0
    while True:
        record_session(store, plan)
        n += 1
        print(f"SESSION {n}", flush=True)


if __name__ == "__main__":
    if sys.argv[2] == "forever":
        run_forever(Path(sys.argv[1]))
    else:
        run_until_killed(Path(sys.argv[1]), int(sys.argv[2]))


# --- real filesystems that refuse writes -------------------------------------------------------


@contextlib.contextmanager
def tmpfs(where: Path, size_kb: int = 512):
    """A small tmpfs mounted at `where` (root only); yields None when it cannot be mounted, so
    the caller can skip. Unmounted (lazily, in case a file is still open) at the end."""
    where.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755",
                               "tmpfs", str(where)], capture_output=True, check=False)
    except OSError:
        done = None
    if done is None or done.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def remount(where: Path, mode: str) -> None:
    """Remount the tmpfs at `where` read-only ("ro") or read-write ("rw")."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True,
                   capture_output=True)


def fill(folder: Path) -> Path:
    """Fill the filesystem of `folder` to the last byte; returns the filler file to delete."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            chunk = b"\0" * size
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, chunk)
    finally:
        os.close(fd)
    return filler


def make_newer_history(path: Path, version: int = 99) -> None:
    """A history file as a newer backtimer would leave it: ours, at a schema we do not know."""
    import sqlite3

    from backtimer.storage.history_file import APPLICATION_ID

    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
