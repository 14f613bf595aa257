"""ketacheck's speed, each figure against its floor measured in the same run.

    python -m tests.bench.bench                  # the realistic journal of 10,000 check-ins
    python -m tests.bench.bench --size 50000     # or 1000
    python -m tests.bench.bench --quick          # CI smoke: all of it, small; never fails on time

The journals are made by :mod:`tests.bench.realistic` (through ketacheck's own use cases:
an infusion a month, three check-ins a day, questionnaires, alerts, notes) and, for the
calm case, by :mod:`tests.bench.make_journal` (one calm check-in after another, no alert).
Each figure and its floor are taken in turns, run after run, and the medians compared,
so that a shared machine's drift moves both alike. The table printed is the one in the
README's "Speed" section. Exits 1 when a figure misses its goal (never with ``--quick``).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.frames import _BARE, _KETA, ENV, idle_percent, printed, run_script  # noqa: E402
from tests.bench.rows import Row, table  # noqa: E402

CHECKINS = 10_000
#: Runs of each figure (and its floor): full, and for the smoke run.
RUNS = {"status": 21, "frame": 21, "export": 5, "save": 31}
QUICK_RUNS = {"status": 1, "frame": 1, "export": 1, "save": 2}
QUICK_SIZE = 1_000
FLOOR_IMPORT = "import tinydb, platformdirs"
FLOOR_JSON = (
    "import json, sys\n"
    "with open(sys.argv[1], 'rb') as src:\n    data = json.load(src)\n"
    "with open(sys.argv[2], 'w') as out:\n    json.dump(data, out)\n"
)

Sample = tuple[float, int]  # seconds, peak memory in KiB


def in_turns(runs: int, **subjects: Callable[[], Sample]) -> dict[str, Sample]:
    """Each subject ``runs`` times, taken in turns (the order flipping each run); the
    median time and the median peak memory of each."""
    samples: dict[str, list[Sample]] = {name: [] for name in subjects}
    order = list(subjects)
    for run in range(runs):
        for name in order if run % 2 == 0 else reversed(order):
            samples[name].append(subjects[name]())
    return {
        name: (statistics.median(s for s, _ in got), int(statistics.median(m for _, m in got)))
        for name, got in samples.items()
    }


def run_command(*command: str) -> Sample:
    """Run ``command`` to its end: its wall time, and the peak memory of that process alone."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode() if child.stderr else ""
    if child.stderr:
        child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}): {stderr}")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    return seconds, usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)


def ketacheck(data_dir: Path, *args: str) -> Sample:
    """``ketacheck --data-dir DATA ARGS``, as a patient runs it (the installed command)."""
    script = Path(sys.executable).with_name("ketacheck")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "ketacheck"]
    return run_command(*command, "--data-dir", str(data_dir), *args)


def python(*args: str) -> Sample:
    return run_command(sys.executable, *args)


def status_rows(realistic: Path, calm: Path, runs: int) -> list[Row]:
    floor = f'`python -c "{FLOOR_IMPORT}"`'
    rows = []
    for name, data_dir in (("`status`", realistic), ("`status`, calm journal", calm)):
        ketacheck(data_dir, "status")  # warm: bytecode written, files in the page cache
        got = in_turns(
            runs,
            ours=lambda d=data_dir: ketacheck(d, "status"),
            floor=lambda: python("-c", FLOOR_IMPORT),
        )
        rows.append(Row(name, got["ours"][0], got["floor"][0], floor, 1.3))
    return rows


def frame_rows(data_dir: Path, runs: int) -> list[Row]:
    run_script(_KETA, str(data_dir))
    run_script(_BARE)
    got = in_turns(
        runs, ours=lambda: run_script(_KETA, str(data_dir)), floor=lambda: run_script(_BARE)
    )
    bare = "a bare Textual app, to its first frame"
    return [
        Row("first frame of Home", got["ours"][0], got["floor"][0], bare, 1.2),
        Row("peak memory, first frame", got["ours"][1], got["floor"][1], bare, 2.0, unit="MB"),
    ]


def export_rows(data_dir: Path, out: Path, runs: int) -> list[Row]:
    journal = str(data_dir / "journal.json")
    files = {name: str(out / name) for name in ("export.json", "fhir.json", "report.md", "floor")}
    ketacheck(data_dir, "export", "-o", files["export.json"])
    python("-c", FLOOR_JSON, journal, files["floor"])
    got = in_turns(
        runs,
        json=lambda: ketacheck(data_dir, "export", "-o", files["export.json"]),
        floor=lambda: python("-c", FLOOR_JSON, journal, files["floor"]),
        fhir=lambda: ketacheck(data_dir, "export", "--format", "fhir", "-o", files["fhir.json"]),
        report=lambda: ketacheck(data_dir, "report", "--format", "md", "-o", files["report.md"]),
    )
    export, fhir, report = got["json"], got["fhir"], got["report"]
    json_export = "`export` (JSON) of the same journal"
    return [
        Row("`export` (JSON)", export[0], got["floor"][0], "stdlib `json` load + dump", 2.0),
        Row("`export --format fhir`", fhir[0], export[0], json_export, 3.0),
        Row("peak memory, `export --format fhir`", fhir[1], export[1], json_export, 150, "MB"),
        Row("`report` (md)", report[0], export[0], json_export, 1.0),
    ]


def save_row(data_dir: Path, runs: int) -> Row:
    """Saving a check-in as the app does, against orjson dump + write + fsync of the same
    journal (see :mod:`tests.bench.saves`), in a process of its own."""
    out = printed("-m", "tests.bench.saves", str(data_dir), str(runs))
    floor_what = "orjson dump + write + fsync of the same journal"
    return Row("save a check-in", float(out[-2]), float(out[-1]), floor_what, 1.2)


def build(scratch: Path, size: int) -> tuple[Path, Path]:
    """The realistic and the calm journal of ``size`` check-ins, each closed again."""
    from tests.bench.make_journal import build as build_calm
    from tests.bench.realistic import make_years

    realistic, calm = scratch / "realistic", scratch / "calm"
    make_years(realistic, size).close()
    build_calm(calm, size).close()
    return realistic, calm


def machine() -> str:
    """The processor, its cores and the Python, for the line under the table."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            model = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                model,
            )
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: small, never fails")
    parser.add_argument("--size", type=int, help="check-ins in each journal (default 10000)")
    parser.add_argument(
        "--only",
        choices=("status", "frame", "export", "save"),
        action="append",
        help="measure only these figures (repeat for more)",
    )
    parser.add_argument(
        "--idle", action="store_true", help="also the app's CPU use over 30 s, idle on Home"
    )
    args = parser.parse_args(argv)
    size = args.size or (QUICK_SIZE if args.quick else CHECKINS)
    runs = QUICK_RUNS if args.quick else RUNS
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        realistic, calm = build(scratch, size)
        wanted = set(args.only or ("status", "frame", "export", "save"))
        rows = status_rows(realistic, calm, runs["status"]) if "status" in wanted else []
        if "frame" in wanted:
            rows += frame_rows(realistic, runs["frame"])
        if "export" in wanted:
            out = scratch / "out"
            out.mkdir()
            rows += export_rows(realistic, out, runs["export"])
        if "save" in wanted:
            saving = scratch / "saving" / "data"
            shutil.copytree(realistic, saving)
            rows.append(save_row(saving, runs["save"]))
        idle = idle_percent(realistic, 30.0) if args.idle else None
    print(table(rows, f"realistic journal, {size:,} check-ins"))
    print()
    print(
        f"Measured on {date.today():%Y-%m-%d}, {machine()}: medians of "
        f"{runs['status']} runs (status), {runs['frame']} (first frame), {runs['export']} "
        f"(export and report), {runs['save']} (save), each taken in turns with its floor."
    )
    if idle is not None:
        print(f"Idle on Home, countdowns ticking: {idle:.2f} % of one core over 30 s.")
    missed = [row.what for row in rows if not row.ok]
    if missed and not args.quick:
        print(f"Missed: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
