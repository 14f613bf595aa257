"""Help: the keys, and what ketacheck is and is not."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown

from ketacheck.tui.actions import APP_ACTIONS, AppAction, key_text
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.screens.history import HistoryScreen
from ketacheck.tui.screens.infusions import InfusionsScreen
from ketacheck.tui.screens.trends import TrendsScreen
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.titlebar import TitleBar

ABOUT = """\
# What ketacheck is

A quiet place to keep track of the days after a ketamine infusion: how you feel, what
to avoid for now and for how long, and when to call your care team.

**It reminds you of your clinic's instructions. It is not medical advice**, and it never
replaces your care team. If your clinic told you something different, follow your clinic
and change the hours in Settings.

ketacheck keeps everything on this computer. **It sends nothing to anyone**, so in a crisis
please call your crisis line, your local emergency number or your care team yourself.
An alert stays on Home until you say how you dealt with it.
"""

#: Rows of the keys table that are no app-level action: the palette, Back, the check-in.
PALETTE_ROW = "| Anywhere | `Ctrl+P` | Every action, by name |"
BACK_ROW = "| Anywhere | `Escape` | Back |"
CHECKIN_ROWS = """\
| Check-in | `0`-`9` | Pick a number (`1` then `0` for 10) |
| Check-in | `←` `→` | One less / one more |
| Check-in | `Enter` | Next (on the last step: save) |"""
DETAILS_ROW = "| History | `Enter` | Details of the check-in under the cursor |"


def action_row(action: AppAction) -> str:
    """One declared action as a row of the keys table; one without a key is by name."""
    keys = key_text(action.key) if action.key else f"`Ctrl+P`, {action.title}"
    where = action.where if action.key else "Anywhere"
    return f"| {where} | {keys} | {action.title}: {action.help} |"


#: The screens whose own keys Help lists too, by the ``id`` of the action that opens them.
SCREENS_WITH_KEYS: dict[str, type[Screen[None]]] = {
    "infusions": InfusionsScreen,
    "history": HistoryScreen,
    "trends": TrendsScreen,
}


def screen_rows(screen_id: str) -> list[str]:
    """Rows for the keys a screen shows in its key bar (Back is in the table already)."""
    where = next(a.title for a in APP_ACTIONS if a.id == screen_id)
    rows = []
    for binding in SCREENS_WITH_KEYS[screen_id].BINDINGS:
        if not isinstance(binding, Binding) or not binding.show or binding.key == "escape":
            continue
        keys = f"`{binding.key_display}`" if binding.key_display else key_text(binding.key)
        rows.append(f"| {where} | {keys} | {binding.description} |")
    return rows


def keys_table() -> str:
    """The keys table: anywhere first, then Home, then what is reached by name only, then
    the keys of each screen."""
    anywhere = [a for a in APP_ACTIONS if a.key and a.where == "Anywhere"]
    home = [a for a in APP_ACTIONS if a.key and a.where == "Home"]
    by_name = [a for a in APP_ACTIONS if not a.key and a.palette]
    rows = [
        "| Where | Key | What it does |",
        "|---|---|---|",
        *(action_row(a) for a in anywhere),
        PALETTE_ROW,
        BACK_ROW,
        *(action_row(a) for a in home + by_name),
        CHECKIN_ROWS,
        *(row for screen_id in SCREENS_WITH_KEYS for row in screen_rows(screen_id)),
        DETAILS_ROW,
    ]
    return "\n".join(rows)


HELP_TEXT = (
    f"{ABOUT}\n# Keys\n\n{keys_table()}\n\n"
    "The mouse works too: click a number, a button or a row.\n"
)


class HelpScreen(Screen[None]):
    """Keys and honesty about what the app is."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="help-back")]

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="help"):
            yield Markdown(HELP_TEXT)
        yield KeyBar()
