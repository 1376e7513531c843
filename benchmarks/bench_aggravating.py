"""How long the start of a session waits for the aggravating exercises (rules that remember,
storage/history_aggravating.py), on ten years of synthetic daily history (~3,650 sessions).

The query runs once per session start, before the question page; it should stay well under what
a person notices (a budget of 50 ms at the median). Run from the repository root:

    python benchmarks/bench_aggravating.py [--repeat N]

Prints every figure and exits 1 if the budget is missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backtimer.core.records import SkipReason, StepOutcome  # noqa: E402
from backtimer.storage.history import HistoryStore  # noqa: E402
from tests.helpers.history import seed_history  # noqa: E402

BUDGET = 0.050


def left_for_pain(store: HistoryStore, exercises: tuple[str, ...]) -> None:
    """One more session, the latest, where pain made the person leave `exercises`."""
    at = datetime(2026, 8, 1, 8, 0, tzinfo=UTC)
    sid = store.start_session(routine_id="core", routine_name="Core", started_at=at,
                              baseline_pain=3, planned_seconds=600,
                              exercises_planned=len(exercises))
    for item, exercise in enumerate(exercises):
        store.write_step(sid, StepOutcome(
            item=item, exercise_id=exercise, exercise_name=exercise, side=None, set_no=1,
            sets_planned=1, hold_planned=8, hold_actual=None, reps_planned=5, reps_done=1,
            skipped=True, skip_reason=SkipReason.PAIN, ended_at=at), done_seconds=20,
            exercises_done=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, \
            HistoryStore.open(Path(folder) / "history.sqlite3") as store:
        sessions = seed_history(store, start=date(2016, 8, 1), days=3650)
        left_for_pain(store, ("bird_dog", "glute_bridge"))
        times: list[float] = []
        found = 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            found = len(store.aggravating())
            times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"{sessions} sessions, {found} aggravating now")
    print(f"aggravating(): median {median * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
          f"(budget {BUDGET * 1000:.0f} ms)")
    return 0 if median <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
