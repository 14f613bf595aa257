"""The screens the app opens by name, each imported only when first opened.

A small function per screen does the import, so the first frame doesn't pay for screens
the patient hasn't opened yet. The names are the ``id`` of the actions that open them
(``tui.actions``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

ScreenClass = Callable[[], "type[Screen[Any]]"]
"""A function that imports a screen's module and returns the screen's class."""


def _checkin() -> type[Screen[Any]]:
    from ketacheck.tui.screens.checkin import CheckInScreen

    return CheckInScreen


def _infusions() -> type[Screen[Any]]:
    from ketacheck.tui.screens.infusions import InfusionsScreen

    return InfusionsScreen


def _history() -> type[Screen[Any]]:
    from ketacheck.tui.screens.history import HistoryScreen

    return HistoryScreen


def _trends() -> type[Screen[Any]]:
    from ketacheck.tui.screens.trends import TrendsScreen

    return TrendsScreen


def _export() -> type[Screen[Any]]:
    from ketacheck.tui.screens.exchange import ExportScreen

    return ExportScreen


def _import() -> type[Screen[Any]]:
    from ketacheck.tui.screens.exchange import ImportScreen

    return ImportScreen


def _calendar() -> type[Screen[Any]]:
    from ketacheck.tui.screens.calendar import CalendarScreen

    return CalendarScreen


def _settings() -> type[Screen[Any]]:
    from ketacheck.tui.screens.settings import SettingsScreen

    return SettingsScreen


def _phq9() -> type[Screen[Any]]:
    from ketacheck.tui.screens.questionnaire import PHQ9Screen

    return PHQ9Screen


def _gad7() -> type[Screen[Any]]:
    from ketacheck.tui.screens.questionnaire import GAD7Screen

    return GAD7Screen


def _help() -> type[Screen[Any]]:
    from ketacheck.tui.screens.help import HelpScreen

    return HelpScreen


#: Each screen by name.
SCREENS: dict[str, ScreenClass] = {
    "checkin": _checkin,
    "infusions": _infusions,
    "history": _history,
    "trends": _trends,
    "export": _export,
    "import": _import,
    "calendar": _calendar,
    "settings": _settings,
    "phq9": _phq9,
    "gad7": _gad7,
    "help": _help,
}


#: The screens that only show what is kept (nothing typed or chosen lives in them), so
#: going back down past one loses nothing.
VIEWS = ("infusions", "history", "trends", "help")


def is_view(screen: Screen[Any]) -> bool:
    """Whether ``screen`` only shows what is kept (see :data:`VIEWS`)."""
    return any(type(screen) is screen_class(name) for name in VIEWS)


def screen_class(name: str) -> type[Screen[Any]]:
    """The class of the screen called ``name`` (importing its module on first use).

    Raises:
        KeyError: if there is no screen of that name.
    """
    return SCREENS[name]()
