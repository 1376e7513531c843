"""`backtimer routine sheet ID_OR_PATH --output FILE.pdf` as a script sees it: real processes, no
display, and the PDF read back with poppler's pdftotext (scripts/system-deps installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.core.dose import dose_in_words, equipment_phrase, guidance_phrase
from backtimer.core.library import load_library, parse_routine
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings
from backtimer.storage.catalog import save_user_routine
from backtimer.storage.settings_store import save_settings
from tests.unit.test_cli import MY_MORNING, assert_usage_error, run_cli, write_routine


def pdf_text(path: Path) -> str:
    """The PDF's text with every run of white space as one space (lines wrap anywhere)."""
    tool = shutil.which("pdftotext")
    assert tool is not None, "pdftotext is missing: run scripts/system-deps (poppler-utils)"
    out = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True, timeout=60).stdout.decode("utf-8")
    return " ".join(out.split())


def flat(text: str) -> str:
    return " ".join(text.split())


def test_gentle_start_sheet_names_every_exercise_with_its_dose_steps_and_cautions(
        tmp_path: Path) -> None:
    output = tmp_path / "s.pdf"
    result = run_cli("routine", "sheet", "gentle_start", "--output", output)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert output.read_bytes().startswith(b"%PDF")
    text = pdf_text(output)
    library = load_library()
    plan = build_plan(library.routine("gentle_start"), library, Settings())
    assert "Gentle start" in text
    minutes = max(1, round(plan.estimated_seconds / 60))
    assert f"About {minutes} min" in text
    assert flat(f"You need: {equipment_phrase(i.exercise for i in plan.items)}.") in text
    assert "Stop if the pain rises" in text
    assert "urgent help" in text
    position = 0
    for number, item in enumerate(plan.items, start=1):
        heading = f"{number}. {item.exercise.name}"
        found = text.find(heading, position)
        assert found >= 0, f"{heading!r} missing or out of order"
        position = found
        assert flat(dose_in_words(item, Settings())) in text
        for step in item.exercise.steps:
            assert flat(step) in text
        assert item.exercise.cautions, item.exercise.id
        for caution in item.exercise.cautions:
            assert flat(caution) in text
        assert flat(f"Dose based on: {guidance_phrase(item.exercise)}.") in text


def test_the_sheet_shows_the_dose_the_person_s_settings_make(tmp_path: Path) -> None:
    save_settings(Settings().replace(hold_adjust=5))
    output = tmp_path / "s.pdf"
    assert run_cli("routine", "sheet", "gentle_start", "--output", output).returncode == 0
    text = pdf_text(output)
    # gentle_start holds the bridge 5 s; the person's +5 s makes it 10 s, as in their sessions.
    assert "6 reps, hold each 10 s." in text


def test_a_routine_file_and_a_saved_routine_id_both_work(tmp_path: Path) -> None:
    path = write_routine(tmp_path, MY_MORNING)
    output = tmp_path / "file.pdf"
    result = run_cli("routine", "sheet", path, "--output", output)
    assert result.returncode == 0, result.stderr
    text = pdf_text(output)
    assert "My morning" in text
    assert "2 sets \u00d7 8 reps, hold each 6 s. Rest 5 s between reps, 30 s between sets." in text
    assert "Cat-cow" in text

    library = load_library()
    mine = parse_routine({"schema_version": 1, "routine": {
        "id": "my_evening", "name": "My evening", "items": [{"exercise": "wall_sit"}]}},
        library, "test")
    save_user_routine(mine, library)
    output = tmp_path / "saved.pdf"
    result = run_cli("routine", "sheet", "my_evening", "--output", output)
    assert result.returncode == 0, result.stderr
    text = pdf_text(output)
    assert "My evening" in text
    assert "You need: a wall." in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["routine"], "'routine' needs a command: sheet", id="no_command"),
        pytest.param(["routine", "sheet", "gentle_start"], "required: --output", id="no_output"),
        pytest.param(["routine", "sheet", "gentle_strat", "--output", "s.pdf"],
                     "unknown routine 'gentle_strat' (did you mean 'gentle_start'?)",
                     id="unknown_id"),
        pytest.param(["routine", "sheet", "gentle_start", "--output", "s.txt"],
                     "give --output a name ending in .pdf", id="not_pdf"),
        pytest.param(["routine", "sheet", "gentle_start", "--output", "/no/such/folder/s.pdf"],
                     "the folder /no/such/folder does not exist", id="no_folder"),
        pytest.param(["routine", "sheet", "missing.json", "--output", "s.pdf"],
                     "missing.json", id="missing_file"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], expected: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line = assert_usage_error(run_cli(*args))
    assert expected in line
    assert not list(tmp_path.glob("*.pdf"))


def test_a_bad_routine_file_names_the_item_and_field(tmp_path: Path) -> None:
    routine = {"id": "bad", "name": "Bad", "items": [{"exercise": "glute_brige"}]}
    path = write_routine(tmp_path, routine)
    line = assert_usage_error(run_cli("routine", "sheet", path, "--output", tmp_path / "s.pdf"))
    assert str(path) in line
    assert "glute_brige" in line
    assert "did you mean 'glute_bridge'" in line
    assert not (tmp_path / "s.pdf").exists()


def test_never_replaces_a_folder_a_link_or_a_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    assert "is a folder" in assert_usage_error(
        run_cli("routine", "sheet", "gentle_start", "--output", folder))
    assert folder.is_dir()

    target = tmp_path / "kept.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    assert "is a symbolic link" in assert_usage_error(
        run_cli("routine", "sheet", "gentle_start", "--output", link))
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "keep me"

    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    assert "not a plain file" in assert_usage_error(
        run_cli("routine", "sheet", "gentle_start", "--output", pipe))
    assert pipe.is_fifo()


def test_an_existing_sheet_is_replaced_whole(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    output = folder / "s.pdf"
    output.write_bytes(b"old")
    assert run_cli("routine", "sheet", "strength_builder", "--output", output).returncode == 0
    assert output.read_bytes().startswith(b"%PDF")
    assert "Strength builder" in pdf_text(output)
    assert [p.name for p in folder.iterdir()] == ["s.pdf"]  # no temporary file left behind


def test_sheet_needs_no_display_and_no_qt_until_checked(tmp_path: Path) -> None:
    """A bad id fails before Qt is imported (fast, and no display can get in the way)."""
    code = (
        "import sys\n"
        "from backtimer import cli\n"
        "code = cli.main(['routine', 'sheet', 'nope', '--output', 'x.pdf'])\n"
        "assert 'PySide6' not in sys.modules, 'Qt was imported'\n"
        "sys.exit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                            "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=tmp_path, timeout=60, check=False)
    assert result.returncode == 2, result.stderr
    assert "unknown routine 'nope'" in result.stderr
