"""The session's moving figure: the current exercise posed from the session's own clock.

It has no timer. Each repaint computes the pose from the current phase's deadline and
`session.clock()` (`core.poses.pose_at`), so the figure cannot drift from the countdown: during a
lift it is exactly as far up as the phase is through, and while paused the session's remaining
time stands still, so the figure does too. To animate, it tells the session's ticker how often it
needs a frame (`frame_interval_ms`); the ticker wakes at that rate only while something moves
and calls `advance_frame`. Still phases (prepare, rest, pain check) need no frames at all.

A frame costs little because only the body is drawn anew: the background and the scenery (mat,
wall, chair, pillow, floor) are drawn once into a pixmap kept for the widget's size, colours and
props, and a frame repaints only the rectangle the body covered before and covers now, so the
ring and the words beside it are never repainted for the figure. A frame whose pose is the one
already shown (a pose that cannot change) repaints nothing. The frame rates and why they are
enough are in docs/figure-frames.md.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QRegion
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtimer.core.plan import Step
from backtimer.core.poses import ExercisePose, Figure, Side, pose_at
from backtimer.core.session import Session
from backtimer.paint.figure import FigureColors, body_rect, draw_body, draw_scenery
from backtimer.ui.session.figure_pace import FASTEST_MS, SLOWEST_MS, joint_speed, move_interval_ms
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

    # --- what the view and the ticker call -------------------------------------------------

    def show_step(self, step: Step, color: QColor) -> None:
        """A phase began (or the theme changed): repaint in `color` for the body."""
        self._colors = self._theme_colors(color)
        name = self.session.plan.exercises[step.exercise].name if step.exercise else ""
        self.setAccessibleName(self.tr("Figure: {name}").format(name=name))
        self._next = self._next_rect = None
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
        speed = self._speeds.get(step.exercise)
        if speed is None:
            speed = self._speeds[step.exercise] = joint_speed(pose)
        _elapsed, progress = self._progress(step)
        seconds = step.planned if step.planned else max(0.5, self.session.plan.rep_estimate)
        x0, y0, x1, y1 = pose.box
        scale = min(self.width() / (x1 - x0), self.height() / (y1 - y0))
        return move_interval_ms(speed, len(pose.keyframes) - 1, step.kind, progress, seconds, scale)

    def advance_frame(self) -> None:
        """Repaint what moved since the last frame: the old and the new place of the body."""
        figure = self.current_figure()
        shown = self._shown
        if figure == shown:
            return  # the same pose: nothing on the screen would change
        self._next, self._next_rect = figure, None
        if figure is None or shown is None or _scenery_of(figure) != _scenery_of(shown):
            self.update()  # another picture altogether (the view also repaints on a new phase)
            return
        self._next_rect = self._body_rect(figure)
        self.update(self._body_on_screen.united(self._next_rect))

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
        figure, body = self._next, self._next_rect
        self._next = self._next_rect = None
        if figure is None:
            figure, body = self.current_figure(), None
        painter = QPainter(self)
        if figure is None:
            painter.fillRect(self.rect(), self._background)
            self._body_on_screen = QRect()
        else:
            painter.drawPixmap(0, 0, self.scenery_pixmap(figure))
            draw_body(painter, QRectF(self.rect()), figure, self._colors)
            if body is None:
                body = self._body_rect(figure)
            # Pixels of the body shown before survive where this paint did not reach.
            if not (QRegion(self._body_on_screen) - event.region()).isEmpty():
                body = body.united(self._body_on_screen)
            self._body_on_screen = body
        painter.end()
        self._shown = figure


def _scenery_of(figure: Figure) -> tuple[object, ...]:
    """What the still part of a figure's picture depends on, besides size and colours."""
    return (figure.props, figure.bounds, figure.view, figure.mirrored)
