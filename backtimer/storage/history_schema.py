"""The history file's schema: the migration scripts, in order, each taking a file one version up.

Kept apart from opening and migrating (storage/history_file.py) because released entries are
never edited, only added to: a file at `PRAGMA user_version` i is brought to i + 1 by entry i.
"""

from __future__ import annotations

import sqlite3

_SCHEMA_V1 = """
CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY,
    routine_id        TEXT    NOT NULL,
    routine_name      TEXT    NOT NULL,
    started_at        TEXT    NOT NULL,          -- ISO 8601 local time with UTC offset
    ended_at          TEXT,                      -- NULL while the session is open
    status            TEXT    NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'completed', 'stopped', 'interrupted')),
    baseline_pain     INTEGER CHECK (baseline_pain BETWEEN 0 AND 10),
    final_pain        INTEGER CHECK (final_pain BETWEEN 0 AND 10),
    planned_seconds   REAL    NOT NULL,
    done_seconds      REAL    NOT NULL DEFAULT 0,  -- active time, pauses excluded
    exercises_planned INTEGER NOT NULL,
    exercises_done    INTEGER NOT NULL DEFAULT 0,
    end_message       TEXT    NOT NULL DEFAULT '',
    pid               INTEGER                    -- process that records it, while open
);
CREATE INDEX sessions_by_start ON sessions (started_at);
CREATE INDEX sessions_open ON sessions (status) WHERE status = 'open';

CREATE TABLE steps (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id),
    item          INTEGER NOT NULL,              -- position of the exercise in the routine
    exercise_id   TEXT    NOT NULL,
    exercise_name TEXT    NOT NULL,
    side          TEXT    CHECK (side IN ('left', 'right')),
    set_no        INTEGER NOT NULL,
    sets_planned  INTEGER NOT NULL,
    hold_planned  REAL,                          -- seconds per held rep; NULL for movement reps
    hold_actual   REAL,                          -- mean active seconds of the finished holds
    reps_planned  INTEGER NOT NULL,
    reps_done     INTEGER NOT NULL,
    skipped       INTEGER NOT NULL CHECK (skipped IN (0, 1)),
    skip_reason   TEXT    CHECK (skip_reason IN ('user', 'pain', 'stopped')),
    ended_at      TEXT    NOT NULL
);
CREATE INDEX steps_by_session ON steps (session_id, id);

CREATE TABLE pain_ratings (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    item        INTEGER,
    exercise_id TEXT,
    value       INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),
    decision    TEXT    NOT NULL,
    message     TEXT    NOT NULL DEFAULT '',
    rated_at    TEXT    NOT NULL
);
CREATE INDEX pain_by_session ON pain_ratings (session_id, id);
"""

_SCHEMA_V2 = """
CREATE INDEX steps_by_exercise ON steps (exercise_id, session_id);
CREATE INDEX steps_skipped_for_pain ON steps (session_id) WHERE skip_reason = 'pain';
CREATE INDEX pain_by_decision ON pain_ratings (decision, session_id);
CREATE TABLE suggestions (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL CHECK (kind IN ('progress', 'lighten')),
    routine_id   TEXT    NOT NULL,
    based_on     INTEGER NOT NULL REFERENCES sessions (id),
    accepted     INTEGER NOT NULL CHECK (accepted IN (0, 1)),
    changes      TEXT    NOT NULL,               -- human-readable summary of what was suggested
    decided_at   TEXT    NOT NULL
);
"""

# The three meanings of a hold (core/plan.py): beside the planned hold, the routine item's own
# value and the settings' adjustment in force, so progression changes the own value. Rows
# written before this stay NULL there (their adjustment is not known).
_SCHEMA_V3 = """
ALTER TABLE steps ADD COLUMN hold_own REAL;
ALTER TABLE steps ADD COLUMN hold_adjust INTEGER;
"""

# Rules that remember (docs/pain-rules.md): what the person chose, at the start of a session, for
# each exercise that was aggravating then (core/aggravating.py spells the choices).
_SCHEMA_V4 = """
CREATE TABLE aggravating_choices (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (id),
    exercise_id TEXT    NOT NULL,
    choice      TEXT    NOT NULL CHECK (choice IN ('lighter', 'leave_out', 'as_planned')),
    UNIQUE (session_id, exercise_id)
);
CREATE INDEX choices_by_exercise ON aggravating_choices (exercise_id, session_id);
"""

# Index i upgrades a file from user_version i to i + 1. Never edit a released entry: add one.
_MIGRATIONS: tuple[str, ...] = (_SCHEMA_V1, _SCHEMA_V2, _SCHEMA_V3, _SCHEMA_V4)
SCHEMA_VERSION = len(_MIGRATIONS)


def migration_statements(target: int) -> list[str]:
    """The statements that bring a file from schema `target - 1` to `target`."""
    return _statements(_MIGRATIONS[target - 1])


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (complete_statement knows about quotes)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def migrations() -> tuple[str, ...]:
    """The migration scripts, for tests that build a file at an older schema."""
    return _MIGRATIONS
