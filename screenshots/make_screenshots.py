"""Make the README's screenshots from the demo data at a fixed clock.

    python screenshots/make_screenshots.py            # SVG, and PNG with Debian's chromium

Each screen is driven by keys as a patient would, at 80x24. The PNGs are drawn by a real
browser engine (headless Chromium), which keeps the spaces around bold text that
rsvg-convert drops.
"""

from __future__ import annotations

import asyncio
import math
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ketacheck.tui.launch import make_app  # noqa: E402

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
ZONE = ZoneInfo("America/New_York")
SIZE = (80, 24)

#: name -> keys pressed from Home before the picture is taken
SHOTS: dict[str, list[str]] = {
    "home": [],
    "checkin": ["c", "3", "enter", "2"],
    "review": ["c", "3", "enter", "2", "enter", "1", "enter", "6", "enter", "n", "enter", "enter"],
    "urgent": ["c", "2", "enter", "1", "enter", "3", "enter", "2", "enter", "y"],
    "resolve": ["a"],
    "history": ["y"],
    "trends": ["t"],
    "settings": ["s"],
    "questionnaire": ["w", "1", "0"],
}


#: Shots of a dialog that a worker keeps open while it waits for the patient's answer.
WAITING = {"resolve"}


async def shoot(name: str, keys: list[str], out: Path) -> Path:
    """Run the demo app, press ``keys`` and save the screen as SVG."""
    with tempfile.TemporaryDirectory() as scratch:
        app = make_app(Path(scratch) / "data", clock=lambda: NOW, tz=ZONE, demo=True)
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
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    for name, keys in SHOTS.items():
        svg = asyncio.run(shoot(name, keys, HERE))
        if browser:
            to_png(svg, browser)
        print(f"{name}: {svg.name}")


if __name__ == "__main__":
    main()
