"""Every branch of the pain-check policy (research notes, section 7.3)."""

from __future__ import annotations

import pytest

from backtimer.core.clock import FakeClock
from backtimer.core.pain import (
    RED_FLAGS,
    Gate,
    PainTracker,
    before_session,
    is_gentle,
)
from backtimer.core.records import Decision
from backtimer.core.settings import Settings, SettingsError


@pytest.mark.parametrize(
    ("baseline", "flags", "gate"),
    [
        (0, (), Gate.GO),
        (3, (), Gate.GO),
        (4, (), Gate.GENTLE_ONLY),
        (6, (), Gate.GENTLE_ONLY),
        (7, (), Gate.SEE_CLINICIAN),
        (10, (), Gate.SEE_CLINICIAN),
        (0, ("bladder_bowel",), Gate.EMERGENCY),
        (8, ("saddle_numbness", "trauma"), Gate.EMERGENCY),
    ],
)
def test_before_session_gate(baseline, flags, gate):
    result = before_session(baseline, flags)
    assert result.gate == gate
    assert result.allowed == (gate in (Gate.GO, Gate.GENTLE_ONLY))
    assert bool(result.message) == (gate != Gate.GO)


def test_gate_rejects_unknown_flags_and_bad_ratings():
    with pytest.raises(ValueError, match="unknown red flag"):
        before_session(0, ("headache",))
    with pytest.raises(ValueError, match="0 to 10"):
        before_session(-1)
    assert len({key for key, _ in RED_FLAGS}) == len(RED_FLAGS)


def test_stricter_stop_level_from_settings_blocks_earlier():
    assert before_session(5, (), Settings(pain_stop_level=5)).gate == Gate.SEE_CLINICIAN
    with pytest.raises(SettingsError):
        Settings(pain_stop_level=8)  # laxer than the default is refused by the model
    with pytest.raises(SettingsError):
        Settings(pain_skip_rise=3)


@pytest.mark.parametrize(
    ("baseline", "value", "decision"),
    [
        (2, 3, Decision.CONTINUE),  # rise of one: within measurement error
        (0, 0, Decision.CONTINUE),
        (5, 5, Decision.CAUTION),  # more than mild but not risen
        (4, 6, Decision.SKIP_EXERCISE),  # rise of two, pain <= 6
        (1, 3, Decision.SKIP_EXERCISE),
        (1, 4, Decision.STOP_SESSION),  # rise of three with more-than-mild pain
        (0, 3, Decision.SKIP_EXERCISE),  # rise of three but still mild: skip, not stop
        (6, 7, Decision.STOP_SESSION),  # severe
        (3, 10, Decision.STOP_SESSION),
    ],
)
def test_decision_table(baseline, value, decision):
    tracker = PainTracker(baseline=baseline, clock=FakeClock())
    assert tracker.rate(value, "Glute bridge").decision == decision


def test_messages_say_why():
    tracker = PainTracker(baseline=1, clock=FakeClock())
    assert tracker.rate(4).message == "Stopping: pain has risen by three points."
    tracker = PainTracker(baseline=1, clock=FakeClock())
    assert tracker.rate(3, "Glute bridge").message == (
        "Glute bridge made the pain rise by two points. Go gently from here."
    )


def test_a_finished_exercise_is_never_said_to_be_skipped_now():
    """After an exercise has ended there is nothing to skip: say what leaving it means."""
    later = PainTracker(baseline=1, clock=FakeClock()).rate(3, "Bridge", recurs=True)
    assert later.decision == Decision.SKIP_EXERCISE
    assert later.message == "Bridge made the pain rise by two points: it is left out for the " \
        "rest of this session."
    last = PainTracker(baseline=1, clock=FakeClock()).rate(3, "Bridge")
    assert not last.message.startswith("Skipping")


@pytest.mark.parametrize("value", [0, 1, 2, 3])
def test_this_hurts_always_leaves_the_exercise(value):
    result = PainTracker(baseline=1, clock=FakeClock()).rate(value, "Plank", hurt=True)
    assert result.decision == Decision.SKIP_EXERCISE
    assert result.message.startswith("Leaving Plank: ")


def test_this_hurts_twice_stops_the_session():
    tracker = PainTracker(baseline=1, clock=FakeClock())
    tracker.rate(1, "Plank", hurt=True)
    result = tracker.rate(1, "Bridge", hurt=True)
    assert result.decision == Decision.STOP_SESSION
    assert result.message == "Stopping: a second exercise has hurt. Rest today."


def test_pain_that_stays_risen_stops_with_its_own_message():
    """Baseline 2, then 4, then 4: the second exercise did not make it worse; it stayed up."""
    tracker = PainTracker(baseline=2, clock=FakeClock())
    assert tracker.rate(4, "Bridge").decision == Decision.SKIP_EXERCISE
    result = tracker.rate(4, "Tilt")
    assert result.decision == Decision.STOP_SESSION
    assert result.message == "Stopping: pain is still two points above where you started. " \
        "Rest today."


def test_pain_that_rises_again_says_so():
    tracker = PainTracker(baseline=0, clock=FakeClock())
    tracker.rate(2, "Bridge")
    tracker.rate(1, "Tilt")
    result = tracker.rate(3, "Crunch")
    assert result.decision == Decision.STOP_SESSION
    assert "a second exercise has made the pain worse" in result.message


def test_the_red_flags_include_new_sexual_dysfunction():
    assert "sexual_dysfunction" in {key for key, _ in RED_FLAGS}
    assert before_session(0, ["sexual_dysfunction"]).gate == Gate.EMERGENCY


def test_second_worsening_stops():
    tracker = PainTracker(baseline=1, clock=FakeClock())
    assert tracker.rate(3).decision == Decision.SKIP_EXERCISE
    assert tracker.rate(2).decision == Decision.CONTINUE
    assert tracker.rate(3).decision == Decision.STOP_SESSION


def test_leg_symptoms_stop_and_red_flags_are_an_emergency():
    clock = FakeClock()
    assert PainTracker(0, clock).rate(1, leg_symptoms=True).decision == Decision.STOP_SESSION
    result = PainTracker(0, clock).rate(1, red_flag=True)
    assert result.decision == Decision.EMERGENCY
    assert result.decision.ends_session


def test_more_than_mild_for_over_fifteen_minutes_stops():
    clock = FakeClock()
    tracker = PainTracker(baseline=3, clock=clock)
    clock.advance(60)
    assert tracker.rate(4).decision == Decision.CAUTION  # first time above mild
    clock.advance(10 * 60)
    assert tracker.rate(4).decision == Decision.CAUTION
    clock.advance(5 * 60 + 1)
    result = tracker.rate(4)
    assert result.decision == Decision.STOP_SESSION
    assert "fifteen minutes" in result.message


def test_the_fifteen_minutes_restart_when_pain_drops_to_mild():
    clock = FakeClock()
    tracker = PainTracker(baseline=4, clock=clock)  # baseline already counts
    clock.advance(14 * 60)
    assert tracker.rate(3).decision == Decision.CONTINUE
    clock.advance(5 * 60)
    assert tracker.rate(4).decision == Decision.CAUTION
    clock.advance(14 * 60)
    assert tracker.rate(5).decision == Decision.CAUTION


def test_stricter_skip_rise_from_settings():
    tracker = PainTracker(baseline=2, clock=FakeClock(), settings=Settings(pain_skip_rise=1))
    assert tracker.rate(3).decision == Decision.SKIP_EXERCISE


def test_gentle_routines():
    assert is_gentle(11 * 60, {"osteoporosis"})
    assert not is_gentle(14 * 60, set())
    assert not is_gentle(5 * 60, {"acute_pain"})
