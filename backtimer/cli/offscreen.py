"""A QGuiApplication for commands that draw PDFs, with or without a screen.

The PDF commands (`history report`, `routine sheet`) need fonts and QPdfWriter, so a
QGuiApplication, but no window. Over ssh or in cron there is no display: the offscreen platform is
chosen before Qt starts, so the commands work anywhere. Imported only by the commands that draw,
so the rest of the command line never loads Qt.
"""

from __future__ import annotations

import os
import sys


def ensure_gui_application() -> object:
    """A QGuiApplication for the PDF (reused when one exists), offscreen when there is no screen."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            or os.environ.get("QT_QPA_PLATFORM")) and sys.platform.startswith("linux"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["backtimer"])
    return app
