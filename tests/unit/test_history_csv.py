"""CSV export: RFC 4180 round trip through the csv module, documented columns, the CLI commands."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backtimer.core.records import StepOutcome
from backtimer.reports.csv_export import EXPORT_COLUMNS, export_csv, records, write_csv
from backtimer.storage.history import HistoryStore
from backtimer.storage.paths import history_file
from tests.helpers.history import seed_history

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=timezone(timedelta(hours=1)))
AWKWARD = 'Stretch, "gentle"\nwith a line break \u2013 \u00fcn\u00efc\u00f6d\u00e9 \u2713'


def awkward_history(store: HistoryStore) -> tuple[int, int]:
    """One session with names that need quoting, one that ended before any set finished."""
    sid = store.start_session(routine_id="mine", routine_name=AWKWARD, started_at=T0,
                              baseline_pain=4, planned_seconds=600, exercises_planned=2)
    for n, (reps_done, reason) in enumerate(((5, None), (2, "pain"))):
        store.write_step(sid, StepOutcome(
            item=n, exercise_id=f"ex{n}", exercise_name=AWKWARD if n else "Bridge", side="left",
            set_no=1, sets_planned=1, hold_planned=6.0, hold_actual=5.96, reps_planned=5,
            reps_done=reps_done, skipped=reason is not None, skip_reason=reason,
            ended_at=T0 + timedelta(minutes=2 + n)), done_seconds=100 + n, exercises_done=1)
        store.write_pain(sid, value=4 + 2 * n, decision="skip_exercise" if n else "continue",
                         exercise_id=f"ex{n}", item=n, message="", rated_at=T0,
                         done_seconds=100 + n)
    store.end_session(sid, status="stopped", ended_at=T0 + timedelta(minutes=5),
                      message="Stopped", done_seconds=310, exercises_done=1)
    empty = store.start_session(routine_id="mine", routine_name="Mine",
                                started_at=T0 + timedelta(days=1), baseline_pain=None,
                                planned_seconds=600, exercises_planned=2)
    store.end_session(empty, status="stopped", ended_at=T0 + timedelta(days=1), message="",
                      done_seconds=0, exercises_done=0)
    return sid, empty


def test_round_trip_through_the_csv_module(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        _, empty = awkward_history(store)
        out = tmp_path / "out.csv"
        assert export_csv(store, out) == 3
        raw = out.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    header, first, second, third = records
    assert tuple(header) == EXPORT_COLUMNS
    row = dict(zip(header, first, strict=True))
    assert row["routine_name"] == AWKWARD  # commas, quotes and a line break survive
    assert row["session_status"] == "stopped"
    assert (row["baseline_pain"], row["final_pain"]) == ("4", "6")
    assert (row["step_no"], row["exercise_id"], row["side"], row["set"]) == ("1", "ex0", "left",
                                                                             "1")
    assert (row["hold_planned_s"], row["hold_actual_s"]) == ("6.0", "6.0")
    assert (row["reps_done"], row["skipped"], row["skip_reason"]) == ("5", "0", "")
    assert (row["pain_after_exercise"], row["pain_decision"]) == ("4", "continue")
    assert datetime.fromisoformat(row["session_start"]) == T0
    row2 = dict(zip(header, second, strict=True))
    assert (row2["exercise_name"], row2["skipped"], row2["skip_reason"]) == (AWKWARD, "1", "pain")
    assert (row2["pain_after_exercise"], row2["pain_decision"]) == ("6", "skip_exercise")
    row3 = dict(zip(header, third, strict=True))
    assert row3["session_id"] == str(empty)
    assert row3["session_status"] == "stopped"  # the status is on every row
    assert all(row3[c] == "" for c in EXPORT_COLUMNS[10:])


def test_lines_end_with_crlf_and_quoted_line_breaks_stay_inside_their_field(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        awkward_history(store)
        buffer = io.StringIO(newline="")
        write_csv(store, buffer)
    text = buffer.getvalue()
    assert text.endswith("\r\n")
    # Every record ends with CRLF; the only bare LF is the one inside the quoted names.
    assert text.count("\r\n") == 4
    assert text.replace("\r\n", "").count("\n") == 3
    assert '"Stretch, ""gentle""\nwith a line break' in text


def test_a_seeded_history_round_trips_row_for_row(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        seed_history(store, start=date(2026, 1, 1), days=30)
        expected = [tuple("" if v is None else str(v) for v in r.values())
                    for r in records(store)]
        buffer = io.StringIO(newline="")
        count = write_csv(store, buffer)
        expected_statuses = {s.id: s.status for s in store.sessions()}
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))
    assert count == len(rows) == len(expected) > 300
    assert [tuple(r.values()) for r in rows] == expected
    assert all(r["session_status"] == expected_statuses[int(r["session_id"])] for r in rows)


def test_the_documented_columns_are_the_exported_columns():
    doc = (ROOT / "docs" / "csv-columns.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| (\d+) \| `([a-z_]+)` \|", doc, flags=re.MULTILINE)
    assert [int(n) for n, _ in documented] == list(range(1, len(EXPORT_COLUMNS) + 1))
    assert tuple(name for _, name in documented) == EXPORT_COLUMNS


def test_export_file_is_private(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        awkward_history(store)
        out = tmp_path / "out.csv"
        export_csv(store, out, since=date(2026, 3, 3))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(out.open(newline="", encoding="utf-8")))
    assert [r["session_start"][:10] for r in rows] == ["2026-03-03"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# --- the command line --------------------------------------------------------------------------


def cli(*args: str, env_home: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                              "QT_QPA_PLATFORM")}
    env.update({"XDG_DATA_HOME": str(env_home / "data"),
                "XDG_CONFIG_HOME": str(env_home / "config"), "PYTHONPATH": str(ROOT)})
    return subprocess.run([sys.executable, "-m", "backtimer", *args], capture_output=True,
                          env=env, timeout=120, check=False)


def test_cli_export_writes_csv_to_stdout_and_closes_interrupted_sessions(isolated_dirs):
    with HistoryStore.open() as store:
        awkward_history(store)
        left_open = store.start_session(routine_id="mine", routine_name="Mine",
                                        started_at=T0 + timedelta(days=2), baseline_pain=1,
                                        planned_seconds=60, exercises_planned=1)
        with store.bulk_connection() as db:
            db.execute("UPDATE sessions SET pid = NULL WHERE id = ?", (left_open,))
    result = cli("history", "export", "--format", "csv", env_home=isolated_dirs)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"), newline="")))
    assert [r["session_status"] for r in rows] == ["stopped", "stopped", "stopped",
                                                   "interrupted"]
    assert rows[0]["routine_name"] == AWKWARD
    assert result.stdout.count(b"\r\n") == 5


def test_cli_export_to_a_file_and_bad_output_folder(isolated_dirs, tmp_path):
    with HistoryStore.open() as store:
        awkward_history(store)
    out = tmp_path / "x.csv"
    ok = cli("history", "export", "--format", "csv", "--output", str(out), env_home=isolated_dirs)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == b""
    assert len(list(csv.reader(out.open(newline="", encoding="utf-8")))) == 4
    bad = cli("history", "export", "--output", str(tmp_path / "nowhere" / "x.csv"),
              env_home=isolated_dirs)
    assert bad.returncode == 2
    assert bad.stdout == b""
    lines = bad.stderr.decode().splitlines()
    assert len(lines) == 1
    assert "does not exist" in lines[0]


def test_cli_export_sets_aside_a_corrupt_history_and_says_so(isolated_dirs):
    path = history_file()
    path.write_bytes(b"not a database" * 100)
    result = cli("history", "export", env_home=isolated_dirs)
    assert result.returncode == 0
    assert result.stdout.decode().splitlines() == [",".join(EXPORT_COLUMNS)]
    assert b"could not be used" in result.stderr
    [aside] = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert aside.read_bytes() == b"not a database" * 100


@pytest.mark.parametrize(("args", "message"), [
    (("history", "report", "--output", "report.txt"), "ending in .pdf"),
    (("history", "report", "--output", "/nonexistent-dir/r.pdf"), "does not exist"),
    (("history", "report", "--output", "r.pdf", "--since", "yesterday"), "invalid date"),
])
def test_cli_report_rejects_bad_arguments_with_one_line(isolated_dirs, args, message):
    result = cli(*args, env_home=isolated_dirs)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert message in lines[0]
    assert b"Traceback" not in result.stderr
