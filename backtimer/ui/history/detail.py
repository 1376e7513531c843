"""One session in detail: what was done, set by set, and every pain rating with its decision."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from backtimer.core.records import Decision, SessionRow, SessionStatus, SkipReason, StepOutcome
from backtimer.paint.labels import decision_label, status_label, step_outcome_label
from backtimer.storage.history import HistoryStore
from backtimer.ui.history.model import duration_text, pain_text
from backtimer.ui.history.tables import fill, readonly_table

logger = logging.getLogger(__name__)


def _hold_text(step: StepOutcome) -> str:
    if step.hold_planned is None:
        return "\u2013"
    if step.hold_actual is None:
        return f"{step.hold_planned:.0f} s"
    return f"{step.hold_actual:.0f}/{step.hold_planned:.0f} s"


class SessionDetail(QWidget):
    """The title line, the steps table and the pain table of the selected session."""

    def __init__(self, store: HistoryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setAccessibleName(self.tr("Selected session"))
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        inner = QSplitter(Qt.Orientation.Horizontal, self)
        self.steps_table = readonly_table(
            inner, (self.tr("Exercise"), self.tr("Side"), self.tr("Set"), self.tr("Hold"),
                    self.tr("Reps"), self.tr("Outcome")), self.tr("Steps of the session"))
        self.pain_table = readonly_table(
            inner, (self.tr("Time"), self.tr("After"), self.tr("Pain"), self.tr("Decision")),
            self.tr("Pain ratings of the session"))
        inner.addWidget(self.steps_table)
        inner.addWidget(self.pain_table)
        inner.setStretchFactor(0, 3)
        inner.setStretchFactor(1, 2)
        layout.addWidget(inner, 1)

    def show_session(self, session: SessionRow | None) -> None:
        if session is None:
            self.title.setText(self.tr("No session in this range."))
            fill(self.steps_table, [])
            fill(self.pain_table, [])
            return
        title = self.tr("{date}: {routine}, {status}, {duration} of about {planned} min; pain "
                        "{pain}.").format(
            date=session.started_at.strftime("%A %d %B %Y, %H:%M"),
            routine=session.routine_name,
            status=status_label(SessionStatus(session.status)).lower(),
            duration=duration_text(session.done_seconds),
            planned=f"{session.planned_seconds / 60:.0f}",
            pain=pain_text(session.baseline_pain, session.final_pain))
        if session.end_message:
            title += " " + session.end_message
        self.title.setText(title)
        names: dict[str, str] = {}
        rows = []
        sides = {"left": self.tr("left"), "right": self.tr("right")}
        for st in self.store.steps(session.id):
            names[st.exercise_id] = st.exercise_name
            reason = SkipReason(st.skip_reason) if st.skip_reason else None
            rows.append((st.exercise_name, sides.get(st.side or "", ""),
                         f"{st.set_no}/{st.sets_planned}", _hold_text(st),
                         f"{st.reps_done}/{st.reps_planned}",
                         step_outcome_label(st.skipped, reason)))
        fill(self.steps_table, rows, right=(2, 3, 4))
        pains = []
        for p in self.store.pain_ratings(session.id):
            decision = decision_label(Decision(p.decision))
            if p.message and p.message.rstrip(".") != decision:
                decision += f": {p.message}"
            pains.append((p.rated_at.strftime("%H:%M"),
                          names.get(p.exercise_id or "", p.exercise_id or ""),
                          f"{p.value}/10", decision))
        fill(self.pain_table, pains, right=(2,))
