"""The report's section on the exercises remembered as aggravating (docs/pain-rules.md, "Rules
that remember"): which ones, when pain last made the person leave each, and what the person chose
for it at the start of each session since (storage/history_aggravating.py).

Written as wrapped lines rather than a table, because a table cell is cut to its width and the
list of choices can be long; past CHOICES_LISTED it is counted and the latest named, and it says
so.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont

from backtimer.core.aggravating import Choice
from backtimer.reports.pdf_pages import MUTED, PageFlow, day_text, mm
from backtimer.storage.history_aggravating import AggravatingExercise

logger = logging.getLogger(__name__)

CHOICES_LISTED = 6  # more choices than this are counted, not listed one by one


def _t(text: str) -> str:
    return QCoreApplication.translate("HistoryReport", text)


def choice_text(choice: Choice) -> str:
    return {Choice.LIGHTER: _t("lighter dose"), Choice.LEAVE_OUT: _t("left out"),
            Choice.AS_PLANNED: _t("as planned")}[choice]


def chosen_text(found: AggravatingExercise) -> str:
    """What was chosen for it from the session where it hurt on, in words."""
    if not found.chosen:
        return _t("No session with it has started since.")
    if len(found.chosen) <= CHOICES_LISTED:
        listed = ", ".join(f"{choice_text(c)} ({at.day} {at:%b})" for at, c in found.chosen)
        return _t("Chosen since: {choices}.").format(choices=listed)
    counts = Counter(c for _at, c in found.chosen)
    at, last = found.chosen[-1]
    return _t("Chosen in {count} sessions since: {counts}; the latest, on {day}: {last}.").format(
        count=len(found.chosen),
        counts=", ".join(f"{choice_text(c)} {counts[c]}\u00d7" for c in Choice if counts[c]),
        day=day_text(at.date()), last=choice_text(last))


def aggravating_section(layout: PageFlow, body: QFont, small: QFont,
                        found: list[AggravatingExercise], until: date | None) -> None:
    layout.heading(_t("Exercises remembered as aggravating"))
    layout.text(_t(
        "An exercise the person left because of pain stays on this list until it is done again "
        "without a pain skip. Before each session that contains it, backtimer asks whether to do "
        "a lighter dose (about two thirds of the hold and repetitions, one set fewer), leave it "
        "out that day, or do it as planned.") + (
        " " + _t("As of {day}.").format(day=day_text(until)) if until is not None else ""),
        small, color=MUTED, after=1.5)
    if not found:
        layout.text(_t("No exercise is remembered as aggravating."), body)
        return
    for item in found:
        layout.text(_t("{name}: last left because of pain on {day}. {chosen}").format(
            name=item.exercise_name, day=day_text(item.left_at.date()), chosen=chosen_text(item)),
            body, after=0.8, indent=mm(1), bullet="\u2022")
