"""What the clinician PDF says (its text, read back with pdftotext) and the report's date range."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backtimer.cli import main
from backtimer.core.records import Decision, SessionStatus
from backtimer.reports.pdf_report import write_report
from backtimer.storage.history import HistoryStore

TZ = timezone(timedelta(hours=1))
MON = date(2026, 11, 2)  # a Monday
TODAY = date(2026, 12, 1)

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())  # one line: wrapped sentences read whole


def add(store: HistoryStore, day: date, pain: int, *, minutes: float = 10,
        status: SessionStatus = SessionStatus.COMPLETED, decision: Decision = Decision.CONTINUE,
        final: int | None = None) -> None:
    at = datetime.combine(day, datetime.min.time(), TZ).replace(hour=8)
    sid = store.start_session(routine_id="r", routine_name="Routine", started_at=at,
                              baseline_pain=pain, planned_seconds=600, exercises_planned=3)
    store.write_pain(sid, value=pain if final is None else final, decision=decision,
                     exercise_id=None, item=None, message="Pain has risen a lot." if
                     decision is Decision.STOP_SESSION else "", rated_at=at,
                     done_seconds=minutes * 60)
    store.end_session(sid, status=status, ended_at=at + timedelta(minutes=minutes), message="",
                      done_seconds=minutes * 60, exercises_done=3 if minutes >= 10 else 0)


@needs_pdftotext
def test_two_aborted_sessions_are_no_meaningful_improvement(qapp, tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        for k in range(4):
            add(store, MON + timedelta(days=k), 5)
        # The latest week: two sessions stopped after 1 and 0 minutes, pain before 2.
        for k, minutes in ((7, 1), (8, 0)):
            add(store, MON + timedelta(days=k), 2, minutes=minutes,
                status=SessionStatus.STOPPED)
        write_report(store, tmp_path / "r.pdf", today=TODAY)
    text = pdf_text(tmp_path / "r.pdf")
    assert "meaningful improvement" not in text
    assert "not enough data for a verdict yet" in text
    assert "at least 3 sessions rated before exercise" in text


@needs_pdftotext
def test_whole_weeks_with_enough_sessions_get_a_verdict_with_its_rule(qapp, tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        for week, pain in ((0, 5), (1, 5), (2, 3)):
            for k in range(3):
                add(store, MON + timedelta(days=7 * week + k), pain)
        write_report(store, tmp_path / "r.pdf", today=TODAY)
    text = pdf_text(tmp_path / "r.pdf")
    assert "a fall of 2.0 points, a meaningful improvement" in text
    assert "averaged 5.0 in the week of 2 Nov 2026 (3 sessions)" in text
    assert "and 3.0 in the latest whole week, of 16 Nov 2026 (3 sessions)" in text
    assert "A change counts from 1.5 points here (2 points, or 30% of the" in text
    assert "Week of 2 Nov: mean \u00b1 1.5 points" in text  # the chart's band says the same


@needs_pdftotext
def test_a_cut_list_says_that_it_is_cut(qapp, tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        for k in range(13):
            add(store, MON + timedelta(days=k), 3, final=7, status=SessionStatus.STOPPED,
                decision=Decision.STOP_SESSION)
        write_report(store, tmp_path / "r.pdf", today=TODAY)
    text = pdf_text(tmp_path / "r.pdf")
    assert "13 session(s) were stopped because of pain" in text
    assert "Of 13, only the latest 12 are listed." in text
    assert "13 session(s) ended 2 or more points above" in text
    assert text.count("Of 13, only the latest 12 are listed.") == 2  # the stops and the rises


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "2999-01-01"], "--since 2999-01-01 is after today"),
    (["--since", "2026-05-02", "--until", "2026-05-01"],
     "--since 2026-05-02 is after --until 2026-05-01"),
])
def test_an_impossible_range_exits_2_with_one_line(tmp_path, capsys, args, message):
    code = main(["history", "report", "--output", str(tmp_path / "r.pdf"), *args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1, err
    assert message in err[0]
    assert not (tmp_path / "r.pdf").exists()


@needs_pdftotext
def test_until_ends_the_report_and_since_alone_still_works(qapp, tmp_path, capsys):
    with HistoryStore.open() as store:
        add(store, date(2026, 5, 4), 4)
        add(store, date(2026, 5, 20), 6)
    assert main(["history", "report", "--output", str(tmp_path / "a.pdf"),
                 "--since", "2026-05-01", "--until", "2026-05-10"]) == 0
    text = pdf_text(tmp_path / "a.pdf")
    assert "From 1 May 2026 to 10 May 2026" in text
    assert "Sessions: 1 " in text
    assert main(["history", "report", "--output", str(tmp_path / "b.pdf"),
                 "--since", "2026-05-01"]) == 0
    assert "Sessions: 2 " in pdf_text(tmp_path / "b.pdf")
