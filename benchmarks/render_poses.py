"""Render every exercise's keyframes to PNG files and one contact sheet, to look at them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/render_poses.py OUT_FOLDER [--side right]

Writes OUT_FOLDER/<exercise>_<keyframe>.png (start and end at least) and OUT_FOLDER/sheet.png, a
grid with one row per exercise (its name and every keyframe), drawn with the same painter as the
session screen (backtimer/paint/figure.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from backtimer.core.library import load_library
from backtimer.core.poses import place
from backtimer.paint.figure import FigureColors, draw_figure

COLORS = FigureColors(
    body=QColor("#1b1b1b"), far=QColor("#8a8a8a"), prop=QColor("#b8a88a"), accent=QColor("#c0392b")
)
CELL_W, CELL_H, LABEL_W = 300, 200, 230


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--side", choices=("left", "right"), default="left")
    args = parser.parse_args()
    _app = QApplication.instance() or QApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    library = load_library()
    exercises = [ex for ex in library.exercises.values() if ex.pose is not None]
    columns = max(len(ex.pose.keyframes) for ex in exercises if ex.pose is not None)
    sheet = QImage(LABEL_W + columns * CELL_W, len(exercises) * CELL_H, QImage.Format.Format_RGB32)
    sheet.fill(QColor("white"))
    sheet_painter = QPainter(sheet)
    sheet_painter.setFont(QFont("Sans", 11))
    for row, exercise in enumerate(exercises):
        assert exercise.pose is not None
        top = row * CELL_H
        sheet_painter.setPen(QColor("black"))
        sheet_painter.drawText(
            QRectF(6, top, LABEL_W - 12, CELL_H),
            Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
            f"{exercise.id}\n({exercise.position}, {args.side})",
        )
        for column, keyframe in enumerate(exercise.pose.keyframes):
            figure = place(exercise.pose, keyframe, mirrored=args.side == "right")
            image = QImage(CELL_W * 2, CELL_H * 2, QImage.Format.Format_RGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            draw_figure(painter, QRectF(0, 0, image.width(), image.height()), figure, COLORS)
            painter.end()
            image.save(str(args.out / f"{exercise.id}_{keyframe.name}.png"))
            cell = QRectF(LABEL_W + column * CELL_W, top, CELL_W, CELL_H)
            draw_figure(sheet_painter, cell.adjusted(4, 14, -4, -4), figure, COLORS)
            sheet_painter.setPen(QColor("black"))
            sheet_painter.drawText(cell.adjusted(6, 2, 0, 0), keyframe.name)
            sheet_painter.setPen(QColor("#dddddd"))
            sheet_painter.drawRect(cell)
    sheet_painter.end()
    sheet.save(str(args.out / "sheet.png"))
    print(f"wrote {len(exercises)} exercises to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
