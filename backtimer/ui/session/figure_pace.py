"""How long the moving figure may wait for its next frame, so it moves smoothly at little cost.

A frame is worth drawing when some joint has moved far enough on the screen to be seen. Between
two keyframes the body eases (`core.poses.ease`, smoothstep): it starts at rest, is fastest
halfway and comes to rest again, so a fixed frame rate spends most frames where almost nothing
moves. Instead the next frame is due when the fastest joint can have moved STEP_PX pixels at the
widget's size, never sooner than FASTEST_MS and never later than SLOWEST_MS (the ticker's own
rhythm). Why these numbers read as smooth from two metres is in docs/figure-frames.md.

Pure arithmetic on the pose model, so it is tested without a display.
"""

from __future__ import annotations

import logging
import math
from itertools import pairwise

from backtimer.core.poses import ExercisePose, blend, figure_of

logger = logging.getLogger(__name__)

STEP_PX = 10.0  # the most a joint should move on the screen from one frame to the next
FASTEST_MS = 50  # 20 frames a second for the fastest moves (a roll-up)
SLOWEST_MS = 250  # 4 a second near a keyframe, where the body is nearly at rest
_SAMPLES = 16  # points along each stretch between keyframes to measure how fast joints move
_SEARCH_MS = 10  # the interval is chosen to the nearest 10 ms


def joint_speed(pose: ExercisePose) -> float:
    """The fastest any joint moves (frame units per whole stretch, before easing) between any two
    neighbouring keyframes of `pose`: the distance it covers is this times the eased fraction."""
    fastest = 0.0
    for a, b in pairwise(pose.keyframes):
        before = figure_of(a, pose.props).points
        for i in range(1, _SAMPLES + 1):
            now = figure_of(blend(a, b, i / _SAMPLES), pose.props).points
            step = max(math.dist(before[name], point) for name, point in now.items())
            fastest = max(fastest, step * _SAMPLES)
            before = now
    return fastest


def _ease_rate(u: float) -> float:
    """d ease / du of smoothstep, 0 at both keyframes and 1.5 halfway."""
    return 6.0 * u * (1.0 - u) if 0.0 <= u <= 1.0 else 0.0


def _fastest_rate(lo: float, hi: float) -> float:
    """The largest easing rate anywhere in [lo, hi] of a stretch position; a window running
    past either end of the stretch goes on into the next (or previous) one, which also starts
    (or ends) at rest."""
    if hi - lo >= 1.0:
        return 1.5
    rates = [_ease_rate(min(max(0.5, lo), hi))]  # within this stretch: nearest to halfway
    if hi > 1.0:
        rates.append(_ease_rate(min(0.5, hi - 1.0)))
    if lo < 0.0:
        rates.append(_ease_rate(max(0.5, 1.0 + lo)))
    return max(rates)


def stretch_position(kind: str, progress: float, stretches: int) -> tuple[float, float]:
    """Where in its current stretch a phase `progress` (0..1) through is (0..1), and how many
    stretches it runs through per whole phase (as `core.poses.keyframe_at` moves the pose)."""
    p = max(0.0, min(1.0, progress))
    if kind == "rep":  # start -> end in the first half, back in the second
        fraction, per_phase = (2.0 * p if p <= 0.5 else 2.0 - 2.0 * p), 2.0 * stretches
    elif kind == "lower":
        fraction, per_phase = 1.0 - p, float(stretches)
    else:  # lift
        fraction, per_phase = p, float(stretches)
    position = fraction * stretches
    index = min(int(position), stretches - 1)
    return position - index, per_phase


def move_interval_ms(
    speed: float, stretches: int, kind: str, progress: float, seconds: float, px_per_unit: float
) -> int:
    """Milliseconds until the next frame of a moving phase of `kind` lasting `seconds`, now
    `progress` through it, for a pose whose joints move at most `speed` (`joint_speed`) and
    `stretches` keyframe stretches, drawn at `px_per_unit` pixels per frame unit."""
    if stretches < 1 or seconds <= 0.0 or speed <= 0.0 or px_per_unit <= 0.0:
        return SLOWEST_MS
    u, per_phase = stretch_position(kind, progress, stretches)
    per_second = per_phase / seconds  # stretches per second
    for interval in range(SLOWEST_MS, FASTEST_MS, -_SEARCH_MS):
        window = per_second * interval / 1000.0  # of a stretch, either way from now
        moved = speed * px_per_unit * _fastest_rate(u - window, u + window) * window
        if moved <= STEP_PX:
            return interval
    return FASTEST_MS
