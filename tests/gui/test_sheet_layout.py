"""The exercise sheet's layout: nothing cut at a page edge, a card never split, and each figure
frame handed to the figure painter at the start and the end of every exercise."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from backtimer.core.library import load_library
from backtimer.core.models import Exercise
from backtimer.core.plan import build_plan
from backtimer.core.poses import bounds
from backtimer.core.settings import Settings
from backtimer.reports import pdf_pages, sheet
from backtimer.reports.sheet import SheetFlow


@pytest.mark.parametrize("routine_id", [r.id for r in load_library().routines])
def test_every_block_fits_its_page(routine_id: str, tmp_path: Path, qapp,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    library = load_library()
    plan = build_plan(library.routine(routine_id), library, Settings())
    calls: list[tuple[str, bool, QRectF]] = []

    def figure(p: QPainter, rect: QRectF, ex: Exercise, end: bool) -> None:
        calls.append((ex.id, end, QRectF(rect)))

    seen: list[SheetFlow] = []
    real = sheet.layout_sheet

    def spy(*args, **kwargs):  # keep the layout to look at its blocks
        pages = real(*args, **kwargs)
        seen.append(pages)
        return pages

    monkeypatch.setattr(sheet, "layout_sheet", spy)
    count = sheet.write_sheet(plan, Settings(), tmp_path / "s.pdf", figure=figure)
    (pages,) = seen
    assert count == len(pages.pages) == len(pages.boxes)
    header_blocks = 6 if plan.routine.goal else 5
    assert sum(len(b) for b in pages.boxes) == header_blocks + len(plan.items)
    for page in pages.boxes:
        for box in page:
            assert box.top() >= 0
            assert box.bottom() <= pages.bottom + 0.5, (routine_id, box)
            assert box.right() <= pages.width + 0.5
    expected = [(item.exercise.id, end) for item in plan.items for end in (False, True)]
    assert [(ex_id, end) for ex_id, end, _ in calls] == expected
    for ex_id, _end, rect in calls:
        # Large enough to read on paper: at least 38 x 28 mm for each figure, and an upright
        # figure (standing, seated) gets a taller frame so it is not drawn tiny.
        assert rect.width() >= pdf_pages.mm(38)
        assert rect.height() >= pdf_pages.mm(28)
        x0, y0, x1, y1 = bounds(library.exercise(ex_id).pose)
        if y1 - y0 > x1 - x0:
            assert rect.height() >= pdf_pages.mm(45), ex_id


def test_a_link_is_never_replaced(tmp_path: Path, qapp) -> None:
    library = load_library()
    plan = build_plan(library.routine("gentle_start"), library, Settings())
    target = tmp_path / "t.txt"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "s.pdf"
    link.symlink_to(target)
    with pytest.raises(OSError, match="symbolic link"):
        sheet.write_sheet(plan, Settings(), link)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "keep"


def _ink(exercise, end: bool) -> QImage:
    image = QImage(340, 136, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    sheet.paper_figure(painter, QRectF(0, 0, 340, 136), exercise, end)
    painter.end()
    return image


def _dark_pixels(image: QImage) -> int:
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixelColor(x, y).lightness() < 128)


def test_the_paper_figure_is_the_exercise_s_own_pose_at_start_and_end(qapp) -> None:
    library = load_library()
    for ex in library.exercises.values():
        assert ex.pose is not None, ex.id
        start, end = _ink(ex, False), _ink(ex, True)
        assert _dark_pixels(start) > 200, ex.id  # a body, not an empty frame
        assert _dark_pixels(end) > 200, ex.id
        assert start != end, f"{ex.id}: the start and end of the move look the same"


def test_an_exercise_without_a_pose_leaves_its_frame_empty(qapp) -> None:
    ex = dataclasses.replace(next(iter(load_library().exercises.values())), pose=None)
    assert _dark_pixels(_ink(ex, False)) == 0
