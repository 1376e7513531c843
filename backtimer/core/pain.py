"""The pain-check policy: what a 0-10 rating before and during a session leads to.

THE THRESHOLDS BELOW ARE A DESIGN CHOICE, NOT CLINICALLY VALIDATED; docs/pain-rules.md gives the
reasoning and the guidance each number comes from. A clinician should review them before release.
The person may make the skip and stop thresholds stricter in the settings, never laxer (the
settings model bounds them), and cannot switch the checks off.

Decisions between exercises, most serious first:
    emergency      a red-flag symptom is reported
    stop_session   pain >= stop level (7); or a rise of 3+ with pain >= 4; or new leg symptoms;
                   or a second exercise made pain worse (or hurt), or pain stayed risen at the
                   next check; or pain >= 4 for more than 15 minutes
    skip_exercise  a rise of 2+ (the skip rise) with pain <= 6, or "this hurts" during the
                   exercise: that exercise is left for the rest of the session
    caution        pain 4-6, not risen: go on gently
    continue       pain <= 3, not risen
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from backtimer.core.clock import Clock
from backtimer.core.records import Decision
from backtimer.core.settings import Settings

MILD_MAX = 3  # 1-3 is mild; 4 and above is "more than mild"
STOP_RISE = 3  # a rise this large with more-than-mild pain stops the session
MORE_THAN_MILD_LIMIT = 15 * 60.0  # seconds of more-than-mild pain before stopping (S1)
GENTLE_MAX_SECONDS = 13 * 60.0  # short enough that the 15-minute rule is not reached unpaused

RED_FLAGS: tuple[tuple[str, str], ...] = (
    ("saddle_numbness", "Numbness or tingling between the legs, around the bottom or genitals"),
    ("bladder_bowel", "New trouble passing urine, or loss of bladder or bowel control"),
    ("leg_weakness", "Weakness or numbness in both legs, or that is getting worse"),
    ("trauma", "The pain started after a fall, accident or other injury"),
    ("unwell", "Fever, or feeling generally unwell along with the back pain"),
    ("sexual_dysfunction", "New problems with sexual function or feeling in the genitals"),
)

URGENT_CARE_TEXT = (
    "These symptoms can be a sign of a serious problem that needs checking today. "
    "Do not exercise. Call your emergency number (999 in the UK, 911 in the US) "
    "or go to an emergency department now."
)
SEE_CLINICIAN_TEXT = (
    "Your pain is severe today. Please don't start a new exercise session: rest, and contact "
    "your doctor or physiotherapist, especially if it does not ease."
)
GENTLE_ONLY_TEXT = (
    "Your pain is more than mild today, so only the gentle routines are offered. "
    "Stop if it gets worse."
)


class Gate(StrEnum):
    GO = "go"
    GENTLE_ONLY = "gentle_only"
    SEE_CLINICIAN = "see_clinician"
    EMERGENCY = "emergency"


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    message: str

    @property
    def allowed(self) -> bool:
        return self.gate in (Gate.GO, Gate.GENTLE_ONLY)


@dataclass(frozen=True)
class PainResult:
    value: int
    decision: Decision
    message: str
    rise: int


_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _points(n: int) -> str:
    word = _WORDS[n] if 0 <= n <= 10 else str(n)
    return f"{word} point" if n == 1 else f"{word} points"


def _check_rating(value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"a pain rating is a whole number from 0 to 10, not {value!r}")


def before_session(
    baseline: int, red_flags: Collection[str] = (), settings: Settings | None = None
) -> GateResult:
    """Decide whether a session may start, from the baseline rating and the red-flag list."""
    _check_rating(baseline)
    stop_level = (settings or Settings()).pain_stop_level
    unknown = set(red_flags) - {key for key, _ in RED_FLAGS}
    if unknown:
        raise ValueError(f"unknown red flag(s): {', '.join(sorted(unknown))}")
    if red_flags:
        return GateResult(Gate.EMERGENCY, URGENT_CARE_TEXT)
    if baseline >= stop_level:
        return GateResult(Gate.SEE_CLINICIAN, SEE_CLINICIAN_TEXT)
    if baseline > MILD_MAX:
        return GateResult(Gate.GENTLE_ONLY, GENTLE_ONLY_TEXT)
    return GateResult(Gate.GO, "")


def is_gentle(estimated_seconds: float, contraindications: Collection[str]) -> bool:
    """A routine is gentle when it is short and holds nothing unsuitable in acute pain."""
    return estimated_seconds <= GENTLE_MAX_SECONDS and "acute_pain" not in contraindications


@dataclass
class PainTracker:
    """Remembers a session's ratings and turns each new one into a decision."""

    baseline: int
    clock: Clock
    settings: Settings = field(default_factory=Settings)
    ratings: list[PainResult] = field(default_factory=list)
    _worse_count: int = 0
    _more_than_mild_since: float | None = None

    def __post_init__(self) -> None:
        _check_rating(self.baseline)
        if self.baseline > MILD_MAX:
            # Pain already more than mild when the session starts counts toward the 15 minutes.
            self._more_than_mild_since = self.clock()

    def rate(
        self,
        value: int,
        exercise_name: str | None = None,
        *,
        leg_symptoms: bool = False,
        red_flag: bool = False,
        hurt: bool = False,
        recurs: bool = False,
    ) -> PainResult:
        """Rate pain at a check and decide.

        `hurt`: the person asked for this check mid-exercise ("this hurts"); the exercise is left
        whatever the number. `recurs`: the exercise rated comes again later in this session, so
        leaving it means something more than that it is over.
        """
        _check_rating(value)
        now = self.clock()
        rise = value - self.baseline
        if value > MILD_MAX:
            if self._more_than_mild_since is None:
                self._more_than_mild_since = now
        else:
            self._more_than_mild_since = None
        decision, message = self._decide(value, rise, now, exercise_name, leg_symptoms, red_flag,
                                         hurt, recurs)
        result = PainResult(value, decision, message, rise)
        self.ratings.append(result)
        return result

    def _decide(
        self,
        value: int,
        rise: int,
        now: float,
        exercise_name: str | None,
        leg_symptoms: bool,
        red_flag: bool,
        hurt: bool,
        recurs: bool,
    ) -> tuple[Decision, str]:
        skip_rise = self.settings.pain_skip_rise
        risen = rise >= skip_rise
        worse = risen or hurt  # either leaves the exercise (docs/pain-rules.md, "skip")
        if red_flag:
            return Decision.EMERGENCY, "Stopping now. " + URGENT_CARE_TEXT
        if value >= self.settings.pain_stop_level:
            return Decision.STOP_SESSION, (
                f"Stopping: pain is {_WORDS[value]} out of ten. Rest, and contact your doctor "
                "or physiotherapist if it does not settle."
            )
        if rise >= STOP_RISE and value > MILD_MAX:
            return Decision.STOP_SESSION, f"Stopping: pain has risen by {_points(rise)}."
        if leg_symptoms:
            return Decision.STOP_SESSION, (
                "Stopping: new leg pain, numbness or tingling should be checked by a clinician."
            )
        if worse and self._worse_count >= 1:
            return Decision.STOP_SESSION, self._second_worse_message(value, rise, risen)
        since = self._more_than_mild_since
        if since is not None and now - since > MORE_THAN_MILD_LIMIT:
            return Decision.STOP_SESSION, (
                "Stopping: pain has been more than mild for over fifteen minutes. "
                "Please contact your doctor or physiotherapist."
            )
        if worse:
            self._worse_count += 1
            return Decision.SKIP_EXERCISE, _leave_message(exercise_name, rise, risen, hurt, recurs)
        if value > MILD_MAX:
            return Decision.CAUTION, (
                f"Pain {_WORDS[value]} out of ten, no worse than before. Go gently."
            )
        return Decision.CONTINUE, ""

    def _second_worse_message(self, value: int, rise: int, risen: bool) -> str:
        """Why a second worsening stops: it rose again, it stayed up, or it hurt again."""
        previous = self.ratings[-1].value if self.ratings else self.baseline
        if not risen:
            return "Stopping: a second exercise has hurt. Rest today."
        if value > previous:
            return "Stopping: a second exercise has made the pain worse. Rest today."
        return (f"Stopping: pain is still {_points(rise)} above where you started. "
                "Rest today.")


def _leave_message(name: str | None, rise: int, risen: bool, hurt: bool, recurs: bool) -> str:
    """What leaving an exercise means, said truthfully for where the session is.

    Mid-exercise ("this hurts") the exercise is being left now. After it has finished there is
    nothing to skip now: the person is told it is left out later on, or just to go gently.
    """
    name = name or "this exercise"
    why = f"pain rose by {_points(rise)}" if risen else "it hurt"
    if hurt:
        return f"Leaving {name}: {why}."
    if recurs:
        return f"{name} made the pain rise by {_points(rise)}: it is left out for the rest of " \
               "this session."
    return f"{name} made the pain rise by {_points(rise)}. Go gently from here."
