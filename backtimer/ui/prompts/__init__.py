"""The questions a session asks, as plain widgets the windows embed (see prompts/base.py)."""

from backtimer.ui.prompts.banners import ConfirmPanel, DecisionBanner
from backtimer.ui.prompts.base import ActionButton
from backtimer.ui.prompts.before_session import BeforeSessionPage
from backtimer.ui.prompts.controls import WrappingCheckBox
from backtimer.ui.prompts.pain_check import PainCheckPanel
from backtimer.ui.prompts.rating import RatingPicker
from backtimer.ui.prompts.safety import SafetyNoticePage

__all__ = [
    "ActionButton",
    "BeforeSessionPage",
    "ConfirmPanel",
    "DecisionBanner",
    "PainCheckPanel",
    "RatingPicker",
    "SafetyNoticePage",
    "WrappingCheckBox",
]
