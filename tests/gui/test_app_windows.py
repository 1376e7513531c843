"""The main window's menus open the other windows, and --routine goes straight to the check."""

from __future__ import annotations

from tests.helpers.app import make_app


def test_menus_open_settings_editor_and_history(qtbot, qapp):
    app = make_app(qtbot, qapp)
    app.window.settings_action.trigger()
    assert app.windows.settings_dialog is not None
    assert app.windows.settings_dialog.isVisible()
    app.window.editor_action.trigger()
    assert app.windows.editor is not None
    assert app.windows.editor.isVisible()
    app.window.history_action.trigger()
    assert app.windows.history_window is not None
    assert app.windows.history_window.isVisible()
    for window in (app.windows.settings_dialog, app.windows.editor, app.windows.history_window):
        window.close()
    app._quit()


def test_saved_settings_change_the_plan_estimates(qtbot, qapp):
    app = make_app(qtbot, qapp)
    before = app.plan(app.library.routine("gentle_start")).estimated_seconds
    app.save_settings(app.settings.replace(hold_adjust=5))
    after = app.plan(app.library.routine("gentle_start")).estimated_seconds
    assert after > before
    app._quit()


def test_routine_option_opens_the_before_session_check(qtbot, qapp):
    app = make_app(qtbot, qapp, routine_id="core_stability")
    assert app.window.pages.currentWidget() is app.before_page
    assert app._pending is not None
    assert app._pending.id == "core_stability"
    app._quit()


def test_accepting_a_suggestion_saves_a_personal_copy_of_a_built_in_routine(qtbot, qapp):
    from backtimer.core.progression import Change, Suggestion

    app = make_app(qtbot, qapp)
    suggestion = Suggestion(
        kind="progress", routine_id="gentle_start", routine_name="Gentle start", based_on=1,
        changes=(Change("glute_bridge", "Glute bridge", "hold", 6, 11),), sessions=3,
    )
    app.suggestions.accepted.emit(suggestion)
    mine = [r for r in app.user_routines if r.id == "my_gentle_start"]
    assert len(mine) == 1
    bridge = next(i for i in mine[0].items if i.exercise == "glute_bridge")
    assert bridge.hold == 11
    assert app.window.routines.current_routine_id() == "my_gentle_start"
    assert app.library.routine("gentle_start").builtin  # the built-in one is untouched
    app._quit()
