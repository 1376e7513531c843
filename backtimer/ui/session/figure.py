"""The session's moving figure: the current exercise posed from the session's own clock.

It has no timer. Each repaint computes the pose from the current phase's deadline and
`session.clock()` (`core.poses.pose_at`), so the figure cannot drift from the countdown: during a
lift it is exactly as far up as the phase is through, and while paused the session's remaining
time stands still, so the figure does too. To animate, it tells the session's ticker how often it
needs a frame (`frame_interval_ms`); the ticker wakes at that rate only while something moves
and calls `advance_frame`. Still phases (prepare, rest, pain check) need no frames at all.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from backtimer.core.plan import Step
from backtimer.core.poses import ExercisePose, Figure, Side, pose_at
from backtimer.core.session import Session
from backtimer.paint.figure import FigureColors, draw_figure
from backtimer.ui.theme import mix, session_colors

logger = logging.getLogger(__name__)

MOVE_FRAME_MS = 66  # 15 frames a second while the body moves (lift, lower, a paced rep)
BREATH_FRAME_MS = 200  # a slow breath during a hold needs only 5
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

    # --- what the view and the ticker call -------------------------------------------------

    def show_step(self, step: Step, color: QColor) -> None:
        """A phase began (or the theme changed): repaint in `color` for the body."""
        self._colors = self._theme_colors(color)
        name = self.session.plan.exercises[step.exercise].name if step.exercise else ""
        self.setAccessibleName(self.tr("Figure: {name}").format(name=name))
        self.update()

    def frame_interval_ms(self) -> int | None:
        """How often the ticker should wake to repaint, or None while the figure is still."""
        step = self.session.step
        if not self.isVisible() or not self.session.running or self._pose_of(step) is None:
            return None
        kind = step.kind
        if kind in _MOVING:
            return MOVE_FRAME_MS
        if kind == "hold":
            return BREATH_FRAME_MS
        return None

    def advance_frame(self) -> None:
        self.update()

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

    def paintEvent(self, _event: QPaintEvent) -> None:
        figure = self.current_figure()
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._background)
        if figure is not None:
            draw_figure(painter, QRectF(self.rect()), figure, self._colors)
        painter.end()
