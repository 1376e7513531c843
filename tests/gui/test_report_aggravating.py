"""The clinician PDF lists the exercises remembered as aggravating: which, when pain last made the
person leave each, and what was chosen since (read back with pdftotext)."""

from __future__ import annotations

from datetime import date, timedelta

from backtimer.core.aggravating import Choice
from backtimer.core.records import Decision, SkipReason
from backtimer.reports.pdf_report import write_report
from backtimer.storage.history import HistoryStore
from tests.gui.test_report import needs_pdftotext, pdf_text
from tests.unit.test_history_aggravating import DAY, session

TODAY = date(2026, 12, 1)


@needs_pdftotext
def test_the_report_lists_aggravating_exercises_with_the_choices_since(qapp, tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        session(store, 0, [("bridge", 2, SkipReason.PAIN), ("cat_cow", 8, None)])
        session(store, 1, [("cat_cow", 8, None)], choices={"bridge": Choice.LEAVE_OUT})
        session(store, 2, [("cat_cow", 8, None)], pains=[("cat_cow", Decision.SKIP_EXERCISE)])
        session(store, 3, [("knee_rolls", 8, None)], choices={"bridge": Choice.LIGHTER})
        # The tilt hurt once, then was done again without pain: no longer listed.
        session(store, 4, [("tilt", 1, SkipReason.PAIN)])
        session(store, 5, [("tilt", 8, None)])
        write_report(store, tmp_path / "r.pdf", today=TODAY)
    text = pdf_text(tmp_path / "r.pdf")
    assert "Exercises remembered as aggravating" in text
    bridge = DAY.day
    assert (f"Bridge: last left because of pain on {bridge} Nov 2026. Chosen since: left out "
            f"({bridge + 1} Nov), lighter dose ({bridge + 3} Nov).") in text
    assert (f"Cat_Cow: last left because of pain on {bridge + 2} Nov 2026. No session with it "
            "has started since.") in text
    assert "Tilt: last left" not in text


@needs_pdftotext
def test_the_report_says_when_nothing_is_aggravating_and_many_choices_are_counted(qapp,
                                                                                  tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        write_report(store, tmp_path / "empty.pdf", today=TODAY)
        session(store, 0, [("bridge", 2, SkipReason.PAIN)])
        for n in range(1, 9):
            session(store, n, [("cat_cow", 8, None)],
                    choices={"bridge": Choice.LEAVE_OUT if n < 8 else Choice.AS_PLANNED})
        write_report(store, tmp_path / "many.pdf", today=TODAY,
                     until=DAY + timedelta(days=20))
    assert "No exercise is remembered as aggravating." in pdf_text(tmp_path / "empty.pdf")
    text = pdf_text(tmp_path / "many.pdf")
    assert ("Chosen in 8 sessions since: left out 7\u00d7, as planned 1\u00d7; the latest, on "
            f"{DAY.day + 8} Nov 2026: as planned.") in text
