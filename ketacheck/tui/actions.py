"""Everything the patient can do from Home or from any screen, each declared once.

Home's key bindings and the App's, the command palette and the keys in Help are all read
from ``APP_ACTIONS``; an action that opens a screen names it by its ``id`` in
``screens.registry``. This module imports no screen, so the screens may import it.
"""

from __future__ import annotations

from typing import Literal

from msgspec import Struct
from textual.binding import Binding, BindingType


class AppAction(Struct, frozen=True):
    """One thing to do, as the key bar, the command palette and Help show it."""

    id: str
    """The binding's id (so its key can be remapped) and, for a screen, its name."""

    title: str
    """Its name in the key bar and the command palette."""

    help: str
    """One line on what it does, in the command palette and in Help."""

    key: str | None = None
    """Its keys in Textual's names, comma-separated; None when it is reached by name only."""

    action: str = ""
    """What the key runs, in Home's terms; empty to open the screen named ``id``."""

    where: Literal["Home", "Anywhere"] = "Home"
    """Where the key works: on Home only, or on every screen (an App binding)."""

    show: bool = True
    """Whether the key bar shows the key when there is room (it leaves out the last first)."""

    short: str = ""
    """A shorter name for a narrow key bar; empty if ``title`` is short enough."""

    palette: bool = True
    """Whether the command palette offers it on every screen, not only where its key works."""

    @property
    def opens_screen(self) -> bool:
        """Whether it opens the screen named ``id`` (see ``screens.registry``)."""
        return not self.action

    @property
    def runs(self) -> str:
        """The action string the key and the palette run."""
        return self.action or f"app.open({self.id!r})"

    def binding(self) -> Binding:
        """The key binding, for Home's or the App's ``BINDINGS``."""
        assert self.key is not None
        return Binding(self.key, self.runs, self.title, id=self.id, show=self.show)


APP_ACTIONS = (
    AppAction("checkin", "Check in", "Answer a few questions about how you feel", "c"),
    AppAction(
        "resolve-alert",
        "Resolve alert",
        "Mark an open alert as dealt with (it stays in your history)",
        "a",
        action="resolve_alert",
        palette=False,
        short="Resolve",
    ),
    AppAction(
        "infusions",
        "Infusions",
        "Log, edit or delete an infusion; set the next appointment",
        "i",
    ),
    AppAction(
        "history",
        "History",
        "Your check-ins so far, to read, edit or delete",
        "y",
    ),
    AppAction("trends", "Trends", "How each symptom changed after each infusion", "t"),
    AppAction(
        "questionnaires",
        "PHQ-9/GAD-7",
        "The PHQ-9 or GAD-7 questionnaire, whichever is due",
        "w",
        action="questionnaire",
        palette=False,
    ),
    AppAction(
        "settings",
        "Settings",
        "Restriction hours, contacts, clock and theme",
        "s",
    ),
    AppAction("export", "Export", "Save your whole record as JSON or CSV", "e"),
    AppAction(
        "report",
        "Report",
        "Save a one-page summary for your clinician, where you choose",
        "r",
        action="app.report",
        show=False,
    ),
    AppAction("import", "Import", "Add the records of a ketacheck export file"),
    AppAction(
        "calendar",
        "Add to calendar",
        "Save your reminders as a file your phone or computer calendar opens",
        "m",
        show=False,
        short="Calendar",
    ),
    AppAction("phq9", "PHQ-9", "The PHQ-9 mood questionnaire, one item at a time"),
    AppAction("gad7", "GAD-7", "The GAD-7 anxiety questionnaire, one item at a time"),
    AppAction(
        "help",
        "Help",
        "Keys, and what ketacheck is and is not",
        "question_mark,f1",
        where="Anywhere",
    ),
    # The palette has Textual's own Quit.
    AppAction("quit-home", "Quit", "Close ketacheck", "q", action="app.quit", palette=False),
)
"""Every app-level action, in the order of the key bar, the palette and Help."""


def bindings(where: Literal["Home", "Anywhere"]) -> list[BindingType]:
    """The key bindings of the actions whose keys work on Home, or everywhere."""
    return [action.binding() for action in APP_ACTIONS if action.key and action.where == where]


def key_text(keys: str) -> str:
    """Keys as Help shows them: ``question_mark,f1`` reads "`?` or `F1`"."""
    names = {"question_mark": "?"}
    shown = (names.get(key, key if len(key) == 1 else key.title()) for key in keys.split(","))
    return " or ".join(f"`{key}`" for key in shown)


def short_title(binding_id: str | None) -> str:
    """The shorter key-bar name of the action with ``binding_id``; empty if it has none."""
    return next((a.short for a in APP_ACTIONS if a.id == binding_id), "")
