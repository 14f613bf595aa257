"""Every key a screen names works there (issue 21, point 4).

For each screen a patient can reach, every key named in what it shows (hints such as
"Press u to put it back", "or m to add more", labels such as "Save (Enter)", notices, the
key bar) must be bound and enabled on that screen, with the focus where it is. A key
named for somewhere else ("press w on Home", "press Escape, then c") must work there.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace
from rich.console import Group
from rich.text import Text
from textual.binding import Binding
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Markdown, Static

from ketacheck.tui.app import KetacheckApp
from ketacheck.tui.screens.checkin import CheckInScreen
from ketacheck.tui.screens.exchange import ImportScreen
from ketacheck.tui.screens.help import HelpScreen
from ketacheck.tui.screens.history import HistoryScreen
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.infusions import InfusionsScreen
from ketacheck.tui.screens.trends import TrendsScreen
from ketacheck.tui.widgets.keybar import KeyBar
from ketacheck.tui.widgets.pickers import ScalePicker
from ketacheck.usecases.checkins import record_checkin
from tests.tui_support import NOW, FakeClock, build_app, settle

#: A key as the screens name it: "Enter", "Esc", "Ctrl+S", "?", "↓", "u", "0".
KEY = r"(?:Enter|Escape|Esc|Space|Tab|Page Down|Page Up|F1|Ctrl\+[A-Za-z]|\?|↓|↑|←|→|[a-z0-9])"
#: A key in a label: "Save (Enter)", "JSON: everything (j)", "Back (Esc)".
IN_BRACKETS = re.compile(rf"\(({KEY})\)")
#: A key after a word that names one: "press u", "or m to", "then a", "use ← →".
AFTER_WORD = re.compile(
    rf"(?P<word>\b[Pp]ress(?:ing)?|\buse|\bor|\bthen|\band|(?<=[←→↑↓]))\s+(?P<key>{KEY})"
    r"(?![\w'+-])(?! number)"
)
TAB_TO = re.compile(r"\bTab to\b")
#: A sentence that names keys at all.
NAMES_KEYS = re.compile(r"\b(?:[Pp]ress|use|Tab to)\b")

TEXTUAL_NAMES = {
    "Enter": "enter",
    "Escape": "escape",
    "Esc": "escape",
    "Space": "space",
    "Tab": "tab",
    "Page Down": "pagedown",
    "Page Up": "pageup",
    "F1": "f1",
    "?": "question_mark",
    "↓": "down",
    "↑": "up",
    "←": "left",
    "→": "right",
}


def textual_name(shown: str) -> str:
    if shown.startswith("Ctrl+"):
        return f"ctrl+{shown[5:].lower()}"
    return TEXTUAL_NAMES.get(shown, shown)


@dataclass(frozen=True)
class Named:
    """A key named on the screen, where it should work, and the words that name it."""

    key: str
    where: str  # "here", "focus" (on a control reached with Tab), "Home", "check-in"
    words: str


def named_keys(text: str) -> list[Named]:
    """Every key that ``text`` names, with where it is said to work."""
    found: list[Named] = []
    for sentence in re.split(r"(?<=[.!?;])\s+|\n", text):
        labels = IN_BRACKETS.finditer(sentence)
        found += [Named(textual_name(m[1]), "here", sentence) for m in labels]
        if not NAMES_KEYS.search(sentence):
            continue
        found += [Named("tab", "here", sentence) for _ in TAB_TO.finditer(sentence)]
        leaving = False
        for match in AFTER_WORD.finditer(sentence):
            key = textual_name(match["key"])
            after = sentence[match.end() : match.end() + 24]
            if after.startswith((" on Home", " on the home screen")):
                where = "Home"
            elif after.startswith(" during a check-in"):
                where = "check-in"
            elif leaving and match["word"] == "then":
                where = "Home"
            elif TAB_TO.search(sentence[: match.start()]):
                where = "focus"
            else:
                where = "here"
            leaving = leaving or key == "escape" or after.startswith(" for Home")
            found.append(Named(key, where, sentence))
    return found


def _keys_of(bindings: list[Any]) -> set[str]:
    keys: set[str] = set()
    for binding in bindings:
        if isinstance(binding, Binding):
            keys.update(binding.key.split(","))
        else:
            keys.update(str(binding[0]).split(","))
    return keys


APP_KEYS = _keys_of(list(KetacheckApp.BINDINGS)) | {"ctrl+p"}
ELSEWHERE = {
    "Home": _keys_of(list(HomeScreen.BINDINGS)) | APP_KEYS,
    "check-in": _keys_of(list(CheckInScreen.BINDINGS)) | APP_KEYS,
}


def works(screen: Screen[Any], named: Named) -> bool:
    """Whether the key does something where the words say it does."""
    if named.where in ELSEWHERE:
        return named.key in ELSEWHERE[named.where]
    active = screen.active_bindings
    if named.key in active and active[named.key].enabled:
        return True
    if named.key == "ctrl+p":  # the command palette, on every screen
        return True
    if named.where == "focus":
        controls = [w for w in screen.query("*").results(Widget) if w.focusable]
        return any(named.key in _bindings_of(w) for w in controls)
    return False


def shown(widget: Widget) -> bool:
    return widget.display and all(
        node.display for node in widget.ancestors if isinstance(node, Widget)
    )


def plain(renderable: object) -> str:
    """The words of what a widget draws (a Group's parts each), or nothing for a picture."""
    if isinstance(renderable, Group):
        return "\n".join(plain(part) for part in renderable.renderables)
    if isinstance(renderable, Text | Content):
        return str(renderable)
    if isinstance(renderable, str):
        return str(Content.from_markup(renderable))
    return ""


def words_on(app: KetacheckApp) -> str:
    """What the screen says: the words of every widget shown (notices too), also those
    scrolled out of view, each whole; disabled buttons and the key bar (checked on its
    own) are left out, and so is Help's table of every key (a test of its own)."""
    parts = []
    for widget in app.screen.query("*").results(Widget):
        if not shown(widget) or isinstance(widget, KeyBar | Markdown | DataTable):
            continue
        if isinstance(widget, Button):
            if not widget.disabled:
                parts.append(str(widget.label))
        elif isinstance(widget, Static):
            parts.append(plain(widget.content))  # as given: a Group stays a Group
        elif not widget.children:
            parts.append(plain(widget.render()))
    return "\n".join(part for part in parts if part.strip())


def _bindings_of(widget: Widget) -> set[str]:
    return {
        key for cls in type(widget).__mro__ for key in _keys_of(list(getattr(cls, "BINDINGS", [])))
    }


def problems(app: KetacheckApp) -> list[str]:
    """Each key named on the screen in front that does not work where it is said to."""
    screen = app.screen
    found = [
        f"{named.key!r} ({named.where}): {named.words!r}"
        for named in named_keys(words_on(app))
        if not works(screen, named)
    ]
    for bar in screen.query(KeyBar):
        for entry in bar.entries():
            key = entry.key.split(",")[0]
            if not works(screen, Named(key, "here", "key bar")):
                found.append(f"{key!r} in the key bar")
    return found


# The places a patient can be ---------------------------------------------------------

Step = str | Callable[[KetacheckApp, Pilot[None]], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    """A place in the app and the steps there, from the first screen."""

    steps: tuple[Step, ...]
    journal: str = "demo"  # "demo", "urgent" (the demo and a self-harm yes), "empty", "new"
    size: tuple[int, int] = (100, 32)


def keys(*pressed: Step, journal: str = "demo", size: tuple[int, int] = (100, 32)) -> Scene:
    return Scene(tuple(pressed), journal, size)


async def push_import(app: KetacheckApp, pilot: Pilot[None]) -> None:
    app.push_screen(ImportScreen())


CORE = ("c", "3", "enter", "2", "enter", "4", "enter", "6", "enter")


def _extra_steps() -> dict[str, Scene]:
    """Each optional question of a check-in."""
    from ketacheck.core.questions import Asked, steps_asked

    scenes = {}
    for number, step in enumerate(steps_asked(Asked.EXTRA)):
        scenes[f"check-in, extra: {step}"] = keys(*CORE, "n", "m", *["enter"] * number)
    return scenes


SCENES: dict[str, Scene] = {
    "home": keys(),
    "home, more below": keys(size=(80, 24)),
    "home, urgent": keys(journal="urgent"),
    "home, small and urgent": keys(journal="urgent", size=(40, 12)),
    "home, nothing logged": keys(journal="empty"),
    "welcome": keys(journal="new"),
    "check-in, first question": keys("c"),
    "check-in, a digit that may go on": keys("c", "1"),
    "check-in, nausea": keys("c", "3", "enter"),
    "check-in, fluids": keys("c", "3", "enter", "2", "enter"),
    "check-in, mood": keys("c", "3", "enter", "2", "enter", "4", "enter"),
    "check-in, self-harm unanswered": keys(*CORE, "enter"),
    "check-in, more?": keys(*CORE, "n"),
    **_extra_steps(),
    "check-in, review": keys(*CORE, "n", "enter"),
    "check-in, saved": keys(*CORE, "n", "enter", "enter"),
    "check-in, left half-way": keys("c", "3", "enter", "escape", "escape"),
    "crisis": keys(*CORE, "y"),
    "history": keys("y"),
    "history, nothing yet": keys("y", journal="empty"),
    "history, a check-in in full": keys("y", "enter"),
    "history, delete?": keys("y", "d"),
    "history, just deleted": keys("y", "d", "y"),
    "home, after deleting in history": keys("y", "d", "y", "escape"),
    "history, changed an old one": keys("y", "end", "e", "enter"),
    "infusions": keys("i"),
    "infusions, nothing logged": keys("i", journal="empty"),
    "infusions, just deleted": keys("i", "d", "y"),
    "home, after deleting an infusion": keys("i", "d", "y", "escape"),
    "infusions, log one": keys("i", "a"),
    "infusions, appointment": keys("i", "p"),
    **{f"trends, tab {n}": keys("t", str(n)) for n in range(1, 10)},
    "trends, nothing logged": keys("t", journal="empty"),
    "settings": keys("s"),
    "export": keys("e"),
    "report": keys("r"),
    "calendar": keys("m"),
    "import": keys(push_import),
    "resolve": keys("a"),
    "resolve, urgent": keys("a", journal="urgent"),
    "resolve, urgent, sure?": keys("a", "1", journal="urgent"),
    "help": keys("question_mark"),
    "questionnaire, first item": keys("w"),
    "questionnaire, an item answered before": keys("w", "1", "escape"),
    "questionnaire, difficulty": keys("w", *"120101010"),
    "questionnaire, review": keys("w", *"120101010", "enter"),
    "questionnaire, saved": keys("w", *"120101010", "enter", "enter"),
    "too small, over history": keys("y", size=(50, 15)),
    "too small, over a check-in": keys("c", journal="urgent", size=(50, 15)),
}


def make_app(tmp_path: Path, journal: str) -> KetacheckApp:
    app = build_app(tmp_path / "data", FakeClock(), demo=journal in ("demo", "urgent"))
    if journal == "urgent":
        answers = {"dizziness": 1, "nausea": 0, "fluids_glasses": 2, "mood": 2}
        record_checkin(
            app.journal, {**answers, "self_harm_thoughts": True}, NOW - timedelta(hours=1)
        )
    if journal == "empty":
        app.journal.save_settings(replace(app.journal.settings(), onboarded=True))
    return app


@pytest.mark.parametrize("scene", list(SCENES))
async def test_every_key_a_screen_names_works_there(tmp_path: Path, scene: str) -> None:
    where = SCENES[scene]
    app = make_app(tmp_path, where.journal)
    async with app.run_test(size=where.size, notifications=True) as pilot:
        await settle(app, pilot)
        for step in where.steps:
            if isinstance(step, str):
                await pilot.press(step)
            else:
                await step(app, pilot)
            await settle(app, pilot)
        await pilot.pause(0.1)
        assert words_on(app).strip(), "nothing on the screen"
        assert problems(app) == []


# The reader itself, and Help's table ------------------------------------------------


def test_the_reader_finds_the_keys_and_where_they_work() -> None:
    text = (
        "No check-ins yet. Press Escape, then c for a short one.\n"
        "Press a number (1 then 0 for 10), or click.\n"
        "Press Enter to review and save, or m to add more (fatigue).\n"
        "Save  (Enter)   Close  (Esc)   Web page (HTML)  (h)   Start  (Ctrl+S)\n"
        "Your care team can read it in the report (press r on Home).\n"
        "(Tab to an item and press Space, or click it)\n"
        "Type the number, or use ← → (or click − +).\n"
        "Or a friend may call, and then a nurse."
    )
    assert [(n.key, n.where) for n in named_keys(text)] == [
        ("escape", "here"),
        ("c", "Home"),
        ("0", "here"),
        ("enter", "here"),
        ("m", "here"),
        ("enter", "here"),
        ("escape", "here"),
        ("h", "here"),
        ("ctrl+s", "here"),
        ("r", "Home"),
        ("tab", "here"),
        ("space", "focus"),
        ("left", "here"),
        ("right", "here"),
    ]


SCREENS_BY_NAME: dict[str, type[Screen[Any]]] = {
    "Home": HomeScreen,
    "Check-in": CheckInScreen,
    "History": HistoryScreen,
    "Infusions": InfusionsScreen,
    "Trends": TrendsScreen,
    "Help": HelpScreen,
}


def test_each_key_in_helps_table_works_where_it_says() -> None:
    from ketacheck.tui.screens.help import keys_table

    rows = [row.split("|")[1:4] for row in keys_table().splitlines()[2:]]
    checked = 0
    for where, key_cell, _ in rows:
        where = where.strip()
        for shown_key in re.findall(r"`([^`]+)`", key_cell):
            name = textual_name(shown_key)
            if (where, name) == ("Anywhere", "escape"):  # Back, on every screen but Home
                assert all(
                    "escape" in _keys_of(list(screen.BINDINGS))
                    for screen in SCREENS_BY_NAME.values()
                    if screen is not HomeScreen
                )
                continue
            if where == "Anywhere":
                assert name in APP_KEYS, (where, shown_key)
                continue
            screen = SCREENS_BY_NAME[where]
            bound = _keys_of(list(screen.BINDINGS)) | APP_KEYS
            if where == "Check-in":
                bound |= _bindings_of(ScalePicker())  # the number pickers' own keys
            if where == "History":
                bound |= {"enter"}  # the table's: details of the check-in under the cursor
            assert name in bound, (where, shown_key)
            checked += 1
    assert checked > 15


async def test_after_changing_an_old_check_in_the_key_says_back_and_goes_back(
    tmp_path: Path,
) -> None:
    from ketacheck.tui.screens.checkin_done import CheckInDoneScreen

    app = make_app(tmp_path, "demo")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(app, pilot)
        for key in ("y", "end", "e", "enter"):
            await pilot.press(key)
            await settle(app, pilot)
        assert isinstance(app.screen, CheckInDoneScreen)
        bar = str(app.screen.query_one(KeyBar).render())
        assert "Back" in bar and "Home" not in bar
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        for key in ("escape", "c", "3", "enter", "2", "enter", "4", "enter", "6", "enter"):
            await pilot.press(key)
            await settle(app, pilot)
        await pilot.press("n", "enter", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CheckInDoneScreen)
        bar = str(app.screen.query_one(KeyBar).render())
        assert "Home" in bar and "Back" not in bar
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_u_puts_back_a_deleted_check_in_with_its_alert_as_it_was(tmp_path: Path) -> None:
    app = make_app(tmp_path, "demo")
    stored, alerts = app.journal.checkins(), app.journal.alerts()
    severe = next(c for c in stored if c.nausea >= 7)  # it raised the open call-now alert
    assert any(a.resolved_at is None and a.level == "call-now" for a in alerts)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        row = [c.id for c in history.checkins].index(severe.id)
        for _ in range(row):
            await pilot.press("down")
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert severe.id not in {c.id for c in app.journal.checkins()}
        assert all(a.resolved_at is not None for a in app.journal.alerts())
        said = words_on(app)
        assert "Press u to put it back." in said
        assert any(n.key == "u" for n in named_keys(said)) and problems(app) == []

        await pilot.press("u")
        await settle(app, pilot)
        assert "Press u to put it back." not in words_on(app)
        assert "u" not in {e.key for e in history.query_one(KeyBar).entries()}
    assert app.journal.checkins() == stored
    assert app.journal.alerts() == alerts


async def test_u_puts_back_a_deleted_infusion(tmp_path: Path) -> None:
    app = make_app(tmp_path, "demo")
    stored = app.journal.infusions()
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(app, pilot)
        for key in ("i", "d", "y"):
            await pilot.press(key)
            await settle(app, pilot)
        assert len(app.journal.infusions()) == len(stored) - 1
        assert "Deleted infusion 4. Press u to put it back." in words_on(app)
        await pilot.press("escape")  # the offer goes with the screen: Home names no u
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not any(n.key == "u" for n in named_keys(words_on(app)))
        await pilot.press("i")
        await settle(app, pilot)
        assert "put it back" not in words_on(app)
    assert len(app.journal.infusions()) == len(stored) - 1
