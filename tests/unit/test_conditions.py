"""The person's conditions: the setting's format, the tags' names, and which caution is shown."""

from __future__ import annotations

import dataclasses

import pytest

from backtimer.core.conditions import CONDITIONS, caution_for, condition_label, marked_tags
from backtimer.core.library import load_library
from backtimer.core.models import CONTRAINDICATIONS
from backtimer.core.settings import (
    Settings,
    SettingsError,
    describe,
    parse_conditions,
    parse_words,
)

LIBRARY = load_library()


def test_every_library_tag_has_a_plain_name_in_the_library_order() -> None:
    assert tuple(c.tag for c in CONDITIONS) == CONTRAINDICATIONS
    labels = [condition_label(tag) for tag in CONTRAINDICATIONS]
    assert len(set(labels)) == len(labels)
    for label in labels:
        assert "_" not in label
        assert label[0].isupper()
    assert condition_label("acute_pain") == "Back pain that started recently (acute)"


def test_conditions_setting_defaults_to_none_and_accepts_known_tags() -> None:
    assert Settings().conditions == ""
    assert describe("conditions")["format"] == "conditions"
    settings = Settings(conditions="acute_pain,osteoporosis")
    assert parse_conditions(settings.conditions) == {"osteoporosis", "acute_pain"}
    assert parse_conditions("") == frozenset()
    every = ",".join(CONTRAINDICATIONS)
    assert parse_conditions(Settings(conditions=every).conditions) == set(CONTRAINDICATIONS)


def test_word_lists_come_back_in_the_list_order() -> None:
    assert parse_words("conditions", "knee_problems,osteoporosis") == (
        "osteoporosis", "knee_problems")
    assert parse_words("weekdays", "wed,mon") == ("mon", "wed")


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("osteoporsis", "unknown condition 'osteoporsis'"),
        ("Osteoporosis", "unknown condition 'Osteoporosis'"),
        ("osteoporosis,", "unknown condition ''"),
        ("osteoporosis, acute_pain", "unknown condition ' acute_pain'"),
        ("mon", "unknown condition 'mon'"),
        ("acute_pain,acute_pain", "listed twice"),
    ],
)
def test_unknown_or_repeated_conditions_are_refused_in_one_line(value: str, says: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings(conditions=value)
    message = str(caught.value)
    assert "'conditions'" in message
    assert says in message
    assert "\n" not in message


def test_a_wrong_type_is_refused() -> None:
    with pytest.raises(SettingsError, match="must be text"):
        Settings(conditions=["osteoporosis"])  # type: ignore[arg-type]


def test_marked_tags_are_the_ones_said_and_carried() -> None:
    crunch = LIBRARY.exercise("partial_crunch")
    assert marked_tags(crunch, set()) == ()
    assert marked_tags(crunch, {"knee_problems"}) == ()
    assert marked_tags(crunch, {"flexion_sensitive", "osteoporosis", "knee_problems"}) == (
        "osteoporosis", "flexion_sensitive")
    assert marked_tags(LIBRARY.exercise("cat_cow"), set(CONTRAINDICATIONS)) == ()


def test_the_caution_about_the_condition_is_chosen() -> None:
    crunch = LIBRARY.exercise("partial_crunch")
    assert caution_for(crunch, {"osteoporosis"}) == (
        "If you have osteoporosis, ask your clinician before doing curl-ups.")
    lunge = LIBRARY.exercise("lateral_lunge")
    assert caution_for(lunge, {"balance_problems"}) == (
        "Hold on to a chair or wall if your balance is unsure.")
    assert caution_for(lunge, {"knee_problems"}) == "Stop if your knee hurts."


def test_a_caution_about_another_condition_is_not_shown_as_the_persons() -> None:
    # The crunch's only caution naming a condition is about osteoporosis; a person who said
    # only "pain bending forwards" sees its first caution that names no condition.
    crunch = LIBRARY.exercise("partial_crunch")
    chosen = caution_for(crunch, {"flexion_sensitive"})
    assert chosen == crunch.cautions[0]
    assert chosen is not None
    assert "osteoporosis" not in chosen


def test_without_cautions_there_is_none_to_show() -> None:
    bare = dataclasses.replace(LIBRARY.exercise("partial_crunch"), cautions=())
    assert caution_for(bare, {"osteoporosis"}) is None


def test_every_tagged_exercise_in_the_library_has_a_caution_for_each_tag() -> None:
    tagged = [e for e in LIBRARY.exercises.values() if e.contraindications]
    assert len(tagged) >= 10
    for exercise in tagged:
        for tag in exercise.contraindications:
            assert caution_for(exercise, {tag}) in exercise.cautions, (exercise.id, tag)
