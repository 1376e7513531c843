"""The printable exercise sheet: what a physiotherapist hands a patient, for one routine.

Page one starts with the routine (name, goal, about how long, what to have ready) and a short
safety box (stop if the pain rises; the red flags that mean urgent care, from core/pain.py so the
paper and the app never disagree). Then one card per exercise: its name and dose in words, its
figure at the start and at the end of the move, the steps and the cautions. A card is never split
across two pages, so a person never turns the page in the middle of an exercise.

Drawn as pdf_report.py draws the clinician report: QPainter on an A4 QPdfWriter (vector text and
lines), laid out first into a list of drawing operations per page so the footer can say
"page X of Y", then painted. Needs only a QGuiApplication, so it runs from the command line with
no display. The figures are drawn by paint/figure.py, the same painter as the session screen's,
so paper and screen show the same move.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPdfWriter, QPen

from backtimer.core.dose import dose_in_words, equipment_phrase, guidance_phrase
from backtimer.core.models import Exercise
from backtimer.core.pain import RED_FLAGS
from backtimer.core.plan import Plan
from backtimer.core.poses import bounds, place
from backtimer.core.settings import Settings
from backtimer.paint.figure import FigureColors, draw_figure
from backtimer.reports.pdf_pages import PageFlow, mm, pdf_font, write_pdf

logger = logging.getLogger(__name__)

MARGIN_MM = 15.0
FIGURE_H_MM = 34.0  # the two figures share the width; 34 mm tall reads at arm's length
FIGURE_TALL_H_MM = 52.0  # for an upright figure (standing, seated), which would be small at 34
FIGURE_GAP_MM = 8.0  # between the start and the end figure, room for the arrow
STEPS_SHARE = 0.58  # of the width, for the steps; the cautions take the rest
COLUMN_GAP_MM = 6.0  # between the steps and the cautions

INK = QColor("#1a1a1a")
MUTED = QColor("#555555")
ACCENT = QColor("#1f5fa8")  # the dose line; dark enough for greyscale printing
CAUTION = QColor("#8a4b00")
FRAME = QColor("#b8bec7")
SAFETY_FILL = QColor("#fff4e5")

# Draws an exercise's figure into a frame: `end` False for the start of the move, True for its end.
FigurePainter = Callable[[QPainter, QRectF, Exercise, bool], None]

# The figure on white paper: a dark body, softer far limbs, light props; all read in greyscale.
PAPER_FIGURE = FigureColors(body=QColor("#1f3f6b"), far=QColor("#8b97a8"),
                            prop=QColor("#c3c9d2"), accent=QColor("#b4530f"))


def paper_figure(p: QPainter, rect: QRectF, exercise: Exercise, end: bool) -> None:
    """The exercise's own figure (paint/figure.py, the painter the session uses) at the start or
    the end of the move, on its left side; an exercise without a pose leaves the frame empty."""
    pose = exercise.pose
    if pose is None:
        return
    draw_figure(p, rect, place(pose, pose.end if end else pose.start, mirrored=False),
                PAPER_FIGURE)


def _t(text: str) -> str:
    return QCoreApplication.translate("ExerciseSheet", text)


@dataclass(frozen=True)
class SheetExercise:
    """One card of the sheet, as text: what the person reads next to the figure."""

    number: int
    exercise: Exercise
    dose: str
    steps: tuple[str, ...]
    cautions: tuple[str, ...]
    guidance: str = ""  # whose guidance the dose follows (docs/exercise-sources.md)


@dataclass(frozen=True)
class SheetContent:
    """Everything the sheet says, worked out before anything is drawn (and testable as text)."""

    routine_name: str
    goal: str
    minutes: int
    equipment: str
    safety: str
    urgent: str
    exercises: tuple[SheetExercise, ...]


def safety_lines() -> tuple[str, str]:
    """The stop rule, and the red flags in one sentence (from core/pain.py's list)."""
    stop = _t("Mild discomfort is fine. Stop the exercise if the pain rises or spreads down a "
              "leg, or you feel new numbness or tingling, and ask your doctor or "
              "physiotherapist before going on.")
    flags = "; ".join(text[0].lower() + text[1:] for _key, text in RED_FLAGS)
    urgent = _t("Get urgent help (999 in the UK, 911 in the US) and do not exercise if you "
                "have: {flags}.").format(flags=flags)
    return stop, urgent


def sheet_content(plan: Plan, settings: Settings) -> SheetContent:
    stop, urgent = safety_lines()
    return SheetContent(
        routine_name=plan.routine.name,
        goal=plan.routine.goal,
        minutes=max(1, round(plan.estimated_seconds / 60)),
        equipment=equipment_phrase(item.exercise for item in plan.items),
        safety=stop,
        urgent=urgent,
        exercises=tuple(
            SheetExercise(number=n, exercise=item.exercise,
                          dose=dose_in_words(item, settings),
                          steps=item.exercise.steps, cautions=item.exercise.cautions,
                          guidance=guidance_phrase(item.exercise))
            for n, item in enumerate(plan.items, start=1)
        ),
    )


class SheetFlow(PageFlow):
    """The PDFs' page flow, with blocks placed whole and remembered (to check nothing is cut)."""

    def __init__(self, writer: QPdfWriter) -> None:
        super().__init__(writer)
        self.boxes: list[list[QRectF]] = [[]]

    def new_page(self) -> None:
        super().new_page()
        self.boxes.append([])

    def text_height(self, text: str, font: QFont, width: float) -> float:
        return self.metrics(font).boundingRect(
            QRectF(0, 0, width, 1e6), int(Qt.TextFlag.TextWordWrap), text).height()

    def place(self, height: float, paint: Callable[[QPainter, QRectF], None],
              after_mm: float = 0.0) -> None:
        """A block the width of the page, on the next page when it does not fit on this one."""
        self.block(height, paint)
        self.boxes[-1].append(QRectF(0, self.y - height, self.width, height))
        self.space(after_mm)

    def paragraph(self, text: str, font: QFont, color: QColor, after_mm: float = 1.5) -> None:
        def draw(p: QPainter, rect: QRectF) -> None:
            p.setFont(font)
            p.setPen(color)
            p.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)

        self.place(self.text_height(text, font, self.width), draw, after_mm)


@dataclass(frozen=True)
class _Line:
    """One wrapped paragraph of a card's text column, with an optional hanging mark."""

    text: str
    font: QFont
    color: QColor
    mark: str = ""
    before: float = 0.0  # space above, in device pixels


def _steps(item: SheetExercise) -> list[_Line]:
    body = pdf_font(10.5)
    return [_Line(step, body, INK, mark=f"{n}.", before=mm(0.8) if n > 1 else 0.0)
            for n, step in enumerate(item.steps, start=1)]


def _cautions(item: SheetExercise) -> list[_Line]:
    """'Take care' and the cautions, then, small, whose guidance the dose follows."""
    body = pdf_font(10.5)
    lines: list[_Line] = []
    if item.cautions:
        lines.append(_Line(_t("Take care"), pdf_font(10.5, bold=True), CAUTION))
        lines += [_Line(c, body, CAUTION, mark="\u2022", before=mm(0.8)) for c in item.cautions]
    if item.guidance:
        lines.append(_Line(_t("Dose based on: {guidance}.").format(guidance=item.guidance),
                           pdf_font(8.5), MUTED, before=mm(2.5) if lines else 0.0))
    return lines


class _Column:
    """Wrapped lines with hanging marks in one column of a card, measured once."""

    HANG_MM = 6.0

    def __init__(self, pages: SheetFlow, lines: list[_Line], width: float) -> None:
        self.lines = lines
        self.width = width
        hang = mm(self.HANG_MM)
        self.heights = [pages.text_height(line.text, line.font, width - (hang if line.mark else 0))
                        for line in lines]
        self.height = sum(h + line.before for h, line in zip(self.heights, lines, strict=True))

    def paint(self, p: QPainter, left: float, top: float) -> None:
        hang = mm(self.HANG_MM)
        y = top
        for line, h in zip(self.lines, self.heights, strict=True):
            y += line.before
            p.setFont(line.font)
            p.setPen(line.color)
            x = left
            if line.mark:
                p.drawText(QRectF(x, y, hang, h),
                           int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), line.mark)
                x += hang
            p.drawText(QRectF(x, y, left + self.width - x, h), int(Qt.TextFlag.TextWordWrap),
                       line.text)
            y += h


def _layout_card(pages: SheetFlow, item: SheetExercise, figure: FigurePainter | None) -> None:
    """Name and dose; the start and end figures side by side, large; steps beside the cautions."""
    title_font = pdf_font(14, bold=True)
    dose_font = pdf_font(11.5, bold=True)
    title = f"{item.number}.  {item.exercise.name}"
    title_h = pages.text_height(title, title_font, pages.width)
    dose_h = pages.text_height(item.dose, dose_font, pages.width)
    head_h = mm(2.5) + title_h + mm(0.8) + dose_h + mm(2.5)

    gap = mm(FIGURE_GAP_MM)
    fig_w = (pages.width - gap) / 2
    fig_h = mm(FIGURE_TALL_H_MM if _upright(item.exercise) else FIGURE_H_MM)
    label_font = pdf_font(9)
    label_h = QFontMetricsF(label_font, pages.writer).height() * 1.4
    steps_w = pages.width * STEPS_SHARE
    steps = _Column(pages, _steps(item), steps_w)
    cautions = _Column(pages, _cautions(item), pages.width - steps_w - mm(COLUMN_GAP_MM))
    text_top = head_h + fig_h + label_h + mm(1.5)
    height = text_top + max(steps.height, cautions.height) + mm(4)

    def draw(p: QPainter, rect: QRectF) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(FRAME, mm(0.35)))
        p.drawLine(QPointF(rect.left(), rect.top()), QPointF(rect.right(), rect.top()))
        y = rect.top() + mm(2.5)
        p.setFont(title_font)
        p.setPen(INK)
        p.drawText(QRectF(rect.left(), y, rect.width(), title_h), int(Qt.TextFlag.TextWordWrap),
                   title)
        y += title_h + mm(0.8)
        p.setFont(dose_font)
        p.setPen(ACCENT)
        p.drawText(QRectF(rect.left(), y, rect.width(), dose_h), int(Qt.TextFlag.TextWordWrap),
                   item.dose)
        top = rect.top() + head_h
        for n, (end, label) in enumerate(((False, _t("Start")), (True, _t("End")))):
            frame = QRectF(rect.left() + n * (fig_w + gap), top, fig_w, fig_h)
            _paint_frame(p, frame, item.exercise, end, figure)
            p.setFont(label_font)
            p.setPen(MUTED)
            p.drawText(QRectF(frame.left(), frame.bottom(), fig_w, label_h),
                       int(Qt.AlignmentFlag.AlignCenter), label)
        _paint_arrow(p, QPointF(rect.left() + fig_w + mm(1.2), top + fig_h / 2), gap - mm(2.4))
        steps.paint(p, rect.left(), rect.top() + text_top)
        cautions.paint(p, rect.left() + steps_w + mm(COLUMN_GAP_MM), rect.top() + text_top)

    pages.place(height, draw)


def _upright(exercise: Exercise) -> bool:
    """True when the figure is taller than wide (standing, sitting): it gets a taller frame."""
    if exercise.pose is None:
        return False
    x0, y0, x1, y1 = bounds(exercise.pose)
    return (y1 - y0) > (x1 - x0)


def _paint_frame(p: QPainter, frame: QRectF, exercise: Exercise, end: bool,
                 figure: FigurePainter | None) -> None:
    p.save()
    p.setPen(QPen(FRAME, mm(0.3)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(frame, mm(1.5), mm(1.5))
    if figure is not None:
        p.setClipRect(frame)
        figure(p, frame.adjusted(mm(1.5), mm(1.5), -mm(1.5), -mm(1.5)), exercise, end)
    p.restore()


def _paint_arrow(p: QPainter, start: QPointF, length: float) -> None:
    head = mm(1.4)
    tip = QPointF(start.x() + length, start.y())
    p.setPen(QPen(MUTED, mm(0.5)))
    p.drawLine(start, QPointF(tip.x() - head / 2, tip.y()))
    path = QPainterPath(tip)
    path.lineTo(tip.x() - head, tip.y() - head * 0.7)
    path.lineTo(tip.x() - head, tip.y() + head * 0.7)
    path.closeSubpath()
    p.fillPath(path, MUTED)


def _layout_header(pages: SheetFlow, content: SheetContent, today: date) -> None:
    pages.paragraph(_t("Exercise sheet"), pdf_font(10, bold=True), MUTED, after_mm=0.5)
    pages.paragraph(content.routine_name, pdf_font(22, bold=True), INK, after_mm=1.5)
    if content.goal:
        pages.paragraph(content.goal, pdf_font(11), INK, after_mm=2)
    facts = _t("About {minutes} min \u00b7 {count} exercises \u00b7 printed {day}").format(
        minutes=content.minutes, count=len(content.exercises),
        day=f"{today.day} {today:%b %Y}")
    pages.paragraph(facts, pdf_font(11, bold=True), INK, after_mm=1)
    pages.paragraph(_t("You need: {things}.").format(things=content.equipment), pdf_font(11),
                    INK, after_mm=3)
    _layout_safety(pages, content)


def _layout_safety(pages: SheetFlow, content: SheetContent) -> None:
    pad = mm(3)
    inner = pages.width - 2 * pad
    head_font, body_font = pdf_font(11, bold=True), pdf_font(10)
    parts = [(_t("Stop if the pain rises"), head_font), (content.safety, body_font),
             (content.urgent, body_font)]
    heights = [pages.text_height(text, font, inner) for text, font in parts]
    height = sum(heights) + 2 * pad + mm(1.2) * (len(parts) - 1)

    def draw(p: QPainter, rect: QRectF) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(CAUTION, mm(0.4)))
        p.setBrush(SAFETY_FILL)
        p.drawRoundedRect(rect, mm(2), mm(2))
        y = rect.top() + pad
        for (text, font), h in zip(parts, heights, strict=True):
            p.setFont(font)
            p.setPen(INK)
            p.drawText(QRectF(rect.left() + pad, y, inner, h), int(Qt.TextFlag.TextWordWrap),
                       text)
            y += h + mm(1.2)

    pages.place(height, draw, after_mm=4)


def layout_sheet(writer: QPdfWriter, content: SheetContent, today: date,
                 figure: FigurePainter | None = None) -> SheetFlow:
    pages = SheetFlow(writer)
    _layout_header(pages, content, today)
    for item in content.exercises:
        _layout_card(pages, item, figure)
    return pages


def write_sheet(plan: Plan, settings: Settings, path: Path, *, today: date | None = None,
                figure: FigurePainter | None = paper_figure) -> int:
    """Write the sheet for `plan` to `path` atomically; returns the number of pages.

    Needs a QGuiApplication (cli/offscreen.py makes one without a display). The sheet holds no
    health data, so it is left readable by others (0644) for printing through any spooler.
    """
    day = today or datetime.now().date()
    content = sheet_content(plan, settings)
    title = _t("{routine} \u2013 exercise sheet").format(routine=content.routine_name)
    return write_pdf(path, title, lambda writer: layout_sheet(writer, content, day, figure),
                     margin_mm=MARGIN_MM, mode=0o644)
