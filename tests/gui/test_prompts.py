"""The prompts answer from the keyboard alone, as the README's key table says, and the
themes keep text legible. Keys are sent with qtbot to whichever widget would have the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from backtimer.core.pain import (
    GENTLE_ONLY_TEXT,
    RED_FLAGS,
    SEE_CLINICIAN_TEXT,
    URGENT_CARE_TEXT,
    Gate,
    GateResult,
)
from backtimer.ui.prompts import (
    BeforeSessionPage,
    ConfirmPanel,
    DecisionBanner,
    PainCheckPanel,
    RatingPicker,
    SafetyNoticePage,
)
from backtimer.ui.theme import (
    apply_theme,
    contrast_ratio,
    ensure_contrast,
    palette_for,
    session_colors,
)

Key = Qt.Key
TIMEOUT = 1000  # ms; every signal here is emitted synchronously, this only bounds a failure


@pytest.fixture
def host(qtbot):
    """A plain top-level window without a layout to put a prompt in and activate.

    (A prompt shown as a top-level window itself would have its minimum size pushed to the
    offscreen platform, which warns that it cannot do that; the warning would fail the test.)
    """
    windows: list[QWidget] = []  # qtbot only holds a weak reference

    def make(widget: QWidget, width: int = 1000, height: int = 700) -> QWidget:
        window = QWidget()
        windows.append(window)
        qtbot.addWidget(window)
        widget.setParent(window)
        window.resize(width, height)
        widget.resize(width, height)
        with qtbot.waitActive(window, timeout=TIMEOUT):  # a context manager, not a call
            window.show()
            window.activateWindow()
        return window

    return make


@pytest.fixture
def restore_theme(qapp):
    yield
    apply_theme(qapp, "system", 1.0)


def gentle_gate() -> GateResult:
    return GateResult(Gate.GENTLE_ONLY, GENTLE_ONLY_TEXT)


# ------------------------------------------------------------------ RatingPicker
def test_picker_starts_empty_and_a_digit_then_enter_confirms(qtbot):
    picker = RatingPicker()
    qtbot.addWidget(picker)
    assert picker.value() is None
    assert not any(b.isChecked() for b in picker.findChildren(QAbstractButton))
    with qtbot.waitSignal(picker.valueChanged, timeout=TIMEOUT) as changed:
        qtbot.keyClick(picker, Key.Key_7)
    assert changed.args == [7]
    with qtbot.waitSignal(picker.confirmed, timeout=TIMEOUT) as confirmed:
        qtbot.keyClick(picker, Key.Key_Return)
    assert confirmed.args == [7]
    checked = [b.text() for b in picker.findChildren(QAbstractButton) if b.isChecked()]
    assert checked == ["7"]


def test_picker_enter_without_a_value_emits_nothing_and_says_why(qtbot):
    picker = RatingPicker()
    qtbot.addWidget(picker)
    with qtbot.assertNotEmitted(picker.confirmed):
        qtbot.keyClick(picker, Key.Key_Enter)
    assert picker.hint() == "Choose a number first"
    qtbot.keyClick(picker, Key.Key_2)
    assert picker.hint() == ""


@pytest.mark.parametrize(("start", "key", "presses", "expected"), [
    (None, Key.Key_Up, 1, 0),  # from no value both arrows start at the bottom of the scale
    (None, Key.Key_Down, 1, 0),
    (9, Key.Key_Up, 1, 10),  # 10 is reached with Up
    (9, Key.Key_Up, 5, 10),  # and never passed
    (1, Key.Key_Down, 5, 0),
    (5, Key.Key_Down, 2, 3),
])
def test_picker_up_and_down_stay_within_0_to_10(qtbot, start, key, presses, expected):
    picker = RatingPicker()
    qtbot.addWidget(picker)
    picker.setValue(start)
    for _ in range(presses):
        qtbot.keyClick(picker, key)
    assert picker.value() == expected


def test_picker_left_and_right_are_left_to_the_session(qtbot):
    picker = RatingPicker()
    qtbot.addWidget(picker)
    picker.setValue(4)
    qtbot.keyClick(picker, Key.Key_Right)
    qtbot.keyClick(picker, Key.Key_Left)
    assert picker.value() == 4


def test_picker_click_chooses_and_reset_clears(qtbot):
    picker = RatingPicker()
    qtbot.addWidget(picker)
    three = next(b for b in picker.findChildren(QAbstractButton) if b.text() == "3")
    with qtbot.waitSignal(picker.valueChanged, timeout=TIMEOUT) as changed:
        qtbot.mouseClick(three, Qt.MouseButton.LeftButton)
    assert changed.args == [3]
    assert picker.value() == 3
    picker.reset()
    assert picker.value() is None
    assert not three.isChecked()


def test_picker_rejects_out_of_range_values(qtbot):
    picker = RatingPicker()
    qtbot.addWidget(picker)
    for bad in (-1, 11, 2.5, True):
        with pytest.raises(ValueError, match="0 to 10"):
            picker.setValue(bad)
    assert picker.value() is None


# ------------------------------------------------------------------ safety notice
def test_notice_enter_anywhere_acknowledges(qtbot):
    page = SafetyNoticePage()
    qtbot.addWidget(page)
    for target in (page, page.button, page.title):
        with qtbot.waitSignal(page.acknowledged, timeout=TIMEOUT):
            qtbot.keyClick(target, Key.Key_Return)


def test_notice_lists_every_red_flag_and_the_urgent_text(qtbot):
    page = SafetyNoticePage()
    qtbot.addWidget(page)
    shown = {label.text() for label in page.findChildren(type(page.title))}
    assert {text for _key, text in RED_FLAGS} <= shown
    assert URGENT_CARE_TEXT in shown
    with qtbot.assertNotEmitted(page.acknowledged):
        for key in (Key.Key_Down, Key.Key_PageDown, Key.Key_Up, Key.Key_5):
            qtbot.keyClick(page, key)


def test_notice_scrolls_by_keyboard_in_a_small_window(qtbot, host):
    page = SafetyNoticePage()
    host(page, 800, 600)
    apply_scroll = page._area.verticalScrollBar()
    assert apply_scroll.maximum() > 0, "at 800x600 the notice should need scrolling"
    qtbot.keyClick(page.button, Key.Key_End)
    assert apply_scroll.value() == apply_scroll.maximum()
    qtbot.keyClick(page.button, Key.Key_Home)
    assert apply_scroll.value() == 0


# ------------------------------------------------------------------ before the session
def test_before_session_digit_then_enter_answers_with_no_red_flag(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    page.setRoutineName("Morning mobility")
    assert "Morning mobility" in page.routineName()
    assert not any(box.isChecked() for box in page.flags.values())
    qtbot.keyClick(page, Key.Key_3)
    with qtbot.waitSignal(page.answered, timeout=TIMEOUT) as answered:
        qtbot.keyClick(page, Key.Key_Return)
    assert answered.args == [3, []]
    assert not any(box.isChecked() for box in page.flags.values())


def test_before_session_enter_without_a_value_emits_nothing(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    with qtbot.assertNotEmitted(page.answered):
        qtbot.keyClick(page, Key.Key_Return)
    assert page.picker.hint() == "Choose a number first"


def test_before_session_a_ticked_flag_is_reported_and_digits_still_reach_the_rating(qtbot, host):
    page = BeforeSessionPage()
    host(page)
    box = page.flags["leg_weakness"]
    box.setFocus()
    assert box.hasFocus()
    qtbot.keyClick(box, Key.Key_Space)
    assert box.isChecked()
    qtbot.keyClick(box, Key.Key_4)  # typed while the check box has the focus
    qtbot.keyClick(box, Key.Key_Up)
    assert page.picker.value() == 5
    assert box.isChecked()
    with qtbot.waitSignal(page.answered, timeout=TIMEOUT) as answered:
        qtbot.keyClick(box, Key.Key_Return)
    assert answered.args == [5, ["leg_weakness"]]


def test_before_session_tab_reaches_every_red_flag_box(qtbot, host):
    page = BeforeSessionPage()
    host(page)
    page.setFocus()
    assert page.picker.hasFocus()
    reached = []
    for _ in range(len(RED_FLAGS)):
        qtbot.keyClick(QApplication.focusWidget(), Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == list(page.flags.values())


def test_before_session_buttons_answer_like_the_keys(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    with qtbot.assertNotEmitted(page.answered):
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)  # no number yet
    page.picker.setValue(2)
    with qtbot.waitSignal(page.answered, timeout=TIMEOUT) as answered:
        qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    assert answered.args == [2, []]
    with qtbot.waitSignal(page.back, timeout=TIMEOUT):
        qtbot.keyClick(page.back_button, Key.Key_Return)  # Enter on a tabbed-to Back


def test_before_session_escape_goes_back(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.back, timeout=TIMEOUT):
        qtbot.keyClick(page.flags["trauma"], Key.Key_Escape)


def test_gate_emergency_shows_only_back_and_enter_goes_back(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    page.showGate(GateResult(Gate.EMERGENCY, URGENT_CARE_TEXT), [("gentle", "Gentle")])
    assert page.gate() == Gate.EMERGENCY
    assert page.stack.currentIndex() == page.GATE
    assert page.gate_message.text() == URGENT_CARE_TEXT
    assert not page.gate_back_button.isHidden()
    assert page.choose_button.isHidden()
    assert page.gentle_list.isHidden()
    with qtbot.assertNotEmitted(page.answered), qtbot.assertNotEmitted(page.routineChosen):
        qtbot.keyClick(page, Key.Key_5)
        with qtbot.waitSignal(page.back, timeout=TIMEOUT):
            qtbot.keyClick(page, Key.Key_Return)


def test_gate_see_clinician_shows_the_message_and_back(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    page.showGate(GateResult(Gate.SEE_CLINICIAN, SEE_CLINICIAN_TEXT))
    assert page.gate_message.text() == SEE_CLINICIAN_TEXT
    assert page.choose_button.isHidden()
    assert page.gentle_list.isHidden()
    with qtbot.waitSignal(page.back, timeout=TIMEOUT):
        qtbot.keyClick(page, Key.Key_Escape)


def test_gate_gentle_only_offers_the_gentle_routines_by_keyboard(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    page.showGate(gentle_gate(), [("gentle_start", "Gentle start"), ("lying", "Lying stretches")])
    assert page.gate_message.text() == GENTLE_ONLY_TEXT
    assert not page.gentle_list.isHidden()
    assert not page.choose_button.isHidden()
    assert [page.gentle_list.item(i).text() for i in range(page.gentle_list.count())] == [
        "Gentle start", "Lying stretches"]
    for key in (Key.Key_Down, Key.Key_Down, Key.Key_Up, Key.Key_Down):  # bounded at the end
        qtbot.keyClick(page, key)
    with qtbot.waitSignal(page.routineChosen, timeout=TIMEOUT) as chosen:
        qtbot.keyClick(page, Key.Key_Return)
    assert chosen.args == ["lying"]


def test_gate_gentle_only_without_gentle_routines_only_goes_back(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    page.showGate(gentle_gate(), [])
    assert page.choose_button.isHidden()
    with qtbot.assertNotEmitted(page.routineChosen), qtbot.waitSignal(page.back,
                                                                      timeout=TIMEOUT):
        qtbot.keyClick(page, Key.Key_Return)


def test_gate_go_keeps_asking(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    page.showGate(GateResult(Gate.GO, ""))
    assert page.stack.currentIndex() == page.ASK
    assert page.gate() is None


def test_before_session_reset_clears_answers_and_gate(qtbot):
    page = BeforeSessionPage()
    qtbot.addWidget(page)
    page.setRoutineName("Evening")
    page.picker.setValue(6)
    page.flags["unwell"].setChecked(True)
    page.showGate(gentle_gate(), [("gentle_start", "Gentle start")])
    page.reset()
    assert page.picker.value() is None
    assert not any(box.isChecked() for box in page.flags.values())
    assert page.stack.currentIndex() == page.ASK
    assert page.gate() is None
    assert page.gentle_list.count() == 0
    assert "Evening" in page.routineName()


# ------------------------------------------------------------------ pain check
def test_pain_check_digit_then_enter_answers(qtbot):
    panel = PainCheckPanel()
    qtbot.addWidget(panel)
    panel.setExercise("Glute bridge")
    panel.setBaseline(3)
    assert "Glute bridge" in panel.exercise_label.text()
    assert panel.baseline_label.text() == "Before the session: 3"
    qtbot.keyClick(panel, Key.Key_4)
    with qtbot.waitSignal(panel.answered, timeout=TIMEOUT) as answered:
        qtbot.keyClick(panel, Key.Key_Return)
    assert answered.args == [4, False, False]


def test_pain_check_digits_reach_the_rating_from_a_focused_check_box(qtbot, host):
    panel = PainCheckPanel()
    host(panel)
    panel.leg_box.setFocus()
    assert panel.leg_box.hasFocus()
    qtbot.keyClick(panel.leg_box, Key.Key_9)
    qtbot.keyClick(panel.leg_box, Key.Key_Up)
    qtbot.keyClick(panel.leg_box, Key.Key_Up)  # stays at 10
    assert panel.picker.value() == 10
    assert not panel.leg_box.isChecked()
    assert not panel.red_flag_box.isChecked()
    qtbot.keyClick(panel.leg_box, Key.Key_Space)
    with qtbot.waitSignal(panel.answered, timeout=TIMEOUT) as answered:
        qtbot.keyClick(panel.red_flag_box, Key.Key_Enter)
    assert answered.args == [10, True, False]


def test_pain_check_enter_without_a_value_emits_nothing(qtbot):
    panel = PainCheckPanel()
    qtbot.addWidget(panel)
    with qtbot.assertNotEmitted(panel.answered):
        qtbot.keyClick(panel.red_flag_box, Key.Key_Return)
        qtbot.keyClick(panel, Key.Key_Return)
    assert panel.picker.hint() == "Choose a number first"


def test_pain_check_red_flag_box_and_reset(qtbot):
    panel = PainCheckPanel()
    qtbot.addWidget(panel)
    panel.picker.setValue(2)
    qtbot.mouseClick(panel.red_flag_box, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.answered, timeout=TIMEOUT) as answered:
        qtbot.keyClick(panel, Key.Key_Return)
    assert answered.args == [2, False, True]
    panel.reset()
    assert panel.picker.value() is None
    assert not panel.red_flag_box.isChecked()
    assert not panel.leg_box.isChecked()


def test_pain_check_escape_is_left_to_the_session(qtbot, host):
    """Esc means "stop?" in a session, so the panel lets it through to the session's shortcut."""
    panel = PainCheckPanel()
    window = host(panel)
    session_shortcut = QShortcut(QKeySequence("Esc"), window)
    session_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    panel.setFocus()
    assert panel.picker.hasFocus()
    with qtbot.waitSignal(session_shortcut.activated, timeout=TIMEOUT):
        qtbot.keyClick(panel.picker, Key.Key_Escape)


def test_prompt_keys_win_over_window_shortcuts(qtbot, host):
    """A session window's Enter and Space shortcuts must not swallow the answer or the tick."""
    panel = PainCheckPanel()
    window = host(panel)
    fired = []
    for sequence in ("Return", "Space", "H"):
        shortcut = QShortcut(QKeySequence(sequence), window)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda s=sequence: fired.append(s))
    panel.leg_box.setFocus()
    qtbot.keyClick(panel.leg_box, Key.Key_H)  # not a prompt key: the window's shortcut runs
    assert fired == ["H"]
    qtbot.keyClick(panel.leg_box, Key.Key_Space)
    assert panel.leg_box.isChecked()
    qtbot.keyClick(panel.leg_box, Key.Key_6)
    with qtbot.waitSignal(panel.answered, timeout=TIMEOUT) as answered:
        qtbot.keyClick(panel.leg_box, Key.Key_Return)
    assert answered.args == [6, True, False]
    assert fired == ["H"]


# ------------------------------------------------------------------ confirm
def test_confirm_enter_confirms_and_escape_cancels(qtbot):
    panel = ConfirmPanel()
    qtbot.addWidget(panel)
    panel.setText("Stop the session now?")
    assert panel.text() == "Stop the session now?"
    with qtbot.waitSignal(panel.confirmed, timeout=TIMEOUT):
        qtbot.keyClick(panel, Key.Key_Return)
    with qtbot.assertNotEmitted(panel.confirmed), qtbot.waitSignal(panel.cancelled,
                                                                   timeout=TIMEOUT):
        qtbot.keyClick(panel, Key.Key_Escape)


def test_confirm_enter_on_a_tabbed_to_button_presses_that_button(qtbot):
    panel = ConfirmPanel()
    qtbot.addWidget(panel)
    with qtbot.assertNotEmitted(panel.confirmed), qtbot.waitSignal(panel.cancelled,
                                                                   timeout=TIMEOUT):
        qtbot.keyClick(panel.keep_button, Key.Key_Return)


def test_confirm_takes_the_focus_itself_when_shown(qtbot, host):
    panel = ConfirmPanel()
    host(panel)
    assert panel.hasFocus(), "focus on a button would make Enter look like it presses it"


# ------------------------------------------------------------------ decision banner
def test_banner_shows_the_message_in_a_colour_by_severity(qtbot):
    banner = DecisionBanner()
    qtbot.addWidget(banner)
    colours = {}
    for decision in ("continue", "caution", "skip_exercise", "stop_session", "emergency"):
        banner.show_decision(decision, f"{decision} message")
        assert banner.text() == f"{decision} message"
        assert banner.decision() == decision
        assert not banner.isHidden()
        assert banner.accessibleDescription() == f"{decision} message"
        colours[decision] = banner.colour().name()
    assert colours["caution"] == colours["skip_exercise"]
    assert colours["stop_session"] == colours["emergency"]
    assert len({colours["continue"], colours["caution"], colours["stop_session"]}) == 3
    banner.clear()
    assert banner.isHidden()
    assert banner.text() == ""
    assert banner.decision() is None


def test_banner_hides_for_an_empty_message_and_rejects_unknown_decisions(qtbot):
    banner = DecisionBanner()
    qtbot.addWidget(banner)
    banner.show_decision("continue", "")
    assert banner.isHidden()
    with pytest.raises(ValueError, match="unknown decision"):
        banner.show_decision("panic", "x")


# ------------------------------------------------------------------ accessibility
def all_prompts() -> list[QWidget]:
    gated = BeforeSessionPage()
    gated.showGate(gentle_gate(), [("g", "Gentle")])
    return [RatingPicker(), SafetyNoticePage(), BeforeSessionPage(), gated, PainCheckPanel(),
            ConfirmPanel(), DecisionBanner()]


def test_every_control_has_an_accessible_name(qtbot):
    for prompt in all_prompts():
        qtbot.addWidget(prompt)
        assert prompt.accessibleName(), type(prompt).__name__
        controls = prompt.findChildren(QAbstractButton)
        assert controls or isinstance(prompt, DecisionBanner)
        for control in controls:
            assert control.accessibleName().strip(), (type(prompt).__name__, control.text())


def test_fonts_follow_the_text_size_setting(qtbot, qapp, host, restore_theme):
    apply_theme(qapp, "light", 1.0)
    panel = PainCheckPanel()
    host(panel, 1400, 900)  # wide enough for the question on one line at both sizes
    small = panel.question.font().pointSizeF()
    assert small > 2 * qapp.font().pointSizeF()  # readable from the mat
    apply_theme(qapp, "light", 1.5)
    qapp.processEvents()  # Qt posts the application-font change to the widgets
    assert panel.question.font().pointSizeF() == pytest.approx(small * 1.5)


# ------------------------------------------------------------------ theme
def test_contrast_ratio_matches_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WCAG's grey
    assert contrast_ratio("#0000ff", "#ffffff") == pytest.approx(8.59, abs=0.01)


def test_ensure_contrast_moves_a_colour_until_it_reads():
    fixed = ensure_contrast("#ffff66", "#ffffff")  # pale yellow on white
    assert contrast_ratio(fixed, "#ffffff") >= 4.5
    assert ensure_contrast("#000000", "#ffffff").name() == "#000000"  # already fine: unchanged


@pytest.mark.parametrize("theme", ["light", "dark", "high_contrast"])
def test_theme_palettes_and_session_colours_are_legible(qapp, theme):
    palette = palette_for(theme)
    assert palette is not None
    role = QPalette.ColorRole
    for text, background in ((role.WindowText, role.Window), (role.Text, role.Base),
                             (role.ButtonText, role.Button),
                             (role.HighlightedText, role.Highlight)):
        assert contrast_ratio(palette.color(text), palette.color(background)) >= 7.0
    colours = session_colors(palette)
    assert set(colours) == {"background", "foreground", "muted", "accent", "rest", "warn",
                            "danger", "ok"}
    assert contrast_ratio(colours["foreground"], colours["background"]) >= 7.0
    for name, colour in colours.items():
        if name != "background":
            assert contrast_ratio(colour, colours["background"]) >= 4.5, name


def test_high_contrast_is_black_white_and_yellow():
    palette = palette_for("high_contrast")
    assert palette is not None
    role = QPalette.ColorRole
    assert palette.color(role.Window).name() == "#000000"
    assert palette.color(role.WindowText).name() == "#ffffff"
    assert palette.color(role.Highlight).name() == "#ffff00"


def test_session_colours_stay_legible_on_an_odd_system_palette(qapp):
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, "#7a7a7a")  # a mid grey nobody should choose
    palette.setColor(QPalette.ColorRole.WindowText, "#909090")
    colours = session_colors(palette)
    for name, colour in colours.items():
        if name != "background":
            assert contrast_ratio(colour, colours["background"]) >= 4.5, name


def test_apply_theme_twice_does_not_compound_the_text_scale(qapp, restore_theme):
    apply_theme(qapp, "system", 1.0)
    base = qapp.font().pointSizeF()
    apply_theme(qapp, "dark", 1.5)
    apply_theme(qapp, "dark", 1.5)
    assert qapp.font().pointSizeF() == pytest.approx(base * 1.5)
    apply_theme(qapp, "light", 0.8)
    assert qapp.font().pointSizeF() == pytest.approx(base * 0.8)
    apply_theme(qapp, "light", 1.0, base_point_size=12)
    assert qapp.font().pointSizeF() == pytest.approx(12)


def test_apply_theme_sets_the_palette_and_system_gives_it_back(qapp, restore_theme):
    apply_theme(qapp, "system", 1.0)
    system_window = qapp.palette().color(QPalette.ColorRole.Window).name()
    apply_theme(qapp, "dark", 1.0)
    assert qapp.style().name().lower() == "fusion"
    apply_theme(qapp, "high_contrast", 1.0)
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    apply_theme(qapp, "system", 1.0)
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == system_window


def test_high_contrast_outlines_controls_and_leaves_other_style_sheets_alone(qapp,
                                                                           restore_theme):
    apply_theme(qapp, "high_contrast", 1.0)
    assert "QCheckBox::indicator" in qapp.styleSheet()
    apply_theme(qapp, "dark", 1.0)
    assert qapp.styleSheet() == ""
    qapp.setStyleSheet("QLabel { margin: 1px; }")  # somebody else's
    try:
        apply_theme(qapp, "high_contrast", 1.0)
        apply_theme(qapp, "light", 1.0)
        assert qapp.styleSheet() == "QLabel { margin: 1px; }"
    finally:
        qapp.setStyleSheet("")


def test_apply_theme_rejects_an_unknown_theme(qapp):
    with pytest.raises(ValueError, match="unknown theme"):
        apply_theme(qapp, "purple", 1.0)


def test_the_pain_check_shows_the_red_flag_list_it_mentions(qtbot, host):
    panel = PainCheckPanel()
    host(panel)
    assert "list below" in panel.red_flag_box.text()
    assert panel.red_flag_list.isVisible()
    for _key, text in RED_FLAGS:
        assert text in panel.red_flag_list.text()
