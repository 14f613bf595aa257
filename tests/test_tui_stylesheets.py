"""Two stylesheets: the app's own (Home and what every screen shares) is all the first
frame parses; every other screen's rules are read when the first of those screens opens."""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from pathlib import Path

import pytest
from msgspec.structs import replace
from textual.app import App
from textual.color import Color
from textual.css.styles import RULE_NAMES
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES
from textual.widgets import Static

import ketacheck.tui.screens
from ketacheck.demo import write_demo_journal
from ketacheck.tui.screens import SCREENS_CSS
from ketacheck.tui.screens.home import HomeScreen
from ketacheck.tui.screens.too_small import TooSmallScreen
from tests.tui_support import NOW, FakeClock, build_app

#: Screens styled by the app's own stylesheet alone: Home, and the note asking for a
#: larger window that opens over it.
APP_SHEET_ONLY = {HomeScreen, TooSmallScreen}


def every_screen_class() -> set[type[Screen[object]]]:
    """Every screen class the app defines, found by importing each screen module."""
    for module in pkgutil.iter_modules(ketacheck.tui.screens.__path__):
        importlib.import_module(f"ketacheck.tui.screens.{module.name}")
    found: set[type[Screen[object]]] = set()
    todo: list[type[Screen[object]]] = [Screen]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("ketacheck."):
                found.add(sub)
    return found


def named_sheets(cls: type[Screen[object]]) -> list[Path]:
    """The stylesheets a screen class names as its ``CSS_PATH``."""
    named = cls.CSS_PATH
    if named is None:
        return []
    return [Path(p) for p in (named if isinstance(named, list) else [named])]


def styles_of(node: DOMNode) -> dict[str, str]:
    """Every style property of ``node`` as Textual worked it out."""
    return {name: repr(getattr(node.styles, name)) for name in RULE_NAMES}


def test_every_other_screen_names_the_screens_stylesheet() -> None:
    """A screen without it would open unstyled if it were the first opened after Home."""
    screens = every_screen_class()
    assert len(screens) > 20
    assert SCREENS_CSS.is_file()
    missing = sorted(
        cls.__name__ for cls in screens - APP_SHEET_ONLY if SCREENS_CSS not in named_sheets(cls)
    )
    assert missing == []


async def test_home_reads_only_the_app_sheet_and_the_first_other_screen_reads_the_rest(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", FakeClock(), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        sheets = {Path(path) for path, _ in app.stylesheet.source}
        assert SCREENS_CSS not in sheets
        await pilot.press("c")  # a check-in: its rules are in the screens' sheet
        await pilot.pause()
        assert SCREENS_CSS in {Path(path) for path, _ in app.stylesheet.source}
        question = app.screen.query_one("#question", Static)
        assert question.styles.text_style.bold
        assert question.styles.margin.top == 1


@pytest.mark.parametrize("key", ["c", "i", "y", "s", "e", "question_mark"])
async def test_each_screen_opened_first_is_styled_as_when_opened_second(
    tmp_path: Path, key: str
) -> None:
    """Whether the screens' sheet is read on the way to this screen or was read before,
    the screen looks the same."""

    async def styles_of_screen(first: str | None) -> dict[str, str]:
        app = build_app(tmp_path / f"data-{first}-{key}", FakeClock(), demo=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            if first is not None:
                await pilot.press(first)
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            return {
                f"{n}:{type(node).__name__}": styles_of(node)
                for n, node in enumerate(app.screen.walk_children(with_self=True))
            }

    opened_first = await styles_of_screen(None)
    assert len(opened_first) > 3
    assert opened_first == await styles_of_screen(
        "t" if key == "question_mark" else "question_mark"
    )


async def first_frame_of(data: Path) -> tuple[str, str, Counter[str]]:
    """The theme and screen background of the app's first frame, and how many times each
    kind of widget was styled before it."""
    styled: Counter[str] = Counter()
    first_frame: list[tuple[str, str]] = []
    apply = Stylesheet.apply

    def spy_apply(self: Stylesheet, node: DOMNode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not first_frame:
            styled[type(node).__name__] += 1
        return apply(self, node, *args, **kwargs)

    display = App._display

    def spy_display(self: App[None], screen: Screen[None], update: object) -> None:
        display(self, screen, update)  # type: ignore[arg-type]
        if update is not None and not first_frame:
            first_frame.append((self.theme, str(screen.styles.background)))

    app = build_app(data, FakeClock())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "apply", spy_apply)
        patch.setattr(App, "_display", spy_display)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
    [(theme, background)] = first_frame
    return theme, background, styled


async def test_a_chosen_theme_is_on_the_first_frame_and_costs_home_no_restyle(
    tmp_path: Path,
) -> None:
    """The patient's theme is set as the app is made: the first frame is drawn in it, and
    Home is styled as often as with Textual's own theme, not again once the theme lands."""
    plain, themed = tmp_path / "plain", tmp_path / "themed"
    write_demo_journal(plain, NOW).close()
    journal = write_demo_journal(themed, NOW)
    journal.save_settings(replace(journal.settings(), theme="nord"))
    journal.close()
    theme, background, styled = await first_frame_of(themed)
    assert (theme, background) == ("nord", str(Color.parse(BUILTIN_THEMES["nord"].background)))
    default_theme, _, styled_plain = await first_frame_of(plain)
    assert default_theme == "textual-dark"
    assert styled["RestrictionTable"] == styled_plain["RestrictionTable"] > 0
    assert styled["HomeScreen"] == styled_plain["HomeScreen"]
