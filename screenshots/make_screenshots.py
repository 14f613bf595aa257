"""Make the README's screenshots from the demo data at a fixed clock.

    python screenshots/make_screenshots.py            # SVG, and PNG with Debian's chromium

Each screen is driven by keys as a patient would, at 80x24. The PNGs are drawn by a real
browser engine (headless Chromium), which keeps the spaces around bold text that
rsvg-convert drops.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from msgspec.structs import replace

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ketacheck.demo import write_demo_journal  # noqa: E402
from ketacheck.store.journal import Journal  # noqa: E402
from ketacheck.tui.app import KetacheckApp  # noqa: E402
from ketacheck.tui.launch import make_app  # noqa: E402
from ketacheck.usecases.checkins import record_checkin  # noqa: E402

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
ZONE = ZoneInfo("America/New_York")
SIZE = (80, 24)


def nausea_again(journal: Journal) -> None:
    """A second check-in with severe nausea: Home shows one alert that counts both."""
    answers = {"dizziness": 2, "nausea": 7, "fluids_glasses": 1, "mood": 5}
    at = NOW - timedelta(minutes=20)
    record_checkin(journal, {**answers, "self_harm_thoughts": False}, at, at)


def said_yes(journal: Journal) -> None:
    """A check-in that answered yes to the self-harm question an hour ago."""
    answers = {"dizziness": 1, "nausea": 0, "fluids_glasses": 2, "mood": 2}
    at = NOW - timedelta(hours=1)
    record_checkin(journal, {**answers, "self_harm_thoughts": True}, at, at)


def country_not_set(journal: Journal) -> None:
    """No country chosen yet: Settings shows the one the time zone points to."""
    journal.save_settings(replace(journal.settings(), country=None))


#: name -> keys pressed from Home before the picture is taken, and what the demo journal
#: holds beyond the sample course (None: the demo as it is).
SHOTS: dict[str, tuple[list[str], Callable[[Journal], None] | None]] = {
    "home": ([], nausea_again),
    "checkin": (["c", "3", "enter", "2"], None),
    "review": (
        ["c", "3", "enter", "2", "enter", "1", "enter", "6", "enter", "n", "enter", "enter"],
        None,
    ),
    "urgent": (["c", "2", "enter", "1", "enter", "3", "enter", "2", "enter", "y"], None),
    "resolve": (["a"], said_yes),
    "history": (["y"], None),
    "trends": (["t"], None),
    "settings": (["s"], country_not_set),
    "questionnaire": (["w", "1", "0"], None),
}


#: Shots of a dialog that a worker keeps open while it waits for the patient's answer.
WAITING = {"resolve"}


def _app(data: Path, setup: Callable[[Journal], None] | None) -> KetacheckApp:
    if setup is None:
        return make_app(data, clock=lambda: NOW, tz=ZONE, demo=True)
    setup(write_demo_journal(data, NOW))
    return make_app(data, clock=lambda: NOW, tz=ZONE)


async def shoot(
    name: str, keys: list[str], out: Path, setup: Callable[[Journal], None] | None = None
) -> Path:
    """Run the demo app (after ``setup``), press ``keys`` and save the screen as SVG."""
    with tempfile.TemporaryDirectory() as scratch:
        app = _app(Path(scratch) / "data", setup)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            if name not in WAITING:
                await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            return Path(app.save_screenshot(f"{name}.svg", str(out)))


def chromium_png(browser: str, url: str, png: Path, width: int, height: int) -> None:
    """Draw the page at ``url`` into ``png`` with headless Chromium, offline and quiet."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--hide-scrollbars",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def to_png(svg: Path, browser: str) -> Path:
    """Draw ``svg`` as a PNG with headless Chromium, at the SVG's own size."""
    text = svg.read_text(encoding="utf-8")
    match = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text)
    width, height = (math.ceil(float(v)) for v in match.groups()) if match else (1000, 640)
    page = svg.with_suffix(".page.html")
    page.write_text(
        '<!doctype html><html><body style="margin:0;background:#000">'
        f'<img src="{svg.name}" width="{width}" height="{height}"></body></html>',
        encoding="utf-8",
    )
    png = svg.with_suffix(".png")
    try:
        chromium_png(browser, page.as_uri(), png, width, height)
    finally:
        page.unlink(missing_ok=True)
    return png


def main() -> None:
    # The patient of the pictures lives in New York: the guessed country comes from here.
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    for name, (keys, setup) in SHOTS.items():
        svg = asyncio.run(shoot(name, keys, HERE, setup))
        if browser:
            to_png(svg, browser)
        print(f"{name}: {svg.name}")


if __name__ == "__main__":
    main()
