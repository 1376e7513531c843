"""The tray icon and the daily reminder.

The icon's menu starts any routine, shows the main window or quits. The reminder is driven by
`core.reminders.ReminderScheduler`, polled by one single-shot QTimer that is re-armed after each
poll for the time until the next reminder, but never more than a minute ahead, so a wall clock that
jumps (suspend, a new time zone) is noticed within a minute. The timer belongs to this object and
stops in `close()`.

Where no system tray exists (`QSystemTrayIcon.isSystemTrayAvailable()` is False: some GNOME setups
without the AppIndicator extension, minimal window managers, the offscreen platform), the icon is
simply not shown: `show()` returns False and the menu is unreachable. Reminders still fall due and
`reminder_due` is still emitted, so the application can show the reminder some other way (raise its
window); a tray bubble (`showMessage`) needs a visible icon. For reminders to work with the main
window closed, the application must keep running with no window open
(`QApplication.setQuitOnLastWindowClosed(False)`) — which it should only do when the icon shows,
or the person could not get back to it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from backtimer.bundled import asset_path
from backtimer.core.reminders import ReminderScheduler, WallClock
from backtimer.core.settings import Settings

logger = logging.getLogger(__name__)

# A little after the due minute, so a timer that fires a few milliseconds early still finds it due.
_WAKE_SLACK_MS = 250


def app_icon() -> QIcon:
    """The application icon from assets/, or a drawn stand-in while there is none."""
    for name in ("icon.svg", "icon.png", "backtimer.svg", "backtimer.png"):
        try:
            path = asset_path(name)
        except FileNotFoundError:
            break
        if path.is_file():
            return QIcon(str(path))
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#1f7a6d"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(2, 2, 60, 60))
    painter.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(30)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, 64, 64), Qt.AlignmentFlag.AlignCenter, "bt")
    painter.end()
    return QIcon(pixmap)


class Tray(QObject):
    """Tray icon, its menu and the reminder timer."""

    start_routine_requested = Signal(str)  # routine id
    show_requested = Signal()
    quit_requested = Signal()
    reminder_due = Signal(str)  # the routine to suggest ("" for none); emitted with or without icon

    def __init__(
        self,
        settings: Settings,
        routines: Sequence[tuple[str, str]] = (),
        clock: WallClock = datetime.now,
        parent: QObject | None = None,
        icon: QIcon | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._routines: list[tuple[str, str]] = list(routines)
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon = QSystemTrayIcon(icon if icon is not None else app_icon(), self)
        self.icon.setToolTip(self.tr("backtimer"))
        self.icon.activated.connect(self._on_activated)
        self.icon.messageClicked.connect(self._on_message_clicked)
        # QMenu is a widget and cannot have a QObject parent; it is deleted in close().
        self.menu = QMenu()
        self.menu.setObjectName("tray_menu")
        self.menu.setAccessibleName(self.tr("backtimer"))
        self.icon.setContextMenu(self.menu)
        self._build_menu()

        self._scheduler = ReminderScheduler.from_settings(settings, clock)
        self.reminder_timer = QTimer(self)
        self.reminder_timer.setObjectName("reminder_timer")
        self.reminder_timer.setSingleShot(True)
        self.reminder_timer.timeout.connect(self._poll)
        self._arm()

    # --- public ---------------------------------------------------------------------------

    def show(self) -> bool:
        """Show the icon if there is a tray; returns whether it is shown."""
        if not self.available:
            logger.info("no system tray: the tray icon is not shown; reminders still run")
            return False
        self.icon.show()
        return True

    def close(self) -> None:
        """Stop the reminder timer and remove the icon (call when the application quits)."""
        self.reminder_timer.stop()
        self.icon.hide()
        self.icon.setContextMenu(None)  # type: ignore[arg-type]
        self.menu.deleteLater()

    def set_routines(self, routines: Sequence[tuple[str, str]]) -> None:
        """(id, name) of every routine, in menu order."""
        self._routines = list(routines)
        self._build_menu()

    def set_settings(self, settings: Settings) -> None:
        """New reminder settings take effect at once."""
        self._settings = settings
        days = settings.reminder_days if settings.reminder_enabled else ()
        self._scheduler.configure(days, settings.reminder_time)
        self._arm()

    @property
    def next_reminder(self) -> datetime | None:
        return self._scheduler.next_due

    # --- menu -----------------------------------------------------------------------------

    def _build_menu(self) -> None:
        self.menu.clear()
        for routine_id, name in self._routines:
            action = QAction(self.tr("Start {routine}").format(routine=name), self.menu)
            action.setObjectName(f"start_{routine_id}")
            action.triggered.connect(
                lambda _checked=False, rid=routine_id: self.start_routine_requested.emit(rid)
            )
            self.menu.addAction(action)
        if self._routines:
            self.menu.addSeparator()
        show = QAction(self.tr("Show backtimer"), self.menu)
        show.setObjectName("show_window")
        show.triggered.connect(self.show_requested)
        self.menu.addAction(show)
        quit_action = QAction(self.tr("Quit"), self.menu)
        quit_action.setObjectName("quit")
        quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(quit_action)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_requested.emit()

    # --- reminder -------------------------------------------------------------------------

    def _arm(self) -> None:
        wait = self._scheduler.seconds_to_next_poll()
        if wait is None:
            self.reminder_timer.stop()
            return
        self.reminder_timer.start(int(wait * 1000) + _WAKE_SLACK_MS)

    def _poll(self) -> None:
        due = self._scheduler.poll()
        if due is not None:
            self._remind()
        self._arm()

    def _remind(self) -> None:
        routine_id = self._settings.reminder_routine
        names = dict(self._routines)
        if routine_id in names:
            text = self.tr("It is time for \u201c{routine}\u201d.").format(
                routine=names[routine_id])
        else:
            routine_id = ""
            text = self.tr("It is time for your back exercises.")
        logger.info("reminder: %s", text)
        if self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(
                self.tr("backtimer"), text, QSystemTrayIcon.MessageIcon.Information, 60_000
            )
        self.reminder_due.emit(routine_id)

    def _on_message_clicked(self) -> None:
        routine_id = self._settings.reminder_routine
        if routine_id in dict(self._routines):
            self.start_routine_requested.emit(routine_id)
        else:
            self.show_requested.emit()
