"""The main window: the routines with a preview and a Start button, and the pages of a session.

One window, one stack of pages (safety notice, routines, before-session check, session), so the
keyboard always knows where it is and no modal dialog is ever left waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from backtimer.core.conditions import marked_tags
from backtimer.core.dose import equipment_phrase
from backtimer.core.models import Routine
from backtimer.core.plan import Plan
from backtimer.ui.conditions import WARNING_SIGN, names, warning_label
from backtimer.ui.fonts import follow

logger = logging.getLogger(__name__)


def describe_item(plan: Plan, item_no: int) -> str:
    """'2 sets x 8 reps, 6 s hold, each side' for one resolved routine item."""
    res = plan.items[item_no]
    parts = []
    reps = f"{res.reps} reps" if res.reps > 1 else "1 rep"
    parts.append(f"{res.sets} sets \u00d7 {reps}" if res.sets > 1 else reps)
    if res.hold is not None:
        parts.append(f"{res.hold} s hold")
    if res.exercise.per_side:
        parts.append("each side")
    return ", ".join(parts)


DEFAULT_SIZE = QSize(1100, 760)
MINIMUM_SIZE = QSize(800, 600)
# Room for the window manager's frame and title bar, which Qt only knows once the window is shown.
FRAME = QMargins(4, 34, 4, 4)


def initial_geometry(available: QRect, saved: tuple[int, int, int, int] | None) -> QRect:
    """Where the main window opens: the remembered size (or 1100x760) but never larger than the
    screen's available area less the frame, at the remembered place when that is on this screen,
    else centred."""
    room = available.marginsRemoved(FRAME)
    width, height = (saved[2], saved[3]) if saved else (DEFAULT_SIZE.width(),
                                                        DEFAULT_SIZE.height())
    size = QSize(max(min(width, room.width()), min(MINIMUM_SIZE.width(), room.width())),
                 max(min(height, room.height()), min(MINIMUM_SIZE.height(), room.height())))
    rect = QRect(QPoint(0, 0), size)
    if saved and room.contains(QRect(QPoint(saved[0], saved[1]), size)):
        rect.moveTopLeft(QPoint(saved[0], saved[1]))
    else:
        rect.moveCenter(room.center())
    return rect


def minutes(seconds: float) -> str:
    return f"about {max(1, round(seconds / 60))} min"


class RoutinesPage(QWidget):
    start_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plans: dict[str, Plan] = {}
        self._gentle: set[str] = set()
        self._conditions: frozenset[str] = frozenset()  # what the person said applies (Settings)
        title = QLabel(self.tr("Choose a routine"))
        follow(title, 1.8, bold=True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setVisible(False)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice.setFrameShape(QFrame.Shape.Box)
        self.notice.setMargin(6)
        self.list = QListWidget()
        follow(self.list, 1.25)
        # Long names wrap onto a second line instead of being cut at large text sizes.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.list.setAccessibleName(self.tr("Routines"))
        self.list.currentItemChanged.connect(self._show_preview)
        self.list.itemActivated.connect(lambda _item: self._start())
        self.name = QLabel()
        follow(self.name, 1.6, bold=True)
        self.name.setWordWrap(True)
        self.goal = QLabel()
        self.goal.setWordWrap(True)
        follow(self.goal, 1.1)
        self.goal.setAccessibleName(self.tr("Goal"))
        self.length = QLabel()
        follow(self.length, 1.1, bold=True)
        self.length.setAccessibleName(self.tr("Estimated time"))
        self.equipment = QLabel()
        self.equipment.setWordWrap(True)
        follow(self.equipment, 1.1)
        self.equipment.setAccessibleName(self.tr("Equipment needed"))
        # Exercises that may not suit the person's conditions (Settings), named in one line.
        self.unsuited = warning_label(self, "preview_unsuited",
                                      self.tr("Exercises that may not suit you"))
        follow(self.unsuited, 1.1)
        # The exercises with their doses, one per line; a QLabel wraps a long line where a
        # tree view would cut it with "..." at large text sizes.
        self.items = QLabel()
        self.items.setWordWrap(True)
        self.items.setTextFormat(Qt.TextFormat.PlainText)
        self.items.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        follow(self.items, 1.1)
        self.items.setAccessibleName(self.tr("Exercises in the routine"))
        self.items_area = QScrollArea()
        self.items_area.setWidgetResizable(True)
        self.items_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.items_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items_area.setWidget(self.items)
        self.start_button = QPushButton(self.tr("Start (Enter)"))
        follow(self.start_button, 1.5, bold=True)
        self.start_button.setMinimumHeight(self.fontMetrics().height() * 3)
        self.start_button.setAccessibleName(self.tr("Start the chosen routine"))
        self.start_button.clicked.connect(self._start)
        preview = QVBoxLayout()
        preview.addWidget(self.name)
        preview.addWidget(self.goal)
        preview.addWidget(self.length)
        preview.addWidget(self.equipment)
        preview.addWidget(self.unsuited)
        preview.addWidget(self.items_area, 1)
        preview.addWidget(self.start_button)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addLayout(preview, 3)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(title)
        self.layout_.addWidget(self.notice)
        self.layout_.addLayout(body, 1)
        self.setTabOrder(self.list, self.start_button)

    def set_routines(self, plans: Sequence[Plan], gentle: set[str],
                     conditions: Collection[str] = ()) -> None:
        """The routines to choose from; exercises not advised with one of `conditions` (the
        person's, from Settings) are marked in the preview."""
        current = self.current_routine_id()
        self._plans = {p.routine.id: p for p in plans}
        self._gentle = gentle
        self._conditions = frozenset(conditions)
        self.list.clear()
        for plan in plans:
            routine = plan.routine
            label = f"{routine.name}\n{minutes(plan.estimated_seconds)}"
            if routine.id in gentle:
                label += self.tr("  (gentle)")
            if not routine.builtin:
                label += self.tr("  [yours]")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, routine.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
            self.list.addItem(item)
        self.select(current or (plans[0].routine.id if plans else ""))

    def select(self, routine_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == routine_id:
                self.list.setCurrentRow(row)
                return

    def current_routine_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def current_routine(self) -> Routine | None:
        rid = self.current_routine_id()
        return None if rid is None else self._plans[rid].routine

    def add_banner(self, banner: QWidget) -> None:
        """A banner (progression suggestion) under the notices, above the routines."""
        self.layout_.insertWidget(2, banner)

    def show_notice(self, text: str) -> None:
        existing = self.notice.text()
        self.notice.setText(f"{existing}\n{text}" if existing else text)
        self.notice.setVisible(True)

    def _show_preview(self, item: QListWidgetItem | None, _prev: object = None) -> None:
        self.items.clear()
        if item is None:
            return
        plan = self._plans[item.data(Qt.ItemDataRole.UserRole)]
        self.name.setText(plan.routine.name)
        self.goal.setText(plan.routine.goal)
        self.length.setText(self.tr("{count} exercises, {length}").format(
            count=len(plan.items), length=minutes(plan.estimated_seconds)))
        self.equipment.setText(self.tr("You need: {things}").format(
            things=equipment_phrase(res.exercise for res in plan.items)))
        marked = {res.exercise.id: marked_tags(res.exercise, self._conditions)
                  for res in plan.items}
        bullets = {True: WARNING_SIGN, False: "\u2022"}
        self.items.setText("\n".join(
            f"{bullets[bool(marked[res.exercise.id])]} {res.exercise.name}: "
            f"{describe_item(plan, n)}" for n, res in enumerate(plan.items)))
        unsuited = list(dict.fromkeys(
            f"{res.exercise.name} \u2014 {names(marked[res.exercise.id])}"
            for res in plan.items if marked[res.exercise.id]))
        self.unsuited.setText(self.tr("{sign} May not suit you: {exercises}").format(
            sign=WARNING_SIGN, exercises="; ".join(unsuited)))
        self.unsuited.setVisible(bool(unsuited))

    def _start(self) -> None:
        rid = self.current_routine_id()
        if rid is not None:
            self.start_requested.emit(rid)


class MainWindow(QMainWindow):
    """Pages in a stack; menus whose actions the app controller connects."""

    closing = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("backtimer"))
        self.setMinimumSize(MINIMUM_SIZE)
        # Asked before the window closes; True means "not now" (a session is on: the controller
        # asks whether to stop it, or keeps it paused in the tray).
        self.close_guard: Callable[[], bool] | None = None
        self.pages = QStackedWidget()
        self.setCentralWidget(self.pages)
        self.routines = RoutinesPage()
        self.pages.addWidget(self.routines)
        self._build_menus()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.import_action = file_menu.addAction(self.tr("&Import routine\u2026"))
        self.export_action = file_menu.addAction(self.tr("&Export routine\u2026"))
        self.sheet_action = file_menu.addAction(self.tr("&Print exercise sheet\u2026"))
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("&Quit"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        routines_menu = bar.addMenu(self.tr("&Routines"))
        self.editor_action = routines_menu.addAction(self.tr("&Edit my routines\u2026"))
        self.history_action = bar.addMenu(self.tr("&History")).addAction(
            self.tr("&Review my sessions\u2026"))
        view = bar.addMenu(self.tr("&View"))
        self.fullscreen_action = QAction(self.tr("&Full screen"), self)
        self.fullscreen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.fullscreen_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.fullscreen_action.setCheckable(True)
        self.fullscreen_action.toggled.connect(self._set_fullscreen)
        view.addAction(self.fullscreen_action)
        self.addAction(self.fullscreen_action)
        self.settings_action = bar.addMenu(self.tr("&Settings")).addAction(
            self.tr("&Preferences\u2026"))
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.avoid_action = bar.addMenu(self.tr("&Help")).addAction(
            self.tr("&Moves to avoid\u2026"))

    def _set_fullscreen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def show_page(self, page: QWidget) -> None:
        if self.pages.indexOf(page) < 0:
            self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        page.setFocus()

    def remove_page(self, page: QWidget) -> None:
        self.pages.removeWidget(page)
        page.deleteLater()

    def place_on_screen(self, saved: tuple[int, int, int, int] | None) -> None:
        """Open within the screen's available area (see initial_geometry)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(DEFAULT_SIZE)
            return
        self.setGeometry(initial_geometry(screen.availableGeometry(), saved))

    def remembered_geometry(self) -> tuple[int, int, int, int]:
        """The normal (not full-screen, not maximised) geometry, to open there next time."""
        rect = self.normalGeometry() if self.isFullScreen() or self.isMaximized() \
            else self.geometry()
        return rect.x(), rect.y(), rect.width(), rect.height()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_guard is not None and self.close_guard():
            event.ignore()
            return
        self.closing.emit()
        super().closeEvent(event)
