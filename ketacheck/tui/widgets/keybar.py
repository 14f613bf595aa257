"""The bottom line of every screen: the keys that matter here, each one clickable.

A single widget that draws one line of text. Textual's own Footer builds a widget per
key and rebuilds them all whenever focus moves, which cost more than everything else on
Home put together; this draws the same information for a fraction of that.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """Shows the current screen's bindings as ``key label`` pairs; a click presses the key."""

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        palette_key = self.app.COMMAND_PALETTE_BINDING
        entries = []
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen or binding.key == palette_key:
                continue
            seen.add(binding.action)
            entries.append(
                (
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    active.enabled,
                )
            )
        if self.app.ENABLE_COMMAND_PALETTE:
            entries.append((palette_key, "^p", "Actions", True))
        for key, shown, description, enabled in entries:
            start = line.cell_len
            line.append(f" {shown}", style="bold underline" if enabled else "dim")
            line.append(f" {description} ", style="" if enabled else "dim")
            spans.append((start, line.cell_len, key))
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
