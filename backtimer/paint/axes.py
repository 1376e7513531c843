"""Chart axes: round value steps, and date ticks whose labels never repeat and always fit.

Used by paint/plot.py for the window's and the PDF's charts alike.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import date, timedelta

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ValueAxis:
    title: str
    top: float
    step: float

    def ticks(self) -> list[float]:
        count = round(self.top / self.step)
        return [self.step * i for i in range(count + 1)]


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
