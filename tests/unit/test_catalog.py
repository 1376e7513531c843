"""The catalog, the one owner of routines: lookup, changes told to listeners, suggestions, gentle,
and saved routine files that are not files (a folder, a named pipe, a link to a device)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from backtimer.core.library import load_library
from backtimer.core.models import Routine, RoutineItem
from backtimer.core.progression import Change, Suggestion
from backtimer.storage.catalog import Catalog, export_routine, save_user_routine
from backtimer.storage.paths import routines_dir

LIBRARY = load_library()
MINE = Routine(id="mine", name="Mine", items=(RoutineItem("cat_cow"), RoutineItem("plank")))


def _calls(catalog: Catalog) -> list[int]:
    calls: list[int] = []
    catalog.subscribe(lambda: calls.append(1))
    return calls


def test_every_routine_in_one_place_and_the_file_wins_a_lookup(tmp_path: Path) -> None:
    save_user_routine(MINE, LIBRARY)
    source = tmp_path / "gentle.json"
    export_routine(Routine(id="gentle_start", name="From a file",
                           items=(RoutineItem("knee_rolls"),)), source)
    catalog = Catalog(LIBRARY, source)
    assert catalog.notices == []
    ids = [r.id for r in catalog.all()]
    assert ids[0] == "gentle_start"
    assert ids[1:] == [*(r.id for r in LIBRARY.routines), "mine"]
    assert catalog.get("gentle_start").name == "From a file"
    assert catalog.from_file is not None
    assert catalog.get("mine") == MINE
    assert catalog.is_saved("mine")
    assert not catalog.is_saved("core_stability")
    with pytest.raises(KeyError):
        catalog.get("nope")


def test_a_routine_file_that_went_bad_is_a_notice(tmp_path: Path) -> None:
    source = tmp_path / "r.json"
    source.write_text("{broken", encoding="utf-8")
    catalog = Catalog(LIBRARY, source)
    assert catalog.from_file is None
    assert len(catalog.notices) == 1
    assert "malformed JSON" in catalog.notices[0]


def test_changes_are_told_to_the_listeners(tmp_path: Path) -> None:
    catalog = Catalog(LIBRARY)
    calls = _calls(catalog)
    catalog.save(MINE)
    assert catalog.user() == [MINE]
    assert len(calls) == 1
    exported = tmp_path / "mine.json"
    catalog.export(MINE, exported)
    assert len(calls) == 1, "exporting changes nothing"
    imported = catalog.import_file(exported)
    assert imported.id == "mine_2"
    assert [r.id for r in catalog.user()] == ["mine", "mine_2"]
    catalog.delete("mine")
    assert [r.id for r in catalog.user()] == ["mine_2"]
    assert len(calls) == 3
    # Another program (or a hand) adds a file: reload finds it and tells.
    save_user_routine(Routine(id="other", name="Another", items=(RoutineItem("cat_cow"),)),
                      LIBRARY)
    assert catalog.reload() == []
    assert [r.id for r in catalog.user()] == ["other", "mine_2"]
    assert len(calls) == 4


def test_fresh_ids_avoid_every_routine_and_file() -> None:
    catalog = Catalog(LIBRARY)
    catalog.save(MINE)
    (routines_dir() / "broken.json").write_text("{", encoding="utf-8")
    assert catalog.fresh_id("Mine") == "mine_2"
    assert catalog.fresh_id("Gentle start") == "gentle_start_2"
    assert catalog.fresh_id("Broken") == "broken_2"
    assert catalog.fresh_id("New", also_taken={"new"}) == "new_2"


def test_an_accepted_suggestion_on_a_built_in_routine_saves_a_copy() -> None:
    catalog = Catalog(LIBRARY)
    calls = _calls(catalog)
    suggestion = Suggestion(
        kind="progress", routine_id="gentle_start", routine_name="Gentle start", based_on=1,
        changes=(Change("glute_bridge", "Glute bridge", "hold", 6, 11),), sessions=3)
    changed = catalog.apply_suggestion(suggestion)
    assert (changed.id, changed.name, changed.builtin) == (
        "my_gentle_start", "My gentle start", False)
    assert next(i for i in changed.items if i.exercise == "glute_bridge").hold == 11
    assert catalog.user() == [changed]
    assert catalog.get("gentle_start").builtin
    assert len(calls) == 1
    # Accepted again, on the person's own copy: changed in place.
    again = catalog.apply_suggestion(Suggestion(
        kind="progress", routine_id="my_gentle_start", routine_name="My gentle start",
        based_on=2, changes=(Change("glute_bridge", "Glute bridge", "hold", 11, 16),),
        sessions=3))
    assert again.id == "my_gentle_start"
    assert [r.id for r in catalog.user()] == ["my_gentle_start"]


def test_gentle_ids_are_the_content_rule_for_every_routine() -> None:
    catalog = Catalog(LIBRARY)
    catalog.save(MINE)  # a plank: not gentle
    catalog.save(Routine(id="soft", name="Soft", items=(RoutineItem("knee_rolls", hold=30),)))
    assert catalog.gentle_ids() == {
        "gentle_start", "morning_mobility", "evening_wind_down", "soft"}


# --- saved routine files that are not files (issue 9) ---------------------------------------


def _good() -> None:
    save_user_routine(Routine(id="good", name="Good", items=(RoutineItem("cat_cow"),)), LIBRARY)


def test_a_named_pipe_is_reported_never_opened_for_blocking_and_left_alone() -> None:
    _good()
    fifo = routines_dir() / "pipe.json"
    os.mkfifo(fifo)
    # Were it opened for reading without O_NONBLOCK, this would hang: no writer ever comes.
    catalog = Catalog(LIBRARY)
    assert [r.id for r in catalog.user()] == ["good"]
    assert catalog.notices == [
        "The routine file pipe.json is a named pipe (FIFO), not a file, so it was not loaded; "
        "it was left as it is."]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "still the same pipe"
    assert list(routines_dir().glob("pipe.json.*")) == [], "never renamed"


def test_a_folder_is_reported_and_left_alone() -> None:
    _good()
    folder = routines_dir() / "folder.json"
    folder.mkdir()
    catalog = Catalog(LIBRARY)
    assert [r.id for r in catalog.user()] == ["good"]
    assert catalog.notices == [
        "The routine file folder.json is a folder, not a file, so it was not loaded; "
        "it was left as it is."]
    assert folder.is_dir()


def test_a_link_to_a_device_is_reported_and_neither_link_nor_device_renamed() -> None:
    _good()
    link = routines_dir() / "zero.json"
    link.symlink_to("/dev/zero")
    catalog = Catalog(LIBRARY)
    assert [r.id for r in catalog.user()] == ["good"]
    assert catalog.notices == [
        "The routine file zero.json is a link to a character device, not a file, so it was not "
        "loaded; it was left as it is."]
    assert link.is_symlink()
    assert os.readlink(link) == "/dev/zero"
    assert Path("/dev/zero").exists()


def test_a_dangling_link_is_reported() -> None:
    link = routines_dir() / "gone.json"
    routines_dir().mkdir(parents=True, exist_ok=True)
    link.symlink_to(routines_dir() / "nowhere.json")
    catalog = Catalog(LIBRARY)
    assert catalog.user() == []
    assert catalog.notices == [
        "The routine file gone.json is a link to something that does not exist, so it was not "
        "loaded; it was left as it is."]


def test_a_link_to_a_good_routine_file_loads(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    export_routine(MINE, target)
    routines_dir().mkdir(parents=True, exist_ok=True)
    (routines_dir() / "mine.json").symlink_to(target)
    catalog = Catalog(LIBRARY)
    assert catalog.user() == [MINE]
    assert catalog.notices == []


def test_the_command_line_listing_says_so_too(capsys: pytest.CaptureFixture[str]) -> None:
    from backtimer.cli.listing import all_routines

    _good()
    os.mkfifo(routines_dir() / "pipe.json")
    ids = [r.id for r in all_routines(LIBRARY)]
    assert ids == [*(r.id for r in LIBRARY.routines), "good"]
    assert "pipe.json is a named pipe (FIFO)" in capsys.readouterr().err
