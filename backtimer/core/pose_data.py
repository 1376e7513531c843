"""Reading an exercise's "pose" key from the library, as strictly as every other field.

The format is described in docs/poses.md. A limb is given either by its segments' directions
(`[upper, fore]`, `[thigh, shin, foot]`) or by where its end should be (`{"reach": [x, y], "bend":
1}`), which is solved here once, at load time, so that a hand that should rest on the floor does so
exactly. `"same"` gives the far limb the near limb's pose. Every mistake is one LoadError line.
"""

from __future__ import annotations

import logging
import math
from types import MappingProxyType
from typing import Any

from backtimer.core.json_doc import Doc, field, show
from backtimer.core.poses import (
    CONTACT_POINTS,
    FRAME_H,
    FRAME_W,
    LIMB_SEGMENTS,
    LIMBS,
    PROP_KINDS,
    SURFACES,
    VIEWS,
    ExercisePose,
    Keyframe,
    Point,
    Prop,
    projected_length,
    reach,
    spine_points,
)

logger = logging.getLogger(__name__)

_KEYFRAME_REQUIRED = ("name", "pelvis", "spine", "neck", *LIMBS)
_KEYFRAME_OPTIONAL = ("tilt", "contacts")
_PROP_FIELDS = {
    "mat": ("x", "w"),
    "wall": ("x",),
    "chair": ("x", "y"),
    "strap": ("attach",),
    "dumbbell": ("attach",),
    "pillow": ("x", "y", "w", "h"),
}
MAX_TILT = 80.0


def parse_pose(doc: Doc, value: object, where: str) -> ExercisePose:
    raw = doc.obj(value, where, required=("view", "keyframes"), optional=("props",))
    view = doc.choice(raw["view"], field(where, "view"), VIEWS)
    props = tuple(
        _prop(doc, entry, at)
        for at, entry in doc.items_of(raw.get("props", []), field(where, "props"), "prop")
    )
    frames_where = field(where, "keyframes")
    entries = doc.items_of(raw["keyframes"], frames_where, "keyframe", allow_empty=False)
    if len(entries) < 2:
        doc.fail(frames_where, "needs at least two keyframes (a start and an end pose)")
    if len(entries) > 8:
        doc.fail(frames_where, f"has {len(entries)} keyframes; at most 8")
    keyframes: list[Keyframe] = []
    seen: dict[str, int] = {}
    for index, (at, entry) in enumerate(entries):
        keyframe = _keyframe(doc, entry, at, props)
        if keyframe.name in seen:
            first = f"keyframes[{seen[keyframe.name]}]"
            doc.fail(
                field(at, "name"), f"duplicate keyframe name {show(keyframe.name)} (also {first})"
            )
        seen[keyframe.name] = index
        keyframes.append(keyframe)
    return ExercisePose(keyframes=tuple(keyframes), props=props, view=view)


def _number(doc: Doc, value: object, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        doc.fail(where, f"must be a number, not {show(value)}")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        doc.fail(where, f"must be between {low:g} and {high:g}, not {show(value)}")
    return number


def _point(doc: Doc, value: object, where: str) -> Point:
    if not isinstance(value, list) or len(value) != 2:
        doc.fail(where, f"must be a point [x, y], not {show(value)}")
    return (
        _number(doc, value[0], f"{where}[0]", 0.0, FRAME_W),
        _number(doc, value[1], f"{where}[1]", 0.0, FRAME_H),
    )


def _angles(doc: Doc, value: object, where: str, count: int) -> list[float]:
    if not isinstance(value, list) or len(value) != count:
        doc.fail(where, f"must be a list of {count} angles in degrees, not {show(value)}")
    return [_number(doc, v, f"{where}[{i}]", -360.0, 360.0) for i, v in enumerate(value)]


def _prop(doc: Doc, value: object, where: str) -> Prop:
    if not isinstance(value, dict):
        doc.fail(where, f"must be an object {{...}}, not {show(value)}")
    kind = doc.choice(value.get("kind"), field(where, "kind"), PROP_KINDS)
    allowed = _PROP_FIELDS[kind]
    optional = allowed if kind == "mat" else ()  # a mat spans the whole floor unless told
    required = ("kind", *(key for key in allowed if key not in optional))
    raw = doc.obj(value, where, required=required, optional=optional)
    numbers: dict[str, float] = {}
    for key in ("x", "y", "w", "h"):
        if key in raw:
            limit = FRAME_W if key in ("x", "w") else FRAME_H
            numbers[key] = _number(doc, raw[key], field(where, key), 0.0, limit)
    attach: tuple[str, ...] = ()
    if "attach" in raw:
        names = doc.text_list(raw["attach"], field(where, "attach"), allow_empty=False)
        wanted = 2 if kind == "strap" else 1
        if len(names) != wanted:
            doc.fail(field(where, "attach"), f"must name {wanted} point(s) of the body")
        for index, name in enumerate(names):
            doc.choice(name, f"{field(where, 'attach')}[{index}]", CONTACT_POINTS)
        attach = names
    return Prop(kind=kind, attach=attach, **numbers)


def _keyframe(doc: Doc, value: object, where: str, props: tuple[Prop, ...]) -> Keyframe:
    raw = doc.obj(value, where, required=_KEYFRAME_REQUIRED, optional=_KEYFRAME_OPTIONAL)
    name = doc.ident(raw["name"], field(where, "name"))
    pelvis = _point(doc, raw["pelvis"], field(where, "pelvis"))
    lumbar, thorax = _angles(doc, raw["spine"], field(where, "spine"), 2)
    angles: dict[str, float] = {
        "lumbar": lumbar,
        "thorax": thorax,
        "neck": _number(doc, raw["neck"], field(where, "neck"), -360.0, 360.0),
    }
    tilt_raw = doc.obj(raw.get("tilt", {}), field(where, "tilt"), required=(), optional=LIMBS)
    tilts = {
        limb: _tilts(doc, tilt, field(field(where, "tilt"), limb), limb)
        for limb, tilt in tilt_raw.items()
    }
    origins = _origins(pelvis, lumbar, thorax)
    for limb in LIMBS:
        spec: Any = raw[limb]
        at = field(where, limb)
        if spec == "same":
            if not limb.endswith("_far"):
                doc.fail(at, "'same' is only for a far limb (it copies the near one)")
            near = limb.replace("_far", "_near")
            spec = raw[near]
            tilts.setdefault(limb, tilts.get(near, [0.0] * len(LIMB_SEGMENTS[limb])))
        limb_tilts = tilts.get(limb, [0.0] * len(LIMB_SEGMENTS[limb]))
        solved = _limb(doc, spec, at, limb, origins, limb_tilts)
        for segment, angle in zip(LIMB_SEGMENTS[limb], solved, strict=True):
            angles[f"{limb}.{segment}"] = angle
    flat_tilts = {
        f"{limb}.{segment}": tilt
        for limb, values in tilts.items()
        for segment, tilt in zip(LIMB_SEGMENTS[limb], values, strict=True)
        if tilt
    }
    contacts: dict[str, str] = {}
    contact_raw = doc.obj(
        raw.get("contacts", {}), field(where, "contacts"), required=(), optional=CONTACT_POINTS
    )
    kinds = {prop.kind for prop in props}
    needs = {"wall": "wall", "seat": "chair", "pillow": "pillow"}
    for point, surface in contact_raw.items():
        at = field(field(where, "contacts"), point)
        contacts[point] = doc.choice(surface, at, SURFACES)
        if surface in needs and needs[surface] not in kinds:
            doc.fail(at, f"touches the {surface}, but the pose has no {needs[surface]} prop")
    return Keyframe(
        name=name,
        pelvis=pelvis,
        angles=MappingProxyType(angles),
        tilts=MappingProxyType(flat_tilts),
        contacts=MappingProxyType(contacts),
    )


def _tilts(doc: Doc, value: object, where: str, limb: str) -> list[float]:
    """A limb's tilt: one number for all its segments, or one per segment."""
    count = len(LIMB_SEGMENTS[limb])
    if isinstance(value, list):
        if len(value) != count:
            doc.fail(where, f"must be one tilt or a list of {count}, not {show(value)}")
        return [_number(doc, v, f"{where}[{i}]", 0.0, MAX_TILT) for i, v in enumerate(value)]
    return [_number(doc, value, where, 0.0, MAX_TILT)] * count


def _origins(pelvis: Point, lumbar: float, thorax: float) -> dict[str, Point]:
    """Where each limb starts: the shoulders for arms, the pelvis (hip) for legs."""
    _mid, _neck, shoulders = spine_points(pelvis, lumbar, thorax)
    return {"arm": shoulders, "leg": pelvis}


def _limb(
    doc: Doc, spec: object, where: str, limb: str, origins: dict[str, Point], tilts: list[float]
) -> list[float]:
    segments = LIMB_SEGMENTS[limb]
    if isinstance(spec, list):
        if len(segments) == 3 and len(spec) == 2:  # a leg without its foot: ankle at 90 degrees
            thigh, shin = _angles(doc, spec, where, 2)
            return [thigh, shin, shin + 90.0]
        return _angles(doc, spec, where, len(segments))
    if not isinstance(spec, dict):
        doc.fail(where, f"must be a list of angles, a reach {{...}} or 'same', not {show(spec)}")
    optional = ("foot",) if len(segments) == 3 else ()
    raw = doc.obj(spec, where, required=("reach", "bend"), optional=optional)
    target = _point(doc, raw["reach"], field(where, "reach"))
    bend = raw["bend"]
    if bend not in (1, -1) or isinstance(bend, bool):
        doc.fail(field(where, "bend"), f"must be 1 or -1, not {show(bend)}")
    first, second = (projected_length(s, t) for s, t in zip(segments[:2], tilts, strict=False))
    try:
        upper, lower = reach(origins[limb.split("_")[0]], target, first, second, int(bend))
    except ValueError as exc:
        doc.fail(field(where, "reach"), f"cannot be reached: the point {exc}")
    result = [upper, lower]
    if optional:
        foot = raw.get("foot")
        result.append(
            lower + 90.0
            if foot is None
            else _number(doc, foot, field(where, "foot"), -360.0, 360.0)
        )
    return result
