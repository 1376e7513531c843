"""The cue planner: what is said, how important it is and how long it stays worth saying.

Driven by the real session on a fake clock, the way the UI ticker drives it, so the cues are
checked against the very events the screen and the event log see.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pytest

from backtimer.core.clock import FakeClock
from backtimer.core.cues import (
    COUNT,
    COUNT_TTL,
    DECISION,
    INSTRUCTION,
    NAME,
    NAME_TTL,
    CuePlanner,
    CueRequest,
    estimate_seconds,
)
from backtimer.core.events import (
    Display,
    EventBus,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SessionEnded,
)
from backtimer.core.library import load_library
from backtimer.core.models import Exercise, Library, Routine, RoutineItem
from backtimer.core.pain import PainTracker
from backtimer.core.plan import Plan, build_plan
from backtimer.core.session import Session
from backtimer.core.settings import Settings
from tests.helpers.speakers import RecordingSpeaker


def _exercise(ex_id: str, name: str, mode: str = "hold", *, hold: int = 5, reps: int = 2,
              sets: int = 1, per_side: bool = False, rest: int | None = None) -> Exercise:
    return Exercise(
        id=ex_id, name=name, category="stretch", position="lying_on_back", equipment=("mat",),
        per_side=per_side, mode=mode,  # type: ignore[arg-type]
        hold=None if mode == "reps" else hold, reps=reps, sets=sets, rest=rest,
        summary="", steps=(), cautions=(), contraindications=(), sources=("test",),
    )


LIBRARY = Library(exercises={e.id: e for e in (
    _exercise("knee_hug", "Knee hug", hold=5, reps=2),
    _exercise("bird_dog", "Bird-dog", "reps_hold", hold=5, reps=1, per_side=True),
    _exercise("cat_cow", "Cat-cow", "reps", reps=3),
    _exercise("glute_bridge", "Glute bridge", hold=5, reps=1, sets=2, rest=30),
    _exercise("hamstring", "Hamstring stretch", hold=20, reps=1),
    _exercise("pelvic_tilt", "Pelvic tilt", "reps_hold", hold=5, reps=2),
)})

QUIET = Settings()


def make_plan(*items: str, settings: Settings = QUIET, pain_checks: bool = False) -> Plan:
    """A plan to test cue wording; its pain checks (never off in a real plan) are taken out
    unless the test is about them, so the expected lines stay short."""
    routine = Routine(id="morning", name="Morning", items=tuple(RoutineItem(i) for i in items))
    plan = build_plan(routine, LIBRARY, settings)
    if pain_checks:
        return plan
    steps = [s for s in plan.steps if s.kind != "pain_check"]
    return dataclasses.replace(
        plan, steps=tuple(dataclasses.replace(s, index=i) for i, s in enumerate(steps)))


class Harness:
    """A real session on a fake clock, with the planner listening on its bus."""

    def __init__(self, plan: Plan, settings: Settings = QUIET, baseline: int = 0) -> None:
        self.clock = FakeClock()
        self.bus = EventBus()
        self.cues: list[CueRequest] = []
        self.beeps: list[tuple[float, str]] = []
        self.planner = CuePlanner(plan, settings, self.clock, self.cues.append,
                                  beep=lambda kind: self.beeps.append((self.clock.now, kind)))
        self.bus.subscribe(self.planner.on_event)
        tracker = PainTracker(baseline=baseline, clock=self.clock, settings=settings)
        self.session = Session(plan, self.clock, self.bus, pain=tracker)

    def run_for(self, seconds: float) -> None:
        end = self.clock.now + seconds
        while self.clock.now < end - 1e-9 and self.session.state != "ended":
            self.clock.advance(min(0.1, end - self.clock.now))
            self.session.tick()

    def run(self, answers: Iterable[int] = ()) -> None:
        pending = list(answers)
        self.session.start()
        for _ in range(100_000):
            if self.session.state == "ended":
                return
            if self.session.step.kind == "pain_check":
                self.session.answer_pain(pending.pop(0))
            else:
                self.run_for(0.1)
        raise AssertionError("the session did not end")

    def said(self) -> list[tuple[str, int]]:
        return [(c.text, c.priority) for c in self.cues]

    def texts(self) -> list[str]:
        return [c.text for c in self.cues]


COUNTDOWN = [("3", COUNT), ("2", COUNT), ("1", COUNT)]


def test_hold_exercise_says_name_hold_countdown_and_relax() -> None:
    h = Harness(make_plan("knee_hug"))
    h.run()
    assert h.said() == [
        ("Knee hug. Get into position.", NAME),
        ("Hold.", INSTRUCTION), *COUNTDOWN,
        ("Relax.", INSTRUCTION),  # the rest between held reps
        ("Hold. 2 of 2.", INSTRUCTION), *COUNTDOWN,
        ("Relax. Session complete. Well done.", DECISION),
    ]


def test_a_held_rep_says_lift_hold_count_and_lower() -> None:
    """Time to move: "Lift." then "Hold." and the count, then "And lower." (docs/event-log.md)."""
    h = Harness(make_plan("pelvic_tilt"))
    h.run()
    assert h.said() == [
        ("Pelvic tilt. Get into position.", NAME),
        ("Lift.", INSTRUCTION), ("Hold.", INSTRUCTION), *COUNTDOWN,
        ("And lower.", INSTRUCTION),
        ("Relax.", INSTRUCTION),  # the rest in the start position
        ("Lift, 2.", INSTRUCTION), ("Hold.", INSTRUCTION), *COUNTDOWN,  # fits the 2 s lift
        ("And lower.", INSTRUCTION),
        ("Relax. Session complete. Well done.", DECISION),
    ]


def test_cue_times_follow_the_clock_and_expire_by_kind() -> None:
    h = Harness(make_plan("knee_hug"))
    h.run()
    start = FakeClock().now
    by_text = {c.text: c for c in h.cues}
    name = by_text["Knee hug. Get into position."]
    assert name.queued_t == pytest.approx(start)
    assert name.expires_t - name.queued_t == pytest.approx(NAME_TTL)
    assert name.kind == "name"
    # lead-in 10 s, then a 5 s hold: "3" is shown 2 s into it
    three = next(c for c in h.cues if c.text == "3")
    assert three.queued_t == pytest.approx(start + 12.0)
    assert three.expires_t - three.queued_t == pytest.approx(COUNT_TTL)
    assert three.kind == "count"
    assert all(c.expires_t > c.queued_t for c in h.cues)


def test_beeps_tick_with_the_countdown_and_sound_when_a_phase_is_done() -> None:
    h = Harness(make_plan("knee_hug"))
    h.run()
    start = FakeClock().now
    offsets = [(round(t - start, 1), kind) for t, kind in h.beeps]
    assert offsets == [
        (10.0, "done"),  # lead-in over
        (12.0, "tick"), (13.0, "tick"), (14.0, "tick"), (15.0, "done"),
        (20.0, "done"),  # rest between reps over
        (22.0, "tick"), (23.0, "tick"), (24.0, "tick"), (25.0, "done"),
    ]


def test_no_beeps_when_they_are_switched_off() -> None:
    settings = QUIET.replace(beeps=False)
    h = Harness(make_plan("knee_hug", settings=settings), settings)
    h.run()
    assert h.beeps == []
    assert "3" in h.texts()


def test_per_side_exercise_names_each_side_and_asks_about_pain() -> None:
    settings = Settings(pain_checks=True)
    h = Harness(make_plan("bird_dog", settings=settings, pain_checks=True), settings)
    h.run(answers=[0])
    assert h.said() == [
        ("Bird-dog, left side. Get into position.", NAME),
        ("Lift.", INSTRUCTION), ("Hold.", INSTRUCTION), *COUNTDOWN,
        ("And lower.", INSTRUCTION),
        ("Relax. Switch sides. Right side.", NAME),
        ("Lift.", INSTRUCTION), ("Hold.", INSTRUCTION), *COUNTDOWN,
        ("And lower.", INSTRUCTION),
        ("Relax. Pain, zero to ten?", INSTRUCTION),
        # pain 0: "continue" has no message, so nothing is said for it
        ("Session complete. Well done.", DECISION),
    ]


def test_app_paced_reps_are_counted_and_user_paced_ones_are_not() -> None:
    h = Harness(make_plan("cat_cow"))
    h.run()
    assert h.said() == [
        ("Cat-cow. Get into position.", NAME),
        ("1", COUNT), ("2", COUNT), ("3", COUNT),
        ("Session complete. Well done.", DECISION),
    ]
    assert [c.kind for c in h.cues[1:4]] == ["rep"] * 3

    settings = QUIET.replace(user_paced_reps=True)
    h = Harness(make_plan("cat_cow", settings=settings), settings)
    h.session.start()
    for _ in range(3):
        h.run_for(11.0)
        h.session.count_rep()
    assert h.texts() == ["Cat-cow. Get into position.",
                         "Session complete. Well done."]


def test_rest_between_sets_says_how_long() -> None:
    h = Harness(make_plan("glute_bridge"))
    h.run()
    assert h.said() == [
        ("Glute bridge. Get into position.", NAME),
        ("Hold.", INSTRUCTION), *COUNTDOWN,
        ("Relax. Rest, 30 seconds.", INSTRUCTION),
        ("Hold.", INSTRUCTION), *COUNTDOWN,
        ("Relax. Session complete. Well done.", DECISION),
    ]


def test_next_exercise_is_named_without_the_routine() -> None:
    h = Harness(make_plan("cat_cow", "knee_hug"))
    h.run()
    texts = h.texts()
    assert texts[0] == "Cat-cow. Get into position."
    assert "Knee hug. Get into position." in texts
    assert not any("Morning" in t for t in texts)  # the routine's name is on the screen


def test_pain_decisions_are_said_once_and_stop_the_voice() -> None:
    settings = Settings(pain_checks=True)
    h = Harness(make_plan("bird_dog", "cat_cow", "glute_bridge", settings=settings,
                          pain_checks=True), settings)
    h.run(answers=[0, 3, 6])
    skip = "Cat-cow made the pain rise by three points. Go gently from here."
    stop = "Stopping: pain has risen by six points."
    texts = h.texts()
    # each decision follows its question at once, with the decision's priority
    i = texts.index(skip)
    assert texts[i - 1] == "Pain, zero to ten?"
    assert h.said()[i] == (skip, DECISION)
    assert texts[i + 1] == "Glute bridge. Get into position."
    # the stop decision is the last thing said: not repeated by the session's end
    assert texts[-2:] == ["Relax. Pain, zero to ten?", stop]
    assert texts.count(stop) == 1
    assert h.cues[-1].priority == DECISION
    assert h.cues[-1].expires_t - h.cues[-1].queued_t >= 60.0


def test_stopping_by_hand_says_why() -> None:
    h = Harness(make_plan("knee_hug"))
    h.session.start()
    h.run_for(3.0)
    h.session.stop()
    assert h.said()[-1] == ("Session stopped.", DECISION)


def test_halfway_in_long_holds_only_when_wanted() -> None:
    h = Harness(make_plan("hamstring"))
    h.run()
    texts = h.texts()
    assert texts[1:6] == ["Hold.", "Halfway.", "3", "2", "1"]
    halfway = h.cues[2]
    assert halfway.queued_t - h.cues[1].queued_t == pytest.approx(10.0)  # 20 s hold

    settings = QUIET.replace(halfway_cue=False)
    h = Harness(make_plan("hamstring", settings=settings), settings)
    h.run()
    assert "Halfway." not in h.texts()

    h = Harness(make_plan("knee_hug"))  # 5 s holds are too short for it
    h.run()
    assert "Halfway." not in h.texts()


@pytest.mark.parametrize(("aloud", "expected"), [
    (0, []),
    (2, ["2", "1"]),
    (3, ["3", "2", "1"]),
    (5, ["4", "3", "2", "1"]),  # a 5 s hold starts at "Hold.", not at "5"
])
def test_countdown_length_follows_the_setting(aloud: int, expected: list[str]) -> None:
    settings = QUIET.replace(countdown_aloud=aloud)
    h = Harness(make_plan("glute_bridge", settings=settings), settings)
    h.session.start()
    h.run_for(10.0)  # lead-in
    h.run_for(4.9)  # the first hold, up to just before it ends
    first_hold = h.texts()[1:]
    assert first_hold[0] == "Hold."
    assert first_hold[1:] == expected


def test_nothing_new_is_said_while_paused() -> None:
    h = Harness(make_plan("knee_hug", "cat_cow"))
    h.session.start()
    h.run_for(12.5)  # 2.5 s into the first hold: "3" comes at 12 s
    before = h.texts()
    assert before[-1] == "3"
    h.session.pause()
    h.run_for(30.0)
    assert h.texts() == before
    h.session.skip_exercise()  # moves on while still paused
    h.run_for(5.0)
    assert h.texts() == before
    h.session.resume()  # what was entered during the pause is said now
    assert h.texts() == [*before, "Cat-cow. Get into position."]


def test_countdown_resumes_after_a_pause() -> None:
    h = Harness(make_plan("knee_hug"))
    h.session.start()
    h.run_for(12.5)
    h.session.pause()
    h.run_for(60.0)
    h.session.resume()
    h.run_for(2.5)  # "2" and "1" of the same hold, then the rest
    assert h.texts()[-4:] == ["3", "2", "1", "Relax."]


def test_events_while_paused_by_hand() -> None:
    """Display or phase events that arrive during a pause are never spoken then."""
    plan = make_plan("knee_hug")
    clock = FakeClock()
    cues: list[CueRequest] = []
    planner = CuePlanner(plan, QUIET, clock, cues.append)
    hold = plan.steps[1]
    planner.on_event(PhaseStarted(t=0, kind="hold", exercise="knee_hug", side=None, set=1, rep=1,
                                  planned=5.0, index=hold.index))
    planner.on_event(Display(t=0, value=5))
    planner.on_event(Paused(t=0))
    planner.on_event(Display(t=0, value=3))
    planner.on_event(PhaseEnded(t=0, kind="hold", reason="done", index=hold.index, active=5.0))
    assert [c.text for c in cues] == ["Hold."]
    planner.on_event(Resumed(t=0))
    planner.on_event(Display(t=0, value=2))
    assert [c.text for c in cues] == ["Hold."]  # the hold has ended: its "2" is never said


def test_interrupted_session_says_nothing_more() -> None:
    plan = make_plan("knee_hug")
    cues: list[CueRequest] = []
    planner = CuePlanner(plan, QUIET, FakeClock(), cues.append)
    planner.on_event(SessionEnded(t=0, status="interrupted", message="The program was closed."))
    assert cues == []


def test_estimate_grows_with_words_and_falls_with_rate() -> None:
    short = estimate_seconds("Hold.", 160)
    long = estimate_seconds("Bird-dog, left side. Get into position.", 160)
    assert 0.3 < short < long
    assert estimate_seconds("Get into position.", 240) < estimate_seconds("Get into position.", 120)
    assert estimate_seconds("3", 160) > COUNT_TTL - 0.5  # a number takes a noticeable moment


# ------------------------------------------------- a cue belongs to the phase it was queued for
class Spoken:
    """A session, the planner and a recording speaker on one fake clock.

    At every cue's start it checks that the phase the cue was queued for is still the one on
    screen: `generation` counts phase_started events, and each cue remembers the count at the
    moment it was queued (an interjected pain check keeps its hold's step index, so the index
    alone cannot tell the two apart).
    """

    def __init__(self, plan: Plan, settings: Settings = QUIET) -> None:
        self.clock = FakeClock()
        self.bus = EventBus()
        self.generation = 0
        self.queued_in: dict[int, int] = {}  # id(request) -> generation when queued
        self.stale: list[str] = []
        self.speaker = RecordingSpeaker(self.clock, on_start=self._check)
        self.bus.subscribe(self._count)  # before the planner: a phase's cues see its count
        self.planner = CuePlanner(plan, settings, self.clock, self._say,
                                  cancel=self.speaker.cancel)
        self.bus.subscribe(self.planner.on_event)
        self.session = Session(plan, self.clock, self.bus,
                               pain=PainTracker(baseline=2, clock=self.clock, settings=settings))

    def _count(self, event: object) -> None:
        if isinstance(event, PhaseStarted):
            self.generation += 1

    def _say(self, request: CueRequest) -> None:
        self.queued_in[id(request)] = self.generation
        self.speaker.say(request)

    def _check(self, request: CueRequest) -> None:
        if request.phase is None:
            return
        same = (self.queued_in[id(request)] == self.generation
                and self.session.state != "ended" and self.session.step.index == request.phase)
        if not same:
            self.stale.append(request.text)

    def run_for(self, seconds: float) -> None:
        end = self.clock.now + seconds
        while self.clock.now < end - 1e-9:
            self.clock.advance(min(0.05, end - self.clock.now))
            if self.session.state != "ended":
                self.session.tick()
            self.speaker.update()

    def run_until(self, kind: str, after: float = 0.0) -> None:
        for _ in range(10_000):
            if self.session.state != "ended" and self.session.step.kind == kind:
                break
            self.run_for(0.05)
        else:
            raise AssertionError(f"no {kind} phase")
        self.run_for(after)

    def cut(self) -> list[str]:
        return [c.text for c in self.speaker.outcomes if c.cut]


def test_stop_cuts_the_playing_cue_and_its_message_is_said_last() -> None:
    s = Spoken(make_plan("hamstring", "knee_hug"))
    s.session.start()
    s.run_until("hold", after=17.2)  # "3" of the 20 s hold is playing, "2" comes next
    assert s.speaker.playing is not None
    s.session.stop()  # Esc, then Enter on "Stop the session now?"
    s.run_for(10.0)
    assert s.cut() == ["3"]
    assert s.speaker.texts()[-1] == "Session stopped."
    assert s.stale == []


def test_skip_cuts_the_introduction_and_the_new_phase_speaks_at_once() -> None:
    s = Spoken(make_plan("bird_dog", "knee_hug"))
    s.session.start()
    s.run_for(0.5)  # "Bird-dog, left side. Get into position." is playing
    s.session.skip()  # Right
    lift_started = s.clock.now
    s.run_for(0.1)
    assert s.cut() == ["Bird-dog, left side. Get into position."]
    assert s.speaker.started[-1] == (pytest.approx(lift_started), s.speaker.started[-1][1])
    assert s.speaker.texts()[-1] == "Lift."  # the held rep begins by lifting into it
    s.run_for(60.0)
    assert s.stale == []


def test_skip_during_a_hold_drops_its_countdown() -> None:
    s = Spoken(make_plan("knee_hug", "cat_cow"))
    s.session.start()
    s.run_until("hold", after=2.05)  # "3" has just been queued and started
    s.session.skip()
    s.run_for(3.0)
    assert "2" not in s.speaker.texts()
    assert "1" not in s.speaker.texts()
    assert s.stale == []


def test_skip_exercise_silences_the_old_introduction_for_the_next_one() -> None:
    s = Spoken(make_plan("bird_dog", "knee_hug"))
    s.session.start()
    s.run_for(0.5)
    s.session.skip_exercise()  # Shift+Right while the bird-dog is being introduced
    at = s.clock.now
    s.run_for(0.1)
    assert s.cut() == ["Bird-dog, left side. Get into position."]
    started_at, request = s.speaker.started[-1]
    assert request.text == "Knee hug. Get into position."
    assert started_at == pytest.approx(at)  # not after the old introduction's end
    s.run_for(60.0)
    assert s.stale == []


def test_this_hurts_drops_the_countdown_and_asks_about_pain() -> None:
    settings = Settings(pain_checks=True)
    s = Spoken(make_plan("hamstring", "knee_hug", settings=settings), settings)
    s.session.start()
    s.run_until("hold", after=17.2)  # "3" playing
    s.session.report_pain()  # H
    s.run_for(3.0)
    assert s.cut() == ["3"]
    assert s.speaker.texts()[-1] == "Pain, zero to ten?"
    s.session.answer_pain(6)  # a rise of 4 points: this exercise is skipped
    s.run_for(1.0)
    assert s.stale == []
    assert not {"2", "1"} & set(s.speaker.texts())


def test_keys_pressed_at_every_moment_never_let_a_stale_cue_start() -> None:
    """Right, Left, Shift+Right, H and Esc+Enter at many moments of a routine."""
    settings = Settings(pain_checks=True)
    plan = make_plan("bird_dog", "glute_bridge", "cat_cow", settings=settings)
    for press in ("skip", "back", "skip_exercise", "report_pain"):
        for delay in (0.3, 1.1, 2.4, 4.9, 7.7):
            s = Spoken(plan, settings)
            s.session.start()
            for _ in range(12):
                s.run_for(delay)
                if s.session.state == "ended":
                    break
                if s.session.step.kind == "pain_check":
                    s.session.answer_pain(2)
                else:
                    getattr(s.session, press)()
            s.session.stop()
            s.run_for(10.0)
            assert s.stale == [], (press, delay)
            # The last thing said is the end of the session (or the decision that ended it).
            assert s.speaker.started[-1][1].phase is None, (press, delay)


def test_every_prepare_cue_fits_its_phase_at_the_configured_rate() -> None:
    """The introduction is said within the lead-in; without "Get into position." if need be."""
    long_name = _exercise("piri", "Figure-4 buttock stretch (piriformis)", per_side=True)
    library = Library(exercises={long_name.id: long_name, **LIBRARY.exercises})
    settings = Settings(pain_checks=False, lead_in=3, rest_between_exercises=5, voice_rate=120)
    routine = Routine(id="r", name="Desk worker: hips and hamstrings",
                      items=(RoutineItem("piri"), RoutineItem("knee_hug")))
    plan = build_plan(routine, library, settings)
    cues: list[CueRequest] = []
    planner = CuePlanner(plan, settings, FakeClock(), cues.append)
    for step in plan.steps:
        if step.kind == "prepare":
            planner.on_event(PhaseStarted(t=0, kind="prepare", exercise=step.exercise,
                                          side=step.side, set=1, rep=1, planned=step.planned,
                                          index=step.index))
    assert [c.text for c in cues] == ["Figure-4 buttock stretch, left side.",
                                      "Knee hug. Get into position."]
    assert all(c.phase is not None for c in cues)


def test_a_session_left_alone_never_has_a_cue_cut_short() -> None:
    """Every cue fits its phase at the default rate: cuts happen only when a key ends a phase."""
    library = load_library()
    settings = Settings()
    items = tuple(RoutineItem(e) for e in library.exercises)
    plan = build_plan(Routine(id="all", name="All", items=items), library, settings)
    s = Spoken(plan, settings)
    s.session.start()
    for _ in range(200_000):
        if s.session.state == "ended":
            break
        if s.session.step.kind == "pain_check" and s.speaker.playing is None:
            s.session.answer_pain(0)  # after the question has been asked
        s.run_for(0.05)
    assert s.session.state == "ended"
    assert s.cut() == []
    assert s.stale == []


def _plan_with(*exercises: Exercise, items: tuple[str, ...],
               settings: Settings = QUIET) -> Plan:
    library = Library(exercises={**LIBRARY.exercises, **{e.id: e for e in exercises}})
    routine = Routine(id="r", name="R", items=tuple(RoutineItem(i) for i in items))
    plan = build_plan(routine, library, settings)
    steps = [s for s in plan.steps if s.kind != "pain_check"]
    return dataclasses.replace(
        plan, steps=tuple(dataclasses.replace(s, index=i) for i, s in enumerate(steps)))


def test_the_most_important_caution_is_said_once_when_there_is_time() -> None:
    careful = dataclasses.replace(
        _exercise("tilt", "Tilt", hold=5, reps=1),
        cautions=("Keep your lower back on the mat.", "Breathe."))
    h = Harness(_plan_with(careful, items=("tilt", "tilt")))
    h.run()
    prepares = [c.text for c in h.cues if c.kind == "name"]
    assert prepares[0] == "Tilt. Get into position. Careful: keep your lower back on the mat."
    assert "Careful" not in " ".join(prepares[1:])  # once a session


def test_an_alternating_exercise_says_the_side_of_each_rep() -> None:
    rolls = dataclasses.replace(
        _exercise("rolls", "Knee rolls", "reps_hold", hold=5, reps=2, per_side=True),
        alternates=True)
    slides = dataclasses.replace(
        _exercise("slides", "Heel slides", "reps", reps=2, per_side=True), alternates=True)
    h = Harness(_plan_with(rolls, slides, items=("rolls", "slides")))
    h.run()
    lifts = [c.text for c in h.cues if c.text.startswith(("Left", "Right"))]
    # A 2 s lift has room for the side and the word; the rep's number is on the screen.
    assert lifts[:4] == ["Left. Lift.", "Right. Lift.", "Left. Lift.", "Right. Lift."]
    assert lifts[4:] == ["Left, 1.", "Right, 1.", "Left, 2.", "Right, 2."]
