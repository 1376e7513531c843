"""The command line as outside scripts see it (the README's table): real processes, no display."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from backtimer import cli
from backtimer.core.library import load_library
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m backtimer ARGS` with no display at all (and the test's isolated XDG folders)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        [sys.executable, "-m", "backtimer", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def assert_usage_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def write_routine(folder: Path, routine: dict[str, Any], name: str = "mine.json") -> Path:
    path = folder / name
    path.write_text(json.dumps({"schema_version": 1, "routine": routine}), encoding="utf-8")
    return path


MY_MORNING = {
    "id": "my_morning",
    "name": "My morning",
    "items": [
        {"exercise": "glute_bridge", "hold": 6, "reps": 8, "sets": 2, "rest": 30},
        {"exercise": "cat_cow", "reps": 8},
    ],
}


# --- listing ----------------------------------------------------------------------------------


def test_list_routines() -> None:
    result = run_cli("--list-routines")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    library = load_library()
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [r.id for r in library.routines]
    for line, routine in zip(lines, library.routines, strict=True):
        minutes = max(1, round(build_plan(routine, library, Settings()).estimated_seconds / 60))
        assert line == f"{routine.id}\t{routine.name}\tabout {minutes} min"


def test_list_exercises() -> None:
    result = run_cli("--list-exercises")
    assert result.returncode == 0, result.stderr
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in result.stdout.splitlines()}
    assert list(rows) == list(load_library().exercises)
    assert rows["glute_bridge"] == ["Glute bridge", "8 reps, 6 s hold"]
    assert rows["bird_dog"] == ["Bird-dog", "6 reps each side, 5 s hold"]
    assert rows["cat_cow"] == ["Cat-cow", "8 reps"]


def test_list_exercises_json() -> None:
    result = run_cli("--list-exercises", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert len(data) == len(load_library().exercises)
    for entry in data:
        assert {"id", "name", "mode", "per_side", "hold", "reps"} <= set(entry)
        assert entry["mode"] in ("hold", "reps", "reps_hold")
        assert isinstance(entry["per_side"], bool)
        assert entry["hold"] is None if entry["mode"] == "reps" else isinstance(entry["hold"], int)
    by_id = {entry["id"]: entry for entry in data}
    assert by_id["bird_dog"]["per_side"] is True
    assert by_id["cat_cow"]["hold"] is None


def test_list_routines_json() -> None:
    result = run_cli("--list-routines", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    library = load_library()
    assert [entry["id"] for entry in data] == [r.id for r in library.routines]
    for entry in data:
        assert set(entry) == {"id", "name", "goal", "items", "estimated_seconds", "builtin"}
        assert isinstance(entry["estimated_seconds"], int)
        assert entry["estimated_seconds"] > 0
        assert entry["builtin"] is True
        routine = library.routine(entry["id"])
        assert entry["items"] == len(routine.items)
        expected = build_plan(routine, library, Settings()).estimated_seconds
        assert entry["estimated_seconds"] == round(expected)


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.fullmatch(r"backtimer \d+\.\d+\.\d+\S*\n", result.stdout)


# --- validate ---------------------------------------------------------------------------------


def test_validate_ok(tmp_path: Path) -> None:
    path = write_routine(tmp_path, MY_MORNING)
    result = run_cli("validate", path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    library = load_library()
    from backtimer.core.library import load_routine_file

    seconds = build_plan(load_routine_file(path, library), library, Settings()).estimated_seconds
    assert result.stdout == f"ok: My morning, 2 items, about {max(1, round(seconds / 60))} min\n"


BAD_FILES: list[tuple[str, bytes | None, str]] = [
    # (case, file content or None for no file, what the one line must contain besides the path)
    ("missing", None, "file not found"),
    ("not_utf8", b'{"schema_version": 1, "routine": {"id": "caf\xe9"}}', "byte offset 44"),
    ("malformed", b'{"schema_version": 1,\n "routine": }', "line 2, column 13"),
    ("top_level_list", b"[]", "top level must be a JSON object"),
    ("newer", b'{"schema_version": 9, "routine": {}}', "made by a newer backtimer"),
    (
        "duplicate_key",
        b'{"schema_version": 1, "routine": {"id": "a", "id": "b", "name": "A", "items": []}}',
        "routine.id: key appears twice",
    ),
    (
        "unknown_exercise",
        json.dumps(
            {"schema_version": 1, "routine": {**MY_MORNING, "items": [{"exercise": "glute_brige"}]}}
        ).encode(),
        "routine.items[0] (glute_brige).exercise: unknown exercise 'glute_brige' "
        "(did you mean 'glute_bridge'?)",
    ),
    (
        "hold_out_of_range",
        json.dumps(
            {
                "schema_version": 1,
                "routine": {**MY_MORNING, "items": [{"exercise": "glute_bridge", "hold": 60}]},
            }
        ).encode(),
        "routine.items[0] (glute_bridge).hold: must be between 5 and 30 seconds, not 60",
    ),
    (
        "unknown_key",
        json.dumps({"schema_version": 1, "routine": {**MY_MORNING, "nmae": "x"}}).encode(),
        "routine: unknown key 'nmae'",
    ),
    (
        "empty_routine",
        json.dumps({"schema_version": 1, "routine": {**MY_MORNING, "items": []}}).encode(),
        "routine.items: is empty",
    ),
    ("too_large", b"{" + b" " * (1024 * 1024 + 1) + b"}", "absurdly large"),
]


@pytest.mark.parametrize(
    ("content", "expected"),
    [pytest.param(content, expected, id=case) for case, content, expected in BAD_FILES],
)
def test_validate_bad_file(tmp_path: Path, content: bytes | None, expected: str) -> None:
    path = tmp_path / "routine.json"
    if content is not None:
        path.write_bytes(content)
    line = assert_usage_error(run_cli("validate", path))
    assert line.startswith(f"{path}: ")
    assert expected in line


# --- bad arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["--bogus"], "unrecognized arguments: --bogus", id="unknown_option"),
        pytest.param(["frobnicate"], "invalid choice: 'frobnicate'", id="unknown_command"),
        pytest.param(["validate"], "required: PATH", id="validate_without_path"),
        pytest.param(["validate", "a", "b"], "unrecognized arguments: b", id="validate_two"),
        pytest.param(["--routine"], "expected one argument", id="routine_without_id"),
        pytest.param(
            ["--routine", "gentle_start", "--routine-file", "x.json"],
            "not allowed with argument",
            id="routine_and_file",
        ),
        pytest.param(["--list-routines", "--list-exercises"], "not allowed with", id="two_lists"),
        pytest.param(["--json"], "--json goes with", id="json_alone"),
        pytest.param(["--list-routines", "--no-voice"], "cannot be combined", id="list_and_gui"),
        pytest.param(["--no-voice", "validate", "x"], "cannot be combined", id="gui_and_validate"),
        pytest.param(["history"], "needs a command", id="history_alone"),
        pytest.param(["history", "export", "--format", "xml"], "invalid choice", id="bad_format"),
        pytest.param(["history", "report"], "required: --output", id="report_no_output"),
        pytest.param(
            ["history", "report", "--output", "r.pdf", "--since", "2024-02-30"],
            "invalid date '2024-02-30' (expected YYYY-MM-DD",
            id="bad_since",
        ),
        pytest.param(
            ["--routine", "gentle_strat"], "did you mean 'gentle_start'?", id="routine_typo"
        ),
        pytest.param(
            ["--event-log", "/nonexistent-folder/events.jsonl"],
            "does not exist",
            id="event_log_dir",
        ),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], expected: str) -> None:
    line = assert_usage_error(run_cli(*args))
    assert line.startswith("backtimer: error: ")
    assert expected in line


def test_bad_routine_file_stops_before_any_window(tmp_path: Path) -> None:
    path = write_routine(tmp_path, {**MY_MORNING, "items": [{"exercise": "cat_cow", "hold": 10}]})
    line = assert_usage_error(run_cli("--routine-file", path, "--no-voice"))
    assert line == (
        f"{path}: routine.items[0] (cat_cow).hold: is given, but 'cat_cow' is a reps-mode "
        "exercise with no hold; remove it"
    )


# --- no Qt unless a window is wanted ----------------------------------------------------------


def test_list_and_validate_do_not_import_qt(tmp_path: Path) -> None:
    path = write_routine(tmp_path, MY_MORNING)
    code = (
        "import contextlib, io, sys\n"
        "from backtimer import cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    codes = [cli.main(['--list-routines']), cli.main(['--list-exercises', '--json']),\n"
        f"             cli.main(['validate', {str(path)!r}])]\n"
        "print(codes, 'PySide6' in sys.modules, 'backtimer.app' in sys.modules,\n"
        "      bool(out.getvalue()))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[0, 0, 0] False False True\n"


# --- the window launch, with the app replaced -------------------------------------------------


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[cli.LaunchOptions]:
    """Stand in for backtimer.app.main so the launch runs without Qt; records what it was given."""
    launched: list[cli.LaunchOptions] = []

    def run(options: cli.LaunchOptions) -> int:
        launched.append(options)
        return 0

    module = types.ModuleType("backtimer.app.main")
    module.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backtimer.app.main", module)
    return launched


def test_no_arguments_opens_the_window(fake_app: list[cli.LaunchOptions]) -> None:
    assert cli.main([]) == 0
    assert fake_app == [cli.LaunchOptions(None, None, True, None)]


def test_routine_options_reach_the_app(fake_app: list[cli.LaunchOptions], tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    assert cli.main(["--routine", "gentle_start", "--no-voice", "--event-log", str(log)]) == 0
    assert fake_app == [cli.LaunchOptions("gentle_start", None, False, log)]
    assert not log.exists()  # the app opens it, not the argument check


def test_routine_file_reaches_the_app(fake_app: list[cli.LaunchOptions], tmp_path: Path) -> None:
    path = write_routine(tmp_path, MY_MORNING)
    assert cli.main(["--routine-file", str(path)]) == 0
    assert fake_app == [cli.LaunchOptions(None, path, True, None)]


def test_bad_routine_id_never_reaches_the_app(
    fake_app: list[cli.LaunchOptions], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--routine", "nope_nothing_like_it"]) == 2
    assert fake_app == []
    err = capsys.readouterr().err
    assert err == "backtimer: error: unknown routine 'nope_nothing_like_it' (see --list-routines)\n"


def test_saved_routines_are_listed_and_startable_by_id():
    from backtimer.core.library import load_library, parse_routine
    from backtimer.storage.catalog import save_user_routine

    library = load_library()
    mine = parse_routine(
        {"schema_version": 1,
         "routine": {"id": "my_evening", "name": "My evening",
                     "items": [{"exercise": "cat_cow", "reps": 6}]}},
        library, "test",
    )
    save_user_routine(mine, library)
    listed = run_cli("--list-routines", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    assert rows["my_evening"]["name"] == "My evening"
    assert rows["my_evening"]["builtin"] is False
    assert "gentle_start" in rows
