"""The base of every dialog: a modal screen from which Help still opens.

Textual stops the App's key bindings at a modal screen, so without this ``?`` and ``F1``
would do nothing in a dialog, the one place a hesitant patient is most likely to press
them. Help opens on top of the dialog; Escape there comes back to it, answers kept.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from ketacheck.tui.actions import bindings
from ketacheck.tui.screens import SCREENS_CSS

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen with the keys that work everywhere (Help)."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = bindings("Anywhere")
