"""The one painter of the exercise figure, for the session screen, the routine preview and sheets.

It draws a `core.poses.Figure` (already posed, mirrored and placed among its props) into any
rectangle with any QPainter (a widget, a QImage, a PDF page). Strokes scale with the rectangle so
the figure reads from two metres on the session screen and stays crisp on paper; colours come
from the caller (the theme), nothing here picks one. Near limbs are drawn in front in the body
colour, far limbs behind in a softer one, so left and right sides look different.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from backtimer.core.poses import (
    CHAIR_BACK,
    FRAME_H,
    FRAME_W,
    HEAD_RADIUS,
    Figure,
    Point,
    Prop,
    chair_rear,
)

logger = logging.getLogger(__name__)

LIMB_WIDTH = 0.05  # frame units; at 400 px for the frame's height that is a 20 px stroke
TRUNK_WIDTH = 0.085
PROP_WIDTH = 0.02
SCENERY = frozenset({"mat", "wall", "chair", "pillow"})  # props that never move with the body
# How far the drawn body can reach beyond its outermost joint, in frame units: the tip of the
# nose (1.25 head radii, plus half its stroke), the end of a dumbbell's bar (0.05 plus its round
# cap) or half the trunk's stroke, whichever is most.
BODY_REACH = max(HEAD_RADIUS * 1.25 + LIMB_WIDTH * 0.3, 0.05 + PROP_WIDTH, TRUNK_WIDTH / 2)


@dataclass(frozen=True)
class FigureColors:
    body: QColor  # the trunk, the head and the near limbs
    far: QColor  # the limbs on the far side, drawn behind
    prop: QColor  # mat, wall, chair, pillow outlines and fills
    accent: QColor  # what the person holds: strap, dumbbell


class _Mapper:
    """The figure's bounds in frame units (y up) to device pixels (y down), keeping the aspect
    ratio, centred in the rectangle."""

    def __init__(self, rect: QRectF, bounds: tuple[float, float, float, float]) -> None:
        x0, y0, x1, y1 = bounds
        self.scale = min(rect.width() / (x1 - x0), rect.height() / (y1 - y0))
        self.left = rect.center().x() - (x0 + x1) / 2 * self.scale
        self.bottom = rect.center().y() + (y0 + y1) / 2 * self.scale

    def point(self, p: Point) -> QPointF:
        return QPointF(self.left + p[0] * self.scale, self.bottom - p[1] * self.scale)

    def length(self, units: float) -> float:
        return units * self.scale


def draw_figure(painter: QPainter, rect: QRectF, figure: Figure, colors: FigureColors) -> None:
    """Draw `figure` with its props scaled into `rect` (the painter's state is restored)."""
    draw_scenery(painter, rect, figure, colors)
    draw_body(painter, rect, figure, colors)


def draw_scenery(painter: QPainter, rect: QRectF, figure: Figure, colors: FigureColors) -> None:
    """Only what stands still as the body moves: mat, wall, chair, pillow and the floor.

    It depends on the rectangle, the colours, the props and the bounds, never on the pose, so a
    moving figure can draw it once into a pixmap and draw only `draw_body` on each frame.
    """
    m = _begin(painter, rect, figure)
    if m is None:
        return
    for prop in figure.props:
        if prop.kind in SCENERY:
            _draw_scenery(painter, m, prop, colors.prop)
    painter.restore()


def draw_body(painter: QPainter, rect: QRectF, figure: Figure, colors: FigureColors) -> None:
    """The body and what it holds (strap, dumbbell): the part of the picture that moves."""
    m = _begin(painter, rect, figure)
    if m is None:
        return
    _draw_limbs(painter, m, figure, near=False, pen=_pen(colors.far, m.length(LIMB_WIDTH)))
    _draw_trunk(painter, m, figure, colors.body)
    _draw_limbs(painter, m, figure, near=True, pen=_pen(colors.body, m.length(LIMB_WIDTH)))
    for prop in figure.props:
        if prop.kind not in SCENERY:
            _draw_held(painter, m, prop, figure, colors.accent)
    painter.restore()


def _begin(painter: QPainter, rect: QRectF, figure: Figure) -> _Mapper | None:
    """Save the painter and set it up for `rect`; None (nothing saved) when `rect` is empty."""
    if rect.width() <= 1 or rect.height() <= 1:
        return None
    painter.save()
    painter.setClipRect(rect)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return _Mapper(rect, figure.bounds)


def body_rect(rect: QRectF, figure: Figure) -> QRectF:
    """The device rectangle `draw_body` may touch: every joint, the head and its nose, what the
    hands hold and half the widest stroke, with a pixel to spare for anti-aliasing."""
    if rect.width() <= 1 or rect.height() <= 1:
        return QRectF()
    m = _Mapper(rect, figure.bounds)
    xs = [p[0] for p in figure.points.values()]
    ys = [p[1] for p in figure.points.values()]
    pad = m.length(BODY_REACH) + 2.0
    top_left = m.point((min(xs), max(ys)))
    bottom_right = m.point((max(xs), min(ys)))
    box = QRectF(top_left, bottom_right).adjusted(-pad, -pad, pad, pad)
    return box.intersected(rect)


def _draw_limbs(painter: QPainter, m: _Mapper, figure: Figure, *, near: bool, pen: QPen) -> None:
    """Each limb as one polyline (one stroke per limb is much cheaper than one per segment)."""
    chains: dict[str, list[QPointF]] = {}
    for segment in figure.segments:
        if "." not in segment.name or segment.near != near:
            continue
        limb = segment.name.split(".")[0]
        chain = chains.setdefault(limb, [m.point(segment.a)])
        chain.append(m.point(segment.b))
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for chain in chains.values():
        painter.drawPolyline(QPolygonF(chain))


def _pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, max(1.0, width))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _line(painter: QPainter, m: _Mapper, a: Point, b: Point, pen: QPen) -> None:
    painter.setPen(pen)
    painter.drawLine(m.point(a), m.point(b))


def _draw_trunk(painter: QPainter, m: _Mapper, figure: Figure, color: QColor) -> None:
    pelvis, mid, neck = (figure.points[k] for k in ("pelvis", "mid_back", "neck"))
    # A quadratic through the middle of the back: control point = 2 * mid - (pelvis + neck) / 2.
    control = (2 * mid[0] - (pelvis[0] + neck[0]) / 2, 2 * mid[1] - (pelvis[1] + neck[1]) / 2)
    path = QPainterPath(m.point(pelvis))
    path.quadTo(m.point(control), m.point(neck))
    painter.setPen(_pen(color, m.length(TRUNK_WIDTH)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    _line(painter, m, neck, figure.head, _pen(color, m.length(LIMB_WIDTH)))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(color))
    centre = m.point(figure.head)
    radius = m.length(HEAD_RADIUS)
    painter.drawEllipse(centre, radius, radius)
    if figure.view == "front":
        return  # facing the viewer: no profile to show
    # A nose on the front of the head shows which way the figure faces.
    dx, dy = figure.head[0] - neck[0], figure.head[1] - neck[1]
    norm = math.hypot(dx, dy) or 1.0
    sign = 1.0 if figure.mirrored else -1.0
    front = (-dy / norm * sign, dx / norm * sign)  # the head's direction turned by -90 degrees
    nose = (
        figure.head[0] + front[0] * HEAD_RADIUS * 1.25,
        figure.head[1] + front[1] * HEAD_RADIUS * 1.25,
    )
    painter.setPen(_pen(color, m.length(LIMB_WIDTH * 0.6)))
    painter.drawLine(centre, m.point(nose))


def _draw_scenery(painter: QPainter, m: _Mapper, prop: Prop, color: QColor) -> None:
    pen = _pen(color, m.length(PROP_WIDTH))
    painter.setPen(pen)
    if prop.kind == "mat":
        left, width = (prop.x, prop.w) if prop.w else (0.0, FRAME_W)
        painter.setBrush(QBrush(color))
        painter.drawRect(QRectF(m.point((left, 0.0)), m.point((left + width, -0.025))))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    elif prop.kind == "wall":
        painter.drawLine(m.point((prop.x, 0.0)), m.point((prop.x, FRAME_H)))
        hatch = 0.04 if prop.x < FRAME_W / 2 else -0.04
        y = 0.05
        while y < FRAME_H:
            painter.drawLine(m.point((prop.x, y)), m.point((prop.x - hatch, y - 0.04)))
            y += 0.1
    elif prop.kind == "chair":
        _draw_chair(painter, m, prop)
    elif prop.kind == "pillow":
        painter.setBrush(QBrush(color))
        rect = QRectF(m.point((prop.x, prop.y + prop.h)), m.point((prop.x + prop.w, prop.y)))
        painter.drawRoundedRect(rect, m.length(prop.h / 2), m.length(prop.h / 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    # the floor line, under everything
    painter.setPen(_pen(color, m.length(PROP_WIDTH)))
    painter.drawLine(m.point((0.0, 0.0)), m.point((FRAME_W, 0.0)))


def _draw_chair(painter: QPainter, m: _Mapper, prop: Prop) -> None:
    """A side view: the seat ends at `x` (its front), the back rises at the rear edge."""
    rear = chair_rear(prop)
    seat = prop.y
    lines = (
        ((prop.x, seat), (rear, seat)),  # seat
        ((prop.x, seat), (prop.x, 0.0)),  # front leg
        ((rear, 0.0), (rear, seat + CHAIR_BACK)),  # back leg and back
    )
    for a, b in lines:
        painter.drawLine(m.point(a), m.point(b))


def _draw_held(painter: QPainter, m: _Mapper, prop: Prop, figure: Figure, color: QColor) -> None:
    points = [figure.points[name] for name in prop.attach]
    if prop.kind == "strap":
        painter.setPen(_pen(color, m.length(PROP_WIDTH * 1.5)))
        painter.drawLine(m.point(points[0]), m.point(points[1]))
        return
    hand = m.point(points[0])
    painter.setPen(_pen(color, m.length(PROP_WIDTH * 2)))
    half = m.length(0.05)
    painter.drawLine(QPointF(hand.x() - half, hand.y()), QPointF(hand.x() + half, hand.y()))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(color))
    for dx in (-half, half):
        painter.drawRoundedRect(
            QRectF(
                hand.x() + dx - m.length(0.015),
                hand.y() - m.length(0.035),
                m.length(0.03),
                m.length(0.07),
            ),
            m.length(0.008),
            m.length(0.008),
        )
