"""The pain-check policy: what a 0-10 rating before and during a session leads to.

THE THRESHOLDS BELOW ARE A DESIGN CHOICE, NOT CLINICALLY VALIDATED. They follow section 7 of
`research/exercise-facts.md`: a change of 2 points on the 0-10 scale is the smallest change that
exceeds measurement error (Childs 2005, Ostelo 2008, Farrar 2001); "more than mild" is 4 or more and
"severe" 7 or more; pain that is more than mild for more than 15 minutes during exercise means stop
and contact a doctor (the WebMD/AAOS rule in seed S1). A clinician should review them before
release. The person may make the skip and stop thresholds stricter in the settings, never laxer
(the settings model bounds them).

Decisions between exercises, most serious first:
    emergency      a red-flag symptom is reported
    stop_session   pain >= stop level (7); or a rise of 3+ with pain >= 4; or new leg symptoms;
                   or a second exercise made pain worse; or pain >= 4 for more than 15 minutes
    skip_exercise  a rise of 2+ (the skip rise) with pain <= 6: skip that exercise for the session
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

RED_FLAGS: tuple[tuple[str, str], ...] = (
    ("saddle_numbness", "Numbness or tingling between the legs, around the bottom or genitals"),
    ("bladder_bowel", "New trouble passing urine, or loss of bladder or bowel control"),
    ("leg_weakness", "Weakness or numbness in both legs, or that is getting worse"),
    ("trauma", "The pain started after a fall, accident or other injury"),
    ("unwell", "Fever, or feeling generally unwell along with the back pain"),
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
    ) -> PainResult:
        _check_rating(value)
        now = self.clock()
        rise = value - self.baseline
        if value > MILD_MAX:
            if self._more_than_mild_since is None:
                self._more_than_mild_since = now
        else:
            self._more_than_mild_since = None
        decision, message = self._decide(value, rise, now, exercise_name, leg_symptoms, red_flag)
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
    ) -> tuple[Decision, str]:
        skip_rise = self.settings.pain_skip_rise
        worse = rise >= skip_rise
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
            return Decision.STOP_SESSION, (
                "Stopping: a second exercise has made the pain worse. Rest today."
            )
        since = self._more_than_mild_since
        if since is not None and now - since > MORE_THAN_MILD_LIMIT:
            return Decision.STOP_SESSION, (
                "Stopping: pain has been more than mild for over fifteen minutes. "
                "Please contact your doctor or physiotherapist."
            )
        if worse:
            self._worse_count += 1
            name = exercise_name or "this exercise"
            return Decision.SKIP_EXERCISE, f"Skipping {name}: pain rose by {_points(rise)}."
        if value > MILD_MAX:
            return Decision.CAUTION, (
                f"Pain {_WORDS[value]} out of ten, no worse than before. Go gently."
            )
        return Decision.CONTINUE, ""
