"""What does the moving figure cost? Paint time per frame, and the session's CPU while it moves.

1. Builds the real session screen (SessionView) at 1366x768 in a cat-cow rep (the figure moving) and
   times, many times, advancing a fake clock by the figure's own frame interval between frames as
   the ticker would (p50, p99, max in ms): a frame as the ticker makes it (`advance_frame()` and
   the paint that follows, which repaints only where the body was and is), a `repaint()` of the
   whole figure widget, and `draw_figure` into an image of the same size (the painter alone).
2. Runs a real session (real clock, the app's Ticker) for --seconds, and prints the process CPU
   time as a percentage of one core, the figure frames painted per second and how many times
   each other widget of the screen was painted: app-paced cat-cow reps with the figure still (no
   frame client: the ticker's own rhythm), the same with the figure animating, and glute-bridge
   held reps (lift, hold, lower) animating.

Usage: QT_QPA_PLATFORM=offscreen python benchmarks/bench_figure.py [--frames 500] [--seconds 10]
(or under Xvfb with QT_QPA_PLATFORM=xcb, the platform a desktop session uses).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from backtimer.app.ticker import Ticker
from backtimer.core.clock import FakeClock, monotonic
from backtimer.core.events import EventBus
from backtimer.core.library import load_library
from backtimer.core.models import Routine, RoutineItem
from backtimer.core.pain import PainTracker
from backtimer.core.plan import build_plan
from backtimer.core.session import Session
from backtimer.core.settings import Settings
from backtimer.ui.session.view import SessionView

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.helpers
from tests.helpers.paints import PaintCounter

SIZE = (1366, 768)


def _session(clock: object, settings: Settings, exercise: str = "cat_cow") -> Session:
    library = load_library()
    routine = Routine(id="bench", name="Bench", items=(RoutineItem(exercise, reps=50),))
    plan = build_plan(routine, library, settings)
    return Session(plan, clock, EventBus(), pain=PainTracker(baseline=0, clock=clock))  # type: ignore[arg-type]


def _stats(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{label}: p50 {statistics.median(ordered):.3f} ms, p99 {p99:.3f} ms, "
        f"max {ordered[-1]:.3f} ms over {len(ordered)} frames"
    )


def paint_cost(frames: int) -> None:
    clock = FakeClock()
    session = _session(clock, Settings(lead_in=3))
    view = SessionView(session, session.bus)
    view.resize(*SIZE)
    view.show()
    session.start()
    clock.advance(3.001)
    session.tick()
    assert session.step.kind == "rep", session.step
    QApplication.processEvents()
    figure = view.figure
    print(f"session screen {SIZE[0]}x{SIZE[1]}: figure widget {figure.width()}x{figure.height()}")

    def frame() -> None:
        figure.advance_frame()
        QApplication.processEvents()

    for label, action in (("a frame (advance_frame + its paint)", frame),
                          ("widget repaint (all of it)", figure.repaint)):
        samples: list[float] = []
        for _ in range(frames):
            clock.advance((figure.frame_interval_ms() or 40) / 1000)  # as the ticker would
            if session.remaining() == 0:
                session.tick()
            start = time.perf_counter()
            action()
            samples.append((time.perf_counter() - start) * 1000)
        _stats(label, samples)
    image = QImage(figure.width(), figure.height(), QImage.Format.Format_ARGB32_Premultiplied)
    from backtimer.paint.figure import draw_figure

    samples = []
    for _ in range(frames):
        clock.advance(0.04)
        shape = figure.current_figure()
        assert shape is not None
        image.fill(QColor("white"))
        start = time.perf_counter()
        painter = QPainter(image)
        draw_figure(painter, QRectF(image.rect()), shape, figure._colors)
        painter.end()
        samples.append((time.perf_counter() - start) * 1000)
    _stats("draw_figure into an image", samples)
    view.close_session()
    view.close()


def session_cpu(seconds: float, *, animate: bool = True, exercise: str = "cat_cow") -> None:
    session = _session(monotonic, Settings(lead_in=3), exercise)
    view = SessionView(session, session.bus)
    view.resize(*SIZE)
    view.show()
    ticker = Ticker(session, view)
    ticker.set_frame_client(view.figure if animate else None)
    session.start()
    ticker.start()
    app = QApplication.instance()
    assert app is not None
    QApplication.processEvents()
    time.sleep(3.2)  # skip the lead-in: measure while the figure moves
    QApplication.processEvents()
    counter = PaintCounter()
    app.installEventFilter(counter)
    kinds: set[str] = set()
    unsubscribe = session.bus.subscribe(lambda _event: kinds.add(session.step.kind))
    cpu0, wall0 = time.process_time(), time.perf_counter()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    app.removeEventFilter(counter)
    unsubscribe()
    ticker.stop()
    counts = counter.counts
    painted = counts.pop("SessionFigure", 0)
    others = ", ".join(f"{name} {n}" for name, n in sorted(counts.items(), key=lambda i: -i[1]))
    print(
        f"real session, {exercise} reps, figure {'animating' if animate else 'still (no frames)'}"
        f" for {wall:.1f} s: CPU {cpu / wall * 100:.2f} % of "
        f"one core, {painted / wall:.1f} figure frames/s (phases {', '.join(sorted(kinds))})\n"
        f"  other paints in {wall:.1f} s: {others}"
    )
    view.close_session()
    view.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    _app = QApplication.instance() or QApplication(sys.argv[:1])
    paint_cost(args.frames)
    session_cpu(args.seconds, animate=False)
    session_cpu(args.seconds)
    session_cpu(args.seconds, exercise="glute_bridge")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
