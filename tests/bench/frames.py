"""The app's first frame (and a bare Textual app's), each in a fresh process.

Each script prints the seconds from its first import to the first frame painted, and the
process's peak memory in KiB, last. The clock stops when Textual hands its first frame
to the terminal (``App._display``, which a headless app calls too and then skips the
writing), not when the app has closed again: what an app does after its first frame
(Home takes the focus then; closing unmounts every widget) is no part of the wait a
patient sees. Shared by :mod:`tests.bench.bench` and
:mod:`tests.bench.first_frame_vs`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# An installed app has its bytecode compiled by pip; let the runs here keep theirs too,
# whatever PYTHONDONTWRITEBYTECODE says, so both sides are measured warm.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# One window size, as a terminal reports: without a terminal, Rich guesses 80 x 25 and
# Textual's headless driver 80 x 24, and every app (the bare one too) is laid out again
# as its size flips between the two, which no patient's terminal does.
ENV |= {"COLUMNS": "80", "LINES": "24"}

# Peak RSS from /proc: ru_maxrss would also count the benchmark process it was forked from.
_PEAK = """
def peak_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0
"""

# The first frame: the first time Textual hands the terminal a picture of a screen.
_FIRST_FRAME = """
from textual.app import App
painted_at, painted = [], []
_display = App._display
def _first_frame(app, screen, update):
    _display(app, screen, update)
    if update is not None and not painted_at:
        painted_at.append(time.perf_counter())
        painted.append(type(screen).__name__)
        app.call_later(app.exit)
App._display = _first_frame
"""

_BARE = (
    _PEAK
    + """
import time
start = time.perf_counter()
"""
    + _FIRST_FRAME
    + """
App().run(headless=True)
print(painted_at[0] - start, peak_kb())
"""
)

# As ``ketacheck`` starts the app (see ketacheck.cli.main.run_tui and
# ketacheck.tui.launch.run_app): the collector is off while the app loads.
_KETA = (
    _PEAK
    + """
import gc, sys, time
start = time.perf_counter()
gc.disable()
"""
    + _FIRST_FRAME
    + """
from pathlib import Path
from ketacheck.tui.launch import loaded, make_app
app = make_app(Path(sys.argv[1]))
loaded()
app.run(headless=True)
assert painted == ["HomeScreen"], painted
print(painted_at[0] - start, peak_kb())
"""
)

_IDLE = """
import sys, time, resource, threading
from pathlib import Path
from ketacheck.tui.launch import make_app
app = make_app(Path(sys.argv[1]))
seconds = float(sys.argv[2])
def measure():
    time.sleep(3)
    before = resource.getrusage(resource.RUSAGE_SELF)
    time.sleep(seconds)
    after = resource.getrusage(resource.RUSAGE_SELF)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(used / seconds * 100)
    app.call_from_thread(app.exit)
threading.Thread(target=measure, daemon=True).start()
app.run(headless=True)
"""


def printed(*args: str, tree: Path = ROOT) -> list[str]:
    """The words ``python *args`` prints, run in the checkout ``tree`` (its own
    ``ketacheck`` is the one imported) in a fresh process."""
    return subprocess.run(
        [sys.executable, *args], check=True, capture_output=True, text=True, cwd=tree, env=ENV
    ).stdout.split()


def run_script(script: str, *args: str, tree: Path = ROOT) -> tuple[float, int]:
    """Run ``script`` in the checkout ``tree``; it prints seconds and peak memory last."""
    out = printed("-c", textwrap.dedent(script), *args, tree=tree)
    return float(out[-2]), int(out[-1])


def idle_percent(data_dir: Path, seconds: float) -> float:
    """CPU the open app uses over ``seconds`` with its countdowns ticking, in % of one core."""
    return float(printed("-c", textwrap.dedent(_IDLE), str(data_dir), str(seconds))[-1])
