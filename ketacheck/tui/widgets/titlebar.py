"""The top line of every screen: the app's name and, in the demo, that nothing is kept."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TitleBar(Widget):
    """A one-line title, drawn as text (Textual's Header builds several widgets)."""

    def render(self) -> Text:
        title = Text(" ◔ ketacheck", style="bold")
        if self.app.sub_title:
            title.append(f" — {self.app.sub_title}", style="dim")
        return title
