"""The moving figure of an exercise: a simple articulated body, its keyframes and its props.

Pure geometry, no Qt: the painter (`backtimer.paint.figure`) only maps what is computed here into a
rectangle, so the session screen, the routine preview and the printed sheet show the same figure.
The model and its conventions are described in docs/poses.md; in short:

- a 2-D view in frame units: x to the right, y up, the floor at y = 0, the frame FRAME_W x FRAME_H;
- the body is a chain of segments with fixed lengths (SEGMENT_LENGTHS): a two-part spine (lumbar,
  thorax) so the back can round and arch, the neck to the head, and near and far arms and legs;
- a keyframe gives the pelvis position and each segment's direction in degrees (0 = +x, 90 = up),
  plus a per-limb `tilt` out of the picture plane (a limb pointing at the viewer looks shorter);
  the figure's front is its trunk direction turned by -90 degrees (standing, it faces right);
- an exercise has two or more keyframes (start ... end); `pose_at` turns a session phase and its
  progress into a `Figure` of points to draw, eased between keyframes and mirrored for the right
  side, which is the left-side figure seen from the other side.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

logger = logging.getLogger(__name__)

Point = tuple[float, float]
Side = Literal["left", "right"]

FRAME_W = 1.5
FRAME_H = 1.0
HEAD_RADIUS = 0.065
SHOULDER_DROP = 0.03  # the shoulders sit a little below the base of the neck
BREATH_PERIOD = 5.0  # seconds of one slow breath during a hold
BREATH_DEGREES = 2.5  # how far the chest rises and falls with it

SEGMENT_LENGTHS: Mapping[str, float] = MappingProxyType(
    {
        "lumbar": 0.15,  # pelvis -> middle of the back
        "thorax": 0.17,  # middle of the back -> base of the neck
        "neck": 0.09,  # base of the neck -> centre of the head
        "upper_arm": 0.16,
        "forearm": 0.15,
        "thigh": 0.24,
        "shin": 0.23,
        "foot": 0.07,
    }
)
LIMBS: tuple[str, ...] = ("arm_near", "arm_far", "leg_near", "leg_far")
LIMB_SEGMENTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "arm_near": ("upper_arm", "forearm"),
        "arm_far": ("upper_arm", "forearm"),
        "leg_near": ("thigh", "shin", "foot"),
        "leg_far": ("thigh", "shin", "foot"),
    }
)
# Every angle of a pose, by name: spine and head, then "<limb>.<segment>".
ANGLE_NAMES: tuple[str, ...] = (
    "lumbar",
    "thorax",
    "neck",
    *(f"{limb}.{segment}" for limb in LIMBS for segment in LIMB_SEGMENTS[limb]),
)
# Points that can touch a surface, and the surfaces they can touch.
CONTACT_POINTS: tuple[str, ...] = (
    "pelvis",
    "mid_back",
    "shoulders",
    "head",
    *(f"{part}_{which}" for which in ("near", "far") for part in ("elbow", "hand")),
    *(f"{part}_{which}" for which in ("near", "far") for part in ("knee", "heel", "toe")),
)
SURFACES: tuple[str, ...] = ("floor", "wall", "seat", "pillow", "body")
VIEWS: tuple[str, ...] = ("side", "front", "above")
PROP_KINDS: tuple[str, ...] = ("mat", "wall", "chair", "strap", "dumbbell", "pillow")
PHASE_KINDS: tuple[str, ...] = (
    "prepare",
    "hold",
    "rep",
    "rest",
    "switch_side",
    "pain_check",
    "lift",
    "lower",
)
_STILL_AT_START = frozenset({"prepare", "rest", "switch_side", "pain_check"})


@dataclass(frozen=True)
class Prop:
    """Equipment in the picture. Which fields matter depends on `kind` (see docs/poses.md)."""

    kind: str
    x: float = 0.0  # mat: left end; wall: its surface; chair: front edge of the seat; pillow: left
    y: float = 0.0  # chair: seat height; pillow: bottom
    w: float = 0.0  # mat, pillow: width (a mat of width 0 spans the frame)
    h: float = 0.0  # pillow: height
    attach: tuple[str, ...] = ()  # strap: the two points it runs between; dumbbell: the hand


CHAIR_DEPTH = 0.32
CHAIR_BACK = 0.42  # how far the back rises above the seat


def chair_rear(prop: Prop) -> float:
    """x of a chair's back: the seat runs from its front `x` towards the middle of the frame."""
    return prop.x - CHAIR_DEPTH if prop.x > FRAME_W / 2 else prop.x + CHAIR_DEPTH


@dataclass(frozen=True)
class Keyframe:
    """One pose: where the pelvis is, every segment's direction, each limb's tilt, its contacts."""

    name: str
    pelvis: Point
    angles: Mapping[str, float]  # degrees, by ANGLE_NAMES
    tilts: Mapping[str, float] = field(default_factory=dict)  # degrees out of the picture, by angle
    contacts: Mapping[str, str] = field(default_factory=dict)  # point -> surface


@dataclass(frozen=True)
class ExercisePose:
    """The figure of one exercise: its keyframes in order (start first, end last) and props."""

    keyframes: tuple[Keyframe, ...]
    props: tuple[Prop, ...] = ()
    view: str = "side"  # "side", "front" (facing the viewer) or "above" (seen from the ceiling)

    @property
    def start(self) -> Keyframe:
        return self.keyframes[0]

    @property
    def end(self) -> Keyframe:
        return self.keyframes[-1]


@dataclass(frozen=True)
class Segment:
    """A line of the figure to draw: `near` limbs are drawn in front and stronger than far ones."""

    name: str
    a: Point
    b: Point
    near: bool = True


@dataclass(frozen=True)
class Figure:
    """Everything the painter needs, in frame units; `mirrored` is True for the right side."""

    points: Mapping[str, Point]
    segments: tuple[Segment, ...]
    head: Point
    props: tuple[Prop, ...]
    view: str = "side"
    mirrored: bool = False
    # The part of the frame to show (x0, y0, x1, y1): the same for every pose of an exercise,
    # so the figure fills the picture without zooming as it moves.
    bounds: tuple[float, float, float, float] = (0.0, 0.0, FRAME_W, FRAME_H)


# --- geometry -----------------------------------------------------------------------------------


def _direction(degrees: float) -> Point:
    radians = math.radians(degrees)
    return math.cos(radians), math.sin(radians)


def _step(origin: Point, degrees: float, length: float) -> Point:
    dx, dy = _direction(degrees)
    return origin[0] + dx * length, origin[1] + dy * length


def projected_length(segment: str, tilt: float) -> float:
    """The length a segment shows in the picture when tilted `tilt` degrees out of it."""
    return SEGMENT_LENGTHS[segment] * math.cos(math.radians(tilt))


def angle_difference(a: float, b: float) -> float:
    """b - a in (-180, 180]: the short way round from a to b."""
    difference = (b - a) % 360.0
    return difference - 360.0 if difference > 180.0 else difference


def reach(origin: Point, target: Point, first: float, second: float, bend: int) -> Point:
    """Directions (degrees) of a two-segment limb from `origin` whose end touches `target`.

    `first` and `second` are the lengths shown in the picture; `bend` (+1 or -1) says to which
    side of the line origin -> target the middle joint lies. Raises ValueError when out of reach.
    """
    dx, dy = target[0] - origin[0], target[1] - origin[1]
    distance = math.hypot(dx, dy)
    if distance > first + second + 1e-9 or distance < abs(first - second) - 1e-9 or distance == 0:
        raise ValueError(
            f"is {distance:.3f} away, but the limb spans {abs(first - second):.3f} to "
            f"{first + second:.3f}"
        )
    base = math.degrees(math.atan2(dy, dx))
    cos_inner = (first**2 + distance**2 - second**2) / (2 * first * distance)
    inner = math.degrees(math.acos(max(-1.0, min(1.0, cos_inner))))
    upper = base + bend * inner
    elbow = _step(origin, upper, first)
    lower = math.degrees(math.atan2(target[1] - elbow[1], target[0] - elbow[0]))
    return upper, lower


def spine_points(pelvis: Point, lumbar: float, thorax: float) -> tuple[Point, Point, Point]:
    """The middle of the back, the base of the neck and the shoulders (where the arms start)."""
    mid = _step(pelvis, lumbar, SEGMENT_LENGTHS["lumbar"])
    neck = _step(mid, thorax, SEGMENT_LENGTHS["thorax"])
    return mid, neck, _step(neck, thorax, -SHOULDER_DROP)


def figure_of(
    keyframe: Keyframe, props: tuple[Prop, ...], *, view: str = "side", mirrored: bool = False
) -> Figure:
    """Forward kinematics: the points and lines of `keyframe` (already mirrored if wanted)."""
    angles, tilts = keyframe.angles, keyframe.tilts
    pelvis = keyframe.pelvis
    mid, neck, shoulders = spine_points(pelvis, angles["lumbar"], angles["thorax"])
    head = _step(neck, angles["neck"], SEGMENT_LENGTHS["neck"])
    points: dict[str, Point] = {
        "pelvis": pelvis,
        "mid_back": mid,
        "neck": neck,
        "shoulders": shoulders,
        "head": head,
    }
    segments: list[Segment] = []
    joint_names = {
        "arm": ("shoulders", "elbow", "hand"),
        "leg": ("pelvis", "knee", "heel", "toe"),
    }
    for limb in LIMBS:
        kind, which = limb.split("_")
        names = joint_names[kind]
        here = points[names[0]]
        for segment, joint in zip(LIMB_SEGMENTS[limb], names[1:], strict=True):
            name = f"{limb}.{segment}"
            there = _step(here, angles[name], projected_length(segment, tilts.get(name, 0.0)))
            points[f"{joint}_{which}"] = there
            segments.append(Segment(f"{limb}.{segment}", here, there, near=which == "near"))
            here = there
    segments.append(Segment("lumbar", pelvis, mid))
    segments.append(Segment("thorax", mid, neck))
    segments.append(Segment("neck", neck, head))
    return Figure(
        points=MappingProxyType(points),
        segments=tuple(segments),
        head=head,
        props=props,
        view=view,
        mirrored=mirrored,
    )


# --- mirroring and interpolation ----------------------------------------------------------------


def _mirror_x(x: float) -> float:
    return FRAME_W - x


def mirror_keyframe(keyframe: Keyframe) -> Keyframe:
    """The same pose seen from the other side: x flipped about the frame's middle."""
    return replace(
        keyframe,
        pelvis=(_mirror_x(keyframe.pelvis[0]), keyframe.pelvis[1]),
        angles=MappingProxyType({k: 180.0 - v for k, v in keyframe.angles.items()}),
    )


def mirror_prop(prop: Prop) -> Prop:
    if prop.kind in ("mat", "pillow"):
        return replace(prop, x=_mirror_x(prop.x + prop.w) if prop.w else prop.x)
    if prop.kind in ("wall", "chair"):
        return replace(prop, x=_mirror_x(prop.x))
    return prop


def blend(a: Keyframe, b: Keyframe, t: float) -> Keyframe:
    """The pose a fraction `t` of the way from a to b (angles the short way round)."""
    angles = {k: a.angles[k] + angle_difference(a.angles[k], b.angles[k]) * t for k in a.angles}
    names = set(a.tilts) | set(b.tilts)
    tilts = {
        k: a.tilts.get(k, 0.0) + (b.tilts.get(k, 0.0) - a.tilts.get(k, 0.0)) * t for k in names
    }
    pelvis = (
        a.pelvis[0] + (b.pelvis[0] - a.pelvis[0]) * t,
        a.pelvis[1] + (b.pelvis[1] - a.pelvis[1]) * t,
    )
    contacts = a.contacts if t < 0.5 else b.contacts
    name = a.name if t == 0 else b.name if t == 1 else f"{a.name}>{b.name}"
    return Keyframe(name, pelvis, MappingProxyType(angles), MappingProxyType(tilts), contacts)


def ease(t: float) -> float:
    """Smooth start and stop (smoothstep): each keyframe is reached at rest, as a body moves."""
    t = max(0.0, min(1.0, t))
    return t * t * (3.0 - 2.0 * t)


def along(pose: ExercisePose, fraction: float) -> Keyframe:
    """The pose `fraction` (0..1) of the way through the keyframes, eased within each stretch."""
    frames = pose.keyframes
    position = max(0.0, min(1.0, fraction)) * (len(frames) - 1)
    index = min(int(position), len(frames) - 2)
    return blend(frames[index], frames[index + 1], ease(position - index))


def _breathe(keyframe: Keyframe, elapsed: float) -> Keyframe:
    """A slow rise and fall of the chest while holding, so a held figure is visibly alive."""
    offset = BREATH_DEGREES * math.sin(2.0 * math.pi * elapsed / BREATH_PERIOD)
    angles = dict(keyframe.angles)
    angles["thorax"] += offset
    angles["neck"] += offset
    return replace(keyframe, angles=MappingProxyType(angles))


def keyframe_at(
    pose: ExercisePose, phase_kind: str, progress: float, elapsed: float = 0.0
) -> Keyframe:
    """The left-side pose for a session phase `progress` (0..1) through; see `pose_at`."""
    if phase_kind in _STILL_AT_START:
        return pose.start
    if phase_kind == "hold":
        return _breathe(pose.end, elapsed)
    if phase_kind == "lift":
        return along(pose, progress)
    if phase_kind == "lower":
        return along(pose, 1.0 - progress)
    if phase_kind == "rep":
        # One full cycle per rep: start -> end in the first half, back to start in the second.
        p = max(0.0, min(1.0, progress))
        return along(pose, 2.0 * p if p <= 0.5 else 2.0 - 2.0 * p)
    raise ValueError(f"unknown phase kind {phase_kind!r}")


def pose_at(
    pose: ExercisePose,
    phase_kind: str,
    progress: float,
    side: Side | None,
    elapsed: float = 0.0,
) -> Figure:
    """The figure to draw `progress` (0..1) through a phase of `phase_kind`, `elapsed` s in.

    Still phases (prepare, rest, switch_side, pain_check) show the start pose; a hold shows the
    end pose breathing; a lift moves start -> end, a lower end -> start, an app-paced rep does
    one cycle start -> end -> start. The right side is the left side mirrored.
    """
    keyframe = keyframe_at(pose, phase_kind, progress, elapsed)
    return place(pose, keyframe, mirrored=side == "right")


def place(pose: ExercisePose, keyframe: Keyframe, *, mirrored: bool) -> Figure:
    """The figure of `keyframe` with the exercise's props, mirrored for the right side."""
    if mirrored:
        keyframe = mirror_keyframe(keyframe)
        props = tuple(mirror_prop(p) for p in pose.props)
    else:
        props = pose.props
    figure = figure_of(keyframe, props, view=pose.view, mirrored=mirrored)
    x0, y0, x1, y1 = bounds(pose)
    if mirrored:
        x0, x1 = _mirror_x(x1), _mirror_x(x0)
    return replace(figure, bounds=(x0, y0, x1, y1))


BOUNDS_MARGIN = 0.08
MIN_BOUNDS_H = 0.5  # a lying figure keeps some room above it, so it is not drawn huge


def bounds(pose: ExercisePose) -> tuple[float, float, float, float]:
    """The box around every keyframe of `pose` (left side), its props and the floor, in frame."""
    xs: list[float] = []
    ys: list[float] = [0.0]
    for keyframe in pose.keyframes:
        figure = figure_of(keyframe, pose.props, view=pose.view)
        for x, y in figure.points.values():
            xs.append(x)
            ys.append(y)
        xs.extend((figure.head[0] - HEAD_RADIUS, figure.head[0] + HEAD_RADIUS))
        ys.append(figure.head[1] + HEAD_RADIUS)
    for prop in pose.props:
        if prop.kind in ("wall", "chair"):
            xs.append(prop.x)
        if prop.kind == "chair":
            xs.append(chair_rear(prop))
            ys.append(prop.y + CHAIR_BACK)
    x0, x1 = max(0.0, min(xs) - BOUNDS_MARGIN), min(FRAME_W, max(xs) + BOUNDS_MARGIN)
    y1 = min(FRAME_H, max(max(ys) + BOUNDS_MARGIN, MIN_BOUNDS_H))
    return x0, -0.04, x1, y1
