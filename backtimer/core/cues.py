"""What the voice says, and when: session events in, short spoken cues out.

The planner listens to the session's bus and turns events into `CueRequest`s for a speaker. It
decides only the words, their importance, how long they stay worth saying and which phase they
belong to; the speaker decides what is actually said (see speech.process): a countdown number that
cannot start in time expires and is dropped rather than talking over an exercise name.

A cue belongs to the phase it was queued for (`CueRequest.phase`, the step index of its
`phase_started`). When that phase ends, for whatever reason (done, skip, back, stop, "this hurts",
a pain decision), the planner tells the speaker to `cancel` it: its waiting cues are dropped and a
playing one is cut. Nothing is ever said about a phase that is no longer on screen. Only the pain
decisions and the end of the session belong to no phase, so the stop message is the last thing
said after a stop.

The person is lying on a mat a metre or two away, so cues are short and in a fixed pattern:

    prepare       "Bird-dog, left side. Get into position."  (short enough for the lead-in)
    hold          "Hold."  /  "Hold. 2 of 5."   ... "Halfway." ... "3" "2" "1"
    hold done     "Relax."  (joined to the next cue when one follows at once)
    app-paced rep "1", "2", ...
    switch_side   "Switch sides. Right side."
    rest (sets)   "Rest, 30 seconds."
    pain_check    "Pain, zero to ten?"
    pain_rated    the decision's own message ("Skipping glute bridge: pain rose by two points.")
    session_ended "Session complete. Well done."  or the reason it stopped

While the session is paused nothing new is said; a phase entered while paused (skip or back during
a pause) is announced when the session resumes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from backtimer.core.clock import Clock
from backtimer.core.events import (
    Display,
    Event,
    PainRated,
    Paused,
    PhaseEnded,
    PhaseStarted,
    Resumed,
    SessionEnded,
)
from backtimer.core.plan import Plan, Step
from backtimer.core.settings import Settings

# Priorities: higher is more important. The speaker says waiting cues highest first.
NAME = 3
DECISION = 3
INSTRUCTION = 2
COUNT = 1

# How long after it was queued a cue is still worth starting (seconds).
COUNT_TTL = 0.9  # a "3" said during "2" is worse than silence
REP_TTL = 1.5  # an app-paced rep number; the next one follows after rep_tempo (>= 2 s)
INSTRUCTION_TTL = 3.0  # "Hold.", "Relax.", "Rest, 30 seconds."
HALFWAY_TTL = 2.0
NAME_TTL = 8.0  # the exercise to get into; the prepare phase lasts 3 s or more
PROMPT_TTL = 30.0  # the pain question stays on screen until it is answered
DECISION_TTL = 120.0  # pain decisions and the end of the session are never dropped quickly

# Holds this long or longer get a "Halfway." cue (when settings.halfway_cue is on).
HALFWAY_MIN_HOLD = 15.0
# Seconds of a lead-in the exercise's name must leave free (reaction, the speaker's start-up).
PREPARE_MARGIN = 1.0
# Seconds of a lift the lift's cue must leave free (the speaker's start-up).
MOVE_MARGIN = 0.25
# Seconds that tick when beeps are on but nothing is counted aloud.
DEFAULT_TICKS = 3

CueKind = Literal["name", "instruction", "count", "rep", "prompt", "decision", "sample"]
BeepKind = Literal["tick", "done"]

# Phases whose natural end means "start the next thing now": they get the "done" beep.
_DONE_BEEP_KINDS = ("prepare", "hold", "rest", "switch_side")


@dataclass(frozen=True)
class CueRequest:
    """One thing to say. `queued_t` and `expires_t` are on the same monotonic clock."""

    text: str
    priority: int
    queued_t: float
    expires_t: float
    kind: str
    phase: int | None = None  # step index of the phase it belongs to; None: the session's

    def expired(self, now: float) -> bool:
        return now >= self.expires_t


class CuePlanner:
    """Subscribe `on_event` to the session's bus; `say` receives each cue to speak.

    `cancel`, when given, receives the step index of every phase that ends (the speaker's
    `cancel`): that phase's cues are no longer worth saying, or finishing.

    `beep`, when given, receives "tick" for each of the last counted seconds of a hold and "done"
    when a timed phase ends by itself, so spoken and sounded cues follow one set of rules.
    """

    def __init__(
        self,
        plan: Plan,
        settings: Settings,
        clock: Clock,
        say: Callable[[CueRequest], None],
        *,
        cancel: Callable[[int], None] | None = None,
        beep: Callable[[BeepKind], None] | None = None,
    ) -> None:
        self.plan = plan
        self.settings = settings
        self._clock = clock
        self._say = say
        self._cancel = cancel
        self._beep = beep
        self._paused = False
        self._phase: PhaseStarted | None = None
        self._deferred_phase: PhaseStarted | None = None  # entered while paused
        self._first_display = True
        self._halfway_said = False
        self._relax_pending = False  # "Relax." waits to be joined to the cue that follows
        self._last_decision = ""
        self._cautioned: set[str] = set()  # exercises whose first caution was said

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings

    # ------------------------------------------------------------------ events
    def on_event(self, event: Event) -> None:
        if isinstance(event, PhaseStarted):
            self._phase = event
            self._first_display = True
            self._halfway_said = False
            if self._paused:
                self._deferred_phase = event
                self._relax_pending = False
            else:
                self._phase_started(event)
        elif isinstance(event, PhaseEnded):
            self._phase_ended(event)
        elif isinstance(event, Display):
            self._display(event)
        elif isinstance(event, Paused):
            self._paused = True
            self._relax_pending = False
        elif isinstance(event, Resumed):
            self._paused = False
            deferred, self._deferred_phase = self._deferred_phase, None
            if deferred is not None:
                self._phase_started(deferred)
        elif isinstance(event, PainRated):
            if event.message:
                self._last_decision = event.message
                self._emit(event.message, DECISION, DECISION_TTL, "decision", phase=None)
        elif isinstance(event, SessionEnded):
            self._session_ended(event)

    # --------------------------------------------------------------- handlers
    def _phase_started(self, event: PhaseStarted) -> None:
        step = self._step(event)
        kind = event.kind
        if kind == "prepare":
            self._emit(self._prepare_text(event), NAME, NAME_TTL, "name")
        elif kind in ("lift", "hold"):
            rep, reps = event.rep, step.reps if step is not None else None
            moved = kind == "hold" and self._moves(step)
            word = "Lift." if kind == "lift" else "Hold."
            # A held rep's number is said once, with its lift.
            counted = not moved and rep is not None and rep > 1 and reps is not None
            # A cue is cut when its phase ends: a 2 s lift has no room for "Lift. 5 of 8."
            # (1.9 s spoken), so the count shrinks to "Lift, 5." (1.4 s) when it must.
            texts = [f"{word} {rep} of {reps}.", f"{word[:-1]}, {rep}."] if counted else []
            side = self._alternating_side(event) if kind == "lift" else None
            if side is not None:  # left, right, left…: the side is what changes, say it first
                texts = [f"{side}. {word[:-1]}, {rep}.", f"{side}. {word}", f"{side}."]
                text = self._fitting(texts, event.planned, MOVE_MARGIN)
            else:
                text = self._fitting([*texts, word], event.planned, MOVE_MARGIN)
            self._emit(text, INSTRUCTION, INSTRUCTION_TTL, "instruction")
        elif kind == "lower":
            self._emit("And lower.", INSTRUCTION, INSTRUCTION_TTL, "instruction")
        elif kind == "rep":
            if event.planned is not None and event.rep is not None:
                side = self._alternating_side(event)
                count = str(event.rep) if side is None else f"{side}, {event.rep}."
                self._emit(count, COUNT, REP_TTL, "rep")
        elif kind == "switch_side":
            side = (event.side or "other").capitalize()
            ttl = min(NAME_TTL, event.planned) if event.planned else NAME_TTL
            self._emit(f"Switch sides. {side} side.", NAME, ttl, "name")
        elif kind == "rest":
            # Rest between sets starts a set (rep 1); rest between held reps needs no words of
            # its own: "Relax." before it and "Hold. n of m." after it say it all.
            if event.rep == 1 and event.planned is not None:
                seconds = round(event.planned)
                self._emit(f"Rest, {seconds} seconds.", INSTRUCTION, INSTRUCTION_TTL,
                           "instruction")
        elif kind == "pain_check":
            self._emit("Pain, zero to ten?", INSTRUCTION, PROMPT_TTL, "prompt")
        self._flush_relax()

    def _phase_ended(self, event: PhaseEnded) -> None:
        if self._cancel is not None:
            self._cancel(event.index)
        if self._phase is not None and self._phase.index == event.index:
            self._phase = None  # until the next phase_started: nothing belongs to it
        deferred = self._deferred_phase
        if deferred is not None and deferred.index == event.index:
            self._deferred_phase = None  # entered and left while paused: never announced
        if event.reason != "done" or self._paused:
            return
        if event.kind in _DONE_BEEP_KINDS:
            self._sound("done")
        step = self.plan.steps[event.index] if 0 <= event.index < len(self.plan.steps) else None
        if event.kind == "lower" or (event.kind == "hold" and not self._moves(step)):
            # The session publishes the next phase_started (or session_ended) right after this,
            # so "Relax." is joined to that cue: one utterance, in the right order.
            self._relax_pending = True

    def _display(self, event: Display) -> None:
        phase = self._phase
        first, self._first_display = self._first_display, False
        if self._paused or phase is None or phase.kind != "hold" or phase.planned is None:
            return
        value = event.value
        if (self.settings.halfway_cue and not self._halfway_said
                and phase.planned >= HALFWAY_MIN_HOLD and value <= phase.planned / 2):
            self._halfway_said = True
            if value > self.settings.countdown_aloud:
                self._emit("Halfway.", INSTRUCTION, HALFWAY_TTL, "instruction")
        # The first number shown is the whole hold, said as "Hold." already.
        if first or value < 1:
            return
        if value <= self.settings.countdown_aloud:
            self._emit(str(value), COUNT, COUNT_TTL, "count")
        if value <= (self.settings.countdown_aloud or DEFAULT_TICKS):
            self._sound("tick")

    def _session_ended(self, event: SessionEnded) -> None:
        if event.status == "completed":
            text = "Session complete. Well done."
        elif event.status == "stopped":
            message = event.message or "Session stopped."
            # A pain decision that stops the session was said already.
            text = "" if message == self._last_decision else message
        else:  # interrupted: the program is going away; nobody is waiting for words
            text = ""
        if text:
            self._emit(text, DECISION, DECISION_TTL, "decision", phase=None)
        else:
            self._flush_relax(phase=None)
        self._paused = False
        self._phase = None

    # ---------------------------------------------------------------- helpers
    def _moves(self, step: Step | None) -> bool:
        """A held rep that is lifted into and lowered out of ("And lower." ends it)."""
        return (step is not None and step.exercise is not None
                and self.plan.exercises[step.exercise].mode == "reps_hold")

    def _step(self, event: PhaseStarted) -> Step | None:
        if 0 <= event.index < len(self.plan.steps):
            return self.plan.steps[event.index]
        return None

    def _name(self, exercise_id: str | None) -> str:
        if exercise_id is None:
            return "Next exercise"
        exercise = self.plan.exercises.get(exercise_id)
        return exercise.name if exercise is not None else exercise_id.replace("_", " ")

    def _prepare_text(self, event: PhaseStarted) -> str:
        """The exercise to get into, short enough to be said within the lead-in.

        The routine's name and a name's bracketed detail, e.g. "(piriformis)", are on the screen,
        not spoken (docs/speech.md): at the default rate the old "Starting <routine>. First: ..."
        took up to 9 s of a 10 s lead-in. "Get into position." goes when even that is too long.
        """
        what = re.sub(r"\s*\([^)]*\)", "", self._name(event.exercise)).strip()
        if event.side:
            what = f"{what}, {event.side} side"
        texts = [f"{what}. Get into position.", f"{what}."]
        exercise = self.plan.exercises.get(event.exercise or "")
        if exercise is not None and exercise.cautions and exercise.id not in self._cautioned:
            # Its most important caution, once a session, when there is time (docs/speech.md).
            careful = exercise.cautions[0]
            texts.insert(0, f"{what}. Get into position. Careful: {careful[:1].lower()}"
                            f"{careful[1:]}")
        text = self._fitting(texts, event.planned or NAME_TTL, PREPARE_MARGIN)
        if "Careful:" in text and exercise is not None:
            self._cautioned.add(exercise.id)
        return text

    def _alternating_side(self, event: PhaseStarted) -> str | None:
        """"Left"/"Right" for a rep of an exercise that alternates sides, else None."""
        exercise = self.plan.exercises.get(event.exercise or "")
        if exercise is None or not exercise.alternates or event.side is None:
            return None
        return event.side.capitalize()

    def _fitting(self, texts: list[str], planned: float | None, margin: float) -> str:
        """The first of `texts` that can be said within `planned` seconds less `margin`.

        The last one is said whatever its length: it is the shortest way to say it.
        """
        if planned is None:
            return texts[0]
        room = planned - margin
        rate = self.settings.voice_rate
        return next((t for t in texts[:-1] if estimate_seconds(t, rate) <= room), texts[-1])

    def _emit(self, text: str, priority: int, ttl: float, kind: CueKind, *,
              phase: int | Literal["current"] | None = "current") -> None:
        if self._relax_pending:
            self._relax_pending = False
            text = f"Relax. {text}"
            priority = max(priority, INSTRUCTION)
            ttl = max(ttl, INSTRUCTION_TTL)
            if kind in ("count", "rep"):
                kind = "instruction"
        if phase == "current":
            phase = self._phase.index if self._phase is not None else None
        now = self._clock()
        self._say(CueRequest(text=text, priority=priority, queued_t=now, expires_t=now + ttl,
                             kind=kind, phase=phase))

    def _flush_relax(self, *, phase: int | Literal["current"] | None = "current") -> None:
        """Say a pending "Relax." on its own when nothing was said with it."""
        if self._relax_pending:
            self._relax_pending = False
            self._emit("Relax.", INSTRUCTION, INSTRUCTION_TTL, "instruction", phase=phase)

    def _sound(self, kind: BeepKind) -> None:
        if self._beep is not None and self.settings.beeps:
            self._beep(kind)


def estimate_seconds(text: str, words_per_minute: float) -> float:
    """Rough time to say `text`: used to tell whether a waiting cue would be stale by its turn."""
    words = max(1, len(text.split()))
    sentences = text.count(".") + text.count("?") + text.count(",")
    return 0.25 + words * 60.0 / max(1.0, words_per_minute) + 0.2 * sentences


__all__ = [
    "COUNT",
    "DECISION",
    "INSTRUCTION",
    "NAME",
    "BeepKind",
    "CuePlanner",
    "CueRequest",
    "estimate_seconds",
]
