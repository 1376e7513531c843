"""Keeps the screen saver and screen blanking off while a session runs, where the desktop allows.

On Linux desktops this asks the freedesktop ScreenSaver service over D-Bus (GNOME, KDE, Xfce and
most others provide it). Elsewhere, or without a session bus, it does nothing and says so once in
the log; the README lists where that is the case.
"""

from __future__ import annotations

import logging

from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

logger = logging.getLogger(__name__)

_SERVICE = "org.freedesktop.ScreenSaver"
_PATH = "/org/freedesktop/ScreenSaver"


class ScreenSaverInhibitor:
    def __init__(self) -> None:
        self._cookie: int | None = None

    def inhibit(self, reason: str) -> bool:
        if self._cookie is not None:
            return True
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            logger.info("no D-Bus session bus: the screen saver cannot be held off")
            return False
        iface = QDBusInterface(_SERVICE, _PATH, _SERVICE, bus)
        if not iface.isValid():
            logger.info("no freedesktop ScreenSaver service: the screen saver is not held off")
            return False
        reply = iface.call("Inhibit", "backtimer", reason)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            logger.info("screen saver inhibit refused: %s", reply.errorMessage())
            return False
        self._cookie = int(reply.arguments()[0])
        return True

    def release(self) -> None:
        if self._cookie is None:
            return
        iface = QDBusInterface(_SERVICE, _PATH, _SERVICE, QDBusConnection.sessionBus())
        if iface.isValid():
            iface.call("UnInhibit", self._cookie)
        self._cookie = None
