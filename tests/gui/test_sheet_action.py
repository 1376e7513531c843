"""File -> Print exercise sheet... writes the selected routine's sheet where the person chooses."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.helpers.app import make_app
from tests.unit.test_sheet_cli import pdf_text


def test_the_file_menu_writes_the_selected_routine_s_sheet(qtbot, qapp, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    app = make_app(qtbot, qapp)
    asked: list[str] = []

    def choose(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return str(tmp_path / "bridge sheet"), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    app.window.routines.select("core_stability")
    assert app.window.sheet_action.text().startswith("&Print exercise sheet")
    app.window.sheet_action.trigger()
    assert asked == ["core_stability-sheet.pdf"]
    written = tmp_path / "bridge sheet.pdf"
    text = pdf_text(written)
    assert "Core stability" in text
    for item in app.plan(app.routine("core_stability")).items:
        assert item.exercise.name in text
    assert str(written) in app.window.statusBar().currentMessage()
    app._quit()


def test_a_sheet_that_cannot_be_written_says_why(qtbot, qapp, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch):
    app = make_app(qtbot, qapp)
    folder = tmp_path / "taken.pdf"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_args: (str(folder), "")))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda _parent, title, text: warnings.append(text)))
    app.window.sheet_action.trigger()
    assert len(warnings) == 1
    assert "not a plain file" in warnings[0]
    assert folder.is_dir()
    app._quit()


def test_cancelling_the_file_dialog_writes_nothing(qtbot, qapp, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch):
    app = make_app(qtbot, qapp)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_args: ("", "")))
    monkeypatch.chdir(tmp_path)
    app.window.sheet_action.trigger()
    assert not list(tmp_path.rglob("*.pdf"))
    app._quit()
