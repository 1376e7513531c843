"""Carries speaker callbacks from the speech threads to the GUI thread.

The speaker reports each cue from a thread of its own (the one reading the speech process).
Only signals cross threads: the bridge's `deliver` (callable from any thread) emits a private
signal that is connected to the relay with a
queued connection, so `cue_reported` and `problem_found` are always emitted on the thread the
bridge lives in (create it on the GUI thread). Slots connected to them, including plain functions
and lambdas that Qt would otherwise call on the emitting thread, then run on the GUI thread.

    bridge = CueBridge(bus.publish, parent=app)    # cue events reach the bus on the GUI thread
    bridge.problem_found.connect(window.show_speech_notice)
    speaker = ProcessSpeaker(settings, bridge.deliver, on_problem=bridge.deliver_problem)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from backtimer.core.events import Cue


class CueBridge(QObject):
    cue_reported = Signal(object)  # a core.events.Cue, on the bridge's thread
    problem_found = Signal(str)  # one line for the UI notice, on the bridge's thread

    _cue_in = Signal(object)
    _problem_in = Signal(str)

    def __init__(
        self,
        on_cue: Callable[[Cue], None] | None = None,
        parent: QObject | None = None,
        *,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._cue_in.connect(self._relay_cue, Qt.ConnectionType.QueuedConnection)
        self._problem_in.connect(self._relay_problem, Qt.ConnectionType.QueuedConnection)
        if on_cue is not None:
            self.cue_reported.connect(on_cue)
        if on_problem is not None:
            self.problem_found.connect(on_problem)

    def deliver(self, event: Cue) -> None:
        """The speaker's `on_cue`; safe to call from any thread."""
        self._cue_in.emit(event)

    def deliver_problem(self, problem: str) -> None:
        """The speaker's `on_problem`; safe to call from any thread."""
        self._problem_in.emit(problem)

    @Slot(object)
    def _relay_cue(self, event: Cue) -> None:
        self.cue_reported.emit(event)

    @Slot(str)
    def _relay_problem(self, problem: str) -> None:
        self.problem_found.emit(problem)
