"""The follow-along screen: what to do now, how long is left, what comes next.

It only shows and forwards: every change comes from an event on the session's bus (the same events
the log, the voice and the history get), and every key or button calls a session method. Prompt
events (pain check, confirm stop) are published from here, because this is where the prompts are.

The stop question waits for the person: while "Stop the session now?" is shown the session is
paused (so no phase starts, nothing is spoken and the figure stands still), and Esc goes back to
where it was, running again only if it was running before the question.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
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
from backtimer.core.records import SessionStatus, SkipReason
from backtimer.core.session import Session
from backtimer.ui.fonts import follow
from backtimer.ui.prompts import ConfirmPanel, DecisionBanner, PainCheckPanel
from backtimer.ui.session.end_page import EndPage, format_clock
from backtimer.ui.session.run_page import RunPage
from backtimer.ui.session.texts import REP_KINDS, PhaseTexts
from backtimer.ui.session.widgets import PROGRESS_STEPS, ProgressRow
from backtimer.ui.theme import session_colors

logger = logging.getLogger(__name__)

__all__ = ["SessionView", "format_clock"]


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
        self.texts = PhaseTexts(self.plan, self)
        self.setAccessibleName(self.tr("Exercise session"))
        self._colors = session_colors(self.palette())
        self._build()
        self._page_before_confirm = self.PAGE_RUN
        self._resume_after_confirm = False
        self._after_stop: Callable[[], object] | None = None
        self._voice_note = ""
        self._hurt_from: Step | None = None
        self._started_t = session.clock()
        self._unsubscribe = bus.subscribe(self.on_event)
        app = QApplication.instance()
        assert app is not None, "a session screen needs a running QApplication"
        self._app: QCoreApplication = app
        self._app.installEventFilter(self)

    # ----------------------------------------------------------------- layout
    def _build(self) -> None:
        self.run = RunPage(self.session)
        self.ring = self.run.ring
        self.figure = self.run.figure
        self.title = self.run.labels["name"]
        self.details = self.run.labels["details"]
        self.pain_panel = PainCheckPanel()
        self.pain_panel.setBaseline(self.session.pain.baseline)
        self.pain_panel.answered.connect(self._answer_pain)
        self.confirm_panel = ConfirmPanel()
        self.confirm_panel.setText(self.tr("Stop the session now?"))
        self.confirm_panel.confirmed.connect(self._confirm_stop)
        self.confirm_panel.cancelled.connect(self._cancel_stop)
        self.end_page = EndPage()
        self.end_page.leave.connect(self.finished.emit)
        self.pages = QStackedWidget()
        for page in (self.run, self.pain_panel, self.confirm_panel, self.end_page):
            self.pages.addWidget(page)

        self.banner = DecisionBanner()
        self.voice_label = QLabel()  # why the voice is off, when it is off for a reason
        self.voice_label.setObjectName("voice_note")
        self.voice_label.setWordWrap(True)
        self.voice_label.setAccessibleName(self.tr("Voice"))
        follow(self.voice_label, 1.2)
        self.voice_label.hide()
        progress_row = ProgressRow()
        self.progress, self.time_left = progress_row.bar, progress_row.label

        self.back_button = self._button(self.tr("\u25c0 Back"), self.tr("Back (Left or B)"),
                                        self._back)
        self.pause_button = self._button(self.tr("Pause"), self.tr("Pause or resume (Space)"),
                                         self._toggle_pause)
        follow(self.pause_button, 1.7, bold=True)
        self.skip_button = self._button(self.tr("Skip \u25b6"), self.tr("Skip (Right or N)"),
                                        self._skip)
        self.hurts_button = self._button(self.tr("This hurts"), self.tr("This hurts (H)"),
                                         self._hurts)
        self.stop_button = self._button(self.tr("Stop"), self.tr("Stop the session (Esc)"),
                                        self._ask_stop)
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for button, stretch in ((self.back_button, 1), (self.pause_button, 3),
                                (self.skip_button, 1), (self.hurts_button, 1),
                                (self.stop_button, 1)):
            controls.addWidget(button, stretch)
        self.controls = QWidget()
        self.controls.setLayout(controls)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.banner)
        layout.addWidget(self.voice_label)
        layout.addWidget(progress_row)
        layout.addWidget(self.controls)
        self.setTabOrder(self.pause_button, self.skip_button)
        self.setTabOrder(self.skip_button, self.hurts_button)
        self.setTabOrder(self.hurts_button, self.stop_button)
        self.setTabOrder(self.stop_button, self.back_button)
        c = self._colors
        self.ring.set_colors(QColor(c["accent"]), QColor(c["foreground"]), QColor(c["muted"]))
        self.run.set_caution_color(QColor(c["warn"]))

    def _button(self, text: str, accessible: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.setToolTip(accessible)
        follow(button, 1.45)
        button.setMinimumHeight(round(button.fontMetrics().height() * 1.8))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        button.clicked.connect(slot)
        return button

    def set_voice_note(self, text: str) -> None:
        """Say on the session screen why the voice is off (no engine, no sound output)."""
        self._voice_note = text
        self.voice_label.setText(text)  # the speaker's own sentence ("Spoken cues are off: ...")
        self.voice_label.setVisible(bool(text))

    def _keys(self) -> dict[tuple[int, bool], Callable[[], None]]:
        """The session keys of the README's key table, with H, Shift+Right, Page Up/Down."""
        k = Qt.Key
        return {
            (k.Key_Space, False): self._toggle_pause,
            (k.Key_Right, False): self._skip,
            (k.Key_N, False): self._skip,
            (k.Key_PageDown, False): self._skip,
            (k.Key_Left, False): self._back,
            (k.Key_B, False): self._back,
            (k.Key_PageUp, False): self._back,
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
        action()
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
            self._show_count(self.session.display_value())  # the same phase goes on
        elif isinstance(event, PainRated):
            self.banner.show_decision(event.decision, event.message)
        elif isinstance(event, SessionEnded):
            self._show_end(event)

    def _show_phase(self, step: Step) -> None:
        exercise = self.texts.exercise(step)
        current, others = self.texts.instruction(step)
        if exercise is not None:
            others = f"{exercise.summary}\n{others}" if exercise.summary else others
            if exercise.cautions:
                others += "\n" + self.tr("Take care: {cautions}").format(
                    cautions=" ".join(exercise.cautions))
        self.figure.show_step(step, QColor(self._colors["foreground"]))
        self.run.set_texts(name=exercise.name if exercise else "", details=self.texts.details(step),
                           caution=self.texts.caution(step),
                           step=current, hint=self.texts.hint(step), others=others,
                           next=self.texts.next_text(step, self.session.upcoming_steps()))
        if step.kind == "pain_check":
            self.pain_panel.reset()
            self.pain_panel.setExercise(exercise.name if exercise else None)
            if self._hurt_from is not None:  # "This hurts": say what it interrupted
                self.pain_panel.setInterrupted(self.texts.interrupted(self._hurt_from))
            if self.pages.currentIndex() != self.PAGE_CONFIRM:
                self.pages.setCurrentIndex(self.PAGE_PAIN)
                self.pain_panel.setFocus()
            self.bus.publish(PromptShown(t=self.session.clock(), kind="pain_check"))
        elif self.pages.currentIndex() != self.PAGE_CONFIRM:
            self.pages.setCurrentIndex(self.PAGE_RUN)
            self.pause_button.setFocus()
        if step.kind in ("hold", *REP_KINDS):
            self.banner.clear()  # the decision stayed up while getting into position
        ring = self._colors["rest"] if step.kind in ("rest", "switch_side", "prepare") else \
            self._colors["accent"]
        self.ring.set_colors(QColor(ring), QColor(self._colors["foreground"]),
                             QColor(self._colors["muted"]))
        self._show_count(self.session.display_value())
        if step.kind != "pain_check":
            self._hurt_from = None

    def _show_count(self, value: int | None) -> None:
        step = self.session.step
        text, caption = self.texts.ring(step, value)
        self.ring.set_state(text, caption, self._fraction())
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
        self.progress.setValue(int(max(0.0, min(1.0, done)) * PROGRESS_STEPS))
        self.time_left.setText(self.tr("{time} left").format(time=format_clock(left)))

    def _show_end(self, event: SessionEnded) -> None:
        took = format_clock(event.t - self._started_t)
        self.time_left.setText(self.tr("took {time}").format(time=took))
        if event.status == SessionStatus.COMPLETED:
            names = self.plan.exercises
            left = self.session.skip_reasons
            self.end_page.show_completed(
                self.plan.routine.name, took,
                [names[e].name for e, why in left.items() if why == SkipReason.PAIN],
                [names[e].name for e, why in left.items() if why == SkipReason.USER])
        else:
            self.end_page.show_stopped(event.message)
        self.pages.setCurrentIndex(self.PAGE_END)
        self.controls.setEnabled(False)
        completed = event.status == SessionStatus.COMPLETED
        self.progress.setValue(PROGRESS_STEPS if completed else self.progress.value())
        self.end_page.button.setFocus()
        after, self._after_stop = self._after_stop, None
        if after is not None:  # after the bus has told everyone the session ended
            QTimer.singleShot(0, self, after)

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
        if self.session.step.kind != "pain_check":
            self._hurt_from = self.session.step
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

    def asking_to_stop(self) -> bool:
        return self.pages.currentIndex() == self.PAGE_CONFIRM

    def ask_stop(self, after_stop: Callable[[], object] | None = None) -> None:
        """Show "Stop the session now?" with the session paused; `after_stop` runs once the
        person said yes (closing the window asks this way and then closes it)."""
        if self.session.state == "ended":
            return
        self._after_stop = after_stop
        if self.asking_to_stop():
            return
        self._resume_after_confirm = self.session.state == "running"
        self.session.pause()  # the clock, the voice and the figure wait for the answer
        self.controlled.emit()
        self._page_before_confirm = self.pages.currentIndex()
        self.controls.setEnabled(False)  # no click may start a phase behind the question
        self.pages.setCurrentIndex(self.PAGE_CONFIRM)
        self.confirm_panel.setFocus()
        self.bus.publish(PromptShown(t=self.session.clock(), kind="confirm_stop"))

    def pause_for_tray(self) -> None:
        """The window went to the tray: the session waits there, paused."""
        self.session.pause()
        self.controlled.emit()

    def _ask_stop(self) -> None:
        self.ask_stop()

    def _confirm_stop(self) -> None:
        self.bus.publish(PromptAnswered(t=self.session.clock(), kind="confirm_stop", value=True))
        self.session.stop(self.tr("You stopped the session."))
        self.controlled.emit()

    def _cancel_stop(self) -> None:
        self.bus.publish(PromptAnswered(t=self.session.clock(), kind="confirm_stop", value=False))
        self._after_stop = None
        self.controls.setEnabled(True)
        self.pages.setCurrentIndex(self._page_before_confirm)
        if self._resume_after_confirm:
            self.session.resume()
            self.controlled.emit()
        if self._page_before_confirm == self.PAGE_PAIN:
            self.pain_panel.setFocus()
        else:
            self.pause_button.setFocus()

    def close_session(self) -> None:
        """Detach from the bus; the owner stops the session first if it is still running."""
        self._app.removeEventFilter(self)
        self._unsubscribe()
