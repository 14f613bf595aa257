"""ketacheck's speed figures, measured in one run (not part of the test suite).

    python tests/bench/bench.py            # all figures (about two minutes)
    python tests/bench/bench.py --quick    # skips the 30-second idle measurement

Each figure is set beside its floor, measured the same way in the same run:

* save: the median time to add one check-in to a journal of 10,000, against serializing
  the same data with the same JSON library, writing it and fsyncing it (target <= 2x);
* status: wall time of ``ketacheck status`` against ``python -c "import tinydb, platformdirs"``
  (target <= 2.5x);
* first frame: the app painting Home on that journal, against a bare Textual app that
  exits on mount (target <= 1.5x);
* idle: CPU used over 30 s with the countdowns ticking (target <= 2% of one core);
* memory: peak RSS of the app against the bare app (target <= 2x).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ketacheck.core.records import CheckIn  # noqa: E402
from tests.bench.make_journal import NOW, build  # noqa: E402

CHECKINS = 10_000
RUNS = 31


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_save(data_dir: Path) -> tuple[float, float]:
    journal = build(data_dir, CHECKINS)
    template = journal.checkins()[-1].to_dict()
    times = []
    for n in range(RUNS):
        record = CheckIn.from_dict({**template, "id": f"bench{n:027d}"})
        start = time.perf_counter()
        journal.add_checkin(record)
        times.append(time.perf_counter() - start)
    tables = orjson.loads(journal.path.read_bytes())
    floor = []
    target = data_dir / "floor.json"
    for _ in range(RUNS):
        start = time.perf_counter()
        payload = orjson.dumps(tables)
        with open(target, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        floor.append(time.perf_counter() - start)
    return _median_ms(times), _median_ms(floor)


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return _median_ms(samples)


def bench_status(data_dir: Path) -> tuple[float, float]:
    env = {**_ENV, "KETACHECK_DATA_DIR": str(data_dir)}
    # The installed `ketacheck` command, as a patient runs it.
    script = Path(sys.executable).with_name("ketacheck")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "ketacheck"]
    subprocess.run([*command, "status"], env=env, check=True, stdout=subprocess.DEVNULL)
    status = _wall([*command, "status"], env)
    floor = _wall([sys.executable, "-c", "import tinydb, platformdirs"], env)
    return status, floor


# Peak RSS from /proc: ru_maxrss would also count the benchmark process it was forked from.
_PEAK = """
def peak_kb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0
"""

_BARE = (
    _PEAK
    + """
import time
start = time.perf_counter()
from textual.app import App
class Bare(App):
    def on_mount(self):
        self.call_after_refresh(self.exit)
Bare().run(headless=True)
print(time.perf_counter() - start, peak_kb())
"""
)

_KETA = (
    _PEAK
    + """
import sys, time
start = time.perf_counter()
from pathlib import Path
from ketacheck.tui.launch import make_app
app = make_app(Path(sys.argv[1]))
def painted():
    app.exit()
app.call_after_refresh(lambda: app.screen.call_after_refresh(painted))
app.run(headless=True)
print(time.perf_counter() - start, peak_kb())
"""
)


# An installed app has its bytecode compiled by pip; let the runs here keep theirs too,
# whatever PYTHONDONTWRITEBYTECODE says, so both sides are measured warm.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run_script(script: str, *args: str, tree: Path = ROOT) -> tuple[float, int]:
    """Run ``script`` in the checkout ``tree`` (its own ``ketacheck`` is the one imported);
    it prints seconds and peak memory last."""
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=tree,
        env=_ENV,
    ).stdout.split()
    return float(out[-2]), int(out[-1])


def bench_first_frame(data_dir: Path) -> tuple[float, float, int, int]:
    _run_script(_KETA, str(data_dir))
    _run_script(_BARE)
    ours = [_run_script(_KETA, str(data_dir)) for _ in range(7)]
    bare = [_run_script(_BARE) for _ in range(7)]
    return (
        statistics.median(t for t, _ in ours) * 1000,
        statistics.median(t for t, _ in bare) * 1000,
        statistics.median(m for _, m in ours),
        statistics.median(m for _, m in bare),
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


def bench_idle(data_dir: Path, seconds: float) -> float:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_IDLE), str(data_dir), str(seconds)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.split()
    return float(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the idle measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = Path(scratch) / "data"
        save, save_floor = bench_save(data_dir)
        print(
            f"save, 10,000 check-ins:  {save:7.1f} ms  floor {save_floor:7.1f} ms  "
            f"= {save / save_floor:.2f}x (target <= 2x)"
        )
        status, status_floor = bench_status(data_dir)
        print(
            f"ketacheck status:        {status:7.1f} ms  floor {status_floor:7.1f} ms  "
            f"= {status / status_floor:.2f}x (target <= 2.5x)"
        )
        frame, frame_floor, rss, rss_floor = bench_first_frame(data_dir)
        print(
            f"first frame of Home:     {frame:7.1f} ms  bare  {frame_floor:7.1f} ms  "
            f"= {frame / frame_floor:.2f}x (target <= 1.5x)"
        )
        print(
            f"peak memory:             {rss / 1024:7.1f} MB  bare  {rss_floor / 1024:7.1f} MB  "
            f"= {rss / rss_floor:.2f}x (target <= 2x)"
        )
        if not args.quick:
            idle = bench_idle(data_dir, 30.0)
            print(f"idle, countdowns ticking: {idle:6.2f} % of one core over 30 s (target <= 2%)")
    print(f"(fixed data at {NOW:%Y-%m-%d %H:%M} UTC; {CHECKINS:,} check-ins)")


if __name__ == "__main__":
    main()
