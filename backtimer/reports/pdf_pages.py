"""The page machinery of the PDFs: A4 at 300 dpi, one font helper, paragraphs, tables, footers.

Layout is done first into a list of drawing operations per page, so the footer can say "page X of
Y", then painted. Drawn with QPainter on a QPdfWriter (vector text and lines); it needs only a
QGuiApplication, so reports run from the command line with no display.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from backtimer.paint.charts import PAPER
from backtimer.storage.files import atomic_file

logger = logging.getLogger(__name__)

DPI = 300
MARGIN_MM = 16.0

INK = PAPER.ink
MUTED = PAPER.muted
STRIPE = QColor("#f2f4f7")

Op = Callable[[QPainter], None]
Cell = str | tuple[str, QColor]  # a table cell's text, with its colour when not the ink


def _t(text: str) -> str:
    return QCoreApplication.translate("HistoryReport", text)


def mm(value: float) -> float:
    return value * DPI / 25.4


def day_text(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def pdf_font(size: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif"])
    font.setPointSizeF(size)
    font.setBold(bold)
    # No "fi"/"fl" ligatures: text copied or read aloud from the PDF keeps plain letters.
    font.setFeature(QFont.Tag("liga"), 0)
    return font


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # share of the text width
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft


class PageFlow:
    """Flows blocks down A4 pages; each page is a list of drawing operations."""

    def __init__(self, writer: QPdfWriter) -> None:
        self.writer = writer
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width = float(rect.width())
        self.height = float(rect.height())
        self.footer_h = mm(8)
        self.bottom = self.height - self.footer_h
        self.pages: list[list[Op]] = [[]]
        self.y = 0.0

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.writer)

    def new_page(self) -> None:
        self.pages.append([])
        self.y = 0.0

    def ensure(self, height: float) -> None:
        if self.y > 0 and self.y + height > self.bottom:
            self.new_page()

    def add(self, op: Op) -> None:
        self.pages[-1].append(op)

    def space(self, millimetres: float) -> None:
        self.y += mm(millimetres)

    def text(self, text: str, font: QFont, *, color: QColor = INK, after: float = 1.5,
             indent: float = 0.0, keep_with_next: float = 0.0, bullet: str = "") -> None:
        """A wrapped paragraph; with `bullet`, the bullet hangs left of every wrapped line."""
        hang = mm(4) if bullet else 0.0
        width = self.width - indent - hang
        box = self.metrics(font).boundingRect(
            QRectF(0, 0, width, 1e6), int(Qt.TextFlag.TextWordWrap), text)
        height = box.height()
        self.ensure(height + keep_with_next)
        rect = QRectF(indent + hang, self.y, width, height)
        mark = QRectF(indent, self.y, hang, height)

        def draw(p: QPainter) -> None:
            p.setFont(font)
            p.setPen(color)
            if bullet:
                p.drawText(mark, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                           bullet)
            p.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)

        self.add(draw)
        self.y += height + mm(after)

    def heading(self, text: str) -> None:
        self.space(2)
        self.text(text, pdf_font(13, bold=True), after=2, keep_with_next=mm(25))

    def block(self, height: float, paint: Callable[[QPainter, QRectF], object]) -> None:
        self.ensure(height)
        rect = QRectF(0, self.y, self.width, height)

        def draw(p: QPainter) -> None:
            paint(p, rect)

        self.add(draw)
        self.y += height

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
        """A table that repeats its header on every page; a cell may carry its own colour."""
        font = pdf_font(8.5)
        bold = pdf_font(8.5, bold=True)
        line = self.metrics(font).height()
        row_h = line * 1.45
        pad = mm(1.2)
        xs: list[float] = []
        x = 0.0
        for col in columns:
            xs.append(x)
            x += col.width * self.width

        def header(y: float) -> Op:
            def draw(p: QPainter) -> None:
                p.setFont(bold)
                p.setPen(INK)
                for col, x0 in zip(columns, xs, strict=True):
                    w = col.width * self.width
                    p.drawText(QRectF(x0 + pad, y, w - 2 * pad, row_h),
                               int(col.align | Qt.AlignmentFlag.AlignVCenter), col.title)
                p.setPen(QPen(INK, mm(0.25)))
                p.drawLine(QPointF(0, y + row_h), QPointF(self.width, y + row_h))
            return draw

        self.ensure(row_h * 3)
        self.add(header(self.y))
        self.y += row_h
        for n, row in enumerate(rows):
            if self.y + row_h > self.bottom:
                self.new_page()
                self.add(header(self.y))
                self.y += row_h
            y = self.y

            def draw_row(p: QPainter, y: float = y, row: Sequence[Cell] = row,
                         stripe: bool = n % 2 == 1) -> None:
                if stripe:
                    p.fillRect(QRectF(0, y, self.width, row_h), STRIPE)
                p.setFont(font)
                for col, x0, cell in zip(columns, xs, row, strict=True):
                    text, colour = cell if isinstance(cell, tuple) else (cell, INK)
                    p.setPen(colour)
                    w = col.width * self.width
                    shown = self.metrics(font).elidedText(text, Qt.TextElideMode.ElideRight,
                                                          w - 2 * pad)
                    p.drawText(QRectF(x0 + pad, y, w - 2 * pad, row_h),
                               int(col.align | Qt.AlignmentFlag.AlignVCenter), shown)

            self.add(draw_row)
            self.y += row_h
        self.y += mm(2)


def paint_pages(writer: QPdfWriter, layout: PageFlow, title: str) -> None:
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot start writing the PDF")
    try:
        total = len(layout.pages)
        footer = pdf_font(7.5)
        for number, ops in enumerate(layout.pages, start=1):
            if number > 1:
                writer.newPage()
            for op in ops:
                painter.save()
                op(painter)
                painter.restore()
            painter.setFont(footer)
            painter.setPen(MUTED)
            painter.drawText(
                QRectF(0, layout.height - layout.footer_h / 2, layout.width, layout.footer_h / 2),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), title)
            painter.drawText(
                QRectF(0, layout.height - layout.footer_h / 2, layout.width, layout.footer_h / 2),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                _t("page {n} of {t}").format(n=str(number), t=str(total)))
    finally:
        painter.end()


def write_pdf(path: Path, title: str, lay_out: Callable[[QPdfWriter], PageFlow], *,
              margin_mm: float = MARGIN_MM, mode: int = 0o600) -> int:
    """Lay out and paint an A4 PDF into `path` atomically; returns the number of pages.

    Written through storage/files.py's atomic_file: a temporary file beside `path`, renamed over
    it at the end, so nobody ever reads half a PDF; anything at `path` but a regular file (a link,
    a device, a pipe) is refused with NotARegularFileError (an OSError), never replaced.
    """
    with atomic_file(path, mode=mode) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(DPI)
        writer.setPageLayout(QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
            QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm), QPageLayout.Unit.Millimeter))
        writer.setTitle(title)
        writer.setCreator("backtimer")
        layout = lay_out(writer)
        paint_pages(writer, layout, title)
        pages = len(layout.pages)
        del writer  # finishes the file
    return pages
