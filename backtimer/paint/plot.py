"""A small date-axis chart painter: one drawing for the history window and the clinician PDF.

A `Chart` says what to draw (series over dates, value axes, a reference band); `layout_chart`
places it in a rectangle for a given font and device, and `paint_chart` draws that layout with
any QPainter: a widget's (ui/history/chart_view.py) or a QPdfWriter's (reports/). Sizes are in
millimetres of the device, so the same chart reads the same on a screen and on A4.

Legibility rules, kept here once: each series differs by colour *and* by line style or marker;
tick labels never repeat and never overlap (the date step grows until they fit, and a date is
written with its year once ticks are months apart); the legend wraps instead of running off.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

logger = logging.getLogger(__name__)

MARKERS_UP_TO = 60  # points per series; more markers would only blur the line


class Kind(Enum):
    LINE = "line"
    BARS = "bars"  # one bar per point, a week wide at most
    AREA = "area"  # a line filled down to zero


class Marker(Enum):
    NONE = "none"
    CIRCLE = "circle"
    SQUARE = "square"


@dataclass(frozen=True, eq=False)
class Series:
    name: str
    points: tuple[tuple[date, float], ...]
    colour: QColor
    style: Qt.PenStyle = Qt.PenStyle.SolidLine
    marker: Marker = Marker.NONE
    kind: Kind = Kind.LINE
    right_axis: bool = False  # plotted against Chart.right
    bar_days: float = 5.0  # width of a bar, in days


@dataclass(frozen=True)
class ValueAxis:
    title: str
    top: float
    step: float

    def ticks(self) -> list[float]:
        count = round(self.top / self.step)
        return [self.step * i for i in range(count + 1)]


@dataclass(frozen=True, eq=False)
class Band:
    """A horizontal band across the whole plot (e.g. the range where change may be noise)."""

    low: float
    high: float
    name: str
    colour: QColor


@dataclass(frozen=True, eq=False)
class Chart:
    title: str
    first: date  # the x axis runs from the start of `first` to the end of `last`
    last: date
    left: ValueAxis
    series: tuple[Series, ...] = ()
    right: ValueAxis | None = None
    band: Band | None = None
    empty_text: str = ""  # shown when no series has a point

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


@dataclass(frozen=True)
class Style:
    ink: QColor
    muted: QColor
    grid: QColor
    background: QColor | None = None  # filled first when given


@dataclass(frozen=True)
class Tick:
    at: float  # device x (date ticks) or y (value ticks)
    label: str


@dataclass
class ChartLayout:
    plot: QRectF
    title: QRectF | None
    axis_titles: QRectF | None
    legend: list[tuple[QRectF, int]]  # one box per entry; index into legend_entries()
    x_ticks: list[Tick] = field(default_factory=list)
    left_ticks: list[Tick] = field(default_factory=list)
    right_ticks: list[Tick] = field(default_factory=list)
    x_label_h: float = 0.0


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that splits `top` into about `ticks`."""
    raw = max(top, 1.0) / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * magnitude + 1e-9:
            return factor * magnitude
    return 10.0 * magnitude


def value_axis(title: str, top: float, *, ticks: int = 5, whole: bool = False) -> ValueAxis:
    """An axis from 0 to a round number at or above `top`; `whole` keeps every tick an integer."""
    step = nice_step(top, ticks)
    if whole:
        step = max(1.0, float(math.ceil(step)))
    return ValueAxis(title, step * max(1, math.ceil(top / step - 1e-9)), step)


def short_day(d: date) -> str:
    return f"{d.day} {d:%b}"


def _month(d: date) -> str:
    return f"{d:%b %Y}"


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def date_ticks(first: date, last: date, fits: int) -> list[tuple[date, str]]:
    """Dates to label on an axis from `first` to `last`, at most `fits` of them, labels unique.

    Steps tried, smallest first: every day, 2 days, Mondays, every other Monday, then the first of
    every 1, 2, 3, 6 or 12 months. Day steps are used only within a year, so "1 Dec" can never
    stand for two different days; month labels carry the year.
    """
    fits = max(1, fits)
    span = (last - first).days
    candidates: list[list[tuple[date, str]]] = []
    if span < 330:
        for step in (1, 2):
            candidates.append([(first + timedelta(days=n), short_day(first + timedelta(days=n)))
                               for n in range(0, span + 1, step)])
        monday = first + timedelta(days=(7 - first.weekday()) % 7)
        for step in (7, 14):
            days = []
            d = monday
            while d <= last:
                days.append((d, short_day(d)))
                d += timedelta(days=step)
            candidates.append(days)
    for months in (1, 2, 3, 6, 12, 24, 60):
        d = _add_months(first, 0 if first.day == 1 else 1)
        days = []
        while d <= last:
            if (d.month - 1) % months == 0:
                days.append((d, _month(d)))
            d = _add_months(d, 1)
        candidates.append(days)
    for ticks in candidates:
        if 0 < len(ticks) <= fits:
            return ticks
    return [(first, short_day(first) if span < 330 else _month(first))]


def _mm(painter_device_dpi: float, value: float) -> float:
    return value * painter_device_dpi / 25.4


def legend_entries(chart: Chart) -> list[tuple[str, Series | Band]]:
    entries: list[tuple[str, Series | Band]] = [(s.name, s) for s in chart.series
                                                 if s.name and s.points]
    if chart.band is not None and not chart.empty:
        entries.append((chart.band.name, chart.band))
    return entries


def layout_chart(chart: Chart, rect: QRectF, metrics: QFontMetricsF, dpi: float, *,
                 title_metrics: QFontMetricsF | None = None) -> ChartLayout:
    """Where everything goes in `rect`: the parts of the chart that depend on room and font."""

    def mm(v: float) -> float:
        return _mm(dpi, v)

    line = metrics.height()
    y = rect.top()
    title = None
    if title_metrics is not None and chart.title:
        title = QRectF(rect.left(), y, rect.width(), title_metrics.height() * 1.3)
        y = title.bottom()
    # Legend: entries flow left to right and wrap.
    legend: list[tuple[QRectF, int]] = []
    x = rect.left()
    row_h = line * 1.35
    entries = legend_entries(chart)
    if entries:
        for n, (label, _item) in enumerate(entries):
            w = mm(8) + metrics.horizontalAdvance(label) + mm(1)
            if x > rect.left() and x + w > rect.right():
                x = rect.left()
                y += row_h
            legend.append((QRectF(x, y, min(w, rect.width()), row_h), n))
            x += w + mm(4)
        y += row_h
    axis_titles = None
    if chart.left.title or (chart.right and chart.right.title):
        axis_titles = QRectF(rect.left(), y, rect.width(), line * 1.2)
        y = axis_titles.bottom()

    def labels_width(axis: ValueAxis | None) -> float:
        if axis is None:
            return 0.0
        return max(metrics.horizontalAdvance(f"{v:g}") for v in axis.ticks()) + mm(2)

    left_w = labels_width(chart.left)
    right_w = labels_width(chart.right) if chart.right else mm(2)
    x_label_h = line + mm(1)
    plot = QRectF(rect.left() + left_w, y + line / 2, rect.width() - left_w - right_w,
                  max(mm(5), rect.bottom() - x_label_h - y - line / 2))
    out = ChartLayout(plot, title, axis_titles, legend, x_label_h=x_label_h)
    x0, x1 = _x_range(chart)
    widest = max(metrics.horizontalAdvance(label) for label in ("30 Sep", "Sep 2026"))
    fits = int(plot.width() // (widest + mm(3)))
    for day, label in date_ticks(chart.first, chart.last, fits):
        out.x_ticks.append(Tick(plot.left() + plot.width() * (day.toordinal() - x0) / (x1 - x0),
                                label))
    for axis, ticks in ((chart.left, out.left_ticks), (chart.right, out.right_ticks)):
        if axis is None:
            continue
        values = axis.ticks()
        # Label every value only when the labels fit one above the other; else every 2nd or
        # 5th (0 and the top always stay labelled when they can).
        room = plot.height() / max(1, len(values) - 1)
        every = next((k for k in (1, 2, 5, 10) if room * k >= line * 1.1), len(values))
        for n, v in enumerate(values):
            if n % every == 0:
                ticks.append(Tick(plot.bottom() - plot.height() * v / axis.top, f"{v:g}"))
    return out


def _x_range(chart: Chart) -> tuple[float, float]:
    return chart.first.toordinal() - 0.5, chart.last.toordinal() + 0.5


def paint_chart(p: QPainter, rect: QRectF, chart: Chart, font: QFont, style: Style, *,
                title_font: QFont | None = None) -> ChartLayout:
    """Draw `chart` into `rect`; returns the layout used (tests read its ticks)."""
    dpi = float(p.device().logicalDpiX())

    def mm(v: float) -> float:
        return _mm(dpi, v)

    metrics = QFontMetricsF(font, p.device())
    title_metrics = QFontMetricsF(title_font, p.device()) if title_font is not None else None
    lay = layout_chart(chart, rect, metrics, dpi, title_metrics=title_metrics)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if style.background is not None:
        p.fillRect(rect, style.background)
    centre_v = int(Qt.AlignmentFlag.AlignVCenter)
    if lay.title is not None and title_font is not None:
        p.setFont(title_font)
        p.setPen(style.ink)
        p.drawText(lay.title, int(Qt.AlignmentFlag.AlignLeft) | centre_v, chart.title)
    p.setFont(font)
    plot = lay.plot
    if chart.empty:
        p.setPen(style.muted)
        p.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), chart.empty_text)
        p.restore()
        return lay
    x0, x1 = _x_range(chart)

    def px(d: date, offset: float = 0.0) -> float:
        return plot.left() + plot.width() * (d.toordinal() + offset - x0) / (x1 - x0)

    def py(v: float, axis: ValueAxis) -> float:
        return plot.bottom() - plot.height() * min(v, axis.top) / axis.top

    if chart.band is not None:
        band = chart.band
        p.fillRect(QRectF(plot.left(), py(band.high, chart.left), plot.width(),
                          py(band.low, chart.left) - py(band.high, chart.left)), band.colour)
    # Grid and value labels.
    for ticks, align, x_text in (
            (lay.left_ticks, Qt.AlignmentFlag.AlignRight, rect.left()),
            (lay.right_ticks, Qt.AlignmentFlag.AlignLeft, plot.right() + mm(1.5))):
        for tick in ticks:
            if ticks is lay.left_ticks:
                p.setPen(QPen(style.grid, mm(0.15)))
                p.drawLine(QPointF(plot.left(), tick.at), QPointF(plot.right(), tick.at))
            p.setPen(style.muted)
            w = plot.left() - rect.left() - mm(1.5) if align == Qt.AlignmentFlag.AlignRight \
                else rect.right() - x_text
            p.drawText(QRectF(x_text, tick.at - metrics.height() / 2, w, metrics.height()),
                       int(align) | centre_v, tick.label)
    if lay.axis_titles is not None:
        p.setPen(style.muted)
        p.drawText(lay.axis_titles, int(Qt.AlignmentFlag.AlignLeft) | centre_v, chart.left.title)
        if chart.right is not None:
            p.drawText(lay.axis_titles, int(Qt.AlignmentFlag.AlignRight) | centre_v,
                       chart.right.title)
    for tick in lay.x_ticks:
        w = metrics.horizontalAdvance(tick.label) + mm(1)
        left = min(max(tick.at - w / 2, rect.left()), rect.right() - w)
        p.setPen(QPen(style.grid, mm(0.15)))
        p.drawLine(QPointF(tick.at, plot.bottom()), QPointF(tick.at, plot.bottom() + mm(0.8)))
        p.setPen(style.muted)
        p.drawText(QRectF(left, plot.bottom() + mm(1), w, metrics.height()),
                   int(Qt.AlignmentFlag.AlignCenter), tick.label)

    for series in chart.series:
        axis = chart.right if series.right_axis and chart.right else chart.left

        def on_axis(v: float, axis: ValueAxis = axis) -> float:
            return py(v, axis)

        _paint_series(p, series, px, on_axis, plot, mm)
    p.setPen(QPen(style.ink, mm(0.25)))
    p.drawLine(plot.bottomLeft(), plot.bottomRight())
    _paint_legend(p, lay, chart, style, metrics, mm)
    p.restore()
    return lay


def _paint_series(p: QPainter, series: Series, px: Callable[[date, float], float],
                  py: Callable[[float], float], plot: QRectF, mm: Callable[[float], float]) -> None:
    if not series.points:
        return
    if series.kind is Kind.BARS:
        half = series.bar_days / 2
        for d, v in series.points:
            left, right = px(d, -half), px(d, half)
            p.fillRect(QRectF(left, py(v), right - left, plot.bottom() - py(v)), series.colour)
        return
    path = QPainterPath(QPointF(px(series.points[0][0], 0.0), py(series.points[0][1])))
    for d, v in series.points[1:]:
        path.lineTo(QPointF(px(d, 0.0), py(v)))
    if series.kind is Kind.AREA:
        area = QPainterPath(path)
        area.lineTo(QPointF(px(series.points[-1][0], 0.0), plot.bottom()))
        area.lineTo(QPointF(px(series.points[0][0], 0.0), plot.bottom()))
        area.closeSubpath()
        fill = QColor(series.colour)
        fill.setAlpha(110)
        p.fillPath(area, fill)
    p.setPen(QPen(series.colour, mm(0.45), series.style))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    if series.marker is Marker.NONE or len(series.points) > MARKERS_UP_TO:
        return
    radius = mm(0.9 if len(series.points) < 40 else 0.55)
    for d, v in series.points:
        _marker(p, QPointF(px(d, 0.0), py(v)), radius, series)


def _marker(p: QPainter, centre: QPointF, radius: float, series: Series) -> None:
    p.setPen(QPen(series.colour, radius / 4))
    p.setBrush(QBrush(series.colour))
    if series.marker is Marker.SQUARE:
        p.drawRect(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius))
    elif series.marker is Marker.CIRCLE:
        p.drawEllipse(centre, radius, radius)
    p.setBrush(Qt.BrushStyle.NoBrush)


def _paint_legend(p: QPainter, lay: ChartLayout, chart: Chart, style: Style,
                  metrics: QFontMetricsF, mm: Callable[[float], float]) -> None:
    entries = legend_entries(chart)
    for box, n in lay.legend:
        label, item = entries[n]
        y = box.center().y()
        swatch = QRectF(box.left(), y - mm(1.5), mm(6), mm(3))
        if isinstance(item, Band) or item.kind is Kind.BARS:
            p.fillRect(swatch, item.colour)
        else:
            p.setPen(QPen(item.colour, mm(0.45), item.style))
            p.drawLine(QPointF(swatch.left(), y), QPointF(swatch.right(), y))
            _marker(p, QPointF(swatch.center().x(), y), mm(0.8), item)
        p.setPen(style.ink)
        p.drawText(QRectF(box.left() + mm(7.5), box.top(), box.width() - mm(7.5), box.height()),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                   metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                      box.width() - mm(7.5)))


def tick_labels(ticks: Sequence[Tick]) -> list[str]:
    return [t.label for t in ticks]
