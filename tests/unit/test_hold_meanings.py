"""The three meanings of a hold (core/plan.py): default, the item's own value, the planned value.

Reproduces issue 8's case: with Settings -> hold adjustment +5 s, three green sessions of a
routine with Pelvic tilt (default 5 s, planned 10 s) led to "hold 10 s -> 15 s"; accepting it
made the next session hold 20 s, because the planned hold became the item's own and the plan
added the adjustment again.
"""

from __future__ import annotations

from backtimer.core.library import load_library
from backtimer.core.models import Routine, RoutineItem
from backtimer.core.plan import build_plan
from backtimer.core.progression import apply, suggest
from backtimer.core.settings import Settings
from backtimer.storage.history import HistoryStore
from tests.helpers.history import record_session


def planned_holds(routine: Routine, settings: Settings, exercise: str) -> set[float]:
    plan = build_plan(routine, load_library(), settings)
    return {s.planned for s in plan.steps
            if s.kind == "hold" and s.exercise == exercise and s.planned is not None}


def test_an_accepted_progression_adds_the_settings_adjustment_once(tmp_path):
    library = load_library()
    assert library.exercise("pelvic_tilt").hold == 5
    settings = Settings(hold_adjust=5)
    routine = Routine("tilts", "Tilts", (RoutineItem("pelvic_tilt"),), builtin=False)
    assert planned_holds(routine, settings, "pelvic_tilt") == {10.0}  # 5 s own + 5 s

    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        for _ in range(3):
            sid = record_session(store, build_plan(routine, library, settings), baseline=2,
                                 answer=1, settings=settings)
        steps = store.steps(sid)
        # The history keeps what was planned, the item's own value and the adjustment apart.
        assert {(s.hold_planned, s.hold_own, s.hold_adjust) for s in steps} == {(10.0, 5.0, 5)}
        [suggestion] = suggest(store.progression_facts(), store.decided_suggestions())
    [change] = suggestion.changes
    # The proposal is to the item's own value: 5 s -> 10 s (shown as such, not 10 -> 15).
    assert (change.field, change.old, change.new) == ("hold", 5, 10)
    accepted = apply(routine, suggestion)
    assert accepted.items[0].hold == 10
    # Next session: own value + adjustment, once (15 s), never 20 s.
    assert planned_holds(accepted, settings, "pelvic_tilt") == {15.0}


def test_progression_moves_to_reps_when_the_planned_hold_is_at_the_ceiling(tmp_path):
    """Own 28 s + 5 s is planned as 30 s: a longer own hold would change nothing, so more reps."""
    library = load_library()
    settings = Settings(hold_adjust=5)
    routine = Routine("tilts", "Tilts", (RoutineItem("pelvic_tilt", hold=28, reps=3),),
                      builtin=False)
    with HistoryStore.open(tmp_path / "history.sqlite3") as store:
        for _ in range(3):
            record_session(store, build_plan(routine, library, settings), answer=1,
                           settings=settings)
        [suggestion] = suggest(store.progression_facts(), store.decided_suggestions())
    assert [(c.field, c.old, c.new) for c in suggestion.changes] == [("reps", 3, 4)]


def test_a_file_at_schema_2_gains_the_own_hold_and_adjustment_columns(tmp_path):
    import sqlite3

    from backtimer.storage.history_file import APPLICATION_ID
    from backtimer.storage.history_schema import SCHEMA_VERSION, migrations

    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path)
    for script in migrations()[:2]:
        db.executescript(script)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with HistoryStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 4  # 3 added the columns
        columns = {r[1] for r in store.bulk_connection().execute("PRAGMA table_info(steps)")}
    assert {"hold_own", "hold_adjust"} <= columns
