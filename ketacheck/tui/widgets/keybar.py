"""The bottom line of every screen: the keys that matter here, each one clickable.

A single widget that draws one line of text. Textual's own Footer builds a widget per
key and rebuilds them all whenever focus moves, which cost more than everything else on
Home put together; this draws the same information for a fraction of that.

Help (``?``) and the command palette (``^p``) are always on the bar: from them the patient
finds every other key. When the rest do not fit, the bar first uses shorter names, then
leaves out whole keys, the least important first; it never cuts a key in half.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from ketacheck.tui.actions import short_title

#: The binding ids of the keys that are always shown, wherever the patient is.
PINNED_IDS = frozenset({"help"})


class KeyEntry(Struct, frozen=True):
    """One key as the bar shows it."""

    key: str
    """The key that a click presses."""

    shown: str
    """The key as the patient reads it: ``?``, ``^p``, ``esc``."""

    title: str
    """Its name when there is room."""

    short: str
    """Its name when the bar is tight (the same as ``title`` if there is no shorter one)."""

    rank: int
    """How much it matters: the bar leaves out the lowest rank first; pinned keys are 0."""

    def cells(self, short: bool) -> int:
        """How many cells the key takes on the bar."""
        return len(self.shown) + len(self.short if short else self.title) + 3


def fit(entries: list[KeyEntry], width: int) -> tuple[list[KeyEntry], bool]:
    """The keys to show in ``width`` cells, in bar order, and whether to use short names.

    Pinned keys (rank 0) stay even when nothing else fits; the others leave whole, the
    highest rank (the least important) first.
    """
    kept = list(entries)
    for short in (False, True):
        if sum(e.cells(short) for e in kept) <= width:
            return kept, short
    for entry in sorted(entries, key=lambda e: e.rank, reverse=True):
        if entry.rank == 0 or sum(e.cells(True) for e in kept) <= width:
            break
        kept.remove(entry)
    # A window too narrow even for Help and the palette keeps what fits whole.
    while kept and sum(e.cells(True) for e in kept) > width:
        kept.pop()
    return kept, True


class KeyBar(Widget):
    """Shows the current screen's bindings as ``key label`` pairs; a click presses the key."""

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.refresh()

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is self.screen:
            self.refresh()

    def entries(self) -> list[KeyEntry]:
        """Every key the bar would show with room enough, in bar order."""
        found: list[KeyEntry] = []
        seen: set[str] = set()
        palette_key = self.app.COMMAND_PALETTE_BINDING
        for active in self.screen.active_bindings.values():
            binding = active.binding
            # A key that does nothing now (Delete in an empty list) is left off: dimmed, it
            # would look the same as the others without colour.
            if not binding.show or not active.enabled or binding.key == palette_key:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            pinned = binding.id in PINNED_IDS
            # Back (Escape) is how a lost patient gets home: it goes last of all.
            back = binding.key.split(",")[0] == "escape"
            rank = 0 if pinned else 1 if back else 2 + len(found)
            title = binding.description
            found.append(
                KeyEntry(
                    binding.key,
                    self.app.get_key_display(binding),
                    title,
                    short_title(binding.id) or title,
                    rank,
                )
            )
        if self.app.ENABLE_COMMAND_PALETTE:
            found.append(KeyEntry(palette_key, "^p", "Actions", "Actions", 0))
        return found

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str]] = []
        width = self.size.width or self.app.size.width
        kept, short = fit(self.entries(), width)
        for entry in kept:
            start = line.cell_len
            # Only the key is underlined: an underlined space would read as "_".
            line.append(" ")
            line.append(entry.shown, style="bold underline")
            line.append(f" {entry.short if short else entry.title} ")
            spans.append((start, line.cell_len, entry.key))
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
