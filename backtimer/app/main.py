"""Starts the Qt application and its controller: what `backtimer` does when a window is wanted."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication

from backtimer import __version__
from backtimer.app.controller import App
from backtimer.launch import LaunchOptions

logger = logging.getLogger(__name__)


def run(options: LaunchOptions) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("backtimer")
    qapp.setApplicationVersion(__version__)
    qapp.setDesktopFileName("backtimer")
    app = App(qapp, options)
    app.start()
    return qapp.exec()
