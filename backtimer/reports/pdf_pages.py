"""A4 pages for the PDFs: millimetres, fonts, a flow of blocks down pages, and the atomic write.

Layout is done first into a list of drawing operations per page, so the footer can say
"page X of Y" once the number of pages is known, then painted with QPainter on a QPdfWriter
(vector text and lines). Only a QGuiApplication is needed, so PDFs can be written from the
command line with no display. The exercise sheet uses it; the clinician report draws the same way.
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

logger = logging.getLogger(__name__)

DPI = 300
FOOTER_MM = 8.0

Op = Callable[[QPainter], None]


def mm(value: float) -> float:
    """Millimetres in the writer's device pixels."""
    return value * DPI / 25.4


def pdf_font(points: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif"])
    font.setPointSizeF(points)
    font.setBold(bold)
    # No "fi"/"fl" ligatures: text copied or read aloud from the PDF keeps plain letters.
    font.setFeature(QFont.Tag("liga"), 0)
    return font


class PageFlow:
    """Flows blocks of known height down the pages; a block never straddles two pages."""

    def __init__(self, writer: QPdfWriter) -> None:
        self.device = writer
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width = float(rect.width())
        self.height = float(rect.height())
        self.footer_h = mm(FOOTER_MM)
        self.bottom = self.height - self.footer_h
        self.pages: list[list[Op]] = [[]]
        self.boxes: list[list[QRectF]] = [[]]  # where each block went, to check nothing is cut
        self.y = 0.0

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.device)

    def text_height(self, text: str, font: QFont, width: float) -> float:
        return self.metrics(font).boundingRect(
            QRectF(0, 0, width, 1e6), int(Qt.TextFlag.TextWordWrap), text).height()

    def new_page(self) -> None:
        self.pages.append([])
        self.boxes.append([])
        self.y = 0.0

    def place(self, height: float, paint: Callable[[QPainter, QRectF], None],
              after_mm: float = 0.0) -> None:
        """A block the full width of the page, on a new page when it does not fit this one."""
        if self.y > 0 and self.y + height > self.bottom:
            self.new_page()
        rect = QRectF(0, self.y, self.width, height)
        self.pages[-1].append(lambda p: paint(p, rect))
        self.boxes[-1].append(rect)
        self.y += height + mm(after_mm)

    def paragraph(self, text: str, font: QFont, color: QColor, after_mm: float = 1.5) -> None:
        height = self.text_height(text, font, self.width)

        def draw(p: QPainter, rect: QRectF) -> None:
            p.setFont(font)
            p.setPen(color)
            p.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)

        self.place(height, draw, after_mm)


def _paint(writer: QPdfWriter, flow: PageFlow, footer: str, color: QColor) -> None:
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot start writing the PDF")
    try:
        font = pdf_font(7.5)
        total = len(flow.pages)
        band = QRectF(0, flow.height - flow.footer_h / 2, flow.width, flow.footer_h / 2)
        for number, ops in enumerate(flow.pages, start=1):
            if number > 1:
                writer.newPage()
            for op in ops:
                painter.save()
                op(painter)
                painter.restore()
            painter.setFont(font)
            painter.setPen(color)
            painter.drawText(band, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                             footer)
            page = QCoreApplication.translate("PdfPages", "page {number} of {total}")
            painter.drawText(band, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                             page.format(number=number, total=total))
    finally:
        painter.end()


def write_pdf(path: Path, title: str, lay_out: Callable[[QPdfWriter], PageFlow], *,
              margin_mm: float, footer_color: QColor, mode: int = 0o600) -> int:
    """Lay out and paint an A4 PDF into `path` atomically; returns the number of pages.

    A temporary file beside `path` is renamed over it at the end, so a reader never sees half a
    PDF. Refuses (OSError) when `path` exists as anything but a regular file: renaming over a link,
    a device or a pipe would replace it.
    """
    try:
        existing = path.lstat().st_mode
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing):
        raise OSError(f"{path} is not a regular file; not replacing it")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(DPI)
        writer.setPageLayout(QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
            QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm), QPageLayout.Unit.Millimeter))
        writer.setTitle(title)
        writer.setCreator("backtimer")
        flow = lay_out(writer)
        _paint(writer, flow, title, footer_color)
        pages = len(flow.pages)
        del writer  # finishes the file
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    logger.info("PDF written: %s (%d pages)", path, pages)
    return pages
