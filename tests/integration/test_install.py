"""A non-editable install carries the library and assets and works from any folder, no display."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
def test_wheel_installs_and_lists_from_another_folder(tmp_path: Path) -> None:
    # Build from a copy holding only what a clean clone has, so the checkout is left untouched.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("backtimer", "resources", "assets"):
        shutil.copytree(ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True, cwd=tmp_path,
    )
    wheel = next(wheels.glob("backtimer-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "backtimer/resources/exercises.json" in names
    assert "backtimer/assets/icon.svg" in names
    assert any(n.startswith("backtimer/assets/sounds/") for n in names)

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(site), str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                            "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(site)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "backtimer", *args], cwd=elsewhere,
                              env=env, capture_output=True, text=True, timeout=60)

    where = subprocess.run([sys.executable, "-c", "import backtimer; print(backtimer.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(site))
    exercises = run("--list-exercises", "--json")
    assert exercises.returncode == 0, exercises.stderr
    assert len(json.loads(exercises.stdout)) == 25
    routines = run("--list-routines")
    assert routines.returncode == 0, routines.stderr
    assert routines.stdout.splitlines()[0].split("\t")[0] == "gentle_start"
