"""The moving figure's frames: no joint jumps more than STEP_PX between two frames, for every
exercise and kind of movement, and frames are sparse where the body is nearly at rest."""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from backtimer.core.library import load_library
from backtimer.core.poses import ExercisePose, pose_at
from backtimer.ui.session.figure_pace import (
    FASTEST_MS,
    SLOWEST_MS,
    STEP_PX,
    joint_speed,
    move_interval_ms,
)

LIB = load_library()
WIDTH, HEIGHT = 640, 400  # about the figure's size on a 1366x768 session screen


def scale(pose: ExercisePose) -> float:
    x0, y0, x1, y1 = pose.box
    return min(WIDTH / (x1 - x0), HEIGHT / (y1 - y0))


def frames(pose: ExercisePose, kind: str, seconds: float) -> list[tuple[float, int]]:
    """(time, interval asked for) of every frame of one phase, paced as the widget paces it."""
    speed, stretches, px = joint_speed(pose), len(pose.keyframes) - 1, scale(pose)
    out: list[tuple[float, int]] = []
    t = 0.0
    while t < seconds:
        interval = move_interval_ms(speed, stretches, kind, t / seconds, seconds, px)
        out.append((t, interval))
        t += interval / 1000.0
    return out


@pytest.mark.parametrize("ex_id", sorted(LIB.exercises))
@pytest.mark.parametrize(("kind", "seconds"), [("lift", 2.0), ("lower", 1.0), ("rep", 4.0)])
def test_no_joint_jumps_more_than_a_step(ex_id: str, kind: str, seconds: float) -> None:
    pose = LIB.exercise(ex_id).pose
    assert pose is not None
    px = scale(pose)
    shown = frames(pose, kind, seconds)
    for (t, interval), (t_next, _next) in pairwise(shown):
        a = pose_at(pose, kind, t / seconds, None).points
        b = pose_at(pose, kind, min(1.0, t_next / seconds), None).points
        jump = max(math.dist(a[name], b[name]) for name in a) * px
        if interval > FASTEST_MS:  # only the fastest moves may outrun the step, at 20 a second
            assert jump <= STEP_PX * 1.05, f"{jump:.1f} px in {interval} ms at {t:.2f} s"


def test_frames_are_sparse_near_a_keyframe_and_dense_halfway() -> None:
    pose = LIB.exercise("glute_bridge").pose
    assert pose is not None
    speed, stretches, px = joint_speed(pose), len(pose.keyframes) - 1, scale(pose)
    at_rest = move_interval_ms(speed, stretches, "lift", 0.0, 2.0, px)
    halfway = move_interval_ms(speed, stretches, "lift", 0.5 / stretches, 2.0, px)
    assert at_rest == SLOWEST_MS
    assert FASTEST_MS <= halfway < at_rest


def test_a_small_move_needs_fewer_frames_than_a_big_one() -> None:
    tilt, cat_cow = LIB.exercise("pelvic_tilt").pose, LIB.exercise("cat_cow").pose
    assert tilt is not None
    assert cat_cow is not None
    assert len(frames(tilt, "rep", 4.0)) < len(frames(cat_cow, "rep", 4.0))
    # and a cat-cow still gets at least 10 frames a second, as a slow cartoon move does
    assert len(frames(cat_cow, "rep", 4.0)) >= 40
