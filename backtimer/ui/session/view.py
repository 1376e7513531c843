"""The follow-along screen: what to do now, how long is left, what comes next.

It only shows and forwards: every change comes from an event on the session's bus (the same events
the log, the voice and the history get), and every key or button calls a session method. Prompt
events (pain check, confirm stop) are published from here, because this is where the prompts are.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.events import (
    Display,
    Event,
    EventBus,
    PainRated,
    Paused,
    PhaseStarted,
    PromptAnswered,
    PromptShown,
    Resumed,
    SessionEnded,
    SessionStarted,
)
from backtimer.core.plan import Step
from backtimer.core.session import Session
from backtimer.ui.prompts.pages import ConfirmPanel, DecisionBanner, PainCheckPanel
from backtimer.ui.session.widgets import CountdownRing, FigureView, scaled_font
from backtimer.ui.theme import session_colors

logger = logging.getLogger(__name__)


def format_clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class SessionView(QWidget):
    """One running session. Emits `finished` when the person leaves the end screen."""

    finished = Signal()
    controlled = Signal()  # a control changed the session's timing: the ticker re-arms

    PAGE_RUN, PAGE_PAIN, PAGE_CONFIRM, PAGE_END = range(4)

    def __init__(self, session: Session, bus: EventBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bus = bus
        self.plan = session.plan
        self.setAccessibleName(self.tr("Exercise session"))
        self._colors = session_colors(self.palette())
        self._build()
        self._page_before_confirm = self.PAGE_RUN
        self._started_t = session.clock()
        self._unsubscribe = bus.subscribe(self.on_event)
        app = QApplication.instance()
        assert app is not None, "a session screen needs a running QApplication"
        self._app: QCoreApplication = app
        self._app.installEventFilter(self)

    # ----------------------------------------------------------------- layout
    def _build(self) -> None:
        c = self._colors
        self.title = QLabel()
        self.title.setFont(scaled_font(self, 2.4, bold=True))
        self.title.setWordWrap(True)
        self.title.setAccessibleName(self.tr("Exercise"))
        self.details = QLabel()
        self.details.setFont(scaled_font(self, 1.6, bold=True))
        self.details.setAccessibleName(self.tr("Side, set and repetition"))
        self.time_left = QLabel()
        self.time_left.setFont(scaled_font(self, 1.6, bold=True))
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.time_left.setAccessibleName(self.tr("Time left in the session"))
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.title)
        names.addWidget(self.details)
        header.addLayout(names, 1)
        header.addWidget(self.time_left)

        # run page: figure and steps on the left, the countdown on the right
        self.figure = FigureView()
        self.summary = QLabel()
        self.summary.setFont(scaled_font(self, 1.5, bold=True))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("What to do"))
        self.steps = QLabel()
        self.steps.setFont(scaled_font(self, 1.25))
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.PlainText)
        self.steps.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.steps.setAccessibleName(self.tr("Steps"))
        left = QVBoxLayout()
        left.addWidget(self.figure, 3)
        left.addWidget(self.summary)
        left.addWidget(self.steps, 2)
        self.ring = CountdownRing()
        run = QWidget()
        run_layout = QHBoxLayout(run)
        run_layout.setContentsMargins(0, 0, 0, 0)
        run_layout.addLayout(left, 2)
        run_layout.addWidget(self.ring, 3)

        self.pain_panel = PainCheckPanel()
        self.pain_panel.setBaseline(self.session.pain.baseline)
        self.pain_panel.answered.connect(self._answer_pain)
        self.confirm_panel = ConfirmPanel()
        self.confirm_panel.setText(self.tr("Stop the session now?"))
        self.confirm_panel.confirmed.connect(self._confirm_stop)
        self.confirm_panel.cancelled.connect(self._cancel_stop)
        self.end_panel = self._build_end_panel()

        self.pages = QStackedWidget()
        for page in (run, self.pain_panel, self.confirm_panel, self.end_panel):
            self.pages.addWidget(page)

        self.banner = DecisionBanner()
        self.next_label = QLabel()
        self.next_label.setFont(scaled_font(self, 1.3))
        self.next_label.setWordWrap(True)
        self.next_label.setAccessibleName(self.tr("What comes next"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(max(10, self.fontMetrics().height() // 2))
        self.progress.setAccessibleName(self.tr("Session progress"))

        self.back_button = self._button(self.tr("\u25c0 Back"), self.tr("Back (Left or B)"),
                                        self._back)
        self.pause_button = self._button(self.tr("Pause"), self.tr("Pause or resume (Space)"),
                                         self._toggle_pause)
        self.pause_button.setFont(scaled_font(self, 1.6, bold=True))
        self.pause_button.setMinimumHeight(self.fontMetrics().height() * 3)
        self.skip_button = self._button(self.tr("Skip \u25b6"), self.tr("Skip (Right or N)"),
                                        self._skip)
        self.hurts_button = self._button(self.tr("This hurts"), self.tr("This hurts (H)"),
                                         self._hurts)
        self.stop_button = self._button(self.tr("Stop"), self.tr("Stop the session (Esc)"),
                                        self._ask_stop)
        controls = QHBoxLayout()
        controls.addWidget(self.back_button, 1)
        controls.addWidget(self.pause_button, 3)
        controls.addWidget(self.skip_button, 1)
        controls.addWidget(self.hurts_button, 1)
        controls.addWidget(self.stop_button, 1)
        self.controls = QWidget()
        self.controls.setLayout(controls)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.next_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.controls)
        self.setTabOrder(self.pause_button, self.skip_button)
        self.setTabOrder(self.skip_button, self.hurts_button)
        self.setTabOrder(self.hurts_button, self.stop_button)
        self.setTabOrder(self.stop_button, self.back_button)
        self.ring.set_colors(QColor(c["accent"]), QColor(c["foreground"]), QColor(c["muted"]))

    def _build_end_panel(self) -> QWidget:
        panel = QWidget()
        self.end_title = QLabel()
        self.end_title.setFont(scaled_font(self, 2.6, bold=True))
        self.end_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.end_title.setWordWrap(True)
        self.end_message = QLabel()
        self.end_message.setFont(scaled_font(self, 1.4))
        self.end_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.end_message.setWordWrap(True)
        self.end_button = QPushButton(self.tr("Back to routines (Enter)"))
        self.end_button.setFont(scaled_font(self, 1.4, bold=True))
        self.end_button.setAccessibleName(self.tr("Back to routines"))
        self.end_button.clicked.connect(self.finished.emit)
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        layout.addWidget(self.end_title)
        layout.addWidget(self.end_message)
        layout.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        return panel

    def _button(self, text: str, accessible: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        button.setFont(scaled_font(self, 1.2))
        button.setMinimumHeight(self.fontMetrics().height() * 2)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        button.clicked.connect(slot)
        return button

    def _keys(self) -> dict[tuple[int, bool], object]:
        """The contract's session keys (DESIGN.md section 5) plus H and Shift+Right."""
        k = Qt.Key
        return {
            (k.Key_Space, False): self._toggle_pause,
            (k.Key_Right, False): self._skip,
            (k.Key_N, False): self._skip,
            (k.Key_Left, False): self._back,
            (k.Key_B, False): self._back,
            (k.Key_H, False): self._hurts,
            (k.Key_Right, True): self._skip_exercise,
            (k.Key_Escape, False): self._ask_stop,
        }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Session keys work whatever child has focus (a focused button must not eat Space).

        Installed on the application while the view lives; only key presses aimed at this
        view's window are considered, so dialogs opened from the menus keep their keys.
        """
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if not self.isVisible() or watched.window() is not self.window():
            return False
        assert isinstance(event, QKeyEvent)
        return self.handle_key(event.key(), event.modifiers())

    def handle_key(self, key: int, modifiers: Qt.KeyboardModifier) -> bool:
        page = self.pages.currentIndex()
        if self.session.state == "ended":
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
                self.finished.emit()
                return True
            return False
        if page == self.PAGE_CONFIRM:
            return False  # Enter and Esc belong to the confirm panel
        step = self.session.step
        if (key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and page == self.PAGE_RUN
                and step.kind == "rep" and step.planned is None):
            self._count_rep()
            return True
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        action = self._keys().get((key, shift))
        if action is None:
            return False
        action()  # type: ignore[operator]
        return True

    # ----------------------------------------------------------------- events
    def on_event(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            self._started_t = event.t
        elif isinstance(event, PhaseStarted):
            self._show_phase(self.session.step)
        elif isinstance(event, Display):
            self._show_count(event.value)
        elif isinstance(event, Paused):
            self.pause_button.setText(self.tr("Resume"))
            caption = self.tr("ASLEEP \u2014 PAUSED") if event.reason == "sleep" else self.tr(
                "PAUSED")
            self.ring.set_state(self.ring.text, caption, self._fraction())
        elif isinstance(event, Resumed):
            self.pause_button.setText(self.tr("Pause"))
            self._show_phase(self.session.step, keep_banner=True)
        elif isinstance(event, PainRated):
            self.banner.show_decision(event.decision, event.message)
        elif isinstance(event, SessionEnded):
            self._show_end(event)

    def _show_phase(self, step: Step, *, keep_banner: bool = False) -> None:
        exercise = self.plan.exercises[step.exercise] if step.exercise else None
        name = exercise.name if exercise else ""
        self.title.setText(name)
        self.details.setText(self._details(step))
        if exercise is not None:
            self.summary.setText(exercise.summary)
            self.steps.setText("\n".join(f"{n}. {s}" for n, s in enumerate(exercise.steps, 1)))
            self.figure.set_position(exercise.position, QColor(self._colors["foreground"]))
        if step.kind == "pain_check":
            self.pain_panel.reset()
            self.pain_panel.setExercise(name or None)
            self.pages.setCurrentIndex(self.PAGE_PAIN)
            self.pain_panel.setFocus()
            self.bus.publish(PromptShown(t=self.session.clock(), kind="pain_check"))
        elif self.pages.currentIndex() != self.PAGE_CONFIRM:
            self.pages.setCurrentIndex(self.PAGE_RUN)
            self.pause_button.setFocus()
        if step.kind in ("hold", "rep") and not keep_banner:
            self.banner.clear()  # the decision stayed up while getting into position
        ring = self._colors["rest"] if step.kind in ("rest", "switch_side", "prepare") else \
            self._colors["accent"]
        self.ring.set_colors(QColor(ring), QColor(self._colors["foreground"]),
                             QColor(self._colors["muted"]))
        if step.planned is None:
            count = "" if step.kind != "rep" else str(step.rep)
            self.ring.set_state(count, self._caption(step), 1.0)
        else:
            value = self.session.display_value()
            self._show_count(value if value is not None else 0)
        self.next_label.setText(self._next_text())
        self._show_progress()

    def _show_count(self, value: int) -> None:
        step = self.session.step
        self.ring.set_state(str(value), self._caption(step), self._fraction())
        self._show_progress()

    def _fraction(self) -> float:
        step = self.session.step
        remaining = self.session.remaining()
        if step.planned is None or remaining is None or step.planned <= 0:
            return 1.0
        return remaining / step.planned

    def _show_progress(self) -> None:
        total = self.plan.estimated_seconds
        left = self.session.time_left()
        done = 0.0 if total <= 0 else 1.0 - left / total
        self.progress.setValue(int(max(0.0, min(1.0, done)) * 1000))
        self.time_left.setText(self.tr("%s left") % format_clock(left))

    def _details(self, step: Step) -> str:
        parts = []
        if step.side:
            parts.append(self.tr("Left side") if step.side == "left" else self.tr("Right side"))
        if step.sets and step.sets > 1 and step.set:
            parts.append(self.tr("Set %d of %d") % (step.set, step.sets))
        if step.kind in ("lift", "hold", "lower", "rep") and step.reps and step.rep:
            parts.append(self.tr("Rep %d of %d") % (step.rep, step.reps))
        return "  \u00b7  ".join(parts)

    def _caption(self, step: Step) -> str:
        first = step.index == 0
        captions = {
            "prepare": self.tr("GET READY") if first else self.tr("GET INTO POSITION"),
            "lift": self.tr("LIFT"),
            "hold": self.tr("HOLD"),
            "lower": self.tr("LOWER"),
            "rest": self.tr("RELAX"),
            "switch_side": self.tr("SWITCH SIDES"),
            "pain_check": self.tr("PAIN CHECK"),
            "rep": self.tr("REP") if step.planned is not None else self.tr("ENTER = REP DONE"),
        }
        return captions[step.kind]

    def _next_text(self) -> str:
        upcoming = self.session.upcoming_steps()
        if not upcoming:
            return self.tr("Next: the end of the session")
        step = upcoming[0]
        current = self.session.step
        if step.exercise != current.exercise or step.kind == "prepare":
            name = self.plan.exercises[step.exercise].name if step.exercise else ""
            if step.kind == "pain_check":
                return self.tr("Next: pain check")
            return self.tr("Next exercise: %s") % name
        if step.kind == "pain_check":
            return self.tr("Next: pain check")
        if step.kind == "switch_side":
            return self.tr("Next: switch to the %s side") % (
                self.tr("right") if step.side == "right" else self.tr("left"))
        if step.kind == "rest":
            return self.tr("Next: rest %d s") % round(step.planned or 0)
        if step.kind == "hold":
            return self.tr("Next: hold %d s") % round(step.planned or 0)
        return self.tr("Next: rep %d") % (step.rep or 0)

    def _show_end(self, event: SessionEnded) -> None:
        took = format_clock(event.t - self._started_t)
        self.title.setText(self.plan.routine.name)
        self.details.clear()
        self.time_left.setText(self.tr("took %s") % took)
        if event.status == "completed":
            self.end_title.setText(self.tr("Session complete. Well done!"))
            skipped = len(self.session.skipped_exercises)
            note = self.tr(" (%d skipped for pain)") % skipped if skipped else ""
            self.end_message.setText(self.tr("%s finished in %s%s.")
                                     % (self.plan.routine.name, took, note))
        else:
            self.end_title.setText(self.tr("Session stopped"))
            self.end_message.setText(event.message)
        self.pages.setCurrentIndex(self.PAGE_END)
        self.controls.setEnabled(False)
        self.progress.setValue(1000 if event.status == "completed" else self.progress.value())
        self.next_label.clear()
        self.end_button.setFocus()

    # --------------------------------------------------------------- controls
    def _toggle_pause(self) -> None:
        self.session.toggle_pause()
        self.controlled.emit()

    def _skip(self) -> None:
        self.session.skip()
        self.controlled.emit()

    def _skip_exercise(self) -> None:
        self.session.skip_exercise()
        self.controlled.emit()

    def _back(self) -> None:
        self.session.back()
        self.controlled.emit()

    def _hurts(self) -> None:
        self.session.report_pain()
        self.controlled.emit()

    def _count_rep(self) -> None:
        self.session.count_rep()
        self.controlled.emit()

    def _answer_pain(self, value: int, leg_symptoms: bool, red_flag: bool) -> None:
        if self.session.step.kind != "pain_check" or self.session.state == "ended":
            return
        self.bus.publish(PromptAnswered(t=self.session.clock(), kind="pain_check", value=value))
        self.session.answer_pain(value, leg_symptoms=leg_symptoms, red_flag=red_flag)
        self.controlled.emit()

    def _ask_stop(self) -> None:
        if self.session.state == "ended":
            return
        self._page_before_confirm = self.pages.currentIndex()
        self.pages.setCurrentIndex(self.PAGE_CONFIRM)
        self.confirm_panel.setFocus()
        self.bus.publish(PromptShown(t=self.session.clock(), kind="confirm_stop"))

    def _confirm_stop(self) -> None:
        self.bus.publish(PromptAnswered(t=self.session.clock(), kind="confirm_stop", value=True))
        self.session.stop(self.tr("You stopped the session."))
        self.controlled.emit()

    def _cancel_stop(self) -> None:
        self.bus.publish(PromptAnswered(t=self.session.clock(), kind="confirm_stop", value=False))
        self.pages.setCurrentIndex(self._page_before_confirm)
        if self._page_before_confirm == self.PAGE_PAIN:
            self.pain_panel.setFocus()
        else:
            self.pause_button.setFocus()

    def close_session(self) -> None:
        """Detach from the bus; the owner stops the session first if it is still running."""
        self._app.removeEventFilter(self)
        self._unsubscribe()
