"""Help: the keys, and what ketacheck is and is not."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

HELP_TEXT = """\
# What ketacheck is

A quiet place to keep track of the days after a ketamine infusion: how you feel, what
to avoid for now and for how long, and when to call your care team.

**It reminds you of your clinic's instructions. It is not medical advice**, and it never
replaces your care team. If your clinic told you something different, follow your clinic
and change the hours in Settings.

ketacheck keeps everything on this computer. **It sends nothing to anyone**, so in a crisis
please call your crisis line, your local emergency number or your care team yourself.
An alert stays on Home until you say how you dealt with it.

# Keys

| Where | Key | What it does |
|---|---|---|
| Anywhere | `?` or `F1` | This help |
| Anywhere | `Ctrl+P` | Every action, by name |
| Anywhere | `Escape` | Back |
| Home | `c` | Check in |
| Home | `a` | Mark an open alert as dealt with (it stays in your history) |
| Home | `i` | Infusions: log, edit, delete, next appointment |
| Home | `y` | History of check-ins |
| Home | `t` | Trends after each infusion |
| Home | `w` | PHQ-9 or GAD-7 questionnaire (whichever is due) |
| Home | `e` | Export (JSON or CSV) |
| Home | `r` | Report: a one-page summary for your clinic (HTML, in your home folder) |
| Home | `s` | Settings |
| Home | `q` | Quit |
| Check-in | `0`-`9` | Pick a number (`1` then `0` for 10) |
| Check-in | `←` `→` | One less / one more |
| Check-in | `Enter` | Next (on the last step: save) |

The mouse works too: click a number, a button or a row.
"""


class HelpScreen(Screen[None]):
    """Keys and honesty about what the app is."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="help-back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="help"):
            yield Markdown(HELP_TEXT)
        yield KeyBar()
