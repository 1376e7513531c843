"""The library's content as the person meets it: routines that warm up before they strengthen, and
every dose explained in docs/exercise-sources.md, which the code cites instead of outside notes."""

from __future__ import annotations

import re
from pathlib import Path

from backtimer.core.dose import GUIDANCE_NAMES
from backtimer.core.library import load_library
from backtimer.core.plan import build_plan
from backtimer.core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SOURCES_DOC = ROOT / "docs" / "exercise-sources.md"


def test_the_strength_builder_warms_up_before_the_first_strengthening_set() -> None:
    library = load_library()
    routine = library.routine("strength_builder")
    plan = build_plan(routine, library, Settings())
    categories = [item.exercise.category for item in plan.items]
    first_strength = categories.index("strengthen")
    assert first_strength >= 2, "at least two warm-up exercises come first"
    warm_up = plan.items[:first_strength]
    assert all(item.exercise.category == "mobility" for item in warm_up)
    assert all(item.sets == 1 for item in warm_up)
    assert all("acute_pain" not in item.exercise.contraindications for item in warm_up)
    # A few minutes of it: the steps of the warm-up items add up to two minutes or more.
    seconds = sum(plan.step_estimate(step) for step in plan.steps
                  if step.item is not None and step.item < first_strength)
    assert seconds >= 120
    assert "warm up" in routine.goal


def _sections() -> dict[str, str]:
    text = SOURCES_DOC.read_text(encoding="utf-8")
    found = re.findall(r"^### [^\n]*\(`([a-z0-9_]+)`\)\n(.*?)(?=^#)", text, re.M | re.S)
    return {ex_id: " ".join(body.split()) for ex_id, body in found}


def test_every_exercise_s_dose_and_its_guidance_are_explained() -> None:
    library = load_library()
    sections = _sections()
    assert list(sections) == list(library.exercises), "one section per exercise, in library order"
    for ex_id, ex in library.exercises.items():
        body = sections[ex_id]
        if ex.hold is not None:
            assert f"{ex.hold} s" in body, (ex_id, ex.hold)
        named = re.findall(r"\b(Mayo|WebMD|Healthwise|AAOS|NHS|CSP|CCGI|StayWell|general|ours)\b",
                           body, re.I)
        assert named, f"{ex_id}: the section names no guidance (or 'ours')"


def test_code_cites_files_in_the_repository_not_outside_notes() -> None:
    outside = re.compile(r"research/|\.\./shared|exercise-facts|seeds/")
    cited = re.compile(r"docs/[\w.-]+\.md")
    for path in sorted((ROOT / "backtimer").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not outside.search(text), f"{path} cites notes outside the repository"
        for doc in cited.findall(text):
            assert (ROOT / doc).is_file(), f"{path} cites {doc}, which does not exist"


def test_each_exercise_s_sources_name_the_guidance_its_section_explains() -> None:
    library = load_library()
    sections = _sections()
    table = SOURCES_DOC.read_text(encoding="utf-8").split("## The exercises")[0]
    for ex_id, ex in library.exercises.items():
        assert ex.sources, ex_id
        for name in ex.sources:
            assert name in GUIDANCE_NAMES, (ex_id, name)
            assert f"| {name} |" in table, f"{name} is not in the doc's table of short names"
            assert re.search(rf"\b{name}\b", sections[ex_id], re.I), (ex_id, name)
