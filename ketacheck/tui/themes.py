"""ketacheck's own themes, registered when the app starts."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

HIGH_CONTRAST_THEME = Theme(
    name="ketacheck-high-contrast",
    primary="#FFFF00",
    secondary="#FFFFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF5C5C",
    success="#5CFF5C",
    foreground="#FFFFFF",
    background="#000000",
    surface="#1C1C1C",
    panel="#333333",
    boost="#1A1A1A",
    dark=True,
)
"""Black, white and yellow: Textual ships no high-contrast theme. Red and green are kept
bright (and only for alerts and lifted restrictions) so those still stand apart."""


def register_themes(app: App[Any]) -> None:
    """Make ketacheck's own themes available to ``app`` (safe to call more than once)."""
    app.register_theme(HIGH_CONTRAST_THEME)
