"""Make the README's screenshots from the demo data at a fixed clock.

    python screenshots/make_screenshots.py            # SVG and, with rsvg-convert, PNG

Each screen is driven by keys as a patient would, at 80x24.
"""

from __future__ import annotations

import asyncio
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
    "review": ["c", "3", "enter", "2", "enter", "1", "enter", "6", "enter", "enter", "enter"],
    "urgent": ["c", "2", "enter", "1", "enter", "3", "enter", "2", "enter", "y"],
    "history": ["y"],
    "trends": ["t"],
    "settings": ["s"],
    "questionnaire": ["w", "1", "0"],
}


async def shoot(name: str, keys: list[str], out: Path) -> Path:
    """Run the demo app, press ``keys`` and save the screen as SVG."""
    with tempfile.TemporaryDirectory() as scratch:
        app = make_app(Path(scratch) / "data", clock=lambda: NOW, tz=ZONE, demo=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause(0.3)
            return Path(app.save_screenshot(f"{name}.svg", str(out)))


def main() -> None:
    converter = shutil.which("rsvg-convert")
    for name, keys in SHOTS.items():
        svg = asyncio.run(shoot(name, keys, HERE))
        if converter:
            subprocess.run(
                [converter, "-w", "1000", str(svg), "-o", str(svg.with_suffix(".png"))], check=True
            )
        print(f"{name}: {svg.name}")


if __name__ == "__main__":
    main()
