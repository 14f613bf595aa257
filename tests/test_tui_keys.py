"""Keys the patient can find: Help and the palette on every bar, no key cut in half."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketacheck.tui.actions import APP_ACTIONS
from ketacheck.tui.widgets.keybar import KeyBar
from tests.tui_support import build_app

#: Each screen by the key that opens it from Home ("" for Home itself).
SCREENS = {"home": "", "history": "y", "infusions": "i", "check-in": "c", "trends": "t"}


def bar_text(app) -> str:  # type: ignore[no-untyped-def]
    """The key bar exactly as drawn, as many cells as the window is wide."""
    bar = app.screen.query_one(KeyBar)
    rendered = bar.render()
    assert rendered.cell_len <= app.size.width
    return str(rendered)


def every_label(app) -> set[str]:  # type: ignore[no-untyped-def]
    """Each key the screen offers, as a whole bar item, with its full and short names."""
    labels = {" ^p Actions "}
    names = {a.title: a.short for a in APP_ACTIONS if a.short}
    for active in app.screen.active_bindings.values():
        binding = active.binding
        shown = app.get_key_display(binding)
        labels.add(f" {shown} {binding.description} ")
        if binding.description in names:
            labels.add(f" {shown} {names[binding.description]} ")
    return labels


def items(text: str, labels: set[str]) -> list[str]:
    """Split the bar into whole items; fails if any part of it is not a whole key."""
    found = []
    rest = text
    while rest:
        item = max((label for label in labels if rest.startswith(label)), key=len, default="")
        assert item, f"a cut or unknown key at {rest!r} in {text!r}"
        found.append(item.strip())
        rest = rest[len(item) :]
    return found


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_help_and_the_palette_are_on_every_bar_and_no_key_is_cut(
    tmp_path: Path, width: int, screen: str
) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        if SCREENS[screen]:
            await pilot.press(SCREENS[screen])
            await pilot.pause()
        text = bar_text(app)
        shown = items(text, every_label(app))
        assert "? Help" in shown
        assert "^p Actions" in shown
        if screen != "home":
            assert "esc Back" in shown
        # The bar on Home is the first thing a patient reads: Check in always comes first.
        if screen == "home":
            assert shown[0] == "c Check in"


async def test_a_wide_bar_shows_export_and_every_home_key_in_full(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        shown = items(bar_text(app), every_label(app))
        assert "e Export" in shown
        assert "a Resolve alert" in shown or "a Resolve" in shown
        assert {"c Check in", "i Infusions", "y History", "t Trends", "s Settings"} <= set(shown)


async def test_a_narrow_bar_drops_whole_keys_and_still_says_how_to_find_them(
    tmp_path: Path,
) -> None:
    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        assert text.startswith(" c Check in  a Resolve ")
        assert text.endswith(" ? Help  ^p Actions ")
        assert "…" not in text


async def test_a_click_on_help_in_the_bar_opens_help(tmp_path: Path) -> None:
    from ketacheck.tui.screens.help import HelpScreen

    app = build_app(tmp_path / "data", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        await pilot.click(KeyBar, offset=(text.index("? Help") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_help_lists_every_action_and_every_key_a_bar_shows(tmp_path: Path) -> None:
    app = build_app(tmp_path / "data", demo=True)
    bars: dict[str, set[str]] = {}
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        for screen in ("infusions", "history", "trends"):
            await pilot.press(SCREENS[screen])
            await pilot.pause()
            bars[screen] = set(items(bar_text(app), every_label(app)))
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause(0.3)
        cells = [str(cell.render()) for cell in app.screen.query("MarkdownTableCellContents")]
    for action in APP_ACTIONS:
        assert f"{action.title}: {action.help}" in cells, action.id
    assert "Ctrl+P, Import" in cells
    for screen, shown in bars.items():
        where = next(a.title for a in APP_ACTIONS if a.id == screen)
        rows = {
            (cells[i], cells[i + 1].replace("`", ""), cells[i + 2]) for i in range(len(cells) - 2)
        }
        for item in shown - {"? Help", "^p Actions", "esc Back"}:
            key, label = item.split(" ", 1)
            key = {"⏎": "Enter"}.get(key, key)
            assert any(row[:2] == (where, key) and row[2].startswith(label) for row in rows), item
