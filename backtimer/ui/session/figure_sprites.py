"""Bodies already drawn, for the poses a moving figure shows again and again.

While the body moves, the figure shows its pose snapped to a grid of eased positions between
two keyframes, fine enough that no joint moves more than `figure_pace.STEP_PX` from one grid
pose to the next (ui/session/figure.py). Every rep of an exercise goes through the same grid
poses, so each is drawn once into a small transparent image the size of the body and then only
copied onto the scenery: stroking a thick anti-aliased body costs about a millisecond, copying
it a small part of that. The images belong to one size and one set of colours; the cache is
emptied when it holds LIMIT of them (about 10 MB at the size of a laptop's session screen).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QImage, QPainter

from backtimer.core.poses import Figure
from backtimer.paint.figure import FigureColors, body_rect, draw_body

logger = logging.getLogger(__name__)

LIMIT = 48


class BodySprites:
    def __init__(self) -> None:
        self._images: dict[tuple[object, ...], tuple[QImage, QRect]] = {}

    def __len__(self) -> int:
        return len(self._images)

    def get(
        self, key: tuple[object, ...], figure: Figure, rect: QRectF, colors: FigureColors,
        ratio: float,
    ) -> tuple[QImage, QRect]:
        """The body of `figure` drawn as in `rect` and where it goes; `key` names the pose."""
        full_key = (key, rect.width(), rect.height(), ratio, colors.body.rgba(),
                    colors.far.rgba(), colors.accent.rgba())
        found = self._images.get(full_key)
        if found is not None:
            return found
        if len(self._images) >= LIMIT:
            logger.debug("figure sprites: %d drawn, starting again", len(self._images))
            self._images.clear()
        box = body_rect(rect, figure).toAlignedRect()
        image = QImage(max(1, round(box.width() * ratio)), max(1, round(box.height() * ratio)),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(0)
        painter = QPainter(image)
        painter.translate(-box.x(), -box.y())
        draw_body(painter, rect, figure, colors)
        painter.end()
        self._images[full_key] = (image, box)
        return image, box
