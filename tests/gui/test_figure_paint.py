"""The figure painter: every exercise's start and end pose rendered to PNG, scaled and mirrored.

To look at them: `QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/render_poses.py FOLDER`
writes the same images and a contact sheet.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from backtimer.core.library import load_library
from backtimer.core.poses import ExercisePose, place, pose_at
from backtimer.paint.figure import FigureColors, body_rect, draw_body, draw_figure

LIB = load_library()
BODY, FAR, PROP, ACCENT = "#102030", "#8090a0", "#c0a070", "#e03020"
COLORS = FigureColors(QColor(BODY), QColor(FAR), QColor(PROP), QColor(ACCENT))


def render(
    pose: ExercisePose,
    keyframe: str,
    width: int,
    height: int,
    *,
    side: str = "left",
    colors: FigureColors = COLORS,
) -> QImage:
    frame = next(k for k in pose.keyframes if k.name == keyframe)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    draw_figure(
        painter, QRectF(0, 0, width, height), place(pose, frame, mirrored=side == "right"), colors
    )
    painter.end()
    return image


def count(image: QImage, color: str) -> int:
    """Pixels of exactly `color` (anti-aliased edges are left out)."""
    wanted = QColor(color).rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) == wanted
    )


@pytest.mark.parametrize("ex_id", sorted(LIB.exercises))
def test_start_and_end_render_to_png(qapp: QApplication, tmp_path: Path, ex_id: str) -> None:
    pose = LIB.exercise(ex_id).pose
    assert pose is not None
    images = {}
    for name in ("start", "end"):
        image = render(pose, name, 480, 320)
        path = tmp_path / f"{ex_id}_{name}.png"
        assert image.save(str(path))
        assert path.stat().st_size > 1000
        body = count(image, BODY)
        # the body is a solid, thick figure: at least 1 % of the picture, never a smudge
        assert body > 0.01 * (480 * 320 / 4), f"{name}: {body} body pixels"
        images[name] = image
    assert images["start"] != images["end"], "the two poses look the same"
    if LIB.exercise(ex_id).per_side:
        assert render(pose, "end", 480, 320, side="right") != images["end"]


def test_strokes_scale_with_the_rectangle(qapp: QApplication) -> None:
    pose = LIB.exercise("glute_bridge").pose
    assert pose is not None
    small, large = render(pose, "end", 300, 200), render(pose, "end", 900, 600)
    ratio = count(large, BODY) / count(small, BODY)
    assert 7.0 < ratio < 11.0  # area grows with the square of the scale (3 x 3 = 9)


def test_colours_come_from_the_caller(qapp: QApplication) -> None:
    pose = LIB.exercise("hamstring_stretch_towel").pose
    assert pose is not None
    image = render(pose, "end", 480, 320)
    assert count(image, FAR) > 50  # the other leg, behind
    assert count(image, PROP) > 50  # the mat
    assert count(image, ACCENT) > 10  # the towel
    dark = FigureColors(QColor("#f0f0f0"), QColor("#707070"), QColor("#505050"), QColor("#ffcc00"))
    assert count(render(pose, "end", 480, 320, colors=dark), "#f0f0f0") > 500


def test_a_moving_figure_draws_at_every_phase(qapp: QApplication) -> None:
    pose = LIB.exercise("cat_cow").pose
    assert pose is not None
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    frames = []
    for step in range(5):
        image.fill(QColor("white"))
        painter = QPainter(image)
        draw_figure(painter, QRectF(0, 0, 400, 300), pose_at(pose, "rep", step / 4, None), COLORS)
        painter.end()
        frames.append(image.copy())
    assert frames[0] == frames[4]  # one cycle per rep: back where it started
    assert frames[1] != frames[0]
    assert frames[2] != frames[1]


@pytest.mark.parametrize("ex_id", sorted(LIB.exercises))
def test_the_body_stays_inside_its_repaint_rectangle(qapp: QApplication, ex_id: str) -> None:
    """A frame repaints only `body_rect`: every pixel the body touches must lie inside it."""
    pose = LIB.exercise(ex_id).pose
    assert pose is not None
    rect = QRectF(0, 0, 640, 400)
    for kind, side in (("prepare", "left"), ("hold", "left"), ("hold", "right")):
        figure = pose_at(pose, kind, 1.0, side)  # type: ignore[arg-type]
        image = QImage(640, 400, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        draw_body(painter, rect, figure, COLORS)
        painter.end()
        box = body_rect(rect, figure).toAlignedRect()
        outside = [
            (x, y)
            for y in range(0, 400, 2)
            for x in range(0, 640, 2)
            if image.pixelColor(x, y).alpha() and not box.contains(x, y)
        ]
        assert not outside, f"{kind} {side}: {len(outside)} body pixels outside {box}"
