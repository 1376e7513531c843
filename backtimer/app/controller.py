"""Wires the program together: settings, library, history, speech, the window and its sessions.

Everything a session does travels on one EventBus for the life of the app. Subscribed in this
order: the event log (if asked for), then per session the history recorder, the screen and the cue
planner. The log therefore records each event before anything reacts to it, and what it records is
exactly what drove the screen and the voice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from backtimer.app.inhibit import ScreenSaverInhibitor
from backtimer.app.remember import aggravating_rows
from backtimer.app.session_runner import SessionRunner
from backtimer.app.windows import Windows
from backtimer.bundled import asset_path
from backtimer.core.aggravating import Choice, apply_choices
from backtimer.core.clock import Clock, monotonic
from backtimer.core.events import (
    AppReady,
    EventBus,
    PromptAnswered,
    PromptShown,
)
from backtimer.core.library import load_library
from backtimer.core.models import Routine
from backtimer.core.pain import Gate, before_session
from backtimer.core.plan import Plan, build_plan
from backtimer.core.session import Session
from backtimer.core.settings import Settings, parse_conditions
from backtimer.launch import LaunchOptions
from backtimer.speech.beeps import Beeper
from backtimer.speech.qt_bridge import CueBridge
from backtimer.speech.speaker import SilentSpeaker, Speaker
from backtimer.storage import state
from backtimer.storage.catalog import Catalog
from backtimer.storage.eventlog import EventLog
from backtimer.storage.history import HistoryStore
from backtimer.storage.paths import folder_notices
from backtimer.storage.settings_store import load_settings, save_settings
from backtimer.ui.history.suggestions import SuggestionBanner
from backtimer.ui.main_window import MainWindow
from backtimer.ui.prompts import BeforeSessionPage, SafetyNoticePage
from backtimer.ui.prompts.aggravating import AggravatingPage
from backtimer.ui.session.view import SessionView
from backtimer.ui.theme import apply_theme
from backtimer.ui.tray import Tray

logger = logging.getLogger(__name__)


class App(QObject):
    """The controller of one running program."""

    def __init__(self, qapp: QApplication, options: LaunchOptions, clock: Clock = monotonic,
                 make_speaker: Callable[[Settings, CueBridge], Speaker] | None = None
                 ) -> None:
        super().__init__()
        self.qapp = qapp
        self.options = options
        self.clock = clock
        self.bus = EventBus(on_error=self._listener_failed)
        self.event_log = (EventLog(options.event_log, on_problem=self.show_sound_notice)
                          if options.event_log else None)
        if self.event_log is not None:
            self.bus.subscribe(self.event_log.write)
        self.settings, settings_notice = load_settings()
        apply_theme(qapp, self.settings.theme, self.settings.text_scale)
        self.library = load_library()
        self.catalog = Catalog(self.library, options.routine_file)
        self.history = HistoryStore.open_or_memory()
        interrupted = self.history.close_interrupted()
        self.session: Session | None = None
        self.session_view: SessionView | None = None
        self.inhibitor = ScreenSaverInhibitor()

        self.window = MainWindow()
        self.window.setWindowIcon(QIcon(str(asset_path("icon.svg"))))
        self.window.routines.start_requested.connect(self.ask_before_session)
        self.window.closing.connect(self._closing)
        self.window.close_guard = self._guard_close
        self.window.quit_action.triggered.connect(self.window.close)
        self.windows = Windows(self)
        self._interrupted = interrupted
        self.notice_page = SafetyNoticePage()
        self.notice_page.acknowledged.connect(self._notice_acknowledged)
        self.before_page = BeforeSessionPage()
        self.before_page.answered.connect(self._before_answered)
        self.before_page.back.connect(self.show_routines)
        self.before_page.routineChosen.connect(self._gentle_chosen)
        self.aggravating_page = AggravatingPage()
        self.aggravating_page.chosen.connect(self._aggravating_chosen)
        self.aggravating_page.back.connect(self._aggravating_back)
        self._pending: Routine | None = None
        self._baseline = 0

        self.cue_bridge = CueBridge(self.bus.publish, parent=self,
                                    on_problem=self.show_sound_notice)
        self._speaker_factory = make_speaker or _default_speaker
        self.speaker = self._make_speaker()
        self.beeper = Beeper(self.settings, self)

        notices = [*folder_notices(), *(n for n in (settings_notice, self.history.notice) if n)]
        notices += self.catalog.notices
        if interrupted:
            notices.append(self.tr("{count} unfinished session(s) from last time are kept in "
                                   "your history as interrupted.").format(count=len(interrupted)))
        notices += [p for p in (self.speaker.problem, self.beeper.problem) if p]
        self._sound_notices: set[str] = set(notices)
        self.tray = Tray(self.settings, self._routine_choices(), parent=self,
                         icon=self.window.windowIcon())
        self.tray.start_routine_requested.connect(self._start_from_tray)
        self.tray.show_requested.connect(self._raise_window)
        self.tray.quit_requested.connect(self._quit)
        self.tray.reminder_due.connect(self._reminder_due)
        self.suggestions = SuggestionBanner(self.history, self.catalog)
        self.suggestions.applied.connect(self.window.routines.select)
        self.suggestions.failed.connect(self.window.routines.show_notice)
        self.window.routines.add_banner(self.suggestions)
        self.suggestions.refresh()
        self.refresh_routines()
        self.catalog.subscribe(self.refresh_routines)
        for notice in notices:
            self.window.routines.show_notice(notice)

    def _make_speaker(self) -> Speaker:
        if not self.options.voice or not self.settings.voice_enabled:
            return SilentSpeaker(self.cue_bridge.deliver, self.clock)
        return self._speaker_factory(self.settings, self.cue_bridge)

    # ------------------------------------------------------------- routines
    @property
    def user_routines(self) -> list[Routine]:
        return self.catalog.user()

    def all_routines(self) -> list[Routine]:
        return self.catalog.all()

    def routine(self, routine_id: str) -> Routine:
        return self.catalog.get(routine_id)

    def plan(self, routine: Routine) -> Plan:
        return build_plan(routine, self.library, self.settings)

    def refresh_routines(self) -> None:
        plans = [self.plan(r) for r in self.all_routines()]
        self.window.routines.set_routines(plans, self.catalog.gentle_ids(),
                                          parse_conditions(self.settings.conditions))
        self.tray.set_routines(self._routine_choices())

    def _routine_choices(self) -> list[tuple[str, str]]:
        return [(r.id, r.name) for r in self.all_routines()]

    # ------------------------------------------------------------------ flow
    def start(self) -> None:
        self.window.place_on_screen(state.window_geometry())
        self.window.show()
        if self.tray.show():
            # Closing the window hides it to the tray so reminders keep working.
            self.qapp.setQuitOnLastWindowClosed(False)
        self.bus.publish(AppReady(t=self.clock()))
        acknowledged, state_notice = state.load_notice_state()
        if state_notice:
            self.window.routines.show_notice(state_notice)
        if not acknowledged:
            self.window.show_page(self.notice_page)
            self.prompt_shown("safety_notice")
        else:
            self._after_notice()

    def prompt_shown(self, kind: str) -> None:
        self.bus.publish(PromptShown(t=self.clock(), kind=kind))  # type: ignore[arg-type]

    def prompt_answered(self, kind: str, value: object) -> None:
        self.bus.publish(PromptAnswered(t=self.clock(), kind=kind, value=value))  # type: ignore[arg-type]

    def _notice_acknowledged(self) -> None:
        self.prompt_answered("safety_notice", True)
        try:
            state.acknowledge_notice()
        except OSError as exc:
            logger.warning("could not remember the safety notice: %s", exc)
        self._after_notice()

    def _after_notice(self) -> None:
        wanted = self.options.routine_id
        if self.catalog.from_file is not None:
            wanted = self.catalog.from_file.id
        if wanted is not None:
            self.window.routines.select(wanted)
            self.ask_before_session(wanted)
        else:
            self.show_routines()

    def show_routines(self) -> None:
        self.window.show_page(self.window.routines)
        self.window.routines.list.setFocus()

    def ask_before_session(self, routine_id: str) -> None:
        self._pending = self.routine(routine_id)
        self.before_page.reset()
        self.before_page.setRoutineName(self._pending.name)
        self.window.show_page(self.before_page)
        self.prompt_shown("before_session")

    def _before_answered(self, baseline: int, red_flags: list[str]) -> None:
        self.prompt_answered("before_session", {"baseline": baseline, "red_flags": red_flags})
        assert self._pending is not None
        self._baseline = baseline
        result = before_session(baseline, red_flags, self.settings)
        gentle = self.catalog.gentle_ids()
        if result.gate == Gate.GO or (result.gate == Gate.GENTLE_ONLY
                                      and self._pending.id in gentle):
            self._ask_aggravating(self._pending, baseline)
            return
        choices = [(r.id, r.name) for r in self.all_routines() if r.id in gentle]
        self.before_page.showGate(result, choices if result.gate == Gate.GENTLE_ONLY else [])

    def _gentle_chosen(self, routine_id: str) -> None:
        self._ask_aggravating(self.routine(routine_id), self._baseline)

    def _ask_aggravating(self, routine: Routine, baseline: int) -> None:
        """Exercises pain made the person leave last time: ask what to do with them today
        (docs/pain-rules.md, "Rules that remember"); without any, start at once."""
        rows, others = aggravating_rows(self.history, routine, self.library, self.settings)
        if not rows:
            self.begin_session(routine, baseline)
            return
        self._pending, self._baseline = routine, baseline
        self.aggravating_page.setExercises(rows, others)
        self.window.show_page(self.aggravating_page)
        self.prompt_shown("aggravating")

    def _aggravating_chosen(self, values: dict[str, str]) -> None:
        self.prompt_answered("aggravating", values)
        assert self._pending is not None
        choices = {exercise: Choice(value) for exercise, value in values.items()}
        self.begin_session(apply_choices(self._pending, self.library, choices), self._baseline,
                           choices)

    def _aggravating_back(self) -> None:
        if self._pending is not None:
            self.ask_before_session(self._pending.id)

    def begin_session(self, routine: Routine, baseline: int,
                      choices: Mapping[str, Choice] | None = None) -> None:
        runner = SessionRunner(self.plan(routine), baseline, clock=self.clock, bus=self.bus,
                               history=self.history, settings=self.settings,
                               speaker=self.speaker, beeper=self.beeper,
                               inhibitor=self.inhibitor,
                               on_problem=self.window.statusBar().showMessage, choices=choices)
        self.session = runner.session

        def leave() -> None:
            runner.close()
            self.session = None
            self.session_view = None
            self.suggestions.refresh()
            self.show_routines()
            self.window.remove_page(runner.view)

        runner.view.finished.connect(leave)
        self.session_view = runner.view
        if self.speaker.problem and self.options.voice and self.settings.voice_enabled:
            # on the session screen too, not only on the routines page
            runner.view.set_voice_note(self.speaker.problem)
        self.window.show_page(runner.view)
        runner.start()

    def _start_from_tray(self, routine_id: str) -> None:
        self._raise_window()
        if self.session is None:
            self.window.routines.select(routine_id)
            self.ask_before_session(routine_id)

    def _reminder_due(self, routine_id: str) -> None:
        if not self.tray.icon.isVisible():
            self._raise_window()  # no tray bubble without a tray icon: show the window instead
        if routine_id and self.session is None:
            self.window.routines.select(routine_id)

    def _raise_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _quit(self) -> None:
        self.qapp.setQuitOnLastWindowClosed(True)
        self.window.close()
        self.qapp.quit()

    def show_sound_notice(self, problem: str) -> None:
        """One visible notice per problem: the session itself carries on silently."""
        if problem in self._sound_notices:
            return
        self._sound_notices.add(problem)
        if self.session_view is not None:  # the speech engine gave up during a session
            self.session_view.set_voice_note(problem)
        self.window.routines.show_notice(problem)
        self.window.statusBar().showMessage(problem)

    def _listener_failed(self, name: str, error: Exception) -> None:
        """The bus caught a failing listener (once per listener): say so, the session goes on."""
        self.show_sound_notice(self.tr(
            "Part of backtimer failed ({name}: {error}); the session goes on without it."
        ).format(name=name, error=error))

    def save_settings(self, settings: Settings) -> None:
        self.settings = settings
        try:
            save_settings(settings)
        except OSError as exc:
            self.window.statusBar().showMessage(
                self.tr("Settings not saved: {error}").format(error=exc))
        apply_theme(self.qapp, settings.theme, settings.text_scale)
        if isinstance(self.speaker, SilentSpeaker) == (settings.voice_enabled
                                                       and self.options.voice):
            self.speaker.close()  # voice switched on or off: a speaker of the other kind
            self.speaker = self._make_speaker()
        self.speaker.apply_settings(settings)
        self.beeper.apply_settings(settings)
        self.tray.set_settings(settings)
        self.windows.apply_settings(settings)
        self.refresh_routines()

    # ---------------------------------------------------------------- closing
    def _guard_close(self) -> bool:
        """Closing the window during a session waits: with a tray the session stays paused
        there (and the tray says so); without one the stop question is asked, and the window
        closes only after a yes. True means "do not close now"."""
        view = self.session_view
        if view is None or self.session is None or self.session.state not in ("running",
                                                                               "paused"):
            return False
        if self.tray.icon.isVisible() and not self.qapp.quitOnLastWindowClosed():
            view.pause_for_tray()
            self.window.hide()
            self.tray.icon.showMessage(
                self.tr("backtimer"),
                self.tr("Your session is paused. Open backtimer from the tray to go on."))
            return True
        if not self.window.isVisible():
            self._raise_window()
        view.ask_stop(after_stop=self.window.close)
        return True

    def _closing(self) -> None:
        try:
            state.save_window_geometry(*self.window.remembered_geometry())
        except OSError as exc:
            logger.warning("could not remember the window size: %s", exc)
        if self.session is not None and self.session.state in ("running", "paused"):
            self.session.stop(self.tr("The window was closed."))
        if self.tray.icon.isVisible() and not self.qapp.quitOnLastWindowClosed():
            return  # hidden to the tray: reminders go on
        self.tray.close()
        self.speaker.close()
        self.inhibitor.release()
        self.history.close()
        if self.event_log is not None:
            self.event_log.close()


def _default_speaker(settings: Settings, bridge: CueBridge) -> Speaker:
    from backtimer.speech.process import ProcessSpeaker

    # Not waiting for the speech process (0.3-2 s to start): a problem it finds arrives as a
    # sound notice; a session starts only after the safety notice and the before-session check.
    return ProcessSpeaker(settings, bridge.deliver, on_problem=bridge.deliver_problem,
                          ready_timeout=0)
