"""The session's moving figure: the current exercise posed from the session's own clock.

It has no timer. Each repaint computes the pose from the current phase's deadline and
`session.clock()` (`core.poses.pose_at`), so the figure cannot drift from the countdown: during a
lift it is exactly as far up as the phase is through, and while paused the session's remaining
time stands still, so the figure does too. To animate, it tells the session's ticker how often it
needs a frame (`frame_interval_ms`); the ticker wakes at that rate only while something moves
and calls `advance_frame`. Still phases (prepare, rest, pain check) need no frames at all.

A frame costs little: the background and the scenery (mat, wall, chair, pillow, floor) are drawn
once into a pixmap kept for the widget's size, colours and props; a moving body is snapped to a
grid of poses no more than a step apart, each drawn once (ui/session/figure_sprites.py) and copied
on every rep after the first; and a frame repaints only the rectangle the body covered before and
covers now, so the ring and the words beside it are never repainted for the figure. A frame whose
pose is the one already shown (a pose that cannot change) repaints nothing. The frame rates and why
they are enough are in docs/figure-frames.md.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QRegion
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtimer.core.plan import Step
from backtimer.core.poses import ExercisePose, Figure, Side, blend, ease, place, pose_at
from backtimer.core.session import Session
from backtimer.paint.figure import FigureColors, body_rect, draw_body, draw_scenery
from backtimer.ui.session.figure_pace import (
    FASTEST_MS,
    SLOWEST_MS,
    STEP_PX,
    joint_speed,
    move_interval_ms,
    stretch_position,
)
from backtimer.ui.session.figure_sprites import BodySprites
from backtimer.ui.theme import mix, session_colors

logger = logging.getLogger(__name__)

MOVE_FRAME_MS = FASTEST_MS  # the shortest interval while the body moves (lift, lower, a rep)
# A slow breath moves the chest a few pixels a second: 4 frames a second, the ticker's own rhythm,
# so a hold costs no extra wake-ups (docs/figure-frames.md).
BREATH_FRAME_MS = SLOWEST_MS
_MOVING = frozenset({"rep", "lift", "lower"})


class SessionFigure(QWidget):
    """Draws the current exercise's figure for the session's current phase."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setMinimumSize(120, 72)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Each frame paints its own background, so Qt need not repaint the screen behind it.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._colors = self._theme_colors(QColor(session_colors(self.palette())["foreground"]))
        # A user-paced rep has no deadline: its cycle runs from when it was first seen.
        self._paced_step: int | None = None
        self._paced_since = 0.0
        self._last: Figure | None = None
        self._next: Figure | None = None  # posed by advance_frame for the paint that follows
        self._next_rect: QRect | None = None  # and where its body goes
        self._shown: Figure | None = None  # what the screen shows now
        self._body_on_screen = QRect()  # where its body may have left pixels
        self._scenery: QPixmap | None = None
        self._scenery_key: tuple[object, ...] = ()
        self._speeds: dict[str, float] = {}  # exercise id -> joint_speed of its pose
        self._sprites = BodySprites()
        self._grid_figures: dict[tuple[object, ...], Figure] = {}  # of the current exercise
        self._next_key: tuple[object, ...] | None = None  # the grid pose of _next, if moving
        self._shown_key: tuple[object, ...] | None = None

    # --- what the view and the ticker call -------------------------------------------------

    def show_step(self, step: Step, color: QColor) -> None:
        """A phase began (or the theme changed): repaint in `color` for the body."""
        self._colors = self._theme_colors(color)
        name = self.session.plan.exercises[step.exercise].name if step.exercise else ""
        self.setAccessibleName(self.tr("Figure: {name}").format(name=name))
        if any(key[0] != step.exercise for key in self._grid_figures):
            self._grid_figures.clear()
        self._next = self._next_rect = self._next_key = None
        self.update()

    def frame_interval_ms(self) -> int | None:
        """How often the ticker should wake to repaint, or None while the figure is still."""
        step = self.session.step
        pose = self._pose_of(step)
        if not self.isVisible() or not self.session.running or pose is None:
            return None
        kind = step.kind
        if kind in _MOVING:
            return self._move_interval(step, pose)
        if kind == "hold":
            return BREATH_FRAME_MS
        return None

    def _move_interval(self, step: Step, pose: ExercisePose) -> int:
        """Sooner while the body moves fast, later near a keyframe (ui/session/figure_pace.py)."""
        assert step.exercise is not None  # _pose_of found a pose
        speed = self._speed(step.exercise, pose)
        _elapsed, progress = self._progress(step)
        seconds = step.planned if step.planned else max(0.5, self.session.plan.rep_estimate)
        return move_interval_ms(
            speed, len(pose.keyframes) - 1, step.kind, progress, seconds, self._scale(pose))

    def _speed(self, exercise: str, pose: ExercisePose) -> float:
        speed = self._speeds.get(exercise)
        if speed is None:
            speed = self._speeds[exercise] = joint_speed(pose)
        return speed

    def _scale(self, pose: ExercisePose) -> float:
        """Pixels per frame unit at the widget's size (as paint.figure maps the pose)."""
        x0, y0, x1, y1 = pose.box
        return min(self.width() / (x1 - x0), self.height() / (y1 - y0))

    def advance_frame(self) -> None:
        """Repaint what moved since the last frame: the old and the new place of the body."""
        snapped = self.snapped_figure()
        key, figure = snapped if snapped is not None else (None, self.current_figure())
        shown = self._shown
        if (key is not None and key == self._shown_key) or (key is None and figure == shown):
            return  # the same pose: nothing on the screen would change
        self._next, self._next_key, self._next_rect = figure, key, None
        if figure is None or shown is None or _scenery_of(figure) != _scenery_of(shown):
            self.update()  # another picture altogether (the view also repaints on a new phase)
            return
        self._next_rect = self._body_rect(figure)
        self.update(self._body_on_screen.united(self._next_rect))

    def snapped_figure(self) -> tuple[tuple[object, ...], Figure] | None:
        """While the body moves: its pose snapped to the grid of poses drawn once (see
        ui/session/figure_sprites.py) and the grid pose's name; None in other phases."""
        step = self.session.step
        pose = self._pose_of(step)
        if pose is None or step.kind not in _MOVING or step.exercise is None:
            return None
        stretches = len(pose.keyframes) - 1
        _elapsed, progress = self._progress(step)
        p = max(0.0, min(1.0, progress))
        fraction = {"rep": 2.0 * p if p <= 0.5 else 2.0 - 2.0 * p, "lower": 1.0 - p}.get(
            step.kind, p)
        index = min(int(fraction * stretches), stretches - 1)
        u, _per_phase = stretch_position("lift", fraction, stretches)
        grid = max(1, math.ceil(self._speed(step.exercise, pose) * self._scale(pose) / STEP_PX))
        at = round(ease(u) * grid)
        mirrored = step.side == "right"
        key = (step.exercise, mirrored, index, at, grid)
        figure = self._grid_figures.get(key)
        if figure is None:  # each grid pose is posed once per exercise, not once per frame
            frames = pose.keyframes
            keyframe = blend(frames[index], frames[index + 1], at / grid)
            figure = self._grid_figures[key] = place(pose, keyframe, mirrored=mirrored)
        return key, figure

    # --- posing ------------------------------------------------------------------------------

    def current_figure(self) -> Figure | None:
        """The figure for this instant of the session, or None between exercises."""
        session = self.session
        step = session.step
        pose = self._pose_of(step)
        if pose is None:
            return None
        if session.state == "paused" and self._last is not None and self._paced_step == step.index:
            return self._last  # a user-paced rep has no deadline to stand still on: keep the pose
        side: Side | None = "right" if step.side == "right" else "left" if step.side else None
        elapsed, progress = self._progress(step)
        figure = pose_at(pose, step.kind, progress, side, elapsed)
        self._last = figure
        return figure

    def _progress(self, step: Step) -> tuple[float, float]:
        session = self.session
        if step.planned is not None and step.planned > 0:
            remaining = session.remaining()
            left = step.planned if remaining is None else remaining
            elapsed = max(0.0, step.planned - left)
            return elapsed, min(1.0, elapsed / step.planned)
        now = session.clock()
        if self._paced_step != step.index:
            self._paced_step, self._paced_since = step.index, now
        elapsed = max(0.0, now - self._paced_since)
        tempo = max(0.5, session.plan.rep_estimate)
        return elapsed, (elapsed % tempo) / tempo

    def _pose_of(self, step: Step) -> ExercisePose | None:
        if step.exercise is None:
            return None
        exercise = self.session.plan.exercises.get(step.exercise)
        return None if exercise is None else exercise.pose

    def _theme_colors(self, body: QColor) -> FigureColors:
        colors = session_colors(self.palette())
        background = colors["background"]
        self._background = QColor(background)
        return FigureColors(
            body=body,
            far=mix(body, background, 0.45),
            prop=mix(colors["muted"], background, 0.35),
            accent=colors["accent"],
        )

    def _body_rect(self, figure: Figure) -> QRect:
        return body_rect(QRectF(self.rect()), figure).toAlignedRect()

    def scenery_pixmap(self, figure: Figure) -> QPixmap:
        """The background with the still props, drawn once per size, colours and props."""
        ratio = self.devicePixelRatioF()
        key = (self.size(), ratio, self._background.rgba(), self._colors.prop.rgba(),
               *_scenery_of(figure))
        if self._scenery is None or key != self._scenery_key:
            size = self.size()
            pixmap = QPixmap(QSize(max(1, round(size.width() * ratio)),
                                   max(1, round(size.height() * ratio))))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(self._background)
            painter = QPainter(pixmap)
            draw_scenery(painter, QRectF(self.rect()), figure, self._colors)
            painter.end()
            self._scenery, self._scenery_key = pixmap, key
            logger.debug("figure scenery drawn at %dx%d", size.width(), size.height())
        return self._scenery

    def paintEvent(self, event: QPaintEvent) -> None:
        figure, key, body = self._next, self._next_key, self._next_rect
        self._next = self._next_rect = self._next_key = None
        if figure is None:
            snapped = self.snapped_figure()
            key, figure = snapped if snapped is not None else (None, self.current_figure())
            body = None
        painter = QPainter(self)
        if figure is None:
            painter.fillRect(self.rect(), self._background)
            self._body_on_screen = QRect()
        else:
            painter.drawPixmap(0, 0, self.scenery_pixmap(figure))
            rect = QRectF(self.rect())
            if key is not None:  # a grid pose of a move: copy it, drawn once
                image, body = self._sprites.get(key, figure, rect, self._colors,
                                                self.devicePixelRatioF())
                painter.drawImage(body.topLeft(), image)
            else:
                draw_body(painter, rect, figure, self._colors)
            if body is None:
                body = self._body_rect(figure)
            # Pixels of the body shown before survive where this paint did not reach.
            if not (QRegion(self._body_on_screen) - event.region()).isEmpty():
                body = body.united(self._body_on_screen)
            self._body_on_screen = body
        painter.end()
        self._shown, self._shown_key = figure, key


def _scenery_of(figure: Figure) -> tuple[object, ...]:
    """What the still part of a figure's picture depends on, besides size and colours."""
    return (figure.props, figure.bounds, figure.view, figure.mirrored)
